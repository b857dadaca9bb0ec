"""One election's votes under several electoral systems.

``fptp``
    The declared result: each constituency's winner (for the Scottish
    Parliament, the 73 constituency seats alone).
``national-dhondt``, ``national-sainte-lague``
    One nationwide list: the whole house (650 seats; 129 at Holyrood) by the
    divisor method on national vote totals, optionally with a threshold
    (share of the national vote).
``regional-dhondt``, ``regional-sainte-lague``
    One list per region (nine English regions, Scotland, Wales, Northern
    Ireland; the eight Holyrood regions), each with as many seats as it has
    now (Holyrood: its constituencies plus seven).  A threshold, if given,
    is a share of the national vote.
``ams``
    Scottish Parliament: the statutory rule (constituency winners, then seven
    list seats per region by D'Hondt with constituency seats in the divisor);
    this reproduces the declared list seats.
    General elections (arithmetic what-if): each region keeps
    ``constituency_share`` of its seats as constituency seats, shared among
    parties in proportion to the constituencies they won there (Hare largest
    remainder on the FPTP wins, standing in for a redrawing of boundaries),
    and fills the rest as AMS list seats by regional D'Hondt on the same votes.

The European Parliament election of 2019 (``ep2019``, Great Britain) was held
by list PR alone: D'Hondt in each of eleven regions, no constituencies.  Its
declared result is ``regional-dhondt``; the list systems re-count it (the
national ones over all 70 seats); ``fptp`` and ``ams`` need constituencies, so
are not offered for it (:class:`SystemNotOffered`).

Votes are the constituency votes (general elections), or the regional list
votes for list and AMS seats at Holyrood and for the European Parliament.  Independents, the Speaker and the
1997-2005 "Other" aggregates stand as lists of one under PR.  Today's votes
under another system are arithmetic, not a forecast.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from hustings.analysis.elections import ELECTIONS, Election, load
from hustings.analysis.indices import INDEX_GROUPS, Indices, indices, winners_below_half
from hustings.count.apportion import apportion
from hustings.count.apportion.base import ApportionmentError
from hustings.count.apportion.compensatory import ams_region
from hustings.count.result import TieBreak

SYSTEMS: tuple[str, ...] = (
    "fptp",
    "national-dhondt",
    "national-sainte-lague",
    "regional-dhondt",
    "regional-sainte-lague",
    "ams",
)

LIST_PR_SYSTEMS: tuple[str, ...] = tuple(s for s in SYSTEMS if s.startswith(("national", "regional")))
"""The systems a list-PR election (no constituencies) can be re-counted under."""

DEFAULT_CONSTITUENCY_SHARE = Fraction(3, 5)
"""AMS what-if for general elections: 390 constituency and 260 list seats."""


@dataclass(frozen=True)
class SeatTable:
    """Seats and votes per party under one system, with its indices."""

    election: str
    system: str
    seats: Mapping[str, int]
    votes: Mapping[str, int]
    indices: Indices
    threshold: Fraction | None = None
    by_region: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    ties: tuple[TieBreak, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def total_seats(self) -> int:
        return sum(self.seats.values())

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "election": self.election,
            "system": self.system,
            "seats": dict(self.seats),
            "votes": dict(self.votes),
            "indices": self.indices.to_dict(),
        }
        if self.threshold is not None:
            d["threshold"] = float(self.threshold)
        if self.by_region:
            d["by_region"] = {r: dict(s) for r, s in self.by_region.items()}
        if self.ties:
            d["ties"] = [{"tied": list(t.tied), "chosen": t.chosen, "reason": t.reason} for t in self.ties]
        if self.notes:
            d["notes"] = list(self.notes)
        return d


class UnknownSystem(ValueError):
    def __init__(self, name: str) -> None:
        super().__init__(f"unknown system {name!r}; choose from {', '.join(SYSTEMS)}")


def systems_for(election: str) -> tuple[str, ...]:
    """The systems ``election``'s votes can be counted under: every one for the Commons and
    Holyrood; for a European Parliament election (list PR, no constituencies) the list systems."""
    key = election.strip().lower()
    return LIST_PR_SYSTEMS if key in ELECTIONS and key.startswith("ep") else SYSTEMS


class SystemNotOffered(ValueError):
    """A system that needs constituencies, asked of an election that had none."""

    def __init__(self, election: str, system: str) -> None:
        super().__init__(
            f"{system} does not apply to {election}: it was held by list PR in regions, with no "
            f"constituencies; choose from {', '.join(LIST_PR_SYSTEMS)}"
        )


def analyse(
    election: str | Election,
    system: str,
    *,
    threshold: Fraction | None = None,
    constituency_share: Fraction = DEFAULT_CONSTITUENCY_SHARE,
) -> SeatTable:
    """The seat table of ``election`` under ``system``, with its indices."""
    e = load(election) if isinstance(election, str) else election
    if system not in SYSTEMS:
        raise UnknownSystem(system)
    if e.is_list_pr and system not in LIST_PR_SYSTEMS:
        raise SystemNotOffered(e.name, system)
    if system == "fptp":
        if threshold is not None:
            raise ValueError("a threshold does not apply to first past the post")
        return _fptp(e)
    method = "sainte-lague" if system.endswith("sainte-lague") else "dhondt"
    if system.startswith("national"):
        return _national(e, system, method, threshold)
    if system.startswith("regional"):
        return _regional(e, system, method, threshold)
    if not 0 <= constituency_share <= 1:
        raise ValueError(f"constituency share must be between 0 and 1, got {constituency_share}")
    return _ams(e, threshold, constituency_share)


def _unit_votes(e: Election, region: str | None = None) -> Mapping[str, int]:
    """Votes per list unit: regional list votes at Holyrood, constituency votes otherwise."""
    return e.pr_votes if region is None else e.pr_votes_by_region.get(region, {})


def _by_label(counts: Mapping[str, int], labels: Mapping[str, str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for u, n in counts.items():
        if n:
            label = labels.get(u, u)
            out[label] = out.get(label, 0) + n
    return out


def _sorted(seats: Mapping[str, int], votes: Mapping[str, int]) -> dict[str, int]:
    names = dict.fromkeys([*seats, *votes])
    return {p: seats.get(p, 0) for p in sorted(names, key=lambda p: (-seats.get(p, 0), -votes.get(p, 0), p))}


def _table(
    e: Election,
    system: str,
    seat_units: Mapping[str, int],
    vote_units: Mapping[str, int],
    below: int | None,
    **extra: Any,
) -> SeatTable:
    labels = e.labels
    votes = _by_label(vote_units, labels)
    seats = _sorted(_by_label(seat_units, labels), votes)
    measured = indices(_by_label(votes, INDEX_GROUPS), _by_label(seats, INDEX_GROUPS), below)
    return SeatTable(e.name, system, seats, votes, measured, **extra)


def _fptp(e: Election) -> SeatTable:
    won = Counter(k.winner.unit for k in e.constituencies)
    notes = e.notes
    if e.is_ams:
        notes = (*notes, "constituency seats only (73 of 129)")
    return _table(e, "fptp", won, e.national_constituency_votes, winners_below_half(e.constituencies), notes=notes)


def _regions(e: Election) -> dict[str, int]:
    """Region -> seats it holds now."""
    if e.is_list_pr:
        return dict(e.region_seats)
    seats: Counter[str] = Counter(k.region for k in e.constituencies)
    for r in e.list_votes:
        seats[r] += e.list_seats_per_region
    return dict(seats)


def _national(e: Election, system: str, method: str, threshold: Fraction | None) -> SeatTable:
    votes = _unit_votes(e)
    a = apportion(votes, e.seats, method, threshold=threshold, caps=e.list_caps)
    return _table(e, system, a.seats, votes, None, threshold=threshold, ties=a.ties, notes=_list_pr_notes(e))


def _list_pr_notes(e: Election) -> tuple[str, ...]:
    """A list-PR election's notes (what it leaves out) go with every table of it."""
    return e.notes if e.is_list_pr else ()


def _eligible(votes: Mapping[str, int], threshold: Fraction | None) -> set[str]:
    total = sum(votes.values())
    return {p for p, v in votes.items() if threshold is None or Fraction(v, total) >= threshold}


class NoListInRegion(ApportionmentError):
    """A threshold so high that no party reaches it in a region, nationally or there."""

    def __init__(self, region: str, threshold: Fraction) -> None:
        super().__init__(
            f"no party standing in {region} has {float(100 * threshold):g}% of the national vote or of "
            f"{region}'s, so its seats have no list to go to; choose a lower threshold"
        )


def _running(region: str, votes: Mapping[str, int], national: set[str], threshold: Fraction | None) -> dict[str, int]:
    """The lists that share a region's seats: those over the threshold nationally, and those over it
    in the region itself.

    A national threshold alone would shut out a party that stands in one region only, however
    strong there (in 1997 every party of Northern Ireland, leaving its 18 seats with no list; in
    2024, at 5%, the SNP with 30% of Scotland's vote). Real systems that pair a national threshold
    with regional seats let such a party in by its regional vote: Sweden, 4% nationally or 12% in the
    constituency (Vallagen 2005:837, ch. 14 s. 3); Germany and Poland exempt the lists of national
    minorities (Bundeswahlgesetz s. 6(3) before 2023, s. 4(2) since; Kodeks wyborczy art. 197 s. 2);
    none leaves a region's seats unfilled. The what-if applies the one threshold both ways, as
    Sweden's rule does with two. If still no list qualifies, :class:`NoListInRegion`.
    """
    if threshold is None:
        return {p: v for p, v in votes.items() if v}
    total = sum(votes.values())
    running = {p: v for p, v in votes.items() if v and (p in national or Fraction(v, total) >= threshold)}
    if not running:
        raise NoListInRegion(region, threshold)
    return running


def _regional(e: Election, system: str, method: str, threshold: Fraction | None) -> SeatTable:
    national = _unit_votes(e)
    eligible = _eligible(national, threshold)
    seats: Counter[str] = Counter()
    by_region: dict[str, dict[str, int]] = {}
    ties: list[TieBreak] = []
    for region, n in _regions(e).items():
        running = _running(region, _unit_votes(e, region), eligible, threshold)
        a = apportion(running, n, method, caps=e.list_caps)
        seats.update(a.seats)
        by_region[region] = {p: s for p, s in a.seats.items() if s}
        ties.extend(a.ties)
    return _table(
        e,
        system,
        seats,
        national,
        None,
        threshold=threshold,
        by_region=by_region,
        ties=tuple(ties),
        notes=_list_pr_notes(e),
    )


def _ams(e: Election, threshold: Fraction | None, share: Fraction) -> SeatTable:
    national = _unit_votes(e)
    eligible = _eligible(national, threshold)
    seats: Counter[str] = Counter()
    by_region: dict[str, dict[str, int]] = {}
    ties: list[TieBreak] = []
    notes: list[str] = []
    regions = _regions(e)
    below: int | None = None
    for region, n in regions.items():
        cons = [k for k in e.constituencies if k.region == region]
        won = Counter(k.winner.unit for k in cons)
        if e.is_ams:
            list_seats = e.list_seats_per_region
            constituency = dict(won)
        else:
            kept = int(share * n + Fraction(1, 2))  # round half up
            list_seats = n - kept
            scaled = apportion(dict(won), kept, "hare") if kept else None
            constituency = {p: s for p, s in (scaled.seats.items() if scaled else ()) if s}
            if scaled:
                ties.extend(scaled.ties)
        running = _running(region, _unit_votes(e, region), eligible, threshold)
        a = ams_region(running, {p: s for p, s in constituency.items() if p in running}, list_seats, caps=e.list_caps)
        ties.extend(a.ties)
        region_total = Counter(constituency)
        region_total.update(a.seats)
        seats.update(region_total)
        by_region[region] = {p: s for p, s in region_total.items() if s}
    if e.is_ams:
        below = winners_below_half(e.constituencies)
    else:
        notes.append(
            f"what-if: {share} of each region's seats kept as constituency seats (FPTP wins scaled), "
            "the rest AMS list seats by regional D'Hondt"
        )
    return _table(
        e, "ams", seats, national, below, threshold=threshold, by_region=by_region, ties=tuple(ties), notes=tuple(notes)
    )


def official_list_seats_reproduced(e: Election) -> dict[str, bool]:
    """AMS elections: region -> whether the statutory count gives the declared list seats."""
    out = {}
    table = analyse(e, "ams")
    for region, declared in e.official_list_seats.items():
        cons = Counter(k.winner.unit for k in e.constituencies if k.region == region)
        got = table.by_region[region]
        out[region] = all(got.get(p, 0) - cons.get(p, 0) == n for p, n in declared.items())
    return out
