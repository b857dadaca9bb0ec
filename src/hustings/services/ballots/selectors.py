"""Selectors: ballots by number, whoever asks, for the public pages of a ballot (its vote page,
bulletin board, scrutineers' page, export and published results: `hustings.services.visible` says
why these are public); the model and its statuses, for the pages that show them."""

from __future__ import annotations

from django.db.models import QuerySet

from hustings.store.ballots.models import Ballot as Ballot
from hustings.store.ballots.models import Status as Status


def public() -> QuerySet[Ballot]:
    """Every ballot, with its organisation loaded: look one up by number (pk)."""
    return Ballot.objects.select_related("organisation")


def plain() -> QuerySet[Ballot]:
    """Every ballot, nothing else loaded."""
    return Ballot.objects.all()


def exists(pk: int) -> bool:
    """Whether there is a ballot numbered `pk`."""
    return Ballot.objects.filter(pk=pk).exists()
