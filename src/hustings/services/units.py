"""Selectors over the unit trees: the units beneath units, walked down the tree (one query per
level), and every unit with its organisation and parent."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from hustings.store.organisations.models import Organisation as Organisation
from hustings.store.organisations.models import Unit as Unit


def descendants(unit_ids: Iterable[int]) -> set[int]:
    """The units and every unit beneath them."""
    found: set[int] = set()
    frontier = set(unit_ids)
    while frontier:
        found |= frontier
        frontier = set(Unit.objects.filter(parent__in=frontier).values_list("pk", flat=True)) - found
    return found


def tree() -> QuerySet[Unit]:
    """Every unit with its organisation and parent loaded, by code."""
    return Unit.objects.select_related("organisation", "parent").order_by("code")


def organisations() -> QuerySet[Organisation]:
    """Every organisation on the installation."""
    return Organisation.objects.all()


def by_code(code: str) -> Unit | None:
    """The unit with this code, if there is one."""
    return Unit.objects.filter(code=code).first()


def nothing() -> QuerySet[Unit]:
    """No unit: the choices of a unit field until a view narrows them to the user's."""
    return Unit.objects.none()
