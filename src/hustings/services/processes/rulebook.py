"""The rulebook a process runs under, and its wall-clock times read as aware datetimes."""

from __future__ import annotations

import datetime as dt
import functools

from django.utils import timezone

from hustings.rules import Rulebook, load_rulebook
from hustings.store.processes.models import Process


def rulebook_of(process: Process) -> Rulebook:
    return _shipped(process.rulebook_name)


@functools.lru_cache(maxsize=32)
def _shipped(name: str) -> Rulebook:
    """A shipped rulebook, read and validated once per process (they are package data, never edited)."""
    return load_rulebook(name)


def aware(moment: dt.datetime | None) -> dt.datetime | None:
    """A rulebook's wall-clock time (Europe/London) as an aware datetime."""
    if moment is None or timezone.is_aware(moment):
        return moment
    return timezone.make_aware(moment, timezone.get_current_timezone())
