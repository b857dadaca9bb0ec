"""Scottish STV (SSI 2007/42, Sch. 1, rules 45-52) on small elections worked by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

from hustings.count import Profile, ranking
from hustings.count.result import EXHAUSTED_TARGET, LOSS_BY_FRACTIONS, NON_TRANSFERABLE
from hustings.count.stv import scottish
from hustings.count.ties import TiePolicy


def profile(*ballots: tuple[int, str], candidates: str = "") -> Profile:
    """``(count, "ABC")`` pairs: count papers ranking A, then B, then C."""
    names = candidates or sorted({c for _, b in ballots for c in b})
    return Profile.from_ballots(list(names), [(ranking(*b), n) for n, b in ballots])


def d(text: str) -> Decimal:
    return Decimal(text)


def test_quota_is_valid_papers_over_seats_plus_one_decimals_ignored_plus_one() -> None:
    # rule 46: 13 // 3 + 1 = 5
    result = scottish.count(profile((7, "A"), (3, "B"), (2, "C"), (1, "D")), scottish.Options(seats=2))
    assert result.quota == 5
    assert result.total == 13


def test_surplus_transfer_value_is_truncated_to_five_places_and_the_loss_reported() -> None:
    # A has 7 papers and a surplus of 2: each paper passes at 2 x 1 / 7 = 0.285714... -> 0.28571 (rule 48(3)).
    p = profile((5, "AB"), (2, "AC"), (2, "B"), (3, "C"), (1, "D"))
    result = scottish.count(p, scottish.Options(seats=2))
    first, second = result.rounds[0], result.rounds[1]
    assert first.elected == ("A",)
    (surplus,) = [a for a in first.actions if a.kind == "surplus"]
    assert surplus.transfers == {"B": d("1.42855"), "C": d("0.57142")}
    assert second.tally == {"A": d("5"), "B": d("3.42855"), "C": d("3.57142"), "D": d("1")}
    assert second.extra[LOSS_BY_FRACTIONS] == d("0.00003")
    assert second.extra[NON_TRANSFERABLE] == 0


def test_lowest_is_excluded_one_per_stage_and_the_last_vacancy_filled_by_rule_52() -> None:
    p = profile((5, "AB"), (2, "AC"), (2, "B"), (3, "C"), (1, "D"))
    result = scottish.count(p, scottish.Options(seats=2))
    assert [r.excluded for r in result.rounds] == [(), ("D",), ("B",), ()]
    # B's own 2 papers and the 5 at 0.28571 from A have nowhere to go.
    (exclusion,) = result.rounds[2].actions
    assert exclusion.transfers == {EXHAUSTED_TARGET: d("3.42855")}
    assert result.rounds[3].extra[NON_TRANSFERABLE] == d("4.42855")
    assert result.rounds[3].elected == ("C",)
    assert "rule 52" in result.rounds[3].actions[0].note
    assert result.elected == ("A", "C")


def _reversal() -> Profile:
    # Stage 1: X 2 < Y 4. A's surplus of 3 passes at 3/12 = 0.25 to X: stage 2 X 5 > Y 4.
    # Z is excluded, Y reaches 5: at stage 3 X and Y are equal lowest.
    return profile((12, "AX"), (2, "X"), (4, "Y"), (1, "ZY"), (6, "B"))


def test_equal_lowest_are_separated_at_the_most_recent_stage_at_which_they_differed() -> None:
    # rule 51(2)(a): "the most recently preceding stage ... at which they had an unequal number of votes"
    result = scottish.count(_reversal(), scottish.Options(seats=2))
    stage3 = result.rounds[2]
    assert stage3.tally["X"] == stage3.tally["Y"] == 5
    assert stage3.excluded == ("Y",)
    (tie,) = stage3.tie_breaks
    assert tie.chosen == "Y" and "round 2" in tie.reason
    assert result.options["tie_break"] == "backward"


def test_forward_tie_policy_looks_at_the_earliest_stage_instead() -> None:
    result = scottish.count(_reversal(), scottish.Options(seats=2, tie_break=TiePolicy(mode="forward")))
    assert result.rounds[2].excluded == ("X",)
    assert result.options["tie_break"] == "forward"


def test_a_candidate_at_exactly_the_quota_has_no_surplus_stage() -> None:
    # rule 48(1) transfers only where the votes "exceed" the quota: 15 papers, 2 seats, quota 6.
    result = scottish.count(profile((6, "AB"), (5, "B"), (4, "C")), scottish.Options(seats=2))
    assert result.rounds[0].elected == ("A",)
    assert not [a for a in result.rounds[0].actions if a.kind == "surplus"]
    assert result.rounds[0].excluded == ("C",)


def test_equal_preferences_are_reported_never_silently_dropped() -> None:
    p = Profile.from_ballots(
        ["A", "B", "C"],
        [
            (ranking("A", {"B", "C"}), 3),  # equal second preferences: non-transferable from there
            (ranking({"A", "B"}, "C"), 2),  # equal first preferences: void (rule 43)
            (ranking("B"), 4),
            (ranking("C", "A"), 4),
        ],
    )
    result = scottish.count(p, scottish.Options(seats=1))
    assert result.total == 11  # the two void papers are not valid votes
    assert "2 papers rejected: equal first preferences (void, rule 43)" in result.notes
    assert "3 papers truncated: equal later preferences (non-transferable from that rank)" in result.notes


def test_withdrawn_candidates_are_passed_over() -> None:
    p = profile((4, "AB"), (3, "B"), (2, "CA"))
    result = scottish.count(p, scottish.Options(seats=1, withdrawn=("A",)))
    assert "A" not in result.rounds[0].tally
    assert result.rounds[0].tally == {"B": 7, "C": 2}
    assert result.elected == ("B",)
    assert result.options["withdrawn"] == ["A"]


def test_more_seats_than_candidates_is_refused() -> None:
    with pytest.raises(ValueError, match="only 2 candidates"):
        scottish.count(profile((1, "AB")), scottish.Options(seats=3))
