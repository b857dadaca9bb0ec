"""Meek's method against published reference counts and hand-worked cases."""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from hustings.count import Profile, ranking
from hustings.count.stv import meek
from hustings.count.ties import TiePolicy
from hustings.formats import blt

DROOP = Path(__file__).parents[2] / "data" / "droop"

_STATE = re.compile(r"^\t(Elected|Hopeful): +(.+) \((\d+\.\d{9})\)$")


def reference_states(report: Path) -> tuple[list[dict[str, Decimal]], list[str]]:
    """Every candidate-state block of a Droop report, and the candidates elected at the end."""
    states: list[dict[str, Decimal]] = []
    current: dict[str, Decimal] = {}
    final: list[str] = []
    for line in report.read_text(encoding="utf-8").splitlines():
        m = _STATE.match(line)
        if m:
            current[m.group(2)] = Decimal(m.group(3))
            continue
        if current:
            states.append(current)
            final = [name for name in current]
            current = {}
    return states, final


@pytest.mark.parametrize("name", ["42", "513", "SC", "SC-Vm-12"])
def test_every_stage_matches_the_reference_meek_rule_report_to_nine_places(name: str) -> None:
    profile = blt.read(DROOP / f"{name}.blt")
    states, _ = reference_states(DROOP / f"{name}-meek-prf-o6-fixed-p9-d9.txt")
    # Droop breaks a tie for exclusion by ballot order, excluding the first listed.
    ties = TiePolicy(mode="permutation", order=tuple(reversed(profile.candidates)))
    result = meek.count(profile, meek.Options(seats=profile.seats or 1, tie_break=ties))
    report = (DROOP / f"{name}-meek-prf-o6-fixed-p9-d9.txt").read_text(encoding="utf-8")
    elected_at_end = re.findall(r"^\tElected: +(.+) \(", report.split("Action: Count Complete")[-1], re.M)
    assert set(result.elected) == set(elected_at_end)
    for r in result.rounds[:-1]:
        assert any(all(r.tally.get(c) == v for c, v in s.items()) for s in states), f"stage {r.number}"


def test_voting_matters_issue_12_stage_two_is_a_three_way_tie_within_the_surplus() -> None:
    profile = blt.read(DROOP / "SC-Vm-12.blt")
    result = meek.count(profile, meek.Options(seats=3))
    second = result.rounds[1]
    assert second.tally["X"] == Decimal("667.166666686")
    assert second.tally["Z"] == Decimal("667.166666500")
    (tie,) = second.tie_breaks
    assert set(tie.tied) == {"X", "Y", "Z"}


def test_a_surplus_is_shared_by_keep_value_exactly() -> None:
    # 6 A>B, 3 B, 4 C; 2 seats; exact. Nothing exhausts, so the quota stays 13/3 and A keeps 13/3
    # of its 6 votes: the other 6 - 13/3 = 5/3 pass to B, who then has 14/3 and is elected.
    p = Profile.from_ballots(["A", "B", "C"], [(ranking("A", "B"), 6), (ranking("B"), 3), (ranking("C"), 4)])
    result = meek.count(p, meek.Options(seats=2, precision=None, omega=Fraction(1, 10**12)))
    first = result.rounds[0]
    assert first.tally == {"A": 6, "B": 3, "C": 4}
    assert first.threshold == Fraction(13, 3)
    assert result.elected == ("A", "B")
    second = result.rounds[1]
    assert second.tally["A"] == Fraction(13, 3)  # keep value 13/18, exactly the quota at once
    assert second.tally["B"] == Fraction(14, 3)
    assert second.extra["keep value A"] == Fraction(13, 18)


def test_one_seat_meek_is_the_instant_runoff_winner() -> None:
    p = Profile.from_lists(["A", "B", "C"], [["A"]] * 4 + [["B", "C"]] * 3 + [["C", "B"]] * 2)
    assert meek.count(p, meek.Options(seats=1)).elected == ("B",)


def test_nz_variant_records_its_options() -> None:
    p = Profile.from_lists(["A", "B", "C"], [["A", "B"]] * 5 + [["B"]] * 2 + [["C"]] * 3)
    result = meek.count(p, meek.Options(seats=2, variant="nz"))
    assert result.options["variant"] == "nz"
    assert result.options["tie_break"] == "forward"
    assert result.elected[0] == "A"
