"""Use cases: the governing body suspends a unit (a branch or constituency party) and lifts it.

While a unit is suspended its meetings, nominations and officers' powers stop: the process use
cases refuse them with the suspension's rule and date (`refuse_if_suspended`), for the unit
and every unit beneath it. Who suspended it, when and under which rule is recorded. Members keep
their individual votes unless the suspension says otherwise (`members_keep_votes`), since a unit's
suspension is not a member's (Labour's NEC suspended Brighton and Hove District Labour Party in
2016 and Wallasey CLP's meetings in 2016; their members kept their leadership votes)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from hustings.services import access, audit
from hustings.services.access import User
from hustings.services.audit import actor_name
from hustings.services.processes.errors import ProcessError
from hustings.services.processes.permission import MANAGE
from hustings.services.units import descendants
from hustings.store.organisations.models import Unit
from hustings.store.processes.models import Suspension


def suspension_over(unit: Unit | None) -> Suspension | None:
    """The suspension in force over `unit` or any unit above it (a suspended CLP stops its branches too)."""
    if unit is None:
        return None
    ids = [u.pk for u in access.lineage(unit)]
    return Suspension.objects.filter(unit__in=ids, lifted_at__isnull=True).select_related("unit").first()


def refuse_if_suspended(unit: Unit | None, what: str) -> None:
    found = suspension_over(unit)
    if found is not None:
        raise ProcessError(
            gettext(
                "{what} refused: {name} is suspended under {rule} (by {suspended_by} on {suspended_at:%d %B %Y})"
            ).format(
                what=what,
                name=found.unit.name,
                rule=found.rule,
                suspended_by=found.suspended_by,
                suspended_at=timezone.localtime(found.suspended_at),
            )
        )


def require_above(actor: User, unit: Unit) -> None:
    """`processes.manage` over the unit's parent, so strictly above it (a unit's own officers cannot
    suspend it, nor lift its suspension); over the whole organisation for a unit with no parent."""
    if unit.parent is None:
        access.require_whole(actor, MANAGE, unit.organisation)
    else:
        access.require(actor, MANAGE, unit.parent)


def suspend_unit(
    actor: User, unit: Unit, *, rule: str, reason: str = "", members_keep_votes: bool = True
) -> Suspension:
    """Suspend `unit`; only an officer with `processes.manage` above it (the governing body) may."""
    require_above(actor, unit)
    if not rule.strip():
        raise ProcessError(gettext("cite the rule under which the unit is suspended"))
    with transaction.atomic():
        if suspension_over(unit) is not None:
            raise ProcessError(gettext("{name} is already suspended").format(name=unit.name))
        row = Suspension.objects.create(
            unit=unit,
            rule=rule.strip(),
            reason=reason.strip(),
            members_keep_votes=members_keep_votes,
            suspended_by=actor_name(actor),
        )
        audit.record(
            actor,
            "processes.suspend",
            row,
            None,
            {"unit": unit.code, "rule": row.rule, "reason": row.reason, "members_keep_votes": members_keep_votes},
        )
    return row


def lift_suspension(actor: User, suspension: Suspension) -> Suspension:
    unit = suspension.unit
    require_above(actor, unit)
    with transaction.atomic():
        row = Suspension.objects.select_for_update().get(pk=suspension.pk)
        if row.lifted_at is not None:
            raise ProcessError(gettext("the suspension of {name} was already lifted").format(name=unit.name))
        row.lifted_at = timezone.now()
        row.lifted_by = actor_name(actor)
        row.save(update_fields=["lifted_at", "lifted_by"])
        audit.record(actor, "processes.lift_suspension", row, {"lifted": False}, {"lifted": True})
    return row


def units_without_member_votes(organisation_id: int) -> set[int]:
    """Ids of the units whose members have lost their individual votes: those under a suspension in
    force that says so (`members_keep_votes=False`), and every unit beneath them. For the roll."""
    return descendants(
        Suspension.objects.filter(
            unit__organisation_id=organisation_id, lifted_at__isnull=True, members_keep_votes=False
        ).values_list("unit_id", flat=True)
    )
