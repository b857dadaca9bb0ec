"""Issue #14: the quota or threshold of a result in words, built from the count record's own
figures for each method (never hard-coded), and shown on the count and results pages."""

from __future__ import annotations

from hustings.count import registry
from hustings.count.profile import Profile, Ranking
from hustings.web.ballots.quota_words import quota_words


def _profile(ballots: dict[str, int]) -> Profile:
    """Ballots written as "ABC" (A first, then B, then C) with their weights."""
    names = tuple(sorted({c for ranking in ballots for c in ranking}))
    marks: dict[Ranking, int] = {tuple(frozenset(c) for c in key): w for key, w in ballots.items()}
    return Profile(names, marks)


def test_irv_threshold_is_more_than_half_of_the_votes_still_counting_in_the_last_round() -> None:
    # 400 ballots, 53 exhaust when C goes: 347 still count in the last round, so 174 is needed.
    record = registry.run("irv", _profile({"A": 160, "B": 150, "CA": 20, "CB": 17, "C": 53})).to_dict()
    words = quota_words(record)
    assert words is not None and words.label == "Threshold"
    last = sum(int(v) for v in record["rounds"][-1]["tally"].values())
    assert last == 347 and record["quota"] == "174"
    assert words.sentence == (
        "Threshold 174: more than half of the 347 votes still counting in the last round "
        "(347 ÷ 2, rounded down, plus 1)."
    )


def test_stv_quotas_state_each_methods_rule_with_the_records_numbers() -> None:
    ballots = {"AB": 300, "BA": 200, "CD": 150, "DC": 53, "EF": 20, "FE": 10, "GH": 10, "HG": 10}  # 753 valid votes
    ers = registry.run("ers97", _profile(ballots), seats=6).to_dict()
    assert ers["quota"] == "107.58"
    words = quota_words(ers)
    assert words is not None and words.sentence == (
        "Quota 107.58: Droop quota, the 753 valid votes ÷ (6 seats + 1) = 107.57…, worked to two decimal places, "
        "the remainder ignored plus 0.01 (ERS97 rule 5.1.6)."
    )
    scottish = registry.run("scottish-stv", _profile(ballots), seats=2).to_dict()
    words = quota_words(scottish)
    assert scottish["quota"] == "252" and words is not None and words.label == "Quota"
    assert (
        words.sentence == "Quota 252: Droop quota, the 753 valid votes ÷ (2 seats + 1) = 251, decimals ignored, plus 1."
    )
    meek = quota_words(registry.run("meek", _profile(ballots), seats=2).to_dict())
    assert meek is not None and meek.sentence.startswith("Quota ") and "Meek's quota" in meek.sentence


def test_a_quota_the_words_cannot_derive_is_never_explained_wrongly() -> None:
    record = {"method": "scottish-stv", "seats": 2, "quota": "300", "total": "753", "rounds": []}
    words = quota_words(record)
    assert words is not None and words.sentence == "Quota 300: the votes a candidate needed to be elected."
    assert quota_words({"method": "plurality", "seats": 1, "rounds": []}) is None
