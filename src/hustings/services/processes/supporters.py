"""Use cases: register a supporter's fee, recorded by an officer or notified by a payment provider.

The person joins the register as a registered supporter with the payment on their membership,
so that the rulebook's supporter-window rule (Labour 2016: £25 from 17:00 on 18 July to 17:00 on
20 July, NEC guidelines of 12 July 2016) judges them when the roll is frozen. A payment outside
the window, or below the fee, is recorded as such: the register keeps what happened, the rules
decide what it is worth."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from hustings.rules import Category, Status
from hustings.rules.processes import supporter_window
from hustings.services import audit
from hustings.services.access import User
from hustings.services.audit import actor_name
from hustings.services.processes.errors import ProcessError
from hustings.services.processes.payments import PaymentProvider
from hustings.services.processes.permission import require_manage
from hustings.services.processes.rulebook import aware, rulebook_of
from hustings.services.processes.stages import require_stage_open
from hustings.store.members.models import Membership, Payment, Person, StatusChange
from hustings.store.organisations.models import Unit
from hustings.store.processes.models import PaymentMethod, Process, SupporterRegistration


def register_supporter(
    actor: User | str,
    process: Process,
    person: Person,
    *,
    pence: int,
    paid_at: dt.datetime,
    method: str = PaymentMethod.OFFICER,
    reference: str | None = None,
    unit: Unit | None = None,
) -> SupporterRegistration:
    """Record a registered supporter's fee (one transaction, audited). An officer needs
    `processes.manage`; a provider's notice arrives through `payment_notice`."""
    if method == PaymentMethod.OFFICER:
        assert not isinstance(actor, str)
        require_manage(actor, process)
    window = supporter_window(rulebook_of(process), process.kind)
    if window is None:
        raise ProcessError(
            gettext("rulebook {rulebook_name} has no registered supporters").format(rulebook_name=process.rulebook_name)
        )
    paid = aware(paid_at)
    assert paid is not None
    local = timezone.localtime(paid).replace(tzinfo=None)
    within = window.opens <= local <= window.closes and pence >= window.fee_pence
    home = unit or _home_unit(process, person)
    with transaction.atomic():
        require_stage_open(process, "supporter_registration")
        try:
            with transaction.atomic():
                row = SupporterRegistration.objects.create(
                    process=process,
                    person=person,
                    fee_pence=pence,
                    paid_at=paid,
                    method=method,
                    provider_reference=reference,
                    within_window=within,
                    recorded_by=actor_name(actor),
                )
        except IntegrityError:
            raise ProcessError(
                gettext("{name} is already registered in {title}").format(name=person.name, title=process.title)
            ) from None
        membership = Membership.objects.create(person=person, unit=home, category=Category.REGISTERED_SUPPORTER)
        StatusChange.objects.create(membership=membership, status=Status.JOINED, on=local.date())
        Payment.objects.create(membership=membership, at=paid, pence=pence)
        audit.record(
            actor,
            "processes.supporter",
            row,
            None,
            {"person": person.ref, "pence": pence, "paid_at": paid.isoformat(), "method": method, "within": within},
        )
    return row


def _home_unit(process: Process, person: Person) -> Unit:
    membership = person.memberships.select_related("unit").first()
    if membership is not None:
        return membership.unit
    if process.unit is not None:
        return process.unit
    top = Unit.objects.filter(organisation=process.organisation, parent__isnull=True).first()
    if top is None:
        raise ProcessError(
            gettext("{name} has no units to register supporters in").format(name=process.organisation.name)
        )
    return top


def payment_notice(
    process: Process, provider: PaymentProvider, body: bytes, headers: Mapping[str, str]
) -> SupporterRegistration:
    """A provider's signed notice: verify it, then register the supporter (once per reference)."""
    event = provider.verify(body, headers)
    existing = SupporterRegistration.objects.filter(provider_reference=event.reference).first()
    if existing is not None:
        return existing  # providers retry; the same notice registers once
    person = Person.objects.filter(ref=event.person_ref).first()
    if person is None:
        raise ProcessError(
            gettext("nobody on the register has the reference {person_ref!r}").format(person_ref=event.person_ref)
        )
    return register_supporter(
        f"payment provider ({provider.name})",
        process,
        person,
        pence=event.pence,
        paid_at=event.paid_at,
        method=PaymentMethod.WEBHOOK,
        reference=event.reference,
    )
