"""Every shipped rulebook validates and cites known sources; a bad rulebook is refused with the file and field."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
import yaml

from hustings.rules import RulebookError, load_rulebook, shipped_rulebooks
from hustings.rules.rulebook import parse_rulebook

SHIPPED = [
    "alp-2013",
    "conservative-2022",
    "labour-1994",
    "labour-2007",
    "labour-2010",
    "labour-2016",
    "labour-2018",
    "labour-2021",
    "trade-union-branch",
]


def test_the_nine_rulebooks_are_shipped() -> None:
    assert shipped_rulebooks() == SHIPPED


@pytest.mark.parametrize("name", SHIPPED)
def test_every_rule_of_a_shipped_rulebook_cites_a_source_with_a_citation(name: str) -> None:
    rulebook = load_rulebook(name)
    assert rulebook.name == name
    rules = list(rulebook.rules())
    assert rules
    for _, rule in rules:
        assert rulebook.citation(rule)
    assert all(source.url or source.note for source in rulebook.sources)


def test_fractions_are_exact() -> None:
    gate = load_rulebook("labour-2016").process("leadership_challenge").nomination_gate
    assert gate is not None and gate.threshold is not None
    assert gate.threshold.fraction == Fraction(1, 5)


def _base() -> dict[str, object]:
    return {
        "name": "test",
        "version": "1",
        "title": "t",
        "organisation": "o",
        "effective": "2020-01-01",
        "sources": [{"id": "s", "citation": "c"}],
        "processes": {
            "p": {
                "description": "d",
                "nomination_gate": {"threshold": {"id": "r", "sources": ["s"], "population": "x", "fraction": "20%"}},
            }
        },
    }


def _refusal(data: object, tmp_path: Path) -> RulebookError:
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(RulebookError) as caught:
        load_rulebook(path)
    assert caught.value.path == str(path)
    assert str(caught.value).startswith(str(path))
    return caught.value


def test_a_valid_minimal_rulebook_loads(tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text(yaml.safe_dump(_base()), encoding="utf-8")
    assert load_rulebook(path).name == "test"


def test_missing_field_is_named(tmp_path: Path) -> None:
    data = _base()
    del data["version"]
    error = _refusal(data, tmp_path)
    assert error.field == "version"
    assert error.message == "required but missing"


def test_unknown_field_is_named(tmp_path: Path) -> None:
    data = _base()
    data["colour"] = "red"
    assert _refusal(data, tmp_path).field == "colour"


def test_decimal_fraction_is_refused(tmp_path: Path) -> None:
    data = _base()
    data["processes"]["p"]["nomination_gate"]["threshold"]["fraction"] = 0.2  # type: ignore[index]
    error = _refusal(data, tmp_path)
    assert error.field == "processes.p.nomination_gate.threshold.fraction"
    assert "not a decimal number" in error.message


def test_share_over_100_percent_is_refused(tmp_path: Path) -> None:
    data = _base()
    data["processes"]["p"]["nomination_gate"]["threshold"]["fraction"] = "120%"  # type: ignore[index]
    assert "at most 100%" in _refusal(data, tmp_path).message


def test_unknown_source_is_refused(tmp_path: Path) -> None:
    data = _base()
    data["processes"]["p"]["nomination_gate"]["threshold"]["sources"] = ["nowhere"]  # type: ignore[index]
    assert "cites unknown source 'nowhere'" in _refusal(data, tmp_path).message


def test_gate_with_two_kinds_is_refused(tmp_path: Path) -> None:
    data = _base()
    gate = data["processes"]["p"]["nomination_gate"]  # type: ignore[index]
    gate["any"] = []
    error = _refusal(data, tmp_path)
    assert error.field == "processes.p.nomination_gate"
    assert "exactly one of threshold, affiliates, all, any" in error.message


def test_unknown_condition_kind_is_refused(tmp_path: Path) -> None:
    data = _base()
    data["processes"]["p"]["electorate"] = {"member": [{"id": "r", "sources": ["s"], "kind": "born_by"}]}  # type: ignore[index]
    error = _refusal(data, tmp_path)
    assert error.field == "processes.p.electorate.member.0"


def test_unknown_category_is_refused(tmp_path: Path) -> None:
    data = _base()
    data["processes"]["p"]["electorate"] = {"friend": []}  # type: ignore[index]
    assert _refusal(data, tmp_path).field == "processes.p.electorate.friend.[key]"


def test_window_closing_before_it_opens_is_refused(tmp_path: Path) -> None:
    data = _base()
    window = {
        "id": "w",
        "sources": ["s"],
        "kind": "supporter_window",
        "opens": "2016-07-20T17:00:00",
        "closes": "2016-07-18T17:00:00",
        "fee_pence": 2500,
    }
    data["processes"]["p"]["electorate"] = {"registered_supporter": [window]}  # type: ignore[index]
    error = _refusal(data, tmp_path)
    assert error.field == "processes.p.electorate.registered_supporter.0"
    assert "closes before it opens" in error.message


def test_bad_date_is_refused(tmp_path: Path) -> None:
    data = _base()
    data["effective"] = "12 January 2016"
    assert _refusal(data, tmp_path).field == "effective"


def test_yaml_syntax_error_gives_the_line() -> None:
    with pytest.raises(RulebookError, match=r"^broken.yaml: not valid YAML at line 2$"):
        parse_rulebook("name: x\n  - : [\n", "broken.yaml")


def test_unknown_shipped_name_lists_the_shipped_ones() -> None:
    with pytest.raises(RulebookError, match=r"no rulebook of that name is shipped .*labour-2016"):
        load_rulebook("labour-1922")


def test_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RulebookError, match="cannot read the file"):
        load_rulebook(tmp_path / "absent.yaml")


def test_a_college_whose_shares_do_not_add_up_is_refused() -> None:
    text = (Path(__file__).parents[2] / "src/hustings/rules/rulebooks/labour-2010.yaml").read_text()
    with pytest.raises(RulebookError, match="add up to 1"):
        parse_rulebook(
            text.replace("weight: 1/3\n          categories: [member]", "weight: 1/4\n          categories: [member]"),
            "bad.yaml",
        )


def test_labour_2010_places_an_mp_in_the_mps_section_before_the_members() -> None:
    college = load_rulebook("labour-2010").process("leadership_vacancy").college
    assert college is not None
    assert college.section_for({"member"}, {"MP"}) == "mps_meps"
    assert college.section_for({"member"}, set()) == "members"
    assert college.section_for({"affiliated_supporter"}, set()) == "affiliates"
