"""Process definitions read against rulebooks; trigger ballots under Labour 2018 and 2021."""

from __future__ import annotations

import datetime as dt

from hustings.rules import load_rulebook
from hustings.rules.processes import KINDS, freeze_date, immunity_until, supporter_window, trigger_ballot


def test_labour_2016_challenge_has_the_freeze_date_and_the_25_pound_window() -> None:
    rules = load_rulebook("labour-2016")
    freeze = freeze_date(rules, "leadership_challenge")
    window = supporter_window(rules, "leadership_challenge")
    assert freeze is not None and freeze.date == dt.date(2016, 1, 12)
    assert window is not None and window.fee_pence == 2500
    assert window.opens == dt.datetime(2016, 7, 18, 17) and window.closes == dt.datetime(2016, 7, 20, 17)


def test_labour_2021_has_no_supporter_window() -> None:
    assert supporter_window(load_rulebook("labour-2021"), "leadership_challenge") is None


def test_every_kind_has_stages_and_only_advisory_is_not_binding() -> None:
    assert all(kind.stages for kind in KINDS.values())
    assert [key for key, kind in KINDS.items() if not kind.binding] == ["advisory_confidence"]


def test_trigger_2018_a_third_of_voting_branches_opens_a_selection() -> None:
    rules = load_rulebook("labour-2018")
    decision = trigger_ballot(rules, "A. MP", {"branches": 4, "affiliates": 0}, {"branches": 10, "affiliates": 6})
    assert decision.selection_opens
    assert "4 branches for a selection, 4 needed (1/3 of 10 = 10/3 = 3 1/3, rounded up to 4)" in decision.reason


def test_trigger_2018_affiliates_alone_can_open_a_selection() -> None:
    rules = load_rulebook("labour-2018")
    decision = trigger_ballot(rules, "A. MP", {"branches": 0, "affiliates": 2}, {"branches": 10, "affiliates": 6})
    assert decision.selection_opens
    assert decision.gate.met_by == ("2018/trigger-affiliates",)


def test_trigger_2021_needs_half_so_a_third_no_longer_opens_one() -> None:
    rules = load_rulebook("labour-2021")
    decision = trigger_ballot(rules, "A. MP", {"branches": 4, "affiliates": 2}, {"branches": 10, "affiliates": 6})
    assert not decision.selection_opens
    assert decision.reason.startswith("A. MP is reselected without a contest")
    assert "5 needed (50% of 10 = 5" in decision.reason


def test_immunity_is_twelve_months_after_the_vote() -> None:
    assert immunity_until(dt.date(2022, 6, 6), 12) == dt.date(2023, 6, 6)


def test_trigger_a_group_where_nobody_voted_cannot_open_a_selection() -> None:
    rules = load_rulebook("labour-2021")
    decision = trigger_ballot(rules, "A. MP", {"branches": 2}, {"branches": 6})
    assert not decision.selection_opens and not decision.gate.met
    assert decision.reason.endswith("no affiliates voted")
