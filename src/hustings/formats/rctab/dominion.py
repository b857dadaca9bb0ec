"""Dominion cast vote records: a folder of JSON manifests and CVR exports.

``filePath`` names the folder.  It holds ``ContestManifest.json`` (contests:
``Id``, ``Description``, ``NumOfRanks``), ``CandidateManifest.json``
(candidates: ``Id``, ``Description``, ``ContestId``),
``PrecinctPortionManifest.json``, optionally ``PrecinctManifest.json``, and
the ballots in ``CvrExport.json`` or in ``CvrExport_N.json`` files (read in
order of their names, as RCTab does).  Each session's ``Original`` record is
used when it ``IsCurrent``, otherwise its ``Modified`` (adjudicated) record;
a session with neither is skipped.  Within a record (or each of its
``Cards``), the contest whose ``Id`` is ``contestId`` is one ballot, unless
its ``OutstackConditionIds`` contain 7 (excluded from results); ``Marks``
give ``Rank`` and ``CandidateId``, ambiguous marks are ignored.

Candidates appear in ballots by their Dominion ``Id``: the configuration
names them with that id as an alias (RCTab's ``code``);
``undeclaredWriteInLabel`` is the id of the write-in candidate.  Ranks must
not exceed the contest's ``NumOfRanks`` (nor ``maxRankingsAllowed``).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

from hustings.count.profile import UNDECLARED_WRITE_IN
from hustings.formats.errors import FormatError
from hustings.formats.jsonload import read_json
from hustings.formats.rctab.config import CvrSource, RctabConfig
from hustings.formats.rctab.records import Record

_EXPORT = re.compile(r"CvrExport_\d+\.json")
_EXCLUDED_FROM_RESULTS = 7


def _load(path: Path) -> Any:
    if not path.is_file():
        raise FormatError(str(path), "Dominion export file missing")
    return read_json(path)


def _listing(path: Path, keys: tuple[str, ...]) -> list[dict[str, Any]]:
    data = _load(path)
    items = data.get("List") if isinstance(data, dict) else None
    if not isinstance(items, list) or not all(isinstance(i, dict) and all(k in i for k in keys) for i in items):
        raise FormatError(str(path), f'expected a "List" of objects with {", ".join(keys)}')
    return items


class Manifests:
    """The manifest data one Dominion folder describes."""

    def __init__(self, folder: Path, contest_id: str) -> None:
        precinct_file = folder / "PrecinctManifest.json"
        self.precincts: dict[int, str] | None = None
        if precinct_file.exists():
            self.precincts = {p["Id"]: p["Description"] for p in _listing(precinct_file, ("Id", "Description"))}
        portions = _listing(folder / "PrecinctPortionManifest.json", ("Id", "Description"))
        self.portions = {p["Id"]: p["Description"] for p in portions}
        contests = _listing(folder / "ContestManifest.json", ("Id", "Description", "NumOfRanks"))
        self.contests = {str(c["Id"]): c for c in contests}
        candidates = _listing(folder / "CandidateManifest.json", ("Id", "Description", "ContestId"))
        self.candidate_codes = {str(c["Id"]): c["Description"] for c in candidates if str(c["ContestId"]) == contest_id}
        self.set_aside: Counter[str] = Counter()
        """Records RCTab leaves out, by reason."""


def read(source: CvrSource, config: RctabConfig) -> tuple[list[Record], Manifests]:
    """Read one Dominion folder's ballots for the configured contest, and its manifests."""
    assert source.path is not None and source.contest_id is not None
    folder = source.path
    shown = source.shown
    if not folder.is_dir():
        raise FormatError(shown, "a Dominion source is a folder of JSON export files")
    contest_id = source.contest_id
    manifests = Manifests(folder, contest_id)
    if contest_id not in manifests.contests:
        known = ", ".join(sorted(manifests.contests))
        raise FormatError(
            shown,
            f"contest {contest_id!r} is not in ContestManifest.json (contests: {known})",
            field=f"{source.field_prefix}.contestId",
        )
    single = folder / "CvrExport.json"
    if single.exists():
        exports = [single]
    else:
        exports = sorted((p for p in folder.iterdir() if _EXPORT.fullmatch(p.name)), key=lambda p: str(p.absolute()))
        if not exports:
            raise FormatError(shown, "no CvrExport.json or CvrExport_N.json file in the folder")
    records: list[Record] = []
    for export in exports:
        try:
            _read_export(export, manifests, source, records)
        except (KeyError, TypeError, AttributeError, ValueError) as exc:
            if isinstance(exc, FormatError):
                raise
            raise FormatError(str(export), f"unexpected Dominion CVR structure: {exc!r}") from None
    if not records:
        raise FormatError(shown, f"no cast vote record for contest {contest_id!r}")
    return records, manifests


def _read_export(export: Path, manifests: Manifests, source: CvrSource, records: list[Record]) -> None:
    """One ``CvrExport*.json``: every session's current version (its adjudicated ``Modified`` version when the
    ``Original`` is not current), each card's marks in the ``contestId`` contest."""
    data = _load(export)
    contest_id = source.contest_id
    for session in data["Sessions"]:
        tabulator, batch, record_id = str(session["TabulatorId"]), str(session["BatchId"]), session["RecordId"]
        current = _current_version(session, manifests)
        if current is None:
            continue
        precinct = _precinct(current, manifests, export)
        for card in current.get("Cards", [current]):
            for contest in card["Contests"]:
                if str(contest["Id"]) != contest_id:
                    continue
                if _EXCLUDED_FROM_RESULTS in contest["OutstackConditionIds"]:
                    manifests.set_aside["outstack condition 7: excluded from results (Dominion)"] += 1
                    continue
                marks = _marks(contest, source, record_id, export)
                cvr_id = "-".join(s for s in (tabulator, batch, str(record_id)) if s.strip())
                records.append(Record(tuple(marks), cvr_id, precinct, batch, contest_id))


def _current_version(session: dict[str, Any], manifests: Manifests) -> dict[str, Any] | None:
    """A session's ``Original`` when ``IsCurrent``, else its ``Modified`` version; None (set aside) when it
    was never adjudicated."""
    current: dict[str, Any] = session["Original"]
    if current["IsCurrent"]:
        return current
    if "Modified" not in session:
        # RCTab skips a ballot with no adjudicated version, with a warning.
        manifests.set_aside["not current and never adjudicated (Dominion)"] += 1
        return None
    modified: dict[str, Any] = session["Modified"]
    return modified


def _precinct(current: dict[str, Any], manifests: Manifests, export: Path) -> str | None:
    """The precinct named by a ballot's ``PrecinctId``, which (as its ``PrecinctPortionId``) must be in the
    manifests."""
    precinct_id: Any = current.get("PrecinctId")
    if precinct_id is not None and (manifests.precincts is None or precinct_id not in manifests.precincts):
        raise FormatError(str(export), f"precinct {precinct_id} is not in PrecinctManifest.json")
    precinct = manifests.precincts.get(precinct_id) if manifests.precincts is not None else None
    portion_id = current.get("PrecinctPortionId")
    if portion_id is not None and portion_id not in manifests.portions:
        raise FormatError(str(export), f"precinct portion {portion_id} is not in PrecinctPortionManifest.json")
    return precinct


def _marks(contest: dict[str, Any], source: CvrSource, record_id: Any, export: Path) -> list[tuple[int, str]]:
    """A contest's unambiguous ``Marks``: each ``CandidateId`` at its ``Rank`` (a whole number); the
    ``undeclaredWriteInLabel`` code is an undeclared write-in."""
    marks: list[tuple[int, str]] = []
    for mark in contest["Marks"]:
        if mark["IsAmbiguous"]:
            continue
        code = str(mark["CandidateId"])
        if code == source.undeclared_write_in_label:
            code = UNDECLARED_WRITE_IN
        rank = mark["Rank"]
        if not isinstance(rank, int) or isinstance(rank, bool):
            raise FormatError(str(export), f"rank {rank!r} of record {record_id} is not a number")
        marks.append((rank, code))
    return marks
