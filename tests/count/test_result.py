from decimal import Decimal
from fractions import Fraction

import pytest

from hustings.count.result import Action, Result, Round, decimal_string


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (3, "3"),
        (-2, "-2"),
        (Fraction(5, 2), "2.5"),
        (Fraction(1, 8), "0.125"),
        (Fraction(-3, 40), "-0.075"),
        (Fraction(10**40 + 1, 10**40), "1." + "0" * 39 + "1"),
        (Fraction(1, 3), "0.333333333"),
        (Fraction(2, 3), "0.666666667"),
        (Decimal("12.50000"), "12.50000"),
        (Decimal("7"), "7"),
    ],
)
def test_decimal_string_is_exact_where_it_can_be(value, text):
    assert decimal_string(value) == text


def test_decimal_string_respects_places_for_non_terminating_fractions():
    assert decimal_string(Fraction(1, 3), places=2) == "0.33"


def test_decimal_string_refuses_floats():
    with pytest.raises(TypeError):
        decimal_string(0.1)  # type: ignore[arg-type]


def test_result_json_uses_decimal_strings_never_floats():
    r = Result(
        method="irv",
        seats=1,
        candidates=("A", "B"),
        elected=("A",),
        quota=Fraction(7, 2),
        rounds=(Round(1, {"A": 3, "B": Fraction(1, 2)}, (Action("elect", "A"),), threshold=Fraction(7, 4)),),
    )
    d = r.to_dict()
    assert d["quota"] == "3.5"
    assert d["rounds"][0]["tally"] == {"A": "3", "B": "0.5"}
    assert d["rounds"][0]["threshold"] == "1.75"
    assert d["rounds"][0]["actions"] == [{"action": "elect", "candidate": "A", "transfers": {}}]
    assert d["elected"] == ["A"]


def test_result_json_options_are_plain_data_however_nested():
    import json

    from hustings.count.ties import TiePolicy

    r = Result(
        method="borda",
        seats=1,
        candidates=("A",),
        elected=("A",),
        options={"tie_break": TiePolicy("permutation", 3, ("A", "B")), "weights": {"x": Fraction(1, 4)}},
    )
    d = json.loads(json.dumps(r.to_dict()))
    assert d["options"]["tie_break"] == {"mode": "permutation", "seed": 3, "order": ["A", "B"]}
    assert d["options"]["weights"] == {"x": "0.25"}
