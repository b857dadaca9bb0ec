"""Use cases of a branch nomination meeting: an exhaustive ballot among the attending eligible
members, entered round by round as counted in the room (`hustings.count.exhaustive.decide_round`:
more than half of that round's votes elects; otherwise the fewest is eliminated, a tie decided by
`hustings.count.ties` by lot from a seed fixed by the process). Where the rulebook allows proxies
(`meeting_proxies`), a round's votes may include one per proxy held."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext, ngettext

from hustings.count.exhaustive import decide_round
from hustings.count.result import Result
from hustings.count.ties import TieBreaker, TiePolicy
from hustings.services import audit
from hustings.services.access import User
from hustings.services.audit import actor_name
from hustings.services.processes.errors import ProcessError
from hustings.services.processes.meeting_proxies import appointments, ceiling
from hustings.services.processes.permission import require_manage
from hustings.services.processes.stages import finish, move_stage, require_stage_open, require_state
from hustings.services.processes.suspensions import refuse_if_suspended
from hustings.store.processes.models import MeetingRound, Process, ProcessState, StageState


def meeting_candidates(process: Process) -> list[str]:
    return list((process.result or {}).get("candidates", []))


def standing(process: Process) -> list[str]:
    """Candidates not yet eliminated."""
    out = meeting_candidates(process)
    for row in process.rounds.all():
        for action in row.record.get("actions", []):
            if action["action"] == "exclude" and action["candidate"] in out:
                out.remove(action["candidate"])
    return out


def set_candidates(actor: User, process: Process, names: list[str], attending: int) -> Process:
    require_manage(actor, process)
    if process.kind != "branch_nomination":
        raise ProcessError(gettext("{title} is not a branch nomination meeting").format(title=process.title))
    names = [n.strip() for n in names if n.strip()]
    if len(set(names)) != len(names) or len(names) < 1:
        raise ProcessError(gettext("list each candidate once"))
    if attending < 1:
        raise ProcessError(gettext("record how many eligible members attend"))
    with transaction.atomic():
        if process.rounds.exists():
            raise ProcessError(gettext("the ballot has started: candidates can no longer change"))
        before = process.result
        process.result = {"candidates": names, "attending": attending}
        if before and before.get("proxies"):
            process.result["proxies"] = before["proxies"]  # appointed before the candidates were read out
        process.save(update_fields=["result"])
        audit.record(actor, "processes.meeting_candidates", process, before, process.result)
    return process


def record_round(actor: User, process: Process, tally: Mapping[str, int]) -> MeetingRound:
    """One round's votes as counted in the room; elects or eliminates as the rule says."""
    require_manage(actor, process)
    if process.kind != "branch_nomination":
        raise ProcessError(gettext("{title} is not a branch nomination meeting").format(title=process.title))
    require_state(process, ProcessState.OPEN)
    refuse_if_suspended(process.unit, gettext("the meeting"))
    names = standing(process)
    if not names:
        raise ProcessError(gettext("set the candidates first"))
    if set(tally) != set(names):
        raise ProcessError(
            gettext("enter votes for exactly the candidates still standing: {names}").format(names=", ".join(names))
        )
    if any(v < 0 for v in tally.values()):
        raise ProcessError(gettext("votes cannot be negative"))
    attending = int((process.result or {}).get("attending", 0))
    cast = sum(tally.values())
    if cast > ceiling(process):
        held = len(appointments(process))
        if held:
            raise ProcessError(
                ngettext(
                    "{cast} votes, but only {attending} eligible members attend, holding {held} proxy",
                    "{cast} votes, but only {attending} eligible members attend, holding {held} proxies",
                    held,
                ).format(cast=cast, attending=attending, held=held)
            )
        raise ProcessError(
            gettext("{cast} votes, but only {attending} eligible members attend").format(cast=cast, attending=attending)
        )
    if cast == 0:
        raise ProcessError(gettext("no votes were cast in this round"))
    with transaction.atomic():
        require_stage_open(process, "meeting")
        previous = list(process.rounds.all())
        number = len(previous) + 1
        history = [row.tally for row in previous]
        breaker = TieBreaker(TiePolicy("lot", seed=process.pk * 1000 + number), meeting_candidates(process))
        decided = decide_round(number, {n: tally[n] for n in names}, history, breaker)
        record = Result("exhaustive", 1, tuple(names), decided.elected, (decided,)).to_dict()["rounds"][0]
        row = MeetingRound.objects.create(
            process=process,
            number=number,
            tally={n: tally[n] for n in names},
            record=record,
            recorded_by=actor_name(actor),
        )
        audit.record(actor, "processes.meeting_round", row, None, record)
        if decided.elected:
            winner = decided.elected[0]
            move_stage(actor, process, "meeting", StageState.CLOSED)
            move_stage(actor, process, "nomination", StageState.CLOSED)
            result: dict[str, Any] = dict(process.result or {})
            result["rounds"] = [r.record for r in previous] + [record]
            result["elected"] = [winner]
            finish(
                actor,
                process,
                f"{winner} is the branch's nomination: {tally[winner]} of {cast} votes "
                f"in round {number}, more than half",
                result,
            )
    return row
