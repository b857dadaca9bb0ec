"""The UK elections Hustings ships, read from package data.

Data quirks and the decisions taken (see ``data/README.md`` for provenance):

* **Party labels.** The House of Commons Library's ``Main party name``, with
  HTML entities decoded (``Social Democratic &amp; Labour Party``).  Labour
  Co-operative candidates (adjunct party "Co-operative") count as Labour, as
  every official seat table counts them.  "Green Party" and "Scottish Green
  Party" stay separate parties, as the source has them.
* **Speaker and independents.** Their party name is empty in the source.  The
  Speaker is labelled ``Speaker``; every independent ``Independent``.  Seat
  tables and indices pool independents under that one label (as the official
  tables do); but for list PR each independent (and the Speaker) stands as a
  list of one, capped at one seat, since independents do not pool votes.
* **1997-2005** come from the Commons Library's long table, where "Other" is
  the *sum* of all minor candidates in a seat.  Seats whose winner is "Other"
  stay "Other" (2001 Wyre Forest; 2005 Wyre Forest, Blaenau Gwent, Bethnal
  Green & Bow).  Under list PR each seat's "Other" is a list of one.  Two
  labels in 1997 are swapped in the source (Tatton's Martin Bell is labelled
  "Speaker"; the Speaker's own seat, West Bromwich West, is only "Other"):
  :data:`LONG_TABLE_CORRECTIONS` relabels them.  1997 combines SNP and Plaid
  Cymru as "PC/SNP", kept as ``SNP/Plaid Cymru``.
* **Regions** for regional PR are the nine English regions plus Scotland,
  Wales and Northern Ireland.
* **Scottish Parliament** party codes are as the source has them (2007
  abbreviations, 2011 names; 2016 uses the 2011 names, converted from the
  sources' abbreviations); individual list candidates are lists of one (in
  2016 each region's ``Independent`` list).
* **European Parliament 2019** (Great Britain only): list PR, D'Hondt in each
  of the eleven GB regions, no constituencies.  Each independent candidate is
  a list of one.  Northern Ireland (three seats by STV) is left out: its
  transfers are not list votes.
"""

from __future__ import annotations

import csv
import gzip
import html
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from operator import itemgetter
from typing import NamedTuple

from hustings.formats.errors import FormatError


class UnknownElection(FormatError):
    """An election name Hustings has no data for."""

    def __init__(self, name: str) -> None:
        super().__init__(None, f"unknown election {name!r}; known elections: {', '.join(ELECTIONS)}")

    def __str__(self) -> str:
        return self.message


class Candidate(NamedTuple):
    """One candidate's result (a named tuple: thousands are built per election)."""

    name: str
    party: str
    """The party label seat tables use (``Independent``, ``Speaker``, ``Other`` included)."""
    votes: int
    unit: str
    """The list this candidate's votes count for under list PR: the party, or the candidate alone."""
    elected: bool = False


@dataclass(frozen=True)
class Constituency:
    code: str
    name: str
    nation: str
    region: str
    candidates: tuple[Candidate, ...]
    valid_votes: int

    @cached_property
    def winner(self) -> Candidate:
        declared = [c for c in self.candidates if c.elected]
        if declared:
            return declared[0]
        return max(self.candidates, key=lambda c: c.votes)


@dataclass(frozen=True)
class Election:
    """One election: its constituency contests and, for AMS, its regional list votes."""

    name: str
    title: str
    constituencies: tuple[Constituency, ...]
    list_votes: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    """AMS only: region -> list -> regional (second) votes."""
    list_seats_per_region: int = 0
    official_list_seats: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    """AMS only: region -> list -> list seats as declared."""
    individual_lists: frozenset[str] = frozenset()
    """AMS only: regional lists that are a single individual candidate."""
    notes: tuple[str, ...] = ()
    region_seats: Mapping[str, int] = field(default_factory=dict)
    """List PR only (no constituencies): region -> seats it elects."""
    list_labels: Mapping[str, str] = field(default_factory=dict)
    """List PR only: list unit -> party label (an independent's ``Independent: name (region)`` -> ``Independent``)."""

    @cached_property
    def labels(self) -> dict[str, str]:
        """List unit -> party label (an independent's unit -> ``Independent``)."""
        out = {c.unit: c.party for k in self.constituencies for c in k.candidates}
        out.update(self.list_labels)
        for region in self.list_votes.values():
            for p in region:
                out.setdefault(p, p)
        return out

    @cached_property
    def single_lists(self) -> frozenset[str]:
        """Units that are one candidate, so can win at most one list seat."""
        return frozenset(u for u, label in self.labels.items() if label != u) | self.individual_lists

    @cached_property
    def constituency_votes(self) -> dict[str, dict[str, int]]:
        """Region -> list unit -> constituency votes."""
        out: dict[str, dict[str, int]] = {}
        for k in self.constituencies:
            region = out.setdefault(k.region, {})
            for c in k.candidates:
                region[c.unit] = region.get(c.unit, 0) + c.votes
        return out

    @cached_property
    def list_caps(self) -> dict[str, int]:
        """Seat limits under list PR: one for each list of one candidate."""
        return dict.fromkeys(self.single_lists, 1)

    @cached_property
    def pr_votes_by_region(self) -> dict[str, dict[str, int]]:
        """Region -> list unit -> the votes list PR counts: regional list votes if any, else constituency votes."""
        return {r: dict(v) for r, v in (self.list_votes or self.constituency_votes).items()}

    @cached_property
    def pr_votes(self) -> dict[str, int]:
        """List unit -> the votes list PR counts, nationwide."""
        out: dict[str, int] = {}
        for votes in self.pr_votes_by_region.values():
            for u, n in votes.items():
                out[u] = out.get(u, 0) + n
        return out

    @cached_property
    def national_constituency_votes(self) -> dict[str, int]:
        """List unit -> constituency votes, nationwide."""
        out: dict[str, int] = {}
        for votes in self.constituency_votes.values():
            for u, n in votes.items():
                out[u] = out.get(u, 0) + n
        return out

    @property
    def is_list_pr(self) -> bool:
        """Held by list PR alone, region by region (no constituencies)."""
        return bool(self.region_seats)

    @property
    def is_ams(self) -> bool:
        return bool(self.list_votes) and not self.is_list_pr

    @property
    def seats(self) -> int:
        if self.is_list_pr:
            return sum(self.region_seats.values())
        return len(self.constituencies) + self.list_seats_per_region * len(self.list_votes)


_GE_FILES = {2010: "ge2010", 2015: "ge2015", 2017: "ge2017", 2019: "ge2019", 2024: "ge2024"}
_LONG_DATES = {1997: "1997-05-01", 2001: "2001-06-07", 2005: "2005-05-05"}

ELECTIONS: dict[str, str] = {
    "ge1997": "UK general election, 1 May 1997",
    "ge2001": "UK general election, 7 June 2001",
    "ge2005": "UK general election, 5 May 2005",
    "ge2010": "UK general election, 6 May 2010",
    "ge2015": "UK general election, 7 May 2015",
    "ge2017": "UK general election, 8 June 2017",
    "ge2019": "UK general election, 12 December 2019",
    "ge2024": "UK general election, 4 July 2024",
    "sp2007": "Scottish Parliament election, 3 May 2007",
    "sp2011": "Scottish Parliament election, 5 May 2011",
    "sp2016": "Scottish Parliament election, 5 May 2016",
    "ep2019": "European Parliament election in Great Britain, 23 May 2019",
}
"""Election name -> title."""

LONG_TABLE_LABELS = {
    "Conservative Party": "Conservative",
    "Liberal Democrats": "Liberal Democrat",
    "SNP": "Scottish National Party",
    "PC/SNP": "SNP/Plaid Cymru",
    "Sinn Fein": "Sinn Féin",
    "SF": "Sinn Féin",
    "UU": "Ulster Unionist Party",
    "UUP": "Ulster Unionist Party",
    "SDLP": "Social Democratic & Labour Party",
    "DUP": "Democratic Unionist Party",
    "UKUP": "UK Unionist Party",
    "UKIP": "UK Independence Party",
    "Green": "Green Party",
}
"""Long-table party labels -> the candidate files' names, so all years read alike."""

LONG_TABLE_CORRECTIONS = {
    ("1997-05-01", "TATTON", "Speaker"): "Independent",
    ("1997-05-01", "WEST BROMWICH WEST", "Other"): "Speaker",
}
"""(date, constituency, source label) -> label: the 1997 swap described above."""

SP_INDIVIDUALS = {
    2007: frozenset({"IND_0", "IND_1", "IND_2", "IND_3"}),
    2011: frozenset(
        {"Brown", "Cox", "Henderson", "Hogg", "Johnstone", "MacDonald", "McBride", "O'Donnell", "O'Neill"}
        | {"Rodger", "Vassie"}
    ),
    2016: frozenset({"Independent"}),
}
"""Regional-list entries that are individual candidates, not parties (source names)."""

EP_REGION_SEATS = {
    2019: {
        "South East": 10,
        "London": 8,
        "North West": 8,
        "East of England": 7,
        "West Midlands": 7,
        "South West": 6,
        "Yorkshire and The Humber": 6,
        "Scotland": 6,
        "East Midlands": 5,
        "Wales": 4,
        "North East": 3,
    },
}
"""European Parliament elections: the seats each Great Britain region elected (70 in all in 2019)."""

EP_NOTES = ("Great Britain only: Northern Ireland's 3 seats, elected by STV, are not included",)

_SINGLE = ("Independent", "Speaker", "Other")


def load(name: str) -> Election:
    """The election called ``name`` (``ge1997`` ... ``ge2024``, ``sp2007`` ... ``sp2016``, ``ep2019``)."""
    key = name.strip().lower()
    if key not in ELECTIONS:
        raise UnknownElection(name)
    return _load(key)


@cache
def _load(key: str) -> Election:
    year = int(key[2:])
    if key.startswith("sp"):
        return _scottish(key, year)
    if key.startswith("ep"):
        text = _read_text(f"{key}_regional_list.csv")
        return read_list_table(text, key, ELECTIONS[key], EP_REGION_SEATS[year], notes=EP_NOTES)
    if year in _GE_FILES:
        text = _read_text(f"{_GE_FILES[year]}_candidates.csv.gz")
        return read_candidate_csv(text, key, ELECTIONS[key])
    return read_long_table(_long_table_text(), _LONG_DATES[year], key, ELECTIONS[key])


@cache
def _long_table_text() -> str:
    return _read_text("ge1997_2005_long.tsv.gz")


def _read_text(filename: str) -> str:
    data = resources.files("hustings.analysis").joinpath("data", filename).read_bytes()
    if filename.endswith(".gz"):
        data = gzip.decompress(data)
    return data.decode("utf-8")


def _unit(label: str, who: str, seat: str) -> str:
    return f"{label}: {who} ({seat})" if label in _SINGLE else label


_GE_COLUMNS = (
    "Constituency geographic code",
    "Constituency name",
    "Country name",
    "English region name",
    "Election valid vote count",
    "Candidate given name",
    "Candidate family name",
    "Main party name",
    "Candidate is standing as Commons Speaker",
    "Candidate is standing as independent",
    "Candidate vote count",
    "Candidate result position",
)


def read_candidate_csv(text: str, name: str, title: str) -> Election:
    """Read the Commons Library candidate-level CSV (the full export, or its column subset)."""
    rows = csv.reader(io.StringIO(text))
    header = next(rows, [])
    missing = [c for c in _GE_COLUMNS if c not in header]
    if missing:
        raise FormatError(name, f"not a candidate-level results file: no column {missing[0]!r}", line=1)
    pick = itemgetter(*(header.index(c) for c in _GE_COLUMNS))
    seats: dict[str, list[Candidate]] = {}
    info: dict[str, tuple[str, str, str, int]] = {}
    for i, row in enumerate(rows, start=2):
        try:
            code, seat, nation, region, valid, given, family, party, speaker, independent, votes, position = pick(row)
            n = int(votes)
            valid_votes = int(valid)
        except (IndexError, ValueError) as exc:
            raise FormatError(name, f"unreadable candidate row: {exc}", line=i) from exc
        if n < 0:
            raise FormatError(name, f"negative votes for {given} {family}", line=i)
        if speaker == "true":
            label = "Speaker"
        elif independent == "true" or not party:
            label = "Independent"
        else:
            label = html.unescape(party).strip()
        who = f"{given} {family}".strip()
        seats.setdefault(code, []).append(Candidate(who, label, n, _unit(label, who, seat), position == "1"))
        info[code] = (seat, nation, region or nation, valid_votes)
    return Election(name, title, _constituencies(seats, info))


def _constituencies(
    seats: Mapping[str, list[Candidate]], info: Mapping[str, tuple[str, str, str, int]]
) -> tuple[Constituency, ...]:
    out = []
    for code, cands in seats.items():
        seat, nation, region, valid = info[code]
        cands.sort(key=lambda c: -c.votes)
        out.append(Constituency(code, seat, nation, region, tuple(cands), valid))
    return tuple(out)


def read_long_table(text: str, date: str, name: str, title: str) -> Election:
    """Read one election from the Commons Library long table (CBP-8647 via ``uk-politics``)."""
    seats: dict[str, list[Candidate]] = {}
    info: dict[str, tuple[str, str, str, int]] = {}
    lines = text.splitlines()
    if not lines or lines[0].split("\t") != ["location", "date", "party", "votes"]:
        raise FormatError(name, "not the long table: header must be location, date, party, votes", line=1)
    for i, line in enumerate(lines[1:], start=2):
        location, when, raw, count = line.split("\t")
        if when != date:
            continue
        parts = location.split("|")
        if len(parts) != 6:
            raise FormatError(name, f"location {location!r} is not id|name|county|region|country|electorate", line=i)
        code, seat, _county, region, nation, _electorate = parts
        label = LONG_TABLE_CORRECTIONS.get((date, seat, raw)) or LONG_TABLE_LABELS.get(raw, raw)
        votes = int(count or 0)
        seats.setdefault(code, []).append(Candidate(label, label, votes, _unit(label, label, seat)))
        info.setdefault(code, (seat.title(), nation, region, 0))
    full = {}
    for code, cands in seats.items():
        seat, nation, region, _ = info[code]
        full[code] = (seat, nation, region, sum(c.votes for c in cands))
    return Election(name, title, _constituencies(seats, full), notes=("'Other' sums all minor candidates in a seat",))


def _scottish(key: str, year: int) -> Election:
    return read_ams_tables(
        _read_text(f"{key}_constituency_candidates.csv"),
        _read_text(f"{key}_regional_list.csv"),
        key,
        ELECTIONS[key],
        individuals=SP_INDIVIDUALS[year],
    )


def read_ams_tables(
    constituency_csv: str, regional_csv: str, name: str, title: str, *, individuals: frozenset[str] = frozenset()
) -> Election:
    """Read an AMS election (seven list seats a region) from its two tables.

    ``constituency_csv`` has a row per candidate (``region, constituency,
    candidate, party, votes, elected``); ``regional_csv`` a row per regional
    list (``region, party, list_votes, list_seats_won``, the declared
    allocation).  Further columns are ignored.  ``individuals`` names the
    regional lists that are one candidate, not a party.
    """
    seats: dict[str, list[Candidate]] = {}
    info: dict[str, tuple[str, str, str, int]] = {}
    for row in csv.DictReader(io.StringIO(constituency_csv)):
        seat = row["constituency"]
        label = row["party"]
        cand = Candidate(
            row["candidate"], label, int(row["votes"]), _unit(label, row["candidate"], seat), row["elected"] == "1"
        )
        seats.setdefault(seat, []).append(cand)
        info[seat] = (seat, "Scotland", row["region"], 0)
    full = {s: (*info[s][:3], sum(c.votes for c in cands)) for s, cands in seats.items()}
    list_votes: dict[str, dict[str, int]] = {}
    official: dict[str, dict[str, int]] = {}
    for row in csv.DictReader(io.StringIO(regional_csv)):
        list_votes.setdefault(row["region"], {})[row["party"]] = int(row["list_votes"])
        official.setdefault(row["region"], {})[row["party"]] = int(row["list_seats_won"])
    return Election(
        name,
        title,
        _constituencies(seats, full),
        list_votes=list_votes,
        list_seats_per_region=7,
        official_list_seats=official,
        individual_lists=individuals,
    )


def read_list_table(
    text: str, name: str, title: str, region_seats: Mapping[str, int], *, notes: tuple[str, ...] = ()
) -> Election:
    """Read a list-PR election (no constituencies) from its table of regional list votes.

    ``text`` has a row per list (``region, party, candidate, votes, seats_won``, the declared
    allocation); ``candidate`` names an independent (``party`` ``Independent``), who stands as a
    list of one, and is empty for a party list.  ``region_seats`` gives each region's seats.
    """
    list_votes: dict[str, dict[str, int]] = {}
    declared: dict[str, dict[str, int]] = {}
    labels: dict[str, str] = {}
    for i, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        region, party, who = row["region"], row["party"], row["candidate"]
        if region not in region_seats:
            raise FormatError(name, f"region {region!r} has no seat count", line=i)
        unit = _unit(party, who, region) if who else party
        labels[unit] = party
        list_votes.setdefault(region, {})[unit] = int(row["votes"])
        declared.setdefault(region, {})[unit] = int(row["seats_won"])
    return Election(
        name,
        title,
        (),
        list_votes=list_votes,
        official_list_seats=declared,
        notes=notes,
        region_seats=dict(region_seats),
        list_labels=labels,
    )


def names() -> Iterable[str]:
    return ELECTIONS.keys()
