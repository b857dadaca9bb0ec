"""ERS97 rules (Electoral Reform Society, 3rd edition, 1997), section 5, on published figures and hand-worked cases.

The booklet's model election is narrated stage by stage at
http://www.rosenstiel.co.uk/stvrules/model.htm (section 8 of the rules): 753
valid votes for 6 places give a quota of 107.58; Smith's 134 first
preferences leave a surplus of 26.42, which must be transferred because it
exceeds the gap of 1 between the two lowest candidates (24 and 23); 123 of
Smith's papers are transferable, so each passes at 26.42 / 123 = 0.21 and the
neglected remainder 26.42 - 25.83 = 0.59 is non-transferable.  The booklet's
ballots are not published (a widely shared reconstruction was withdrawn for
not reproducing the result sheet), so the first test builds a profile with
exactly those published first-stage facts and checks the published stage-2
figures.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from hustings.count import Profile, ranking
from hustings.count.result import LOSS_BY_FRACTIONS, NON_TRANSFERABLE
from hustings.count.stv import ers97
from hustings.count.stv.ers97 import quota_hundredths
from hustings.formats import blt

DATA = Path(__file__).parents[2] / "data" / "scotland" / "blt"


def model_election_first_stage() -> Profile:
    """753 valid votes: Smith 134 (123 with a second preference), ten others, the lowest two 24 and 23."""
    others = {"Duke": 90, "Earl": 85, "Lord": 80, "Baron": 75, "Knight": 70, "Squire": 62, "Page": 60, "Vicar": 50}
    others |= {"Abbot": 24, "Friar": 23}
    names = ["Smith", *others]
    ballots = [(ranking("Smith", other), 0) for other in others]
    # Spread Smith's 123 transferable papers over the others, 11 plain.
    spread = [13, 13, 13, 12, 12, 12, 12, 12, 12, 12]
    ballots = [(ranking("Smith", other), k) for other, k in zip(others, spread, strict=True)]
    ballots.append((ranking("Smith"), 11))
    ballots += [(ranking(other), k) for other, k in others.items()]
    return Profile.from_ballots(names, ballots)


def test_quota_is_taken_to_two_places_and_increased_by_001_unless_exact() -> None:
    assert quota_hundredths(753 * 100, 6) == 10758  # 107.571... -> 107.58 (rule 5.1.6)
    assert quota_hundredths(700 * 100, 6) == 10000  # exact: 100.00


def test_model_election_stage_two_transfers_smiths_surplus_at_021_with_059_non_transferable() -> None:
    p = model_election_first_stage()
    assert p.total == 753
    result = ers97.count(p, ers97.Options(seats=6))
    assert result.quota == Decimal("107.58")
    first = result.rounds[0]
    assert first.elected == ("Smith",)
    (surplus,) = [a for a in first.actions if a.kind == "surplus"]
    assert "26.42 at 0.21 a paper" in surplus.note
    assert sum(surplus.transfers.values()) == Decimal("25.83")
    second = result.rounds[1]
    assert second.tally["Smith"] == Decimal("107.58")
    assert second.extra[NON_TRANSFERABLE] + second.extra[LOSS_BY_FRACTIONS] == Decimal("0.59")
    assert sum(second.tally.values()) + Decimal("0.59") == 753


def _deferral() -> Profile:
    # 100 papers, 2 places: quota 33.34. A's surplus 0.66 is less than the gap between
    # the two lowest (E 6, D 10), so it is deferred (5.2.2), and D and E, whose 16 votes
    # with the deferred 0.66 do not exceed C's 20, are excluded together (5.2.5).
    return Profile.from_ballots(
        ["A", "B", "C", "D", "E"],
        [
            (ranking("A", "B"), 34),
            (ranking("B"), 30),
            (ranking("C"), 20),
            (ranking("D", "C"), 10),
            (ranking("E", "C"), 6),
        ],
    )


def test_a_surplus_too_small_to_matter_is_deferred_and_the_lowest_excluded_together() -> None:
    result = ers97.count(_deferral(), ers97.Options(seats=2))
    first = result.rounds[0]
    assert [a.kind for a in first.actions] == ["elect", "exclude", "exclude", "elect"]
    assert not [a for a in first.actions if a.kind == "surplus"]
    assert set(first.excluded) == {"D", "E"}
    assert result.elected == ("A", "C")
    assert result.rounds[1].tally["C"] == Decimal("36.00")


def test_without_deferral_the_surplus_passes_at_a_truncated_value() -> None:
    result = ers97.count(_deferral(), ers97.Options(seats=2, defer_surpluses=False))
    (surplus,) = [a for a in result.rounds[0].actions if a.kind == "surplus"]
    # 0.66 / 34 = 0.0194... -> 0.01 a paper: B is credited 0.34, 0.32 is neglected.
    assert surplus.transfers == {"B": Decimal("0.34")}
    assert result.rounds[1].extra[LOSS_BY_FRACTIONS] == Decimal("0.32")


def test_one_at_a_time_exclusion_when_bulk_exclusion_is_off() -> None:
    result = ers97.count(_deferral(), ers97.Options(seats=2, bulk_exclusion=False))
    assert result.rounds[0].excluded == ("E",)


def test_every_scottish_contest_conserves_the_valid_vote_under_ers97() -> None:
    for path in sorted(DATA.glob("*.blt"))[::15]:
        profile = blt.read(path)
        result = ers97.count(profile, ers97.Options(seats=profile.seats or 1))
        assert len(result.elected) == profile.seats
        for r in result.rounds:
            held = sum(r.tally.values()) + r.extra[NON_TRANSFERABLE] + r.extra[LOSS_BY_FRACTIONS]
            assert held == result.total, (path.name, r.number)


def test_an_untransferred_surplus_still_counts_in_the_active_vote() -> None:
    # 5.1.7(b) / 5.6.1: active vote = valid vote less the *quotas* of those deemed elected (and the
    # non-transferable vote). A's 40 leave 100 - 25 = 75 active for 2 places: 75 / 3 = 25 > B's 24,
    # so only A is elected at the first stage (A's surplus is not deducted).
    p = Profile.from_ballots(
        ["A", "B", "C", "D"],
        [(ranking("A", "C"), 40), (ranking("B"), 24), (ranking("C"), 20), (ranking("D", "B"), 16)],
    )
    result = ers97.count(p, ers97.Options(seats=3))
    assert result.quota == Decimal("25.00")
    first = result.rounds[0].actions
    assert [(a.kind, a.candidate) for a in first[:2]] == [("elect", "A"), ("surplus", "A")]
    assert "B" not in result.rounds[0].elected
