"""Use cases: open a process of a kind (`hustings.rules.processes.KINDS`) under a rulebook, with its
stages and their dates: the rulebook's own (freeze date, supporter window) and the officer's; and
open it together with its contest (`open_process_with_contest`), what the officer's form does."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext

from hustings.rules import Rulebook, RulebookError, load_rulebook
from hustings.rules.processes import freeze_date, process_kind, supporter_window
from hustings.services import access, audit
from hustings.services.access import User
from hustings.services.audit import actor_name
from hustings.services.processes.contests import LEADERSHIP, open_contest
from hustings.services.processes.errors import ProcessError
from hustings.services.processes.permission import MANAGE
from hustings.services.processes.rulebook import aware
from hustings.services.processes.suspensions import refuse_if_suspended
from hustings.store.organisations.models import Organisation, Unit
from hustings.store.processes.models import Process, Stage, StageState

Timetable = dict[str, tuple[dt.datetime | None, dt.datetime | None]]


def open_process(
    actor: User,
    *,
    organisation: Organisation,
    kind: str,
    rulebook: str,
    title: str,
    unit: Unit | None = None,
    subject: str = "",
    trigger: str = "",
    timetable: Timetable | None = None,
) -> Process:
    """Create the process and its stages (the first one open), in one transaction, audited. A process
    over a unit needs `processes.manage` over it; one with no unit, over the whole organisation."""
    if unit is not None and unit.organisation_id != organisation.pk:
        raise ProcessError(
            gettext("{name} is not a unit of {organisation}").format(name=unit.name, organisation=organisation.name)
        )
    access.require(actor, MANAGE, unit=unit, organisation=organisation)
    try:
        definition = process_kind(kind)
    except KeyError as error:
        raise ProcessError(str(error.args[0])) from None
    try:
        rules = load_rulebook(rulebook)
    except RulebookError as error:
        raise ProcessError(str(error)) from None
    if definition.rulebook_process is not None and definition.rulebook_process not in rules.processes:
        raise ProcessError(
            gettext("rulebook {name} has no {definition} process").format(
                name=rules.name, definition=definition.title.lower()
            )
        )
    if not title.strip():
        raise ProcessError(gettext("a process needs a title"))
    refuse_if_suspended(unit, gettext("opening a process"))
    dates = _rulebook_dates(rules, definition.rulebook_process)
    dates.update(timetable or {})
    with transaction.atomic():
        process = Process.objects.create(
            organisation=organisation,
            kind=kind,
            title=title.strip(),
            rulebook_name=rules.name,
            rulebook_version=rules.version,
            unit=unit,
            subject=subject.strip(),
            trigger=trigger.strip(),
            opened_by=actor_name(actor),
        )
        for order, spec in enumerate(definition.stages):
            if spec.key == "supporter_registration" and "supporter_registration" not in dates:
                continue  # the rulebook has no supporters' window (Labour 2021 abolished it)
            opens, closes = dates.get(spec.key, (None, None))
            Stage.objects.create(
                process=process,
                key=spec.key,
                name=spec.name,
                description=spec.description,
                order=order,
                opens=aware(opens),
                closes=aware(closes),
                state=StageState.OPEN if order == 0 else StageState.PENDING,
            )
        audit.record(
            actor,
            "processes.open",
            process,
            None,
            {"kind": kind, "rulebook": f"{rules.name} {rules.version}", "title": process.title, "subject": subject},
        )
    return process


def open_process_with_contest(
    actor: User,
    *,
    organisation: Organisation,
    kind: str,
    rulebook: str,
    title: str,
    unit: Unit | None = None,
    subject: str = "",
    trigger: str = "",
    timetable: Timetable | None = None,
) -> Process:
    """Open the process (`open_process`) and, for a leadership contest, its contest (`open_contest`:
    the incumbent placed where the rulebook says so) in one transaction: if the contest cannot
    open, no process is left behind without it."""
    with transaction.atomic():
        process = open_process(
            actor,
            organisation=organisation,
            kind=kind,
            rulebook=rulebook,
            title=title,
            unit=unit,
            subject=subject,
            trigger=trigger,
            timetable=timetable,
        )
        if process.kind in LEADERSHIP:
            open_contest(actor, process=process)
    return process


def _rulebook_dates(rules: Rulebook, process: str | None) -> Timetable:
    dates: Timetable = {}
    if process is None:
        return dates
    freeze = freeze_date(rules, process)
    if freeze is not None:
        day = dt.datetime.combine(freeze.date, dt.time(23, 59))
        dates["freeze"] = (day, day)
    window = supporter_window(rules, process)
    if window is not None:
        dates["supporter_registration"] = (window.opens, window.closes)
    return dates
