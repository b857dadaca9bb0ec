"""Mixed-member systems: constituency seats first, list seats to compensate.

``ams_region``
    The additional-member system of the Scottish Parliament (Scotland Act
    1998 ss. 6-8: 73 constituencies, 8 regions of 7 list seats) and of the
    Senedd 1999-2021 (Government of Wales Act 2006 ss. 6-9: 40 constituencies,
    5 regions of 4 list seats).  In each region the list seats go one at a
    time by D'Hondt, the divisor of each party being its constituency seats
    in the region + list seats so far + 1.  Individual list candidates are
    lists of one (``caps``).  A party that won more constituency seats than
    its proportional share simply keeps them: the region's list seats are
    fixed, so there is no levelling.
``mmp``
    A whole-house proportional allocation that constituency seats count
    against (New Zealand, Germany).  ``overhang`` chooses what happens when
    a party won more constituency seats than its proportional entitlement:

    ``"keep"``  the party keeps them and the house grows (New Zealand,
                Electoral Act 1993 ss. 191-192);
    ``"level"`` the house grows until every party's proportional allocation
                covers its constituency seats, so the other parties get
                levelling seats (Germany, Bundeswahlgesetz 2013-2023 § 6(5));
    ``"cap"``   the house stays fixed and the party's constituency winners
                beyond its entitlement are not seated (Germany 2023 reform,
                *Zweitstimmendeckung*, § 6 BWahlG as amended in 2023).

Seats won by independents (no list) are taken off the house first in every
mode, as § 6 BWahlG does.  Germany distributes each party's seats to its
Länder lists afterwards; that second stage is outside this function.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from hustings.count.apportion.base import MAX_SEATS, ApportionmentError
from hustings.count.apportion.model import Apportionment, apportion
from hustings.count.ties import TiePolicy

Overhang = Literal["keep", "level", "cap"]


def ams_region(
    list_votes: Mapping[str, int],
    constituency_seats: Mapping[str, int],
    list_seats: int,
    *,
    caps: Mapping[str, int] | None = None,
    threshold: Fraction | None = None,
    tie_break: TiePolicy | None = None,
) -> Apportionment:
    """One AMS region: list seats by D'Hondt with constituency seats in the divisor."""
    return apportion(
        list_votes,
        list_seats,
        "dhondt",
        already_won=constituency_seats,
        caps=caps,
        threshold=threshold,
        tie_break=tie_break,
    )


@dataclass(frozen=True)
class MixedResult:
    """A whole-house mixed-member allocation."""

    house_size: int
    total: Mapping[str, int]
    """Seats per party in the end (constituency seats seated + list seats)."""
    constituency: Mapping[str, int]
    """Constituency seats won."""
    list_seats: Mapping[str, int]
    overhang: Mapping[str, int]
    """Constituency seats beyond the proportional entitlement (kept, levelled or denied)."""
    denied: Mapping[str, int]
    """Constituency winners not seated (``cap`` mode only)."""
    proportional: Apportionment


def mmp(
    votes: Mapping[str, int],
    constituency_seats: Mapping[str, int],
    seats: int,
    *,
    method: str = "sainte-lague",
    overhang: Overhang = "keep",
    threshold: Fraction | None = None,
    threshold_seats: int | None = None,
    tie_break: TiePolicy | None = None,
) -> MixedResult:
    """Allocate a house of ``seats`` by party votes, constituency seats counting against it.

    Parties in ``constituency_seats`` but not in ``votes`` are independents.
    """
    if overhang not in ("keep", "level", "cap"):
        raise ApportionmentError(f"overhang must be keep, level or cap, got {overhang!r}")
    independents = {p: n for p, n in constituency_seats.items() if p not in votes and n}
    party_seats = seats - sum(independents.values())
    if party_seats < 0:
        raise ApportionmentError(f"independents won more constituency seats than the house has ({seats})")

    def allocate(n: int) -> Apportionment:
        return apportion(
            votes,
            n,
            method,
            threshold=threshold,
            threshold_seats=threshold_seats,
            constituency_seats=constituency_seats,
            tie_break=tie_break,
        )

    def short(a: Apportionment) -> bool:
        # Parties below the threshold get no list seats however large the house.
        return any(
            a.seats.get(p, 0) < n for p, n in constituency_seats.items() if p in votes and p not in a.below_threshold
        )

    prop = allocate(party_seats)
    if overhang == "level":
        n = party_seats
        while short(prop):
            n += 1
            if n > MAX_SEATS:
                raise ApportionmentError("levelling would need more seats than any assembly has")
            prop = allocate(n)
    total: dict[str, int] = {}
    over: dict[str, int] = {}
    denied: dict[str, int] = {}
    lists: dict[str, int] = {}
    for p in dict.fromkeys([*votes, *constituency_seats]):
        won = constituency_seats.get(p, 0)
        if p in independents:
            total[p] = won
            lists[p] = 0
            continue
        entitled = prop.seats.get(p, 0)
        if won > entitled:
            over[p] = won - entitled
            if overhang == "cap":
                denied[p] = won - entitled
                total[p] = entitled
            else:
                total[p] = won
        else:
            total[p] = entitled
        lists[p] = max(total[p] - won, 0)
    return MixedResult(
        house_size=sum(total.values()),
        total=total,
        constituency=dict(constituency_seats),
        list_seats=lists,
        overhang=over,
        denied=denied,
        proportional=prop,
    )
