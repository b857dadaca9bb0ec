"""The rulebook a process runs under, and its wall-clock times read as aware datetimes."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from hustings.rules import Rulebook, load_rulebook
from hustings.store.processes.models import Process


def rulebook_of(process: Process) -> Rulebook:
    """The shipped rulebook the process runs under (`load_rulebook` reads each once per process)."""
    return load_rulebook(process.rulebook_name)


def aware(moment: dt.datetime | None) -> dt.datetime | None:
    """A rulebook's wall-clock time (Europe/London) as an aware datetime."""
    if moment is None or timezone.is_aware(moment):
        return moment
    return timezone.make_aware(moment, timezone.get_current_timezone())
