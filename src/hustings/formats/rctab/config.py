"""An RCTab contest configuration: read, checked as RCTab checks it, translated.

RCTab (the Universal RCV Tabulator, ``BrightSpots/rcv``) reads a JSON file with
``tabulatorVersion``, ``outputSettings``, ``cvrFileSources``, ``candidates`` and
``rules``; its ``config_file_documentation.txt`` describes every field.  This
module reads that file the way RCTab's JSON binding does (numbers accepted where
text is expected, ``"true"``/``"True"`` accepted for booleans, unknown fields
ignored, the last of two equal keys winning) and then applies the checks of
RCTab's ``ContestConfig.validate``: every problem it would report is collected
and raised as one :class:`FormatError` naming the first offending field.

Choices of our own, where RCTab's behaviour would not help a user:

* ``tabulatorVersion`` must be present, but any version is accepted (RCTab
  accepts only its own version or ``"TEST"``, and migrates older files in its
  graphical interface only).  Files older than RCTab 2.0.1 are migrated as
  that interface migrates them: old ``winnerElectionMode`` and
  ``tiebreakMode`` names are renamed, labels once given under ``rules`` move
  to every source, and a source's ``undervoteLabel`` becomes its
  ``skippedRankLabel``.
* ``stopCountingAndAsk`` and ``previousRoundCountsThenAsk`` ask an operator to
  break ties at the keyboard.  As in RCTab, a contest with no such tie counts
  to the end; a tie that reaches the question stops the count with an error
  naming the tied candidates (a batch count has no operator to ask).
* RCTab's Windows-only refusal to write under ``C:\\Users`` is not applied: the
  output directory is chosen on the command line.
* ``singleWinnerMajority`` with more than one winner is refused, as RCTab's
  documentation says (its validation lets it through).
* ``minimumVoteThreshold`` (RCTab 1.x) is read and passed on; RCTab 2 ignores it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path
from typing import Any, TypeVar

from hustings.count.irv import Options, OvervoteRule, WinnerMode
from hustings.count.ties import TieMode, TiePolicy
from hustings.formats.errors import FormatError
from hustings.formats.jsonload import read_json
from hustings.formats.limits import MAX_NUMBER_CHARS

PROVIDERS = ("cdf", "clearBallot", "dominion", "ess", "hart", "genericCsv")
"""RCTab's provider names, as written in ``cvrFileSources[].provider``."""

WINNER_MODES: dict[str, WinnerMode] = {
    "singleWinnerMajority": "single-winner-majority",
    "multiWinnerAllowOnlyOneWinnerPerRound": "multi-winner-one-per-round",
    "multiWinnerAllowMultipleWinnersPerRound": "multi-winner-multiple-per-round",
    "bottomsUp": "bottoms-up",
    "bottomsUpUsingPercentageThreshold": "bottoms-up-percentage",
    "multiPassIrv": "multi-pass",
}
OVERVOTE_RULES: dict[str, OvervoteRule] = {
    "exhaustImmediately": "exhaust-immediately",
    "alwaysSkipToNextRank": "always-skip-to-next-rank",
    "exhaustIfMultipleContinuing": "exhaust-if-multiple-continuing",
}
TIE_MODES: dict[str, TieMode] = {
    "random": "random",
    "previousRoundCountsThenRandom": "previous-round-then-random",
    "useCandidateOrder": "candidate-order",
    "generatePermutation": "generate-permutation",
    "stopCountingAndAsk": "ask",
    "previousRoundCountsThenAsk": "previous-round-then-ask",
}
SEEDED_TIE_MODES = ("random", "previousRoundCountsThenRandom", "generatePermutation")

# RCTab reserves these words for its transfer summaries.
_RESERVED = ("residual surplus", "exhausted", "uncounted")
_SEED_RANGE = (-140737488355328, 140737488355327)
_INT_MAX = 2**31 - 1
_INTEGER = re.compile(r"[+-]?[0-9]+")  # what Java's Long.parseLong accepts
_T = TypeVar("_T")


@dataclass(frozen=True)
class CvrSource:
    """One entry of ``cvrFileSources``; text fields are ``None`` when absent."""

    index: int
    provider: str
    file_path: str | None
    path: Path | None
    """``file_path`` resolved against the configuration's folder."""
    contest_id: str | None
    first_vote_column: int | None
    first_vote_row: int | None
    id_column: int | None
    precinct_column: int | None
    batch_column: int | None
    overvote_delimiter: str | None
    overvote_label: str | None
    skipped_rank_label: str | None
    undeclared_write_in_label: str | None
    treat_blank_as_undeclared_write_in: bool

    @property
    def shown(self) -> str:
        """The file as errors name it: ``filePath`` joined to the configuration's folder."""
        return str(self.path) if self.path is not None else self.file_path or ""

    @property
    def field_prefix(self) -> str:
        return f"cvrFileSources[{self.index}]"


@dataclass(frozen=True)
class CandidateEntry:
    """One entry of ``candidates``."""

    name: str
    aliases: tuple[str, ...]
    excluded: bool


@dataclass(frozen=True)
class RctabConfig:
    """A checked RCTab configuration."""

    path: str
    contest_name: str
    contest_date: str
    jurisdiction: str
    office: str
    tabulate_by_precinct: bool
    tabulate_by_batch: bool
    sources: tuple[CvrSource, ...]
    candidates: tuple[CandidateEntry, ...]
    options: Options

    @property
    def undeclared_write_ins(self) -> bool:
        """Whether RCTab tallies undeclared write-ins as a pseudo-candidate (any source labels them)."""
        return any(_present(s.undeclared_write_in_label) or s.treat_blank_as_undeclared_write_in for s in self.sources)

    def is_ranking_allowed(self, rank: int) -> bool:
        """RCTab's ``isRankingAllowed``: ranks from 1 to ``maxRankingsAllowed``."""
        limit = self.options.max_rankings
        return rank >= 1 and (limit is None or rank <= limit)


def _present(text: str | None) -> bool:
    """RCTab's ``!isNullOrBlank``."""
    return text is not None and text.strip() != ""


class _Reader:
    """Reads values as RCTab's JSON binding would, recording problems."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[tuple[str | None, str]] = []

    def problem(self, field: str | None, message: str) -> None:
        self.problems.append((field, message))

    def text(self, obj: dict[str, Any], key: str, where: str) -> str | None:
        value = obj.get(key)
        if value is None:
            return None
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int | float | str):
            return str(value)
        raise FormatError(self.path, f"{key} must be text or a number, not {type(value).__name__}", field=where + key)

    def flag(self, obj: dict[str, Any], key: str, where: str) -> bool:
        value = obj.get(key)
        if value is None or isinstance(value, bool):
            return bool(value)
        if isinstance(value, str):
            if value in ("true", "True", "TRUE"):
                return True
            if value in ("false", "False", "FALSE", ""):
                return False
        raise FormatError(self.path, f"{key} must be true or false, not {value!r}", field=where + key)

    def integer(
        self, raw: str | None, field: str, low: int, high: int, *, required: bool, message: str | None = None
    ) -> int | None:
        """RCTab's ``fieldOutOfRangeOrNotInteger``; records a problem and returns None when bad."""
        if not _present(raw):
            if required:
                self.problem(field, message or f"{field} is required: an integer from {low} to {high}")
            return None
        assert raw is not None
        value = int(raw) if len(raw) <= MAX_NUMBER_CHARS and _INTEGER.fullmatch(raw) else None
        if value is None or not low <= value <= high:
            shown = raw if len(raw) <= MAX_NUMBER_CHARS else raw[:12] + "..."
            self.problem(field, message or f"{field} must be an integer from {low} to {high}, not {shown!r}")
            return None
        return value


def read_config(path: str) -> RctabConfig:
    """Read and check an RCTab contest configuration.

    Raises :class:`FormatError` when the file is missing or is not JSON, and
    when RCTab's validation would refuse it (all problems in one message).
    """
    file = Path(path)
    if not file.is_file():
        raise FormatError(path, "no such file")
    raw = read_json(file, shown=path)
    if not isinstance(raw, dict):
        raise FormatError(path, "an RCTab configuration is a JSON object")
    r = _Reader(path)
    folder = file.parent
    _migrate(raw)

    def section(key: str) -> dict[str, Any]:
        value = raw.get(key)
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise FormatError(path, f"{key} must be an object", field=key)
        return value

    version = r.text(raw, "tabulatorVersion", "")
    if not _present(version):
        r.problem("tabulatorVersion", "tabulatorVersion is required")

    output = section("outputSettings")
    if "outputSettings" not in raw:
        r.problem("outputSettings", "outputSettings is required")
    contest_name = r.text(output, "contestName", "outputSettings.")
    if not _present(contest_name):
        r.problem("outputSettings.contestName", "contestName is required")
    by_precinct = r.flag(output, "tabulateByPrecinct", "outputSettings.")
    by_batch = r.flag(output, "tabulateByBatch", "outputSettings.")

    rules_raw = section("rules")
    if "rules" not in raw:
        r.problem("rules", "rules are required")
    overvote_rule_name = r.text(rules_raw, "overvoteRule", "rules.")
    sources = _read_sources(r, raw.get("cvrFileSources"), folder, overvote_rule_name, by_precinct, by_batch)
    candidates = _read_candidates(r, raw.get("candidates"), sources)
    options = _read_rules(r, rules_raw, overvote_rule_name, candidates)

    if r.problems:
        field = r.problems[0][0]
        message = "; ".join(m for _, m in r.problems)
        if len(r.problems) > 1:
            message = f"{len(r.problems)} problems: {message}"
        raise FormatError(path, message, field=field)
    assert options is not None and contest_name is not None
    return RctabConfig(
        path=path,
        contest_name=contest_name,
        contest_date=r.text(output, "contestDate", "outputSettings.") or "",
        jurisdiction=r.text(output, "contestJurisdiction", "outputSettings.") or "",
        office=r.text(output, "contestOffice", "outputSettings.") or "",
        tabulate_by_precinct=by_precinct,
        tabulate_by_batch=by_batch,
        sources=sources,
        candidates=candidates,
        options=options,
    )


_OLD_TIE_MODES = {
    "interactive": "stopCountingAndAsk",
    "previousRoundCountsThenInteractive": "previousRoundCountsThenAsk",
    "usePermutationInConfig": "useCandidateOrder",
}
_CURRENT_VERSION = (2, 0, 1)


def _older_than_current(version: Any) -> bool:
    if version is None:
        return False
    parts = re.findall(r"[0-9]{1,9}", str(version))
    return str(version) != "TEST" and bool(parts) and tuple(int(p) for p in parts[:3]) < _CURRENT_VERSION


def _migrate(raw: dict[str, Any]) -> None:
    """Bring a configuration written by an older RCTab up to date, as RCTab's ``ContestConfigMigration`` does."""
    rules = raw.get("rules")
    if not _older_than_current(raw.get("tabulatorVersion")) or not isinstance(rules, dict):
        return
    _migrate_winner_mode(rules)
    if rules.get("tiebreakMode") in _OLD_TIE_MODES:
        rules["tiebreakMode"] = _OLD_TIE_MODES[rules["tiebreakMode"]]
    sources = raw.get("cvrFileSources")
    if not isinstance(sources, list):
        return
    for source in (s for s in sources if isinstance(s, dict)):
        _migrate_source_labels(rules, source)


def _migrate_winner_mode(rules: dict[str, Any]) -> None:
    """An old ``winnerElectionMode`` renamed: ``standard`` by ``numberOfWinners``, ``multiSeatBottomsUp`` by
    whether it has a percentage threshold; ``singleSeatContinueUntilTwoCandidatesRemain`` also sets
    ``continueUntilTwoCandidatesRemain``."""
    mode = rules.get("winnerElectionMode")
    if mode in WINNER_MODES:
        return
    seats = str(rules.get("numberOfWinners", "")).strip()
    percentage = str(rules.get("multiSeatBottomsUpPercentageThreshold") or "").strip()
    several = seats.isascii() and seats.isdigit() and (len(seats) > 9 or int(seats) > 1)
    renamed = {
        "standard": "multiWinnerAllowMultipleWinnersPerRound" if several else "singleWinnerMajority",
        "singleSeatContinueUntilTwoCandidatesRemain": "singleWinnerMajority",
        "multiSeatAllowOnlyOneWinnerPerRound": "multiWinnerAllowOnlyOneWinnerPerRound",
        "multiSeatBottomsUp": "bottomsUpUsingPercentageThreshold" if seats == "0" or percentage else "bottomsUp",
        "multiSeatSequentialWinnerTakesAll": "multiPassIrv",
    }
    if mode in renamed:
        rules["winnerElectionMode"] = renamed[mode]
        if mode == "singleSeatContinueUntilTwoCandidatesRemain":
            rules["continueUntilTwoCandidatesRemain"] = True


_MOVED_LABELS = {
    "overvoteLabel": "overvoteLabel",
    "undervoteLabel": "skippedRankLabel",
    "undeclaredWriteInLabel": "undeclaredWriteInLabel",
}
"""Labels once given under ``rules``, and the source field each now fills."""


def _migrate_source_labels(rules: dict[str, Any], source: dict[str, Any]) -> None:
    """Labels and ``treatBlankAsUndeclaredWriteIn`` once given under ``rules`` move to the source; a source's
    ``undervoteLabel`` becomes its ``skippedRankLabel``."""
    for old_key, new_key in _MOVED_LABELS.items():
        value = rules.get(old_key)
        if isinstance(value, str) and value.strip():
            source[new_key] = value
    if rules.get("treatBlankAsUndeclaredWriteIn") is True:
        source["treatBlankAsUndeclaredWriteIn"] = True
    if source.get("undervoteLabel") is not None and source.get("skippedRankLabel") is None:
        source["skippedRankLabel"] = source["undervoteLabel"]


_SOURCE_TEXTS = (
    "filePath",
    "contestId",
    "firstVoteColumnIndex",
    "firstVoteRowIndex",
    "idColumnIndex",
    "precinctColumnIndex",
    "batchColumnIndex",
    "overvoteDelimiter",
    "overvoteLabel",
    "skippedRankLabel",
    "undeclaredWriteInLabel",
)
"""The text fields of a ``cvrFileSources`` entry, in the order they are read."""
_SOURCE_LABELS = ("overvoteLabel", "skippedRankLabel", "undeclaredWriteInLabel")
_COLUMN_PROVIDERS = ("ess", "genericCsv")
"""Providers whose files are spreadsheets, located by column and row indexes."""
_CONTEST_ID_PROVIDERS = ("dominion", "hart", "clearBallot", "cdf")
"""Providers whose files hold several contests, so ``contestId`` picks one."""
_COLUMN_ONLY_FIELDS = (
    "firstVoteColumnIndex",
    "firstVoteRowIndex",
    "idColumnIndex",
    "precinctColumnIndex",
    "batchColumnIndex",
    "overvoteDelimiter",
    "skippedRankLabel",
)
"""Fields RCTab allows only with a spreadsheet provider (``ess``, ``genericCsv``)."""
_DELIMITER_PLAIN = ".',-\" \t\n\r"


@dataclass(frozen=True)
class _SourceContext:
    """What checking one ``cvrFileSources`` entry needs from the rest of the configuration."""

    folder: Path
    overvote_rule: str | None
    by_precinct: bool
    by_batch: bool


def _read_sources(
    r: _Reader, raw: Any, folder: Path, overvote_rule: str | None, by_precinct: bool, by_batch: bool
) -> tuple[CvrSource, ...]:
    """``cvrFileSources``: at least one entry, each an object, no file listed twice."""
    if raw is None or raw == []:
        r.problem("cvrFileSources", "cvrFileSources must list at least one cast vote record file")
        return ()
    if not isinstance(raw, list) or not all(isinstance(s, dict) for s in raw):
        raise FormatError(r.path, "cvrFileSources must be a list of objects", field="cvrFileSources")
    context = _SourceContext(folder, overvote_rule, by_precinct, by_batch)
    seen_paths: set[Path] = set()
    return tuple(_read_source(r, i, s, context, seen_paths) for i, s in enumerate(raw))


def _read_source(r: _Reader, i: int, s: dict[str, Any], context: _SourceContext, seen_paths: set[Path]) -> CvrSource:
    """One ``cvrFileSources`` entry, checked as RCTab's ``ContestConfig.validateCvrFileSources`` checks it."""
    where = f"cvrFileSources[{i}]."
    provider = r.text(s, "provider", where) or ""
    texts = {k: r.text(s, k, where) for k in _SOURCE_TEXTS}
    blank_uwi = r.flag(s, "treatBlankAsUndeclaredWriteIn", where)
    resolved = _source_path(r, where, texts["filePath"], context.folder, seen_paths)
    _check_source_labels(r, where, {k: texts[k] for k in _SOURCE_LABELS})
    columns = _source_provider_fields(r, where, provider, texts, blank_uwi)
    _check_contest_id(r, where, provider, texts["contestId"])
    if _present(texts["overvoteLabel"]) and context.overvote_rule == "exhaustIfMultipleContinuing":
        r.problem(
            where + "overvoteLabel",
            f"{where}overvoteLabel is given, so overvoteRule must be exhaustImmediately or alwaysSkipToNextRank "
            "(the label does not say which candidates were marked)",
        )
    if provider == "cdf" and (context.by_precinct or context.by_batch):
        r.problem(
            where + "provider", f"{where}provider: tabulating by precinct or batch is not possible with CDF sources"
        )
    if provider == "ess":
        _check_ess_needs(r, where, texts["overvoteDelimiter"], columns, context)
    return CvrSource(
        index=i,
        provider=provider,
        file_path=texts["filePath"],
        path=resolved,
        contest_id=texts["contestId"],
        first_vote_column=columns.get("firstVoteColumnIndex"),
        first_vote_row=columns.get("firstVoteRowIndex"),
        id_column=columns.get("idColumnIndex"),
        precinct_column=columns.get("precinctColumnIndex"),
        batch_column=columns.get("batchColumnIndex"),
        overvote_delimiter=texts["overvoteDelimiter"],
        overvote_label=texts["overvoteLabel"],
        skipped_rank_label=texts["skippedRankLabel"],
        undeclared_write_in_label=texts["undeclaredWriteInLabel"],
        treat_blank_as_undeclared_write_in=blank_uwi,
    )


def _source_path(r: _Reader, where: str, file_path: str | None, folder: Path, seen_paths: set[Path]) -> Path | None:
    """``filePath``: required, relative to the configuration's folder, existing, and not listed twice."""
    if not _present(file_path):
        r.problem(where + "filePath", f"{where}filePath is required")
        return None
    assert file_path is not None
    resolved = Path(file_path) if Path(file_path).is_absolute() else folder / file_path
    if resolved in seen_paths:
        r.problem(where + "filePath", f"{where}filePath: cast vote record file listed twice: {file_path}")
    seen_paths.add(resolved)
    if not resolved.exists():
        r.problem(where + "filePath", f"{where}filePath: cast vote record file not found: {file_path}")
    return resolved


def _check_source_labels(r: _Reader, where: str, labels: dict[str, str | None]) -> None:
    """``overvoteLabel``, ``skippedRankLabel``, ``undeclaredWriteInLabel``: not a reserved word, no two the same."""
    for key, label in labels.items():
        if not _present(label):
            continue
        assert label is not None
        if label.lower() in _RESERVED:
            r.problem(where + key, f"{where}{key} {label!r} is a word RCTab reserves")
        for other, value in labels.items():
            if other != key and _present(value) and value is not None and value.lower() == label.lower():
                r.problem(where + key, f"{where}{key} {label!r} is also used as {other}")


def _source_provider_fields(
    r: _Reader, where: str, provider: str, texts: dict[str, str | None], blank_uwi: bool
) -> dict[str, int | None]:
    """``provider``: one RCTab knows; the column indexes of a spreadsheet provider, refused for the others."""
    if provider not in PROVIDERS:
        r.problem(
            where + "provider",
            f"{where}provider: unknown provider {provider!r}; RCTab knows {', '.join(PROVIDERS)}",
        )
        return {}
    if provider in _COLUMN_PROVIDERS:
        columns = _source_columns(r, where, texts)
        _check_overvote_delimiter(r, where, texts["overvoteDelimiter"], texts["overvoteLabel"])
        return columns
    _check_no_column_fields(r, where, provider, texts, blank_uwi)
    return {}


def _source_columns(r: _Reader, where: str, texts: dict[str, str | None]) -> dict[str, int | None]:
    """``firstVoteColumnIndex`` (1 to 1000) and ``firstVoteRowIndex`` (1 to 100000), required; the optional
    ``idColumnIndex``, ``precinctColumnIndex`` and ``batchColumnIndex`` (1 to 1000)."""
    columns: dict[str, int | None] = {
        "firstVoteColumnIndex": r.integer(
            texts["firstVoteColumnIndex"], where + "firstVoteColumnIndex", 1, 1000, required=True
        ),
        "firstVoteRowIndex": r.integer(
            texts["firstVoteRowIndex"], where + "firstVoteRowIndex", 1, 100000, required=True
        ),
    }
    for key in ("idColumnIndex", "precinctColumnIndex", "batchColumnIndex"):
        columns[key] = r.integer(texts[key], where + key, 1, 1000, required=False)
    return columns


def _check_overvote_delimiter(r: _Reader, where: str, delimiter: str | None, overvote_label: str | None) -> None:
    """``overvoteDelimiter``: no backslash, one character that can't be part of a name, and not with an
    ``overvoteLabel``."""
    if not _present(delimiter):
        return
    assert delimiter is not None
    if "\\" in delimiter or all(c.isascii() and (c.isalnum() or c in _DELIMITER_PLAIN) for c in delimiter):
        r.problem(
            where + "overvoteDelimiter",
            f"{where}overvoteDelimiter must contain no backslash and at least one character that is not a "
            "letter, digit, hyphen, period, comma, apostrophe, quote or space",
        )
    if _present(overvote_label):
        r.problem(where + "overvoteDelimiter", f"{where}overvoteDelimiter and overvoteLabel can't both be given")


def _check_no_column_fields(
    r: _Reader, where: str, provider: str, texts: dict[str, str | None], blank_uwi: bool
) -> None:
    """The fields of a spreadsheet provider refused for the others; a CDF file must be ``.json`` or ``.xml``,
    and only CDF sources carry their own ``overvoteLabel``."""
    file_path = texts["filePath"]
    if provider == "cdf":
        if file_path and not file_path.lower().endswith((".xml", ".json")):
            r.problem(
                where + "filePath",
                f"{where}filePath: a CDF cast vote record file must be .json or .xml: {file_path}",
            )
    elif _present(texts["overvoteLabel"]):
        r.problem(where + "overvoteLabel", f"{where}overvoteLabel can't be used with provider {provider!r}")
    for key in _COLUMN_ONLY_FIELDS:
        if _present(texts[key]):
            r.problem(where + key, f"{where}{key} can't be used with provider {provider!r}")
    if blank_uwi:
        r.problem(
            where + "treatBlankAsUndeclaredWriteIn",
            f"{where}treatBlankAsUndeclaredWriteIn can't be true with provider {provider!r}",
        )


def _check_contest_id(r: _Reader, where: str, provider: str, contest_id: str | None) -> None:
    """``contestId``: required with a provider whose files hold several contests, refused with the others."""
    needs_contest = provider in _CONTEST_ID_PROVIDERS
    if needs_contest and not _present(contest_id):
        r.problem(where + "contestId", f"{where}contestId is required with provider {provider!r}")
    elif not needs_contest and provider in PROVIDERS and _present(contest_id):
        r.problem(where + "contestId", f"{where}contestId can't be used with provider {provider!r}")


def _check_ess_needs(
    r: _Reader, where: str, delimiter: str | None, columns: dict[str, int | None], context: _SourceContext
) -> None:
    """An ES&S source names its precinct and batch columns when the count is tabulated by them, and its
    ``overvoteDelimiter`` when ``overvoteRule`` is ``exhaustIfMultipleContinuing``."""
    if context.by_precinct and columns.get("precinctColumnIndex") is None:
        r.problem(
            where + "precinctColumnIndex",
            f"{where}precinctColumnIndex is required when tabulateByPrecinct is true",
        )
    if context.by_batch and columns.get("batchColumnIndex") is None:
        r.problem(where + "batchColumnIndex", f"{where}batchColumnIndex is required when tabulateByBatch is true")
    if not _present(delimiter) and context.overvote_rule == "exhaustIfMultipleContinuing":
        r.problem(
            where + "overvoteDelimiter",
            f"{where}overvoteDelimiter is required for an ES&S source when overvoteRule is exhaustIfMultipleContinuing",
        )


def _read_candidates(r: _Reader, raw: Any, sources: tuple[CvrSource, ...]) -> tuple[CandidateEntry, ...]:
    """``candidates``: a list of objects, at least one declared and one not ``excluded``."""
    if raw is None:
        raw = []
    if not isinstance(raw, list) or not all(isinstance(c, dict) for c in raw):
        raise FormatError(r.path, "candidates must be a list of objects", field="candidates")
    seen: set[str] = set()
    source_labels = [
        (label, key)
        for s in sources
        for key, label in (
            ("overvoteLabel", s.overvote_label),
            ("skippedRankLabel", s.skipped_rank_label),
            ("undeclaredWriteInLabel", s.undeclared_write_in_label),
        )
        if _present(label)
    ]
    read = (_read_candidate(r, i, c, seen, source_labels) for i, c in enumerate(raw))
    out = [entry for entry in read if entry is not None]
    if not out:
        r.problem("candidates", "candidates must list at least one declared candidate")
    elif all(c.excluded for c in out):
        r.problem("candidates", "at least one candidate must not be excluded")
    return tuple(out)


def _read_candidate(
    r: _Reader, i: int, c: dict[str, Any], seen: set[str], source_labels: list[tuple[str | None, str]]
) -> CandidateEntry | None:
    """One ``candidates`` entry: its ``name``, ``aliases`` (and the older single-alias ``code``) and ``excluded``;
    None, with a problem, when it has no name."""
    where = f"candidates[{i}]."
    name = r.text(c, "name", where)
    aliases_raw = c.get("aliases") or []
    if not isinstance(aliases_raw, list) or not all(isinstance(a, str) for a in aliases_raw):
        raise FormatError(r.path, "aliases must be a list of names", field=where + "aliases")
    # Names and aliases are taken as written: RCTab trims them only when its editor saves a file.
    aliases = list(aliases_raw)
    code = r.text(c, "code", where)  # RCTab's older name for a single alias
    if _present(code):
        assert code is not None
        aliases.append(code)
    if not _present(name):
        r.problem(where + "name", f"candidate {i + 1} has no name")
        return None
    assert name is not None
    for text in [*aliases, name]:
        _check_candidate_name(r, where, text, seen, source_labels)
        seen.add(text)
    return CandidateEntry(name, tuple(dict.fromkeys(aliases)), r.flag(c, "excluded", where))


def _check_candidate_name(
    r: _Reader, where: str, text: str, seen: set[str], source_labels: list[tuple[str | None, str]]
) -> None:
    """A candidate's name or alias: used once, not a word RCTab reserves, not any source's label."""
    if text in seen:
        r.problem(where + "name", f"candidate name or alias {text!r} is used twice")
    elif text.lower() in _RESERVED:
        r.problem(where + "name", f"{text!r} is a word RCTab reserves and can't name a candidate")
    else:
        clash = [key for label, key in source_labels if label is not None and label.lower() == text.lower()]
        if clash:
            r.problem(where + "name", f"candidate name or alias {text!r} is also used as {clash[0]}")


_RULE_INTEGERS = (
    ("numberOfWinners", 0, _INT_MAX, True),
    ("decimalPlacesForVoteArithmetic", 1, 20, True),
    ("stopTabulationEarlyAfterRound", 1, _INT_MAX, False),
    # Documented by RCTab but no longer read by its current tabulator; passed on as given.
    ("minimumVoteThreshold", 0, 1000000, False),
)
"""The plain integer fields of ``rules``: name, lowest, highest, required."""
_RULE_FLAGS = (
    "batchElimination",
    "continueUntilTwoCandidatesRemain",
    "doesFirstRoundDetermineThreshold",
    "nonIntegerWinningThreshold",
    "hareQuota",
    "exhaustOnDuplicateCandidate",
)
"""The true-or-false fields of ``rules`` checked against the winner election mode."""
_QUOTA_MODES = ("multi-winner-one-per-round", "multi-winner-multiple-per-round")
"""The winner election modes that count to a quota, where its form can be chosen."""


def _read_rules(
    r: _Reader, rules: dict[str, Any], overvote_rule_name: str | None, candidates: tuple[CandidateEntry, ...]
) -> Options | None:
    """``rules``: each field read and checked, then checked against each other as RCTab's
    ``ContestConfig.validateRules`` does; ``None`` when anything in the configuration is wrong."""
    w = "rules."
    tiebreak = r.text(rules, "tiebreakMode", w)
    tie_mode = _rule_choice(r, tiebreak, "tiebreakMode", TIE_MODES)
    seed = _random_seed(r, rules, tiebreak)
    overvote_rule = _rule_choice(r, overvote_rule_name, "overvoteRule", OVERVOTE_RULES)
    mode_name = r.text(rules, "winnerElectionMode", w)
    winner_mode = _rule_choice(r, mode_name, "winnerElectionMode", WINNER_MODES)
    max_rankings = _rule_limit(r, rules, "maxRankingsAllowed", "max", 1)
    max_skipped = _rule_limit(r, rules, "maxSkippedRanksAllowed", "unlimited", 0)
    numbers = {
        key: r.integer(r.text(rules, key, w), w + key, low, high, required=required)
        for key, low, high, required in _RULE_INTEGERS
    }
    flags = {k: r.flag(rules, k, w) for k in _RULE_FLAGS}
    percentage_raw = r.text(rules, "multiSeatBottomsUpPercentageThreshold", w)
    seats = numbers["numberOfWinners"]
    percentage: Fraction | None = None
    if seats is not None and winner_mode is not None:
        if seats > 0:
            _check_winner_count(r, seats, winner_mode, mode_name, flags)
        else:
            percentage = _percentage_threshold(r, winner_mode, percentage_raw)
    _check_threshold_flags(r, winner_mode, mode_name, flags)
    cutoff = r.flag(rules, "cutoffElimination", w)

    decimals = numbers["decimalPlacesForVoteArithmetic"]
    # A required field read as None has recorded a problem, so r.problems covers them all; the rest narrow types.
    if r.problems or tie_mode is None or overvote_rule is None or winner_mode is None:
        return None
    if seats is None or decimals is None:
        return None
    order = tuple(c.name for c in candidates) if tie_mode in ("candidate-order", "generate-permutation") else ()
    return Options(
        seats=seats,
        winner_mode=winner_mode,
        overvote_rule=overvote_rule,
        max_skipped_ranks=max_skipped,
        max_rankings=max_rankings,
        exhaust_on_duplicate=flags["exhaustOnDuplicateCandidate"],
        minimum_vote_threshold=numbers["minimumVoteThreshold"] or 0,
        decimal_places=decimals,
        batch_elimination=flags["batchElimination"],
        continue_until_two_remain=flags["continueUntilTwoCandidatesRemain"],
        hare_quota=flags["hareQuota"],
        non_integer_threshold=flags["nonIntegerWinningThreshold"],
        first_round_determines_threshold=flags["doesFirstRoundDetermineThreshold"],
        bottoms_up_percentage=percentage,
        stop_after_round=numbers["stopTabulationEarlyAfterRound"],
        tie_break=TiePolicy(tie_mode, seed or 0, order),
        cutoff_elimination=cutoff,
    )


def _rule_choice(r: _Reader, name: str | None, key: str, table: dict[str, _T]) -> _T | None:
    """A ``rules`` field naming one of RCTab's options (``tiebreakMode``, ``overvoteRule``,
    ``winnerElectionMode``): required, and one RCTab knows."""
    value = table.get(name or "")
    if not _present(name):
        r.problem("rules." + key, f"rules.{key} is required: one of {', '.join(table)}")
    elif value is None:
        r.problem("rules." + key, f"unknown {key} {name!r}; RCTab knows {', '.join(table)}")
    return value


def _random_seed(r: _Reader, rules: dict[str, Any], tiebreak: str | None) -> int | None:
    """``randomSeed``: required by the tiebreak modes that draw lots, a Java ``long`` of 48 bits."""
    seed_raw = r.text(rules, "randomSeed", "rules.")
    if tiebreak in SEEDED_TIE_MODES and not _present(seed_raw):
        r.problem("rules.randomSeed", f"randomSeed is required with tiebreakMode {tiebreak!r}")
    return r.integer(seed_raw, "rules.randomSeed", *_SEED_RANGE, required=False)


def _rule_limit(r: _Reader, rules: dict[str, Any], key: str, unlimited: str, low: int) -> int | None:
    """``maxRankingsAllowed`` (``"max"``) or ``maxSkippedRanksAllowed`` (``"unlimited"``, any case): the word
    for no limit, read as ``None``, or an integer from ``low`` (``None`` too when neither, with a problem)."""
    raw = r.text(rules, key, "rules.")
    if raw == unlimited or (unlimited == "unlimited" and (raw or "").lower() == unlimited):
        return None
    return r.integer(
        raw,
        "rules." + key,
        low,
        _INT_MAX,
        required=True,
        message=f'{key} must be "{unlimited}" or an integer from {low}, not {raw!r}',
    )


def _check_winner_count(
    r: _Reader, seats: int, winner_mode: WinnerMode, mode_name: str | None, flags: dict[str, bool]
) -> None:
    """``numberOfWinners`` of one or more against ``winnerElectionMode`` and the options that need one winner."""
    w = "rules."
    if winner_mode == "bottoms-up-percentage":
        r.problem(w + "numberOfWinners", "numberOfWinners must be 0 with bottomsUpUsingPercentageThreshold")
    if seats == 1:
        if winner_mode != "single-winner-majority":
            r.problem(w + "winnerElectionMode", f"winnerElectionMode can't be {mode_name!r} in a single-winner contest")
        return
    if winner_mode == "single-winner-majority":
        # RCTab's documentation allows it only with one winner (its validation does not check).
        r.problem(
            w + "winnerElectionMode", f"winnerElectionMode 'singleWinnerMajority' needs numberOfWinners 1, not {seats}"
        )
    if winner_mode != "multi-pass":
        for key in ("continueUntilTwoCandidatesRemain", "batchElimination"):
            if flags[key]:
                r.problem(w + key, f"{key} can't be true with several winners unless multiPassIrv")
    if flags["doesFirstRoundDetermineThreshold"]:
        r.problem(
            w + "doesFirstRoundDetermineThreshold",
            "doesFirstRoundDetermineThreshold can't be true with several winners",
        )


def _percentage_threshold(r: _Reader, winner_mode: WinnerMode, raw: str | None) -> Fraction | None:
    """``numberOfWinners`` 0: only with ``bottomsUpUsingPercentageThreshold``, which reads
    ``multiSeatBottomsUpPercentageThreshold``."""
    if winner_mode != "bottoms-up-percentage":
        r.problem("rules.numberOfWinners", "numberOfWinners can be 0 only with bottomsUpUsingPercentageThreshold")
    return _percentage(r, raw, "rules.multiSeatBottomsUpPercentageThreshold")


def _check_threshold_flags(
    r: _Reader, winner_mode: WinnerMode | None, mode_name: str | None, flags: dict[str, bool]
) -> None:
    """``batchElimination`` not with a percentage threshold; ``nonIntegerWinningThreshold`` and ``hareQuota``
    only with a quota, and not both."""
    w = "rules."
    if winner_mode == "bottoms-up-percentage" and flags["batchElimination"]:
        r.problem(w + "batchElimination", "batchElimination can't be true with bottomsUpUsingPercentageThreshold")
    if winner_mode not in _QUOTA_MODES:
        for key in ("nonIntegerWinningThreshold", "hareQuota"):
            if flags[key]:
                r.problem(w + key, f"{key} can't be true with {mode_name!r}")
    if flags["nonIntegerWinningThreshold"] and flags["hareQuota"]:
        r.problem(w + "hareQuota", "nonIntegerWinningThreshold and hareQuota can't both be true")


def _percentage(r: _Reader, raw: str | None, field: str) -> Fraction | None:
    """``multiSeatBottomsUpPercentageThreshold`` (1 to 100) as an exact fraction of one."""
    try:
        value = Decimal((raw or "").strip())
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or not 1 <= value <= 100:
        r.problem(field, f"multiSeatBottomsUpPercentageThreshold must be a number from 1 to 100, not {raw!r}")
        return None
    return Fraction(value) / 100
