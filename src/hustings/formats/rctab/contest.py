"""An RCTab contest: configuration and cast vote records made into a profile.

After each source is read, its records are checked as RCTab's
``TabulatorSession`` checks them: every name must be a declared candidate or
alias (RCTab refuses the whole count otherwise, listing the unknown names),
no record may rank beyond ``maxRankingsAllowed`` (nor, for Dominion, beyond
the contest's own number of ranks), and Dominion candidates must belong to
the contest.  A count with no record at all, and a count by precinct or batch
whose records name none, are refused as RCTab refuses them.

Each record becomes a ranking of ``max rank`` ranks: the names at each rank
(aliases resolved; :data:`OVERVOTE` and :data:`UNDECLARED_WRITE_IN` kept as
markers), an empty rank where nothing was marked.  Equal rankings are
merged, in order of first appearance; every record weighs 1.

Two differences from RCTab, on ballots none of its regression cases holds: a
candidate marked twice at one rank (the same text twice, or a name and one of
its aliases) is one mark here, where RCTab sees two marks, an overvote; and
since aliases are resolved before counting, a name and its alias at two ranks
are a repeated ranking here, where RCTab compares the texts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from hustings.count.irv import Options
from hustings.count.profile import OVERVOTE, UNDECLARED_WRITE_IN, Profile, Rank, Ranking
from hustings.formats.errors import FormatError
from hustings.formats.limits import MAX_RANKS
from hustings.formats.rctab import cdf, clear_ballot, dominion, ess, generic_csv, hart
from hustings.formats.rctab.config import CvrSource, RctabConfig, read_config
from hustings.formats.rctab.records import Record

_READERS: dict[str, Callable[[CvrSource, RctabConfig], list[Record]]] = {
    "ess": ess.read,
    "genericCsv": generic_csv.read,
    "clearBallot": clear_ballot.read,
    "cdf": cdf.read,
    "hart": hart.read,
}


@dataclass(frozen=True)
class Contest:
    """A contest ready to count with :func:`hustings.count.irv.count`."""

    profile: Profile
    """Declared candidates in configuration order (excluded ones in ``withdrawn``) and the ballots."""
    options: Options
    """The configuration's ``rules``."""
    name: str
    date: str
    jurisdiction: str
    office: str
    config_path: str
    undeclared_write_ins: bool = False
    """Whether RCTab tallies :data:`UNDECLARED_WRITE_IN` as a pseudo-candidate from round 1
    (some source has ``undeclaredWriteInLabel`` or ``treatBlankAsUndeclaredWriteIn``), even with no vote."""


def load_contest(path: str) -> Contest:
    """Read an RCTab contest configuration and all its cast vote records.

    Raises :class:`FormatError` for anything RCTab would refuse, naming the
    file (and field or line) and the problem.
    """
    config = read_config(path)
    names = _name_map(config)
    all_records: list[Record] = []
    counts: dict[Ranking, int] = {}
    set_aside: Counter[str] = Counter()
    for source in config.sources:
        records = _read_source(source, config, names, set_aside)
        all_records.extend(records)
        # A label a reader left as it is (CDF does not map undeclaredWriteInLabel) means what it says.
        source_names = dict(names)
        for label, meaning in (
            (source.undeclared_write_in_label, UNDECLARED_WRITE_IN),
            (source.overvote_label, OVERVOTE),
        ):
            if label is not None and label not in source_names:
                source_names[label] = meaning
        memo: dict[tuple[tuple[int, str], ...], Ranking] = {}
        for record in records:
            ranking = memo.get(record.marks)
            if ranking is None:
                ranking = memo[record.marks] = _ranking(record.marks, source_names)
            counts[ranking] = counts.get(ranking, 0) + 1
    if not all_records:
        raise FormatError(path, "the cast vote record files hold no ballot for this contest")
    _check_slices(config, all_records)

    profile = Profile(
        candidates=tuple(c.name for c in config.candidates),
        ballots=counts,
        withdrawn=frozenset(c.name for c in config.candidates if c.excluded),
        title=config.contest_name,
        seats=config.options.seats,
        rejected=dict(set_aside),
    )
    return Contest(
        profile=profile,
        options=config.options,
        name=config.contest_name,
        date=config.contest_date,
        jurisdiction=config.jurisdiction,
        office=config.office,
        config_path=path,
        undeclared_write_ins=config.undeclared_write_ins,
    )


def _name_map(config: RctabConfig) -> dict[str, str]:
    """Every text a ballot may carry -> the name it stands for."""
    names: dict[str, str] = {OVERVOTE: OVERVOTE}
    for c in config.candidates:
        for alias in c.aliases:
            names[alias] = c.name
        names[c.name] = c.name
    if config.undeclared_write_ins:
        names[UNDECLARED_WRITE_IN] = UNDECLARED_WRITE_IN
    return names


_Marks = tuple[tuple[int, str], ...]


def _read_source(
    source: CvrSource, config: RctabConfig, names: dict[str, str], set_aside: Counter[str]
) -> list[Record]:
    """One source's cast-vote records, read by its provider's reader and checked as RCTab checks them."""
    manifests: dominion.Manifests | None = None
    if source.provider == "dominion":
        records, manifests = dominion.read(source, config)
        set_aside.update(manifests.set_aside)
    else:
        records = _READERS[source.provider](source, config)
    times = Counter(record.marks for record in records)
    distinct: dict[_Marks, Record] = {}
    for record in records:
        distinct.setdefault(record.marks, record)
    _check_declared(source, names, times)
    contest_ranks = None
    if manifests is not None and source.contest_id in manifests.contests:
        contest_ranks = manifests.contests[source.contest_id].get("NumOfRanks")
    for marks, record in distinct.items():
        if marks:
            _check_ranks(source, config, marks, record, contest_ranks)
    if manifests is not None:
        _check_in_contest(source, names, distinct, manifests)
    return records


def _check_declared(source: CvrSource, names: dict[str, str], times: Counter[_Marks]) -> None:
    """Every mark names a declared candidate or alias, or the source's ``undeclaredWriteInLabel`` or
    ``overvoteLabel`` (RCTab's "unrecognized candidate" check), counted over all ballots."""
    unknown: Counter[str] = Counter()
    for marks, n in times.items():
        for _, text in marks:
            if text not in names and text != source.undeclared_write_in_label and text != source.overvote_label:
                unknown[text] += n
    if unknown:
        listed = ", ".join(f"{_shown_name(t)!r} ({n} times)" for t, n in unknown.most_common())
        hint = "; to count write-ins, give undeclaredWriteInLabel" if UNDECLARED_WRITE_IN in unknown else ""
        raise FormatError(
            source.shown,
            f"candidates not declared in the configuration: {listed}; check candidate names and aliases "
            f"(and, for spreadsheets, firstVoteColumnIndex and firstVoteRowIndex){hint}",
            field=f"{source.field_prefix}.filePath",
        )


def _check_ranks(source: CvrSource, config: RctabConfig, marks: _Marks, record: Record, contest_ranks: Any) -> None:
    """A ballot's ranks run from 1 to ``maxRankingsAllowed`` and to the Dominion contest's ``NumOfRanks``."""
    shown = source.shown
    limit = config.options.max_rankings
    low = min(rank for rank, _ in marks)
    high = max(rank for rank, _ in marks)
    if low < 1:
        raise FormatError(shown, f"{_ballot(record)} has rank {low}; ranks start at 1")
    if high > MAX_RANKS:
        raise FormatError(shown, f"{_ballot(record)} has rank {high}; Hustings reads ranks up to {MAX_RANKS}")
    if (limit is not None and high > limit) or (isinstance(contest_ranks, int) and high > contest_ranks):
        allowed = limit if contest_ranks is None or (limit is not None and limit < contest_ranks) else contest_ranks
        raise FormatError(
            shown,
            f"{_ballot(record)} has a ranking {high}, but the contest allows at most {allowed} (maxRankingsAllowed)",
            field="rules.maxRankingsAllowed",
        )


def _check_in_contest(
    source: CvrSource, names: dict[str, str], distinct: dict[_Marks, Record], manifests: dominion.Manifests
) -> None:
    """Every candidate marked on a Dominion ballot stands in the source's ``contestId`` (its manifests)."""
    in_contest = {names.get(code) for code in manifests.candidate_codes}
    for marks in distinct:
        for _, text in marks:
            if text != UNDECLARED_WRITE_IN and names.get(text) not in in_contest:
                raise FormatError(
                    source.shown,
                    f"candidate {names.get(text, text)!r} is not a candidate of contest {source.contest_id!r}",
                )


def _ballot(record: Record) -> str:
    return f"ballot number {record.cvr_id}" if isinstance(record.cvr_id, int) else f"ballot {record.cvr_id!r}"


def _shown_name(text: str) -> str:
    return {OVERVOTE: "overvote", UNDECLARED_WRITE_IN: UNDECLARED_WRITE_IN}.get(text, text)


def _check_slices(config: RctabConfig, records: Iterable[Record]) -> None:
    wanted = [("precinct", config.tabulate_by_precinct), ("batch", config.tabulate_by_batch)]
    for slice_name, enabled in wanted:
        if not enabled:
            continue
        ids = [r.precinct if slice_name == "precinct" else r.batch for r in records]
        present = [i for i in ids if i is not None]
        if not present:
            raise FormatError(
                config.path,
                f"tabulateBy{slice_name.title()} is set but the cast vote records name no {slice_name}",
                field=f"outputSettings.tabulateBy{slice_name.title()}",
            )
        if any(not i.strip() for i in present):
            raise FormatError(config.path, f"a cast vote record has a blank {slice_name}")


def _ranking(marks: tuple[tuple[int, str], ...], names: dict[str, str]) -> Ranking:
    if not marks:
        return ()
    if len(marks) == 1:
        rank, text = marks[0]
        return (frozenset(),) * (rank - 1) + (frozenset((names[text],)),)
    ranks: list[set[str]] = [set() for _ in range(max(rank for rank, _ in marks))]
    for rank, text in marks:
        ranks[rank - 1].add(names[text])
    out: list[Rank] = [frozenset(r) for r in ranks]
    return tuple(out)
