"""Process definitions: the stages each kind of process runs through, read against its rulebook.

A process (a leadership contest, a confidence vote, a trigger ballot, a branch nomination meeting)
is an instance of a rulebook's process definition with a timetable of stages. The stage list is
the same for every rulebook; what the rulebook adds is its dates and numbers: the freeze date
(Labour 2016: members who joined by 12 January 2016, Evangelou v McNicol [2016] EWCA Civ 817), the
registered supporters' window and fee (£25 from 17:00 on 18 July to 17:00 on 20 July 2016, NEC
guidelines of 12 July 2016), the nomination gate, the confidence rules.

Two kinds have no rule of their own in any rulebook, and say so rather than invent one:
an advisory motion of no confidence (the PLP's 172-40 on 28 June 2016 bound nobody: only the
rule book's challenge procedure could remove the leader) and a branch nomination meeting
(an exhaustive ballot, `hustings.count.exhaustive`).

`trigger_ballot(...)` decides a trigger ballot (Labour 2018: one third of the branches or of the
affiliates voting for a selection; 2021: half) with the gate arithmetic of `nomination_gate`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace

from hustings.rules.eligibility import add_months
from hustings.rules.nominations import GateDecision, Nominations, ProcessContext, nomination_gate
from hustings.rules.register import Category
from hustings.rules.rulebook import JoinedBy, Rulebook, SupporterWindow


@dataclass(frozen=True, slots=True)
class StageSpec:
    key: str
    name: str
    description: str


@dataclass(frozen=True, slots=True)
class ProcessKind:
    """A kind of process: its name, the rulebook process it runs under (if any), and its stages."""

    key: str
    title: str
    rulebook_process: str | None
    stages: tuple[StageSpec, ...]
    binding: bool = True


_NOMINATIONS = StageSpec("nominations", "Nominations", "Nominations are entered; each nominee's gate is decided.")
_SUPPORTERS = StageSpec(
    "supporter_registration", "Supporter registration", "Registered supporters pay the fee within the window."
)
_FREEZE = StageSpec("freeze", "Freeze date", "Who may vote is judged by the rulebook's freeze date.")
_BALLOT = StageSpec("ballot", "Ballot", "The roll is frozen when the ballot opens; members vote.")
_COUNT = StageSpec("count", "Count and result", "The ballot is closed, counted and published.")

KINDS: dict[str, ProcessKind] = {
    kind.key: kind
    for kind in (
        ProcessKind(
            "leadership_challenge",
            "Leadership challenge",
            "leadership_challenge",
            (_NOMINATIONS, _SUPPORTERS, _FREEZE, _BALLOT, _COUNT),
        ),
        ProcessKind(
            "leadership_vacancy",
            "Leadership election (vacancy)",
            "leadership_vacancy",
            (_NOMINATIONS, _SUPPORTERS, _FREEZE, _BALLOT, _COUNT),
        ),
        ProcessKind(
            "confidence_vote",
            "Confidence vote (binding)",
            "confidence_vote",
            (
                StageSpec("letters", "Letters", "Letters of no confidence reach the chairman; the trigger is decided."),
                StageSpec("vote", "Vote", "The parliamentary party votes in secret."),
                StageSpec("result", "Result", "The leader survives or is removed; immunity follows a win."),
            ),
        ),
        ProcessKind(
            "advisory_confidence",
            "Motion of no confidence (advisory)",
            None,
            (
                StageSpec("motion", "Motion", "A motion of no confidence is put to a meeting."),
                StageSpec("result", "Result", "The result is recorded; it changes nothing in the rulebook."),
            ),
            binding=False,
        ),
        ProcessKind(
            "trigger_ballot",
            "Trigger ballot",
            "trigger_ballot",
            (
                StageSpec("unit_votes", "Branch and affiliate votes", "Each branch and affiliate votes yes or no."),
                StageSpec("decision", "Decision", "The rulebook's threshold decides whether a full selection opens."),
            ),
        ),
        ProcessKind(
            "branch_nomination",
            "Branch nomination meeting",
            None,
            (
                StageSpec("meeting", "Meeting", "Attending eligible members vote round by round (exhaustive ballot)."),
                StageSpec("nomination", "Nomination", "The winner is the branch's nomination."),
            ),
        ),
    )
}


def process_kind(key: str) -> ProcessKind:
    try:
        return KINDS[key]
    except KeyError:
        raise KeyError(f"no process kind {key!r} (known: {', '.join(sorted(KINDS))})") from None


def freeze_date(rulebook: Rulebook, process: str) -> JoinedBy | None:
    """The members' freeze-date rule of `process`, if the rulebook sets one."""
    rules = rulebook.processes.get(process)
    if rules is None:
        return None
    for condition in rules.electorate.get(Category.MEMBER, ()):
        if isinstance(condition, JoinedBy):
            return condition
    return None


def supporter_window(rulebook: Rulebook, process: str) -> SupporterWindow | None:
    """The registered supporters' window and fee of `process`, if the rulebook has one."""
    rules = rulebook.processes.get(process)
    if rules is None:
        return None
    for condition in rules.electorate.get(Category.REGISTERED_SUPPORTER, ()):
        if isinstance(condition, SupporterWindow):
            return condition
    return None


@dataclass(frozen=True, slots=True)
class TriggerDecision:
    """Whether a full selection opens, and the gate decision with its checks and arithmetic."""

    selection_opens: bool
    reason: str
    gate: GateDecision


def trigger_ballot(
    rulebook: Rulebook,
    member_of_parliament: str,
    for_selection: Mapping[str, int],
    voted: Mapping[str, int],
) -> TriggerDecision:
    """Decide a trigger ballot: `for_selection` and `voted` count `branches` and `affiliates`.

    The threshold is taken of the units that voted (the general secretary's 2019 FAQ: "the third
    of branches is calculated based only on the branches that do cast a vote").
    """
    counts = {f"{group}_for_selection": for_selection.get(group, 0) for group in ("branches", "affiliates")}
    populations = {group: voted.get(group, 0) for group in ("branches", "affiliates")}
    gate = nomination_gate(
        Nominations(member_of_parliament, counts), rulebook, ProcessContext("trigger_ballot"), populations
    )
    # A group of which no unit voted cannot trigger a selection (a third of nothing is not met).
    carried = tuple(c.rule for c in gate.checks if c.met and populations[_group(c.rule)] > 0)
    opens = bool(carried)
    parts = [
        f"{check.received} {_group(check.rule)} for a selection, {check.required} needed ({check.arithmetic})"
        if populations[_group(check.rule)] > 0
        else f"no {_group(check.rule)} voted"
        for check in gate.checks
    ]
    if opens != gate.met:
        gate = replace(gate, met=opens, met_by=carried[:1])
    verdict = "a full selection opens" if opens else f"{member_of_parliament} is reselected without a contest"
    return TriggerDecision(opens, f"{verdict}: " + "; ".join(parts), gate)


def _group(rule_id: str) -> str:
    return "affiliates" if "affiliate" in rule_id else "branches"


def immunity_until(last_vote: dt.date, months: int) -> dt.date:
    """The first day a new confidence vote may be held after a leader won one on `last_vote`."""
    return add_months(last_vote, months)
