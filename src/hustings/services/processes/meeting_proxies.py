"""Proxies at a branch meeting's exhaustive ballot (docs/processes.md, "Proxies at a branch
meeting"), where the rulebook allows them: the rule of the meeting's own process if the rulebook
names it, else of its `branch_meeting_vote` (e.g. `trade-union-branch`: BR/proxies, at most two
held by one member). Labour's rulebooks have neither, so a Labour branch meeting takes no proxies.

A member's appointment is handed in before the vote ("in writing before the vote"): the officer
records it, or its revocation, until the first round is recorded. Both members must be eligible
under the rule's electorate on the day, the appointer not their own proxy and with one standing
appointment, the proxy holding fewer than `max_held`. Each appointment and revocation is audited.

In each round the proxy votes once for each member they represent: the round's votes may number at
most the attending members plus the standing proxies (`ceiling`). The rounds keep only each
candidate's count, so no vote is linked to anyone, in person or by proxy.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from hustings.rules import Ballot as RulesBallot
from hustings.rules.rulebook import Proxies
from hustings.services import audit
from hustings.services.access import User
from hustings.services.electorate import decisions
from hustings.services.processes.errors import ProcessError
from hustings.services.processes.permission import require_manage
from hustings.services.processes.rulebook import rulebook_of
from hustings.services.processes.stages import require_state
from hustings.store.processes.models import Process, ProcessState

MEETING_RULE = "branch_meeting_vote"
"""The rulebook's process for votes at a branch meeting, whose proxy rule a meeting follows."""


def rule_name(process: Process) -> str | None:
    """The rulebook process whose rules (electorate, proxies) govern the meeting's proxies."""
    processes = rulebook_of(process).processes
    for name in (process.kind, MEETING_RULE):
        if name in processes and processes[name].proxies is not None:
            return name
    return None


def rule(process: Process) -> Proxies | None:
    """The meeting's proxy rule, if the rulebook has one."""
    name = rule_name(process)
    return rulebook_of(process).processes[name].proxies if name is not None else None


def appointments(process: Process) -> list[dict[str, str]]:
    """The standing appointments, each {"appointer", "proxy"} by membership number."""
    return list((process.result or {}).get("proxies", []))


def ceiling(process: Process) -> int:
    """The most votes one round may have: the attending members, and one vote per proxy held."""
    return int((process.result or {}).get("attending", 0)) + len(appointments(process))


def _allowed(process: Process) -> tuple[str, Proxies]:
    if process.kind != "branch_nomination":
        raise ProcessError(gettext("{title} is not a branch meeting").format(title=process.title))
    name, proxies = rule_name(process), rule(process)
    if name is None or proxies is None or not proxies.allowed:
        if proxies is not None:
            raise ProcessError(
                gettext("the rules of this meeting do not allow proxies (rule {id})").format(id=proxies.id)
            )
        raise ProcessError(gettext("the rules of this meeting do not allow proxies"))
    return name, proxies


def _before_the_vote(process: Process) -> None:
    require_state(process, ProcessState.OPEN)
    if process.rounds.exists():
        raise ProcessError(gettext("the vote has begun: proxies are appointed and revoked only before the first round"))


def _eligible(process: Process, name: str, refs: set[str]) -> set[str]:
    """Which of `refs` the rule's electorate admits in the meeting's branch today."""
    day = timezone.localdate()
    units = [process.unit.code] if process.unit is not None else None
    judged = decisions(
        process.organisation.slug, rulebook_of(process), RulesBallot(f"p{process.pk}", name, day), day, units
    )
    return {d.person for d in judged if d.person in refs and d.eligible}


def appoint(actor: User, process: Process, appointer_ref: str, proxy_ref: str) -> dict[str, str]:
    """Record that the member numbered `appointer_ref` appointed `proxy_ref` as their proxy."""
    require_manage(actor, process)
    name, proxies = _allowed(process)
    appointer_ref, proxy_ref = " ".join(appointer_ref.split()), " ".join(proxy_ref.split())
    if appointer_ref == proxy_ref:
        raise ProcessError(gettext("a member cannot be their own proxy"))
    with transaction.atomic():
        row = Process.objects.select_for_update().get(pk=process.pk)
        _before_the_vote(row)
        eligible = _eligible(row, name, {appointer_ref, proxy_ref})
        for ref in (appointer_ref, proxy_ref):
            if ref not in eligible:
                raise ProcessError(
                    gettext("{ref} is not a member entitled to vote at this meeting (rule {id})").format(
                        ref=ref, id=proxies.id
                    )
                )
        standing = appointments(row)
        if any(a["appointer"] == appointer_ref for a in standing):
            raise ProcessError(
                gettext("{ref} has a proxy already: revoke that appointment first").format(ref=appointer_ref)
            )
        held = sum(a["proxy"] == proxy_ref for a in standing)
        if held >= proxies.max_held:
            raise ProcessError(
                gettext("{ref} already holds {held} proxies, the most the rules allow (rule {id})").format(
                    ref=proxy_ref, held=held, id=proxies.id
                )
            )
        appointment = {"appointer": appointer_ref, "proxy": proxy_ref}
        row.result = {**(row.result or {}), "proxies": [*standing, appointment]}
        row.save(update_fields=["result"])
        audit.record(actor, "processes.meeting_proxy_appoint", row, None, {**appointment, "rule": proxies.id})
    process.result = row.result
    return appointment


def revoke(actor: User, process: Process, appointer_ref: str) -> None:
    """Record the revocation of the proxy appointed by the member numbered `appointer_ref`."""
    require_manage(actor, process)
    _allowed(process)
    appointer_ref = " ".join(appointer_ref.split())
    with transaction.atomic():
        row = Process.objects.select_for_update().get(pk=process.pk)
        _before_the_vote(row)
        standing = appointments(row)
        found = next((a for a in standing if a["appointer"] == appointer_ref), None)
        if found is None:
            raise ProcessError(gettext("{ref} has no proxy to revoke").format(ref=appointer_ref))
        row.result = {**(row.result or {}), "proxies": [a for a in standing if a is not found]}
        row.save(update_fields=["result"])
        audit.record(actor, "processes.meeting_proxy_revoke", row, found, None)
    process.result = row.result
