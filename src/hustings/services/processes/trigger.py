"""Use cases of a trigger ballot: each branch and affiliate of the constituency party votes for a
full selection or not; the rulebook's threshold (Labour 2018: a third of those voting, branches
or affiliates; 2021: half) decides whether a full selection opens (`hustings.rules.processes`)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from hustings.rules.processes import trigger_ballot
from hustings.services import access, audit
from hustings.services.access import User
from hustings.services.audit import actor_name
from hustings.services.processes.decisions import record_decision
from hustings.services.processes.errors import ProcessError
from hustings.services.processes.permission import require_manage
from hustings.services.processes.rulebook import rulebook_of
from hustings.services.processes.stages import finish, move_stage, require_stage_open, require_state
from hustings.services.processes.suspensions import refuse_if_suspended
from hustings.store.organisations.models import Unit
from hustings.store.processes.models import Process, ProcessState, StageDecision, StageState, UnitVote


def _group(process: Process, unit: Unit) -> str:
    kind = unit.kind.lower()
    if "affiliate" in kind or "union" in kind or "society" in kind:
        return "affiliates"
    if process.unit is not None and process.unit.pk in [u.pk for u in access.lineage(unit)[1:]]:
        return "branches"
    raise ProcessError(
        gettext("{name} is neither a branch of {unit} nor an affiliate").format(name=unit.name, unit=process.unit)
    )


def record_unit_vote(actor: User, process: Process, unit: Unit, for_selection: bool) -> UnitVote:
    require_manage(actor, process)
    if process.kind != "trigger_ballot":
        raise ProcessError(gettext("{title} is not a trigger ballot").format(title=process.title))
    require_state(process, ProcessState.OPEN)
    group = _group(process, unit)
    refuse_if_suspended(unit, gettext("the vote of {name}").format(name=unit.name))
    with transaction.atomic():
        require_stage_open(process, "unit_votes")
        try:
            with transaction.atomic():
                row = UnitVote.objects.create(
                    process=process,
                    unit=unit,
                    group=group,
                    for_selection=for_selection,
                    recorded_by=actor_name(actor),
                )
        except IntegrityError:
            raise ProcessError(gettext("{name} has already voted").format(name=unit.name)) from None
        audit.record(actor, "processes.unit_vote", row, None, {"unit": unit.code, "for_selection": for_selection})
    return row


def decide_trigger(actor: User, process: Process) -> StageDecision:
    require_manage(actor, process)
    if process.kind != "trigger_ballot":
        raise ProcessError(gettext("{title} is not a trigger ballot").format(title=process.title))
    require_state(process, ProcessState.OPEN)
    votes = list(process.unit_votes.all())
    if not votes:
        raise ProcessError(gettext("no branch or affiliate has voted yet"))
    voted = {"branches": 0, "affiliates": 0}
    yes = {"branches": 0, "affiliates": 0}
    for vote in votes:
        voted[vote.group] += 1
        yes[vote.group] += int(vote.for_selection)
    decision = trigger_ballot(rulebook_of(process), process.subject or "the MP", yes, voted)
    with transaction.atomic():
        stage = require_stage_open(process, "unit_votes")
        row = record_decision(actor, process, stage, decision.gate, reason=decision.reason)
        move_stage(actor, process, "unit_votes", StageState.CLOSED)
        move_stage(actor, process, "decision", StageState.CLOSED)
        finish(
            actor,
            process,
            decision.reason[0].upper() + decision.reason[1:],
            {"voted": voted, "for_selection": yes, "selection_opens": decision.selection_opens},
        )
    return row
