"""Selectors of the public explorer (`/elections/`) and `GET /api/analysis/{election}`: the
elections `hustings analyse` knows, and one election under up to three systems side by side, each
with its seat table, indices, hemicycle and a summary in plain words.

Pure reads of the results shipped with `hustings.analysis` (no database). The analysis itself,
and the reading of each system's options, is `analysis.query`'s, shared with `hustings analyse`,
so the explorer shows the numbers the command line prints. A what-if is arithmetic on the votes
as cast, not a forecast; every page says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from hustings.analysis import charts
from hustings.analysis.elections import ELECTIONS, UnknownElection, load
from hustings.analysis.query import DEFAULT_SHARE_TEXT, QUERY_STRING, Query, QueryError, read, seat_table, to_json
from hustings.analysis.systems import SYSTEMS, SeatTable, systems_for
from hustings.count.apportion import ApportionmentError

__all__ = [
    "ELECTIONS",
    "SYSTEMS",
    "Panel",
    "Query",
    "QueryError",
    "UnknownElection",
    "analysis_json",
    "compare",
    "elections",
    "systems_for",
]

SYSTEM_NAMES = {
    "fptp": "first past the post",
    "national-dhondt": "national D'Hondt",
    "national-sainte-lague": "national Sainte-Laguë",
    "regional-dhondt": "regional D'Hondt",
    "regional-sainte-lague": "regional Sainte-Laguë",
    "ams": "the additional member system",
}
"""Each system as a sentence names it."""

SYSTEM_HELP = {
    "fptp": "One member per constituency: whoever has the most votes wins.",
    "national-dhondt": "One nationwide list: seats in proportion to national votes, by D'Hondt.",
    "national-sainte-lague": "One nationwide list: seats in proportion to national votes, by Sainte-Laguë.",
    "regional-dhondt": "A list in each region (nine English regions, Scotland, Wales, Northern Ireland), by D'Hondt.",
    "regional-sainte-lague": "A list in each region, by Sainte-Laguë.",
    "ams": "Constituency members topped up by regional list members so that each region's seats follow its votes.",
}

LIST_PR_HELP = {
    "regional-dhondt": "A list in each of Great Britain's eleven regions, by D'Hondt: how these members were elected.",
    "regional-sainte-lague": "A list in each of Great Britain's eleven regions, by Sainte-Laguë.",
}
"""The help of a regional system for a European Parliament election (no Northern Ireland list)."""

PARTY_NAMES = {
    "Conservative": "the Conservatives",
    "CON": "the Conservatives",
    "Labour": "Labour",
    "LAB": "Labour",
    "Liberal Democrat": "the Liberal Democrats",
    "LD": "the Liberal Democrats",
    "Scottish National Party": "the SNP",
    "SNP": "the SNP",
    "Green Party": "the Greens",
    "Scottish Green Party": "the Scottish Greens",
    "UK Independence Party": "UKIP",
    "The Brexit Party": "the Brexit Party",
    "Plaid Cymru": "Plaid Cymru",
    "Independent": "independents",
}
"""Party labels as a sentence names them (others as labelled)."""


DEFAULT_SHARE = Fraction(DEFAULT_SHARE_TEXT)


def elections() -> list[tuple[str, str]]:
    """(name, title) of every election the explorer and `hustings analyse` know, in order."""
    return list(ELECTIONS.items())


def analysis_json(
    election: str, system: str, threshold: str | None = None, constituency_share: str | None = None
) -> str:
    """Exactly what `hustings analyse ELECTION --system SYSTEM ... --format json` prints (no newline).

    Raises :class:`QueryError` for options that cannot be read, ``UnknownElection`` for an election
    Hustings has no data for."""
    query = read(election, system, threshold, constituency_share, QUERY_STRING)
    return to_json(_seat_table(query))


def _seat_table(query: Query) -> SeatTable:
    """The seat table, or :class:`QueryError` with the message `hustings analyse` gives when the
    options leave seats no party can take (a threshold no list in some region reaches)."""
    try:
        return seat_table(query)
    except ApportionmentError as exc:
        raise QueryError(str(exc)) from None


def declared_system(election: str) -> str:
    """The system the election was held under (Holyrood: AMS; the Commons: first past the post;
    the European Parliament: D'Hondt in each region)."""
    e = load(election)
    if e.is_list_pr:
        return "regional-dhondt"
    return "ams" if e.is_ams else "fptp"


@dataclass(frozen=True)
class Row:
    party: str
    colour: str
    votes: int
    votes_pct: float
    seats: int
    seats_pct: float
    change: int | None
    """Seats gained (+) or lost (-) against the declared result; None on the declared result itself."""


@dataclass(frozen=True)
class Panel:
    """One system's column of the comparison."""

    query: Query
    table: SeatTable
    title: str
    help: str
    rows: tuple[Row, ...]
    others: Row | None
    summary: tuple[str, ...]
    svg: str

    @property
    def share_note(self) -> str:
        """For an AMS what-if on a general election, the share of seats kept as constituency seats."""
        if self.query.system != "ams" or load(self.query.election).is_ams:
            return ""
        share = self.query.constituency_share
        kept = f"{share.numerator}/{share.denominator}" if share.denominator != 1 else str(share.numerator)
        return f"{kept} of each region's seats kept as constituency seats."


def system_title(query: Query) -> str:
    words = SYSTEM_NAMES[query.system]
    if query.threshold is not None:
        words += f" with a {float(100 * query.threshold):g}% threshold"
    return words


def party_words(party: str) -> str:
    return PARTY_NAMES.get(party, party)


def compare(election: str, queries: Sequence[Query]) -> list[Panel]:
    """One panel per query, each measured against the declared result."""
    load(election)  # UnknownElection before any work
    declared = seat_table(read(election, declared_system(election)))
    return [_panel(_seat_table(q), q, declared) for q in queries]


def _rows(table: SeatTable, declared: SeatTable | None) -> tuple[list[Row], Row | None]:
    """Parties with a seat or at least 0.5% of the votes (here or in the declared result), the rest summed."""
    votes_total = sum(table.votes.values()) or 1
    seats_total = table.total_seats or 1
    rows: list[Row] = []
    small: list[str] = []
    for i, (party, seats) in enumerate(table.seats.items()):
        v = table.votes.get(party, 0)
        before = None if declared is None else declared.seats.get(party, 0)
        if not seats and not before and 1000 * v < 5 * votes_total:
            small.append(party)
            continue
        change = None if before is None else seats - before
        rows.append(
            Row(party, charts.colour(party, i), v, 100 * v / votes_total, seats, 100 * seats / seats_total, change)
        )
    others = None
    if small:
        v = sum(table.votes.get(p, 0) for p in small)
        label = f"{len(small)} other{'s' if len(small) != 1 else ''}"
        others = Row(label, "#c0c0c0", v, 100 * v / votes_total, 0, 0.0, None if declared is None else 0)
    return rows, others


def _panel(table: SeatTable, query: Query, declared: SeatTable) -> Panel:
    is_declared = query.system == declared.system and query.threshold is None
    rows, others = _rows(table, None if is_declared else declared)
    title = system_title(query)
    return Panel(
        query=query,
        table=table,
        title=title[0].upper() + title[1:],
        help=_help(query),
        rows=tuple(rows),
        others=others,
        summary=tuple(summary(table, query, declared, is_declared)),
        svg=charts.hemicycle_svg(table, f"{ELECTIONS[table.election]}: {title}"),
    )


def _help(query: Query) -> str:
    if load(query.election).is_list_pr and query.system in LIST_PR_HELP:
        return LIST_PR_HELP[query.system]
    return SYSTEM_HELP[query.system]


def majority(table: SeatTable) -> str:
    """Whether one party alone would have held more than half the seats, in words."""
    total = table.total_seats
    needed = total // 2 + 1
    party, seats = next(iter(table.seats.items()), ("", 0))
    name = party_words(party)
    if seats >= needed:
        return f"{name[:1].upper()}{name[1:]} would have had a majority: {seats} of {total} seats ({needed} needed)."
    return (
        f"No party would have had a majority: the largest, {name}, would have had {seats} of {total} seats "
        f"({needed} needed)."
    )


def summary(table: SeatTable, query: Query, declared: SeatTable, is_declared: bool) -> list[str]:
    """The panel in plain words: the largest parties' seats against the declared result, and
    whether anyone would govern alone."""
    votes_total = sum(table.votes.values()) or 1
    if is_declared:
        party, seats = next(iter(table.seats.items()), ("", 0))
        share = 100 * Fraction(table.votes.get(party, 0), votes_total)
        lines = [
            f"This is the result as declared: {party_words(party)} won {seats} of {table.total_seats} seats "
            f"with {float(share):.1f}% of the votes."
        ]
        if table.system == "fptp" and table.election.startswith("sp"):
            lines[0] = (
                f"The constituency seats alone: {party_words(party)} won {seats} of {table.total_seats} "
                "constituencies; the list seats are added under the additional member system."
            )
        return lines
    under = f"Under {system_title(query)}"
    changes = []
    for party in list(declared.seats)[:4]:
        before, after = declared.seats.get(party, 0), table.seats.get(party, 0)
        if before != after:
            changes.append(f"{party_words(party)} would have had {after} seats instead of {before}")
    lines = [
        f"{under}, {_join(changes)}." if changes else f"{under}, the largest parties would have had the same seats."
    ]
    lines.append(majority(table))
    return lines


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


@dataclass(frozen=True)
class NarrowWin:
    constituency: str
    member: str
    party: str
    share: float


def below_half(election: str) -> list[NarrowWin]:
    """The constituency members elected on under half of their seat's valid votes, narrowest first."""
    e = load(election)
    wins = [
        NarrowWin(k.name, k.winner.name, k.winner.party, 100 * k.winner.votes / k.valid_votes)
        for k in e.constituencies
        if 2 * k.winner.votes < k.valid_votes
    ]
    return sorted(wins, key=lambda w: (w.share, w.constituency))


def read_query(
    election: str, system: str, threshold: str | None = None, constituency_share: str | None = None
) -> Query:
    """One panel's options as the query string gives them; :class:`QueryError` if they cannot be read."""
    return read(election, system, threshold, constituency_share, QUERY_STRING)


def table_for(query: Query) -> SeatTable:
    return seat_table(query)


def hemicycle_svg(query: Query) -> str:
    table = _seat_table(query)
    return charts.hemicycle_svg(table, f"{ELECTIONS[table.election]}: {system_title(query)}")


def hemicycle_png(query: Query) -> bytes:
    return charts.hemicycle_png(_seat_table(query))
