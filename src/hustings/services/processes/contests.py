"""Use cases of a leadership contest: nominations judged by the rulebook's gate, the incumbent
placed where the rulebook says (Labour 2016: Foster v McNicol [2016] EWHC 1966 (QB)), withdrawals,
closing nominations, opening the ballot (which freezes the roll) and recording its result.

Each function is one transaction, checks `processes.manage` and writes an audit entry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from hustings.rules import AffiliateNomination, Category, GateDecision, Nominations, OfficeKind, ProcessContext
from hustings.rules import nomination_gate as gate
from hustings.rules.rulebook import Gate
from hustings.services import audit
from hustings.services.access import User
from hustings.services.audit import actor_name
from hustings.services.processes.decisions import record_decision
from hustings.services.processes.errors import ProcessError
from hustings.services.processes.permission import require_manage
from hustings.services.processes.rulebook import rulebook_of
from hustings.services.processes.stages import finish, move_stage, require_stage_open, require_state, stage
from hustings.services.processes.suspensions import refuse_if_suspended
from hustings.store.members.models import Membership, Office, Person
from hustings.store.organisations.models import Unit
from hustings.store.processes.models import (
    Nomination,
    Process,
    ProcessState,
    StageDecision,
    StageState,
    Withdrawal,
)

LEADERSHIP = ("leadership_challenge", "leadership_vacancy")
CLP_KINDS = ("constituency party", "clp")


def _require_contest(process: Process) -> None:
    if process.kind not in LEADERSHIP:
        raise ProcessError(gettext("{title} is not a leadership contest").format(title=process.title))


def incumbent_automatic(process: Process) -> bool:
    rules = rulebook_of(process).process(process.kind)
    return bool(process.subject) and rules.incumbent_automatic is not None


def _gate_populations(process: Process) -> set[str]:
    found: set[str] = set()
    rules = rulebook_of(process).process(process.kind)

    def walk(node: Gate | None) -> None:
        if node is None:
            return
        if node.threshold is not None:
            found.add(node.threshold.population)
        if node.affiliates is not None:
            found.add(node.affiliates.population)
        for part in (node.all or ()) + (node.any or ()):
            walk(part)

    walk(rules.nomination_gate)
    return found


def populations(process: Process, on: dt.date | None = None) -> dict[str, int]:
    """The sizes the gate is measured against, read from the register today (or on `on`)."""
    day = on or timezone.localdate()
    offices = Office.objects.filter(unit__organisation=process.organisation, start__lte=day).filter(
        Q(end__isnull=True) | Q(end__gte=day)
    )
    return {
        "mps_meps": offices.filter(kind__in=[OfficeKind.MP, OfficeKind.MEP]).values("person").distinct().count(),
        "mps": offices.filter(kind=OfficeKind.MP).values("person").distinct().count(),
        "clps": Unit.objects.filter(organisation=process.organisation, kind__in=CLP_KINDS).count(),
        "affiliated_membership": Membership.objects.filter(
            unit__organisation=process.organisation, category=Category.AFFILIATED_SUPPORTER
        ).count(),
    }


def _is_affiliate(unit: Unit) -> bool:
    kind = unit.kind.lower()
    return "affiliate" in kind or "union" in kind or "society" in kind


def gate_decision(process: Process, nominee: str) -> GateDecision:
    """The rulebook's gate for `nominee`, from the nominations entered so far."""
    rules = rulebook_of(process)
    rows = process.nominations.filter(nominee=nominee).select_related("nominator_unit")
    counts: dict[str, int] = {}
    affiliates = []
    for row in rows:
        counts[row.body] = counts.get(row.body, 0) + 1
        if row.body == "affiliates" and row.nominator_unit is not None:
            unit = row.nominator_unit
            members = Membership.objects.filter(unit=unit, category=Category.AFFILIATED_SUPPORTER).count()
            affiliates.append(AffiliateNomination(unit.name, "union" in unit.kind.lower(), members))
    context = ProcessContext(process.kind, incumbent=process.subject or None)
    return gate(Nominations(nominee, counts, tuple(affiliates)), rules, context, populations(process))


def _latest(process: Process, subject: str) -> StageDecision | None:
    return process.decisions.filter(subject=subject).order_by("-decided_at", "-id").first()


def _withdrawn(process: Process, candidate: str) -> bool:
    return process.withdrawals.filter(candidate=candidate).exists()


def open_contest(
    actor: User,
    *,
    process: Process,
) -> StageDecision | None:
    """Place the incumbent on the ballot where the rulebook says so, with the decision recorded.

    Call once after `open_process(kind="leadership_challenge", subject=<the leader>)`."""
    require_manage(actor, process)
    _require_contest(process)
    if not incumbent_automatic(process):
        return None
    with transaction.atomic():
        if _latest(process, process.subject) is not None:
            return None
        decision = gate_decision(process, process.subject)
        return record_decision(actor, process, stage(process, "nominations"), decision)


def nominate(
    actor: User,
    process: Process,
    nominee: str,
    *,
    person: Person | None = None,
    unit: Unit | None = None,
) -> tuple[Nomination, StageDecision | None]:
    """Enter one nomination (by an MP or MEP, or by a CLP or affiliate); the nominee's gate is
    decided again and recorded when its outcome changes. Returns the nomination and any new decision."""
    require_manage(actor, process)
    _require_contest(process)
    require_state(process, ProcessState.OPEN)
    nominee = nominee.strip()
    if not nominee:
        raise ProcessError(gettext("name the nominee"))
    if (person is None) == (unit is None):
        raise ProcessError(gettext("a nomination comes from one person or one unit"))
    if incumbent_automatic(process) and nominee == process.subject:
        raise ProcessError(
            gettext("{nominee} is the incumbent and on the ballot without nominations").format(nominee=nominee)
        )
    if _withdrawn(process, nominee):
        raise ProcessError(gettext("{nominee} has withdrawn").format(nominee=nominee))
    wanted = _gate_populations(process)
    if person is not None:
        body = _person_body(process, person, wanted)
        refuse_if_suspended(_home_unit(person), gettext("the nomination by {name}").format(name=person.name))
        who = person.name
    else:
        assert unit is not None
        if unit.organisation_id != process.organisation_id:
            raise ProcessError(
                gettext("{name} is not a unit of {organisation}").format(
                    name=unit.name, organisation=process.organisation.name
                )
            )
        refuse_if_suspended(unit, gettext("the nomination from {name}").format(name=unit.name))
        body = _unit_body(unit, wanted)
        who = unit.name
    with transaction.atomic():
        Process.objects.select_for_update().filter(pk=process.pk).first()  # one nomination at a time
        nominations = require_stage_open(process, "nominations")
        withdrawn = process.withdrawals.values("candidate")
        earlier = process.nominations.exclude(nominee__in=withdrawn)
        earlier = earlier.filter(nominator_person=person) if person is not None else earlier.filter(nominator_unit=unit)
        if (first := earlier.first()) is not None:
            raise ProcessError(
                gettext("{who} has already nominated {nominee} in {title}").format(
                    who=who, nominee=first.nominee, title=process.title
                )
            )
        row = Nomination.objects.create(
            process=process,
            stage=nominations,
            nominee=nominee,
            body=body,
            nominator_person=person,
            nominator_unit=unit,
            entered_by=actor_name(actor),
        )
        audit.record(actor, "processes.nominate", row, None, {"nominee": nominee, "by": who, "body": body})
        decision = gate_decision(process, nominee)
        latest = _latest(process, nominee)
        recorded = None
        if latest is None or latest.met != decision.met:
            recorded = record_decision(actor, process, nominations, decision)
    return row, recorded


def _person_body(process: Process, person: Person, wanted: set[str]) -> str:
    day = timezone.localdate()
    kinds = set(
        Office.objects.filter(person=person, start__lte=day)
        .filter(Q(end__isnull=True) | Q(end__gte=day))
        .values_list("kind", flat=True)
    )
    if "mps_meps" in wanted and kinds & {OfficeKind.MP, OfficeKind.MEP}:
        return "mps_meps"
    if "mps" in wanted and OfficeKind.MP in kinds:
        return "mps"
    holders = " or ".join(sorted({"mps_meps": "an MP or MEP", "mps": "an MP"}.get(w, w) for w in wanted))
    raise ProcessError(
        gettext("{name} may not nominate: the rulebook counts nominations from {nobody}").format(
            name=person.name, nobody=holders or "nobody"
        )
    )


def _unit_body(unit: Unit, wanted: set[str]) -> str:
    if unit.kind.lower() in CLP_KINDS and "clps" in wanted:
        return "clps"
    if _is_affiliate(unit) and "affiliated_membership" in wanted:
        return "affiliates"
    raise ProcessError(
        gettext("{name} ({kind}) may not nominate under this rulebook's gate").format(name=unit.name, kind=unit.kind)
    )


def _home_unit(person: Person) -> Unit | None:
    membership = person.memberships.select_related("unit").first()
    return membership.unit if membership else None


def withdraw(actor: User, process: Process, candidate: str, reason: str = "") -> Withdrawal:
    require_manage(actor, process)
    _require_contest(process)
    require_state(process, ProcessState.OPEN)
    if candidate not in nominees(process) and candidate != process.subject:
        raise ProcessError(
            gettext("{candidate} is not a candidate in {title}").format(candidate=candidate, title=process.title)
        )
    with transaction.atomic():
        try:
            with transaction.atomic():
                row = Withdrawal.objects.create(
                    process=process, candidate=candidate, reason=reason.strip(), recorded_by=actor_name(actor)
                )
        except IntegrityError:
            raise ProcessError(gettext("{candidate} has already withdrawn").format(candidate=candidate)) from None
        audit.record(actor, "processes.withdraw", row, None, {"candidate": candidate, "reason": row.reason})
    return row


def nominees(process: Process) -> list[str]:
    """Everyone nominated, in order of their first nomination."""
    seen: dict[str, None] = {}
    for name in process.nominations.order_by("at", "id").values_list("nominee", flat=True):
        seen.setdefault(name, None)
    return list(seen)


def candidates(process: Process) -> list[str]:
    """Who goes on the ballot: the incumbent where the rulebook places them, then every nominee whose
    latest gate decision is met, without those who withdrew."""
    names = [process.subject] if incumbent_automatic(process) else []
    names += [n for n in nominees(process) if n not in names]
    out = []
    for name in names:
        latest = _latest(process, name)
        if latest is not None and latest.met and not _withdrawn(process, name):
            out.append(name)
    return out


def close_nominations(actor: User, process: Process) -> list[StageDecision]:
    """Decide every nominee's gate for the record, close the stage and open the next one."""
    require_manage(actor, process)
    _require_contest(process)
    require_state(process, ProcessState.OPEN)
    with transaction.atomic():
        nominations = require_stage_open(process, "nominations")
        decided = []
        names = ([process.subject] if incumbent_automatic(process) else []) + nominees(process)
        for name in dict.fromkeys(names):
            if _withdrawn(process, name):
                continue
            decided.append(record_decision(actor, process, nominations, gate_decision(process, name)))
        move_stage(actor, process, "nominations", StageState.CLOSED)
        following = process.stages.filter(order__gt=nominations.order).order_by("order").first()
        if following is not None and following.key != "ballot":
            move_stage(actor, process, following.key, StageState.OPEN)
    return decided


def open_contest_ballot(
    actor: User,
    process: Process,
    *,
    method: str = "irv",
    closes: dt.datetime | None = None,
    on_date: dt.date | None = None,
) -> Any:
    """Open the ballot through `hustings.services.ballots.open_ballot` (which freezes the roll), or
    declare the only candidate elected unopposed."""
    from hustings.services import ballots

    require_manage(actor, process)
    _require_contest(process)
    require_state(process, ProcessState.OPEN)
    if stage(process, "nominations").state != StageState.CLOSED:
        raise ProcessError(gettext("the ballot cannot open before nominations close"))
    names = candidates(process)
    if not names:
        raise ProcessError(gettext("nobody has met the nomination gate: there is no one to vote for"))
    freeze = process.stages.filter(key="freeze").first()
    freeze_day = timezone.localtime(freeze.closes).date() if freeze and freeze.closes else None
    with transaction.atomic():
        if len(names) == 1:
            finish(actor, process, f"{names[0]} is elected unopposed", {"elected": names})
            return None
        ballot = ballots.open_ballot(
            actor,
            organisation=process.organisation.slug,
            title=process.title,
            rulebook=process.rulebook_name,
            process_kind=process.kind,
            method=method,
            seats=1,
            candidates=names,
            closes=closes,
            freeze_date=freeze_day,
            process_id=process.pk,
            on_date=on_date,
        )
        for row in process.stages.exclude(key__in=("ballot", "count")).exclude(state=StageState.CLOSED):
            move_stage(actor, process, row.key, StageState.CLOSED)
        move_stage(actor, process, "ballot", StageState.OPEN)
        before = {"state": process.state, "ballot": process.ballot_id}
        process.state = ProcessState.BALLOT
        process.ballot_id = ballot.pk
        process.save(update_fields=["state", "ballot_id"])
        audit.record(actor, "processes.ballot_opened", process, before, {"state": process.state, "ballot": ballot.pk})
    return ballot


def record_contest_result(actor: User, process: Process) -> Process:
    """Take the counted ballot's result into the process and decide it."""
    from hustings.store.ballots.models import Ballot

    require_manage(actor, process)
    _require_contest(process)
    require_state(process, ProcessState.BALLOT)
    ballot = Ballot.objects.filter(pk=process.ballot_id).first() if process.ballot_id is not None else None
    if ballot is None or ballot.result is None:
        raise ProcessError(gettext("the ballot has not been counted yet"))
    result: dict[str, Any] = ballot.result
    elected = result.get("elected") or []
    with transaction.atomic():
        for key in ("ballot", "count"):
            if stage(process, key).state != StageState.CLOSED:
                move_stage(actor, process, key, StageState.CLOSED)
        outcome = f"{', '.join(elected) or 'nobody'} elected ({result.get('method', ballot.method)})"
        finish(actor, process, outcome, result)
    return process
