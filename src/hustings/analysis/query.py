"""One analysis asked for in words: ``ge2017``, ``regional-dhondt``, ``5%``, ``3/5``.

The one place where the text a person gives (`hustings analyse`'s arguments, the explorer's
query string, ``GET /api/analysis/{election}``) is checked and turned into a :class:`SeatTable`,
and the one place its JSON is written, so that the command line and the web give the same
answer, byte for byte, and refuse the same input with the same message (naming each field as the
caller's user knows it: ``--threshold`` on the command line, ``threshold`` on the web).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from fractions import Fraction

from hustings.analysis.systems import SYSTEMS, SeatTable, SystemNotOffered, UnknownSystem, analyse, systems_for
from hustings.formats.shares import ShareError, parse_threshold, parse_unit_share

DEFAULT_SHARE_TEXT = "3/5"


class QueryError(ValueError):
    """An analysis asked for with text that cannot be read; ``str()`` is the one-line message."""


@dataclass(frozen=True)
class FieldNames:
    """What the caller's user calls the two options."""

    threshold: str = "--threshold"
    constituency_share: str = "--constituency-share"


COMMAND_LINE = FieldNames()
QUERY_STRING = FieldNames("threshold", "constituency_share")


@dataclass(frozen=True)
class Query:
    """An analysis asked for, its options read; the election is loaded only by :func:`seat_table`."""

    election: str
    system: str
    threshold: Fraction | None
    constituency_share: Fraction


def read(
    election: str,
    system: str,
    threshold: str | None = None,
    constituency_share: str | None = None,
    names: FieldNames = COMMAND_LINE,
) -> Query:
    """The options as given, checked; :class:`QueryError` names the first one that cannot be read."""
    if system not in SYSTEMS:
        raise QueryError(str(UnknownSystem(system)))
    if system not in systems_for(election):
        raise QueryError(str(SystemNotOffered(election, system)))
    try:
        share_of_votes = parse_threshold(threshold, names.threshold)
        if share_of_votes is not None and system == "fptp":
            raise QueryError(f"{names.threshold} does not apply to fptp")
        share = parse_unit_share(
            DEFAULT_SHARE_TEXT if constituency_share is None else constituency_share, names.constituency_share
        )
    except ShareError as exc:
        raise QueryError(str(exc)) from None
    return Query(election, system, share_of_votes, share)


def seat_table(query: Query) -> SeatTable:
    """The seat table asked for; ``UnknownElection`` for an election Hustings has no data for."""
    return analyse(query.election, query.system, threshold=query.threshold, constituency_share=query.constituency_share)


def to_json(table: SeatTable) -> str:
    """The JSON of `hustings analyse --format json` (one line, no final newline)."""
    return json.dumps(table.to_dict(), ensure_ascii=False)
