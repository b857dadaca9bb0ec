"""The result record: written as JSON (Lines) and read back into the same Result."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from hustings.count import registry
from hustings.count.result import Action, Result, Round, TieBreak
from hustings.formats import blt, result_json
from hustings.formats.errors import FormatError

SCOTLAND = Path(__file__).resolve().parents[1] / "data" / "scotland" / "blt"


def hand_made() -> Result:
    return Result(
        method="example",
        seats=2,
        candidates=("Ann", 'Bob "B"', "Cat"),
        elected=("Ann", 'Bob "B"'),
        rounds=(
            Round(
                1,
                {"Ann": 10, 'Bob "B"': Fraction(5, 2), "Cat": Fraction(1, 3)},
                (Action("elect", "Ann"), Action("surplus", "Ann", {'Bob "B"': Decimal("1.50000"), "exhausted": 0})),
                threshold=Fraction(7, 2),
                inactive={"exhausted_choices": 1},
                tie_breaks=(TieBreak("exclude", ("Cat", 'Bob "B"'), "Cat", "by lot (seed 0)"),),
                extra={"loss_by_fractions": Decimal("0.00001")},
            ),
            Round(2, {'Bob "B"': 4}, (Action("elect", 'Bob "B"', note="last seat"),)),
        ),
        quota=Fraction(7, 2),
        total=Fraction(77, 6),
        options={"seats": 2, "share": Fraction(1, 4), "order": ("Ann", "Cat")},
        scores={"Ann": 3, "Cat": Fraction(1, 8)},
        pairwise={"Ann": {"Cat": 7}, "Cat": {"Ann": 2}},
        tie_breaks=(TieBreak("order", ("Ann", "Cat"), "Ann", "ballot-paper order"),),
        notes=("a note",),
    )


def test_record_reads_back_to_the_same_record() -> None:
    result = hand_made()
    text = result_json.dumps(result, source="w.blt", title="Ward")
    assert "\n" not in text
    (back,) = result_json.loads(text)
    assert back.to_dict() == result.to_dict()
    assert json.loads(text) == {"source": "w.blt", "title": "Ward", **result.to_dict()}


def test_exact_numbers_read_back_exactly() -> None:
    (back,) = result_json.loads(result_json.dumps(hand_made()))
    first = back.rounds[0]
    assert first.tally == {"Ann": 10, 'Bob "B"': Decimal("2.5"), "Cat": Decimal("0.333333333")}
    assert isinstance(first.tally["Ann"], int)
    assert first.tally['Bob "B"'] == Fraction(5, 2)
    assert first.actions[1].transfers['Bob "B"'] == Decimal("1.50000")
    assert str(first.actions[1].transfers['Bob "B"']) == "1.50000"  # the rule's places are kept
    assert first.tie_breaks == (TieBreak("exclude", ("Cat", 'Bob "B"'), "Cat", "by lot (seed 0)"),)
    assert back.rounds[1].actions[0].note == "last seat"
    assert back.quota == Decimal("3.5")
    assert back.elected == ("Ann", 'Bob "B"')


def test_names_are_written_as_they_are() -> None:
    text = result_json.dumps(Result("m", 1, ("Éilis Ó Súilleabháin",), ("Éilis Ó Súilleabháin",)))
    assert "Éilis Ó Súilleabháin" in text


@pytest.mark.parametrize("method", ["scottish-stv", "irv", "borda"])
def test_a_real_count_survives_the_round_trip(method: str, tmp_path: Path) -> None:
    name = registry.canonical(method)
    profile = blt.read(SCOTLAND / "aberdeen_2012_ward1.blt")
    result = registry.run(name, profile)
    path = tmp_path / "results.jsonl"
    result_json.write([(result, "aberdeen_2012_ward1.blt", profile.title), result], path)
    first, second = result_json.read(path)
    as_json = json.loads(json.dumps(result.to_dict()))  # JSON has lists where options may hold tuples
    assert first.to_dict() == second.to_dict() == as_json
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line).get("source") for line in lines] == ["aberdeen_2012_ward1.blt", None]


def test_writes_json_lines_to_a_stream() -> None:
    out = io.StringIO()
    result_json.write([hand_made(), hand_made()], out)
    assert len(out.getvalue().splitlines()) == 2
    assert len(result_json.loads(out.getvalue())) == 2


def test_reads_one_pretty_printed_record() -> None:
    text = json.dumps(hand_made().to_dict(), indent=2)
    (back,) = result_json.loads(text)
    assert back.to_dict() == hand_made().to_dict()


@pytest.mark.parametrize(
    ("text", "line", "field", "words"),
    [
        ("", None, None, "empty file"),
        ('{"method": "m", "seats": 1, "candidates": [], "elected": []}\nnot json\n', 2, None, "not JSON"),
        ('{"seats": 1, "candidates": [], "elected": []}\n{"seats": 1}\n', 1, "method", "expected a string"),
        ('{"method": "m", "seats": "1", "candidates": [], "elected": []}\n', 1, "seats", "whole number"),
        ('{"method": "m", "seats": 1, "candidates": [], "elected": [], "quota": 1.5}\n', 1, "quota", "decimal string"),
        (
            '{"method": "m", "seats": 1, "candidates": ["A"], "elected": [], '
            '"rounds": [{"round": 1, "tally": {"A": "1e3"}}]}\n',
            1,
            "rounds[0].tally.A",
            "decimal string",
        ),
        (
            '{"method": "m", "seats": 1, "candidates": ["A"], "elected": [], '
            '"rounds": [{"round": 1, "actions": [{"action": "win", "candidate": "A"}]}]}\n',
            1,
            "rounds[0].actions[0].action",
            "expected elect",
        ),
    ],
)
def test_bad_records_name_the_line_and_field(text: str, line: int | None, field: str | None, words: str) -> None:
    with pytest.raises(FormatError) as caught:
        result_json.loads(text, "r.jsonl")
    assert caught.value.line == line, str(caught.value)
    assert caught.value.field == field, str(caught.value)
    assert words in caught.value.message, str(caught.value)
