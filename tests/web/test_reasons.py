"""The rules' reasons in Welsh (hustings.web.reasons): every sentence the pure rules layer can
write has a translatable pattern with the same blanks, so a new reason cannot silently stay
English; a real decision reads back into Welsh, its dates and rule ids kept."""

from __future__ import annotations

import ast
import datetime as dt
import re
from importlib import resources

import pytest
from django.utils import translation

from hustings.rules import Ballot, Category, PersonHistory, eligibility, load_rulebook
from hustings.rules.register import Membership, Person, Standing, Status, StatusChange
from hustings.web.reasons import BLANKS, SENTENCES, translated

SOURCE = (resources.files("hustings.rules") / "eligibility.py").read_text(encoding="utf-8")
NOT_SENTENCES = {"£{}", "£{}.{}"}  # sums of money: blanks of a sentence, not sentences


def _shape(node: ast.JoinedStr) -> str:
    return "".join(part.value if isinstance(part, ast.Constant) else "{}" for part in node.values)  # type: ignore[misc]


def _written() -> set[str]:
    """Every sentence shape in the rules layer's source: its f-strings, the plain strings it returns
    as reasons, its category words and the standings a refusal names."""
    tree = ast.parse(SOURCE)
    specs = {id(n.format_spec) for n in ast.walk(tree) if isinstance(n, ast.FormattedValue) and n.format_spec}
    shapes = {_shape(n) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) and id(n) not in specs}
    shapes -= NOT_SENTENCES
    for node in ast.walk(tree):
        if isinstance(node, ast.Return) and isinstance(node.value, ast.Tuple) and len(node.value.elts) == 2:
            said = node.value.elts[1]
            if isinstance(said, ast.Constant) and isinstance(said.value, str):
                shapes.add(said.value)
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "_CATEGORY_WORDS" for t in node.targets):
            assert isinstance(node.value, ast.Dict)
            shapes |= {v.value for v in node.value.values if isinstance(v, ast.Constant)}
    return shapes | {s.value for s in Standing if s is not Standing.ACTIVE}


def _shapes_of_sentences() -> set[str]:
    return {re.sub(r"\{\w+\}", "{}", s) for s in SENTENCES}


def test_every_sentence_the_rules_layer_writes_has_a_translation() -> None:
    written = _written()
    assert len(written) > 20  # the scan finds the sentences at all
    missing = written - _shapes_of_sentences()
    assert not missing, f"add these reasons to hustings.web.reasons.SENTENCES: {sorted(missing)}"


@pytest.mark.parametrize("sentence", list(SENTENCES))
def test_each_translation_keeps_the_sentences_blanks(sentence: str) -> None:
    blanks = set(re.findall(r"\{(\w+)\}", sentence))
    with translation.override("cy"):
        welsh = str(SENTENCES[sentence])
    assert set(re.findall(r"%\((\w+)\)s", welsh)) == blanks
    assert welsh != sentence.replace("{", "%(").replace("}", ")s") or not re.search(r"[a-z]", sentence)


def _lapsed_and_late() -> PersonHistory:
    return PersonHistory(
        Person("L1", "Ann"),
        (
            Membership("L1", "isn", Category.MEMBER, (StatusChange(Status.JOINED, dt.date(2016, 3, 1)),)),
            Membership("L1", "isn", Category.REGISTERED_SUPPORTER, ()),
        ),
    )


def test_a_real_refusal_reads_back_in_welsh_with_its_dates_and_rule_kept() -> None:
    rules = load_rulebook("labour-2016")
    decision = eligibility(
        _lapsed_and_late(), rules, Ballot("b", "leadership_challenge", dt.date(2016, 8, 22)), dt.date(2016, 8, 22)
    )
    assert decision.reason.startswith("not eligible: ")
    with translation.override("cy"):
        welsh = translated(decision.reason)
        applied = [translated(r.reason) for r in decision.rules_applied]
    assert welsh != decision.reason and "not eligible" not in welsh
    rule = decision.reason.rsplit("(rule ", 1)[1]
    assert "2016-03-01" in welsh and welsh.endswith(f"(rheol {rule}")  # the dates and the rule id kept
    assert all(a != r.reason for a, r in zip(applied, decision.rules_applied, strict=True))
    with translation.override("en-gb"):
        assert translated(decision.reason) == decision.reason


def test_the_ballots_services_words_around_a_reason_are_translated_too() -> None:
    source = (resources.files("hustings.services.ballots") / "roll.py").read_text(encoding="utf-8")
    assert 'f"not on the roll frozen on {' in source and '"on the roll" + (f": {entry.reason}"' in source
    with translation.override("cy"):
        assert translated("on the roll: eligible as a member") == "ar y rhestr: cymwys fel aelod"
        assert translated("not on the roll frozen on 2016-08-22") == "nid ar y rhestr a rewyd ar 2016-08-22"


def test_a_reason_no_pattern_reads_is_shown_as_written() -> None:
    with translation.override("cy"):
        assert translated("a reason from somewhere else") == "a reason from somewhere else"


def test_every_blank_not_itself_a_reason_has_a_pattern() -> None:
    nested = {"reason", "kinds", "category", "standing", "by", "span"}
    for sentence in SENTENCES:
        for blank in re.findall(r"\{(\w+)\}", sentence):
            assert blank in BLANKS or blank in nested, blank
