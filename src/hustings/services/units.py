"""Selector: the units beneath units, walked down the tree (one query per level)."""

from __future__ import annotations

from collections.abc import Iterable

from hustings.store.organisations.models import Unit


def descendants(unit_ids: Iterable[int]) -> set[int]:
    """The units and every unit beneath them."""
    found: set[int] = set()
    frontier = set(unit_ids)
    while frontier:
        found |= frontier
        frontier = set(Unit.objects.filter(parent__in=frontier).values_list("pk", flat=True)) - found
    return found
