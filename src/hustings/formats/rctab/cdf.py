"""NIST SP 1500-103 Common Data Format cast vote records, JSON or XML.

The file is a ``CastVoteRecordReport``.  The contest to count is the
``Election/Contest`` whose ``Name`` is ``contestId``; its
``ContestSelection`` elements name candidates through ``CandidateIds``
(the first one counts; ``Election/Candidate`` gives the ``Name`` used on
ballots, which the configuration must declare, directly or as an alias).
A selection with ``IsWriteIn`` true, or a ``SelectionPosition`` carrying a
``CVRWriteIn``, is an undeclared write-in; a candidate named
``overvoteLabel`` is an overvote without names.

Each ``CVR`` is one ballot, read from its current snapshot
(``CurrentSnapshotId``).  A selection's rank is on the
``CVRContestSelection`` or on each ``SelectionPosition``; positions with
``HasIndication`` ``no`` or ``IsAllocable`` ``no`` are ignored.  As in RCTab:

* JSON: every CVR must hold the contest;
* XML: a CVR without the contest is not a ballot of it, selections with
  ``Status`` ``needs-adjudication`` are ignored, every position must state
  ``IsAllocable``, and the report must have ``GpUnit``, ``CVR``, ``Election``,
  ``ReportGeneratingDeviceIds``, ``ReportingDevice`` and ``Party``.

Element names are matched without their namespace; in JSON an object's
``@id`` plays the part of XML's ``ObjectId``.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from lxml import etree

from hustings.count.profile import OVERVOTE, UNDECLARED_WRITE_IN
from hustings.formats.errors import FormatError
from hustings.formats.jsonload import read_json
from hustings.formats.limits import MAX_NUMBER_CHARS, shown
from hustings.formats.rctab.config import CvrSource, RctabConfig
from hustings.formats.rctab.records import Record


def read(source: CvrSource, config: RctabConfig) -> list[Record]:
    """Read one CDF file's ballots for the configured contest."""
    assert source.path is not None
    if str(source.path).endswith(".xml"):
        return _Xml(source).read()
    if str(source.path).endswith(".json"):
        return _Json(source).read()
    raise FormatError(source.shown, "a CDF file name ends in .json or .xml")


def _contest_not_found(source: CvrSource, names: list[str]) -> FormatError:
    known = ", ".join(repr(n) for n in names) or "none"
    return FormatError(
        source.shown,
        f"contest {source.contest_id!r} not found (contest names: {known})",
        field=f"{source.field_prefix}.contestId",
    )


def _unique(index: dict[str, Any], key: str, value: Any, what: str, shown: str | None) -> None:
    if key in index:
        raise FormatError(shown, f"{what} {key!r} appears more than once")
    index[key] = value


class _Json:
    def __init__(self, source: CvrSource) -> None:
        self.source = source
        self.shown = source.shown

    def fail(self, message: str) -> FormatError:
        return FormatError(self.shown, message)

    def read(self) -> list[Record]:
        assert self.source.path is not None
        report = read_json(self.source.path, shown=self.shown)
        try:
            return self._records(report)
        except (KeyError, TypeError, AttributeError) as exc:
            raise self.fail(f"not a CDF CastVoteRecordReport as RCTab reads it: missing or wrong {exc}") from None

    def _records(self, report: dict[str, Any]) -> list[Record]:
        """Every ``CVR``'s marks in the configured contest, with its precinct (``BallotStyleUnitId``),
        identifier (``BallotPrePrintedId``) and batch (``BatchSequenceId``)."""
        units: dict[str, Any] = {}
        for unit in report["GpUnit"]:
            _unique(units, unit["@id"], unit, "GpUnit", self.shown)
        contest, candidates = self._contest(report)
        name_of = self._selection_names(contest, candidates)
        records: list[Record] = []
        file_name = PurePosixPath(self.shown or "").name
        for cvr in report["CVR"]:
            marks = self._marks(self._current_contest(cvr, contest["@id"]), name_of)
            precinct = None
            unit_id = cvr.get("BallotStyleUnitId")
            if unit_id is not None and unit_id in units:
                precinct = units[unit_id].get("Name")
            cvr_id = cvr.get("BallotPrePrintedId") or f"{file_name}({len(records) + 1})"
            records.append(Record(tuple(marks), str(cvr_id), precinct, cvr.get("BatchSequenceId")))
        return records

    def _contest(self, report: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        """The ``Election/Contest`` named ``contestId``, and every election's candidates by ``@id``."""
        candidates: dict[str, Any] = {}
        contest: dict[str, Any] | None = None
        names: list[str] = []
        for election in report["Election"]:
            for candidate in election["Candidate"]:
                _unique(candidates, candidate["@id"], candidate, "Candidate", self.shown)
            names.extend(c["Name"] for c in election["Contest"])
            # As in RCTab: the first match within an election, the last election with a match.
            contest = next((c for c in election["Contest"] if c["Name"] == self.source.contest_id), contest)
        if contest is None:
            raise _contest_not_found(self.source, names)
        return contest, candidates

    def _selection_names(self, contest: dict[str, Any], candidates: dict[str, Any]) -> dict[str, str]:
        """The name each of the contest's ``ContestSelection`` stands for, by ``@id``."""
        selections: dict[str, Any] = {}
        for selection in contest["ContestSelection"]:
            _unique(selections, selection["@id"], selection, "ContestSelection", self.shown)
        return {sid: self._selection_name(sid, selection, candidates) for sid, selection in selections.items()}

    def _marks(self, cvr_contest: dict[str, Any], name_of: dict[str, str]) -> list[tuple[int, str]]:
        """A ballot's ``CVRContestSelection`` marks: ranked on the selection, or on each ``SelectionPosition``
        that has an indication and is allocable (a ``CVRWriteIn`` position is an undeclared write-in)."""
        marks: list[tuple[int, str]] = []
        for chosen in cvr_contest["CVRContestSelection"]:
            sid = chosen["ContestSelectionId"]
            if sid not in name_of:
                raise self.fail(f"ContestSelection {sid!r} of a CVR is not in the contest")
            name = name_of[sid]
            if "Rank" in chosen:
                marks.append((self._rank(chosen["Rank"]), name))
                continue
            for position in chosen["SelectionPosition"]:
                if "CVRWriteIn" in position:
                    name = UNDECLARED_WRITE_IN
                if position.get("HasIndication") == "no" or position.get("IsAllocable") == "no":
                    continue
                marks.append((self._rank(position.get("Rank")), name))
        return marks

    def _selection_name(self, sid: str, selection: dict[str, Any], candidates: dict[str, Any]) -> str:
        # RCTab compares IsWriteIn with the text "true" (a JSON boolean true does not match).
        if selection.get("IsWriteIn") == "true":
            return UNDECLARED_WRITE_IN
        ids = selection.get("CandidateIds")
        if not ids:
            raise self.fail(f"ContestSelection {sid!r} has no CandidateIds")
        candidate = candidates.get(ids[0])
        if candidate is None:
            raise self.fail(f"candidate {ids[0]!r} of ContestSelection {sid!r} is not in the candidate list")
        name: str = candidate["Name"]
        return OVERVOTE if name == self.source.overvote_label else name

    def _current_contest(self, cvr: dict[str, Any], contest_id: str) -> dict[str, Any]:
        current = cvr.get("CurrentSnapshotId")
        snapshot = next((s for s in cvr["CVRSnapshot"] if s.get("@id") == current), None)
        if snapshot is None:
            raise self.fail(f"CVR {cvr.get('BallotPrePrintedId', '')!r} has no snapshot {current!r}")
        if "CVRContest" not in snapshot:
            raise self.fail("a CVR's current snapshot has no CVRContest")
        for c in snapshot["CVRContest"]:
            if c["ContestId"] == contest_id:
                result: dict[str, Any] = c
                return result
        raise self.fail(
            f"CVR {cvr.get('BallotPrePrintedId', '')!r} does not hold contest {self.source.contest_id!r} "
            "(RCTab requires every CVR of a JSON file to hold it)"
        )

    def _rank(self, rank: Any) -> int:
        if not isinstance(rank, int) or isinstance(rank, bool):
            raise self.fail(f"rank {shown(str(rank))} is not a whole number")
        return rank


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _kids(element: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in element if _local(c) == name]


_REQUIRED_XML = ("CVR", "Election", "ReportGeneratingDeviceIds", "ReportingDevice", "Party")
"""Elements RCTab requires of an XML report, besides ``GpUnit``."""


def _cvr_contest(cvr: etree._Element, contest_id: str | None) -> etree._Element | None:
    """The ``CVRContest`` for the contest in a CVR's current snapshot (``CurrentSnapshotId``), if it holds one."""
    current = _value(cvr, "CurrentSnapshotId")
    snapshot = next((s for s in _kids(cvr, "CVRSnapshot") if s.get("ObjectId") == current), None)
    if snapshot is None:
        return None
    return next((c for c in _kids(snapshot, "CVRContest") if _value(c, "ContestId") == contest_id), None)


def _value(element: etree._Element, name: str) -> str | None:
    found = _kids(element, name)
    return None if not found else (found[0].text or "").strip()


class _Xml:
    def __init__(self, source: CvrSource) -> None:
        self.source = source
        self.shown = source.shown

    def fail(self, message: str, element: etree._Element | None = None) -> FormatError:
        line = element.sourceline if element is not None else None
        return FormatError(self.shown, message, line=line if isinstance(line, int) else None)

    def read(self) -> list[Record]:
        """Every ``CVR`` holding the configured contest: its marks, precinct (``BallotStyleUnitId``), identifier
        (``UniqueId``) and batch (``BatchSequenceId``)."""
        root = self._report()
        contest, candidates = self._contest(root)
        selections: dict[str, str] = {}
        for selection in _kids(contest, "ContestSelection"):
            sid = selection.get("ObjectId") or ""
            _unique(selections, sid, self._selection_name(sid, selection, candidates), "ContestSelection", self.shown)
        units: dict[str, str | None] = {}
        for unit in _kids(root, "GpUnit"):
            _unique(units, unit.get("ObjectId") or "", _value(unit, "Name"), "GpUnit", self.shown)
        contest_id = contest.get("ObjectId")
        records: list[Record] = []
        file_name = PurePosixPath(self.shown or "").name
        for number, cvr in enumerate(_kids(root, "CVR"), start=1):
            cvr_contest = _cvr_contest(cvr, contest_id)
            if cvr_contest is None:
                continue  # this ballot does not hold the contest
            marks = self._marks(cvr_contest, selections)
            precinct = self._precinct(cvr, units)
            cvr_id = _value(cvr, "UniqueId") or f"{file_name}({number})"
            records.append(Record(tuple(marks), cvr_id, precinct, _value(cvr, "BatchSequenceId")))
        return records

    def _report(self) -> etree._Element:
        """The ``CastVoteRecordReport``, parsed without entities or network, holding the elements RCTab
        requires."""
        assert self.source.path is not None
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        try:
            root = etree.parse(str(self.source.path), parser).getroot()
        except etree.XMLSyntaxError as exc:
            raise FormatError(self.shown, f"not valid XML: {exc.msg}", line=exc.lineno) from None
        if not _kids(root, "GpUnit"):
            raise self.fail("the report has no GpUnit (common with older, unsupported CDF exports)")
        missing = [n for n in _REQUIRED_XML if not _kids(root, n)]
        if missing:
            raise self.fail(f"required elements missing from the report: {', '.join(missing)}")
        return root

    def _contest(self, root: etree._Element) -> tuple[etree._Element, dict[str, etree._Element]]:
        """The ``Election/Contest`` named ``contestId``, and every election's candidates by ``ObjectId``."""
        contest: etree._Element | None = None
        names: list[str] = []
        candidates: dict[str, etree._Element] = {}
        for election in _kids(root, "Election"):
            contests = _kids(election, "Contest")
            names.extend(_value(c, "Name") or "" for c in contests)
            # As in RCTab: the first match within an election, the last election with a match.
            contest = next((c for c in contests if _value(c, "Name") == self.source.contest_id), contest)
            for candidate in _kids(election, "Candidate"):
                _unique(candidates, candidate.get("ObjectId") or "", candidate, "Candidate", self.shown)
        if contest is None:
            raise _contest_not_found(self.source, names)
        return contest, candidates

    def _marks(self, cvr_contest: etree._Element, selections: dict[str, str]) -> list[tuple[int, str]]:
        """A ballot's ``CVRContestSelection`` marks, skipping those whose ``Status`` is ``needs-adjudication``:
        ranked on the selection, or on each of its ``SelectionPosition``."""
        marks: list[tuple[int, str]] = []
        for chosen in _kids(cvr_contest, "CVRContestSelection"):
            if _value(chosen, "Status") == "needs-adjudication":
                continue
            chosen_id = _value(chosen, "ContestSelectionId")
            if chosen_id is None or chosen_id not in selections:
                raise self.fail(f"ContestSelection {chosen_id!r} of a CVR is not in the contest", chosen)
            rank = _value(chosen, "Rank")
            if rank is not None:
                marks.append((self._rank(rank, chosen), selections[chosen_id]))
            else:
                marks.extend(self._position_marks(chosen, selections[chosen_id]))
        return marks

    def _position_marks(self, chosen: etree._Element, name: str) -> list[tuple[int, str]]:
        """The ranks of a selection's ``SelectionPosition``: each must state ``IsAllocable`` and a ``Rank``
        unless it has no indication; one carrying a ``CVRWriteIn`` (and every later one) is a write-in."""
        marks: list[tuple[int, str]] = []
        for position in _kids(chosen, "SelectionPosition"):
            if _kids(position, "CVRWriteIn"):
                name = UNDECLARED_WRITE_IN
            if _value(position, "HasIndication") == "no":
                continue
            allocable = _value(position, "IsAllocable")
            if allocable is None:
                raise self.fail("a SelectionPosition does not say whether it IsAllocable", position)
            if allocable == "no":
                continue
            position_rank = _value(position, "Rank")
            if position_rank is None:
                raise self.fail("a SelectionPosition has no Rank", position)
            marks.append((self._rank(position_rank, position), name))
        return marks

    def _precinct(self, cvr: etree._Element, units: dict[str, str | None]) -> str | None:
        """The ``Name`` of the ``GpUnit`` a CVR's ``BallotStyleUnitId`` names, which must be in the report."""
        unit_id = _value(cvr, "BallotStyleUnitId")
        if unit_id is None:
            return None
        if unit_id not in units:
            raise self.fail(f"GpUnit {unit_id!r} of a CVR is not in the report", cvr)
        return units[unit_id]

    def _selection_name(self, sid: str, selection: etree._Element, candidates: dict[str, etree._Element]) -> str:
        if _value(selection, "IsWriteIn") == "true":
            return UNDECLARED_WRITE_IN
        ids = [c.text or "" for c in _kids(selection, "CandidateIds")]
        if not ids:
            raise self.fail(f"ContestSelection {sid!r} has no CandidateIds", selection)
        candidate = candidates.get(ids[0].strip())
        if candidate is None:
            raise self.fail(f"candidate {ids[0]!r} of ContestSelection {sid!r} is not in the report", selection)
        name = _value(candidate, "Name") or ""
        return OVERVOTE if name == self.source.overvote_label else name

    def _rank(self, text: str, element: etree._Element) -> int:
        try:
            if len(text) <= MAX_NUMBER_CHARS:
                return int(text)
        except ValueError:
            pass
        raise self.fail(f"rank {shown(text)} is not a whole number", element)
