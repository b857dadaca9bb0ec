"""Count a ballot file as `hustings count` does: the one pipeline of the command line, the count
page (`/count/`) and `POST /api/count`, so that all three give the same result record and refuse
the same input with the same one-line message.

The pipeline is read -> options -> count -> record: the reader is chosen by the file's suffix
(`formats.detect`; a large plain CSV for single-winner IRV is read packed), the options are the
command line's (`--method`, `--seats`, `--tie-break`, `--seed`, `--option NAME=VALUE`, converted
to the types the method's `Options` declares), and the record is `formats.result_json`'s. It
touches no database: nothing of a count is stored here. An upload is written to a private
temporary directory under its own name, read, and removed; its refusals name the upload, not the
temporary file. Bad input raises `CountInputError`, `FormatError` or the registry's `UnknownMethod`
(each a one-line message); a method's refusal of inconsistent options arrives as `ValueError`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.utils import translation

from hustings.count.result import Result
from hustings.formats.errors import FormatError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
"""The largest file counted over the web (5 MiB: about a million ballots of a CSV of rankings).
Larger files are counted with `hustings count` on one's own computer."""

PACKED_FROM_BYTES = 1 << 22
"""Smaller files are read the ordinary way: numpy's import (about 0.1 s) would cost more than it saves."""


def gettext_noop(message: str) -> str:
    """Mark `message` for the catalogue without translating it: Django's own would read the settings,
    which `hustings count` never configures."""
    return message


def gettext(message: str) -> str:
    """`message` in the reader's language where Django is set up (the explorer's pages); as
    written where it is not: `hustings count` runs without Django and speaks English (its settings
    may be named in the environment, but its apps are never loaded)."""
    return translation.gettext(message) if apps.ready else message


class CountInputError(ValueError):
    """A count asked for with options that cannot be read; ``str()`` is the one-line message."""


class TooLarge(CountInputError):
    """An upload over :data:`MAX_UPLOAD_BYTES`."""

    @classmethod
    def of(cls, name: str, size: int) -> TooLarge:
        return cls(
            f"{upload_name(name)}: the file is {_megabytes(size)}, over this site's limit of "
            f"{_megabytes(MAX_UPLOAD_BYTES)}; count it on your own computer with `hustings count`"
        )


def too_large(size: int) -> bool:
    return size > MAX_UPLOAD_BYTES


def refusal(exc: Exception) -> str | None:
    """The one-line message the command line shows for ``exc`` (without `hustings: error: `), or
    None for an exception that is no fault of the input (a bug, which the caller lets through).

    As `cli.main` decides: a reader's `FormatError`, an unknown method, a bad option, and the
    `ValueError` or `TypeError` by which a method refuses inconsistent options."""
    from hustings.count.registry import UnknownMethod

    if isinstance(exc, (FormatError, UnknownMethod, CountInputError)):
        return str(exc)
    if isinstance(exc, (ValueError, TypeError)) and getattr(exc, "user_facing", True):
        return str(exc)
    return None


@dataclass(frozen=True)
class CountRequest:
    """What the command line's options ask for, as text (the web sends the same fields)."""

    method: str = "irv"
    seats: int | None = None
    tie_break: str | None = None
    seed: int | None = None
    options: Sequence[str] = ()


@dataclass(frozen=True)
class Counted:
    """One file counted: its result, its profile (for the writers), and its record's `source`."""

    result: Result
    profile: Any
    source: str
    contest: Any = None
    """An RCTab contest counted under its own rules (`formats.rctab.Contest`), else None."""
    passes: tuple[Result, ...] = ()
    """The contest's tabulation as RCTab writes it: one result, or one per seat for multi-pass IRV."""

    @property
    def title(self) -> str | None:
        title: str | None = self.profile.title
        return title

    def record(self) -> dict[str, Any]:
        from hustings.formats import result_json

        return result_json.record(self.result, source=self.source, title=self.title)

    def text(self) -> str:
        """The round table `hustings count` prints, headed by the file's title (else its name)."""
        from hustings.count.report import round_table

        return round_table(self.result, self.title or self.source)

    def record_json(self) -> str:
        """The record as `hustings count --format json` prints it (one line, no final newline)."""
        from hustings.formats import result_json

        return result_json.dumps(self.result, source=self.source, title=self.title)


@dataclass(frozen=True)
class Prepared:
    """A request's method under its registered name, and its options typed for the registry."""

    method: str
    options: dict[str, Any]


def parse_option(text: str) -> tuple[str, Any]:
    """``NAME=VALUE`` as (name, value): ``true``/``false`` as booleans, whole numbers as ``int``."""
    if "=" not in text:
        raise CountInputError(gettext("--option takes NAME=VALUE, got {text!r}").format(text=text))
    name, raw = text.split("=", 1)
    value: Any = raw
    low = raw.lower()
    if low in ("true", "yes"):
        value = True
    elif low in ("false", "no"):
        value = False
    else:
        with contextlib.suppress(ValueError):
            value = int(raw)
    return name.strip().replace("-", "_"), value


def prepare(request: CountRequest) -> Prepared:
    """The method's registered name and the options for the registry; raises ``UnknownMethod`` or
    :class:`CountInputError`."""
    from hustings.count import registry

    name = registry.canonical(request.method)
    return Prepared(name, typed_options(name, method_options(request, name)))


def method_options(request: CountRequest, method: str) -> dict[str, Any]:
    """Options for the registry from the request, still as given."""
    options: dict[str, Any] = dict(parse_option(o) for o in request.options)
    if request.seats is not None:
        if request.seats < 1:
            raise CountInputError(gettext("--seats must be at least 1, got {seats}").format(seats=request.seats))
        options["seats"] = request.seats
    # `--option tie_break=MODE` is `--tie-break MODE` given another way: the same policy, or a refusal.
    given = options.pop("tie_break", None)
    if given is not None and request.tie_break is not None and str(given) != request.tie_break:
        raise CountInputError(
            gettext("the tie-break is given twice: --tie-break {tie_break} and --option tie_break={given}").format(
                tie_break=request.tie_break, given=given
            )
        )
    tie_break = request.tie_break if given is None else str(given)
    if tie_break is not None or request.seed is not None:
        from hustings.count.ties import TIE_MODES, TiePolicy

        # --seed alone keeps the method's own tie rule and seeds its lot.
        wanted = tie_break or _default_tie_mode(method)
        # Found in TIE_MODES rather than tested against it, so the mode is typed as one of them.
        mode = next((m for m in TIE_MODES if m == wanted), None)
        if mode is None:
            raise CountInputError(
                gettext("unknown tie-break {wanted!r}; choose from {TIE_MODES}").format(
                    wanted=wanted, TIE_MODES=", ".join(TIE_MODES)
                )
            )
        options["tie_break"] = TiePolicy(mode=mode, seed=request.seed or 0)
    return options


def _default_tie_mode(method: str) -> str:
    from hustings.count import registry

    _, options_cls, preset = registry.load(method)
    if "tie_break" in preset:
        return str(preset["tie_break"].mode)
    for f in dataclasses.fields(options_cls):
        if f.name == "tie_break" and f.default_factory is not dataclasses.MISSING:
            return str(f.default_factory().mode)
    return "lot"


def typed_options(method: str, options: dict[str, Any]) -> dict[str, Any]:
    """Option values converted to the types the method's ``Options`` declares.

    The command line gives text (or the int or bool :func:`parse_option`
    made of it); a value that cannot be what the option takes is a
    :class:`CountInputError` naming the option.  Names the method does not take
    are left for the registry to refuse, with the list of those it does.
    """
    import typing

    from hustings.count import registry

    _, options_cls, _ = registry.load(method)
    try:
        hints = typing.get_type_hints(options_cls)
    except Exception:  # annotations that cannot be resolved at run time: leave the values as given
        return options
    return {k: _coerce(k, v, hints[k]) if k in hints else v for k, v in options.items()}


def _coerce(name: str, value: Any, hint: Any) -> Any:
    import types
    import typing
    from fractions import Fraction

    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        if type(None) in args and str(value).lower() in ("none", "null"):
            return None
        kinds = [a for a in args if a is not type(None)]
        for kind in kinds[:-1]:
            try:
                return _coerce(name, value, kind)
            except CountInputError:
                continue
        return _coerce(name, value, kinds[-1])
    if origin is typing.Literal:
        for choice in args:
            if str(choice) == str(value):
                return choice
        raise CountInputError(
            gettext("option {name} takes one of {args}; got {value!r}").format(
                name=name, args=", ".join(map(str, args)), value=str(value)
            )
        )
    if hint is bool:
        if isinstance(value, bool):
            return value
        raise CountInputError(
            gettext("option {name} takes true or false, got {value!r}").format(name=name, value=str(value))
        )
    if hint is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise CountInputError(
            gettext("option {name} takes a whole number, got {value!r}").format(name=name, value=str(value))
        )
    if hint is Fraction:
        from hustings.formats.shares import parse_share  # (refuses 1e999999999 before Fraction expands it)

        try:
            return parse_share(str(value))
        except (ValueError, ZeroDivisionError):
            raise CountInputError(
                gettext("option {name} takes a number such as 0.1 or 1/10, got {value!r}").format(
                    name=name, value=str(value)
                )
            ) from None
    if hint is str:
        return str(value)
    return value


Step = Callable[[str], None]
"""Told the step a count is at (`READING`, `COUNTING`), for a background count's progress."""
READING, COUNTING = "reading the file", "counting"


def _quiet(step: str) -> None:
    pass


def is_contest(path: str) -> bool:
    """Whether the file is an RCTab contest zip (by its name's suffix, as the reader is chosen)."""
    return Path(path).suffix.lower() == ".zip"


def count_file(path: str, prepared: Prepared, source: str | None = None, step: Step = _quiet) -> Counted:
    """Read the ballot file at ``path`` and count it; ``source`` (default ``path``) names it in the
    record and in every refusal. An RCTab contest zip is counted under its own rules
    (:func:`count_contest`)."""
    shown = path if source is None else source
    step(READING)
    try:
        if is_contest(path):
            return count_contest(path, prepared, shown, step)
        profile = _read_packed(path, prepared.method, prepared.options)
        if profile is None:
            from hustings.formats.detect import read_profile  # (not needed, nor imported, on the packed path)

            profile = read_profile(path)
    except FormatError as exc:
        raise _named(exc, path, shown) from None
    step(COUNTING)
    opts = dict(prepared.options)
    if "seats" not in opts:
        opts["seats"] = profile.seats or 1
    _check_seats(shown, profile, opts["seats"])
    from hustings.count.profile import Profile

    if isinstance(profile, Profile):
        from hustings.count import registry

        result = registry.run(prepared.method, profile, **opts)
    else:
        from hustings.count import irv, irv_packed

        result = irv_packed.count(profile, irv.Options(**opts))
    return Counted(result, profile, shown)


def _named(exc: FormatError, path: str, shown: str) -> FormatError:
    """``exc`` naming the file as ``shown`` rather than by the path it was read from."""
    if exc.path == path:
        exc.path = shown
    elif exc.path is not None and exc.path.startswith(path + "/"):  # a member of an archive
        exc.path = shown + exc.path[len(path) :]
    return exc


CONTEST_RULES = gettext_noop(
    "an RCTab contest is counted under the rules in its configuration (as `hustings rctab` counts it); "
    "leave out --method, --seats, --tie-break, --seed and --option"
)


def count_contest(path: str, prepared: Prepared, shown: str, step: Step = _quiet) -> Counted:
    """Count the RCTab contest zip at ``path`` as `hustings rctab` does, under its configuration's
    rules (`formats.rctab.tabulation`: its tiebreak mode, overvote and skipped-rank rules, maximum
    rankings, duplicate-candidate rule, winner election mode, number of winners, minimum vote
    threshold...), not by the command line's method and options: asking for any other than the
    default (instant runoff, nothing else) is refused with :data:`CONTEST_RULES`. The record is
    the tabulation's (multi-pass IRV's passes joined, as `irv.count` joins them)."""
    if prepared.method != "irv" or prepared.options:
        raise CountInputError(gettext("{shown}: {rules}").format(shown=shown, rules=gettext(CONTEST_RULES)))
    from hustings.formats import rctab_zip
    from hustings.formats.rctab import tabulation

    contest = rctab_zip.read_contest(path)
    step(COUNTING)
    passes = tabulation.tabulate(contest)
    result = tabulation.one_result(contest, passes)
    return Counted(result, contest.profile, shown, contest=contest, passes=tuple(passes))


UPLOAD_NAME = re.compile(r"[^A-Za-z0-9._ -]+")


def upload_name(name: str) -> str:
    """The name an upload is known by: its last path component, with no character that could
    leave the temporary directory or confuse a file system (a name of dots becomes `ballots`)."""
    base = UPLOAD_NAME.sub("_", name.replace("\\", "/").rsplit("/", 1)[-1]).strip()[:200]
    return base if base.strip(".") else "ballots"


def count_upload(name: str, data: bytes, request: CountRequest, step: Step = _quiet) -> Counted:
    """Count an uploaded ballot file as `hustings count NAME` would count it.

    Raises :class:`TooLarge` over :data:`MAX_UPLOAD_BYTES`, and whatever the command line refuses,
    with the same message. The upload is written to a private temporary directory (the readers
    read files, and the reader is chosen by the name's suffix) and removed at once.
    """
    shown = upload_name(name)
    if too_large(len(data)):
        raise TooLarge.of(name, len(data))
    prepared = prepare(request)
    with tempfile.TemporaryDirectory(prefix="hustings-count-") as folder:
        path = os.path.join(folder, shown)
        Path(path).write_bytes(data)
        return count_file(path, prepared, source=shown, step=step)


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"


def _read_packed(path: str, method: str, options: dict[str, Any]) -> Any:
    """A large plain CSV of rankings to be counted by single-winner IRV, read packed; else None.

    Returns what :func:`rankings_csv_packed.read` returns: the packed profile,
    or the ordinary profile when the file turned out not to be plain.
    """
    if method != "irv" or not path.lower().endswith(".csv") or set(options) - {"tie_break", "seats"}:
        return None
    if options.get("seats", 1) != 1 or not os.path.isfile(path) or os.path.getsize(path) < PACKED_FROM_BYTES:
        return None
    # This path uses no linear algebra: spare numpy's import the start of OpenBLAS's threads (0.1 s of CPU).
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    _keep_freed_memory()
    from hustings.formats import rankings_csv_packed

    return rankings_csv_packed.read(path)


def _keep_freed_memory() -> None:
    """Have glibc's malloc keep freed memory for reuse rather than hand it back to the system at once.

    The packed reader allocates and frees arrays of about a megabyte for every
    block of the file; by default each is a fresh mapping, and the page faults
    cost a sixth of the time.  Elsewhere than glibc this does nothing.
    """
    import ctypes

    try:
        libc = ctypes.CDLL(None)
        libc.mallopt(-3, 1 << 26)  # M_MMAP_THRESHOLD: map only blocks of 64 MB or more
        libc.mallopt(-1, 1 << 27)  # M_TRIM_THRESHOLD: keep up to 128 MB free at the top of the heap
    except (OSError, AttributeError, TypeError):  # no C library to load, or no mallopt in it
        pass


def _check_seats(path: str, profile: Any, seats: int) -> None:
    standing = len(profile.continuing)
    if seats > standing:
        raise FormatError(path, f"{seats} seats to fill but only {standing} candidates standing")


@dataclass(frozen=True)
class Download:
    """A file a count can be saved as."""

    label: str
    filename: str
    media_type: str
    text: str
    raw: bytes | None = None
    """The file's bytes, for a file that is not text (an RCTab contest zip); then ``text`` is empty."""


def file_stem(name: str) -> str:
    """A file's name without its suffix, which the downloads' names begin with (``count`` if none is left)."""
    return name.rsplit(".", 1)[0] or "count"


def downloads(counted: Counted, ballots: bool = True) -> list[Download]:
    """The count as files: its result record (as `hustings count --format json` writes it), the
    Universal RCV Tabulator summary JSON for an instant-runoff count (as `hustings rctab` writes it;
    for an RCTab contest, its summaries exactly as `hustings rctab` writes them), and, unless
    ``ballots`` is false, the ballots as BLT (as `formats.blt` writes them), but for an RCTab contest."""
    stem = file_stem(counted.source)
    files = [Download("Result (JSON)", f"{stem}.result.json", "application/json", counted.record_json() + "\n")]
    if counted.contest is not None:
        files.extend(contest_summaries(counted))
    elif counted.result.method == "irv":
        from hustings.formats import urcvt

        document = urcvt.summary(counted.result, contest=counted.title or counted.source)
        files.append(
            Download("URCVT summary (JSON)", f"{stem}.summary.json", "application/json", urcvt.dumps(document))
        )
    from hustings.count.profile import Profile

    if ballots and isinstance(counted.profile, Profile) and counted.contest is None:
        # (Not an RCTab contest: its rules are in its configuration, and BLT cannot say an overvote.)
        from hustings.formats import blt

        files.append(Download("Ballots (BLT)", f"{stem}.blt", "text/plain", blt.dumps(counted.profile)))
    return files


def contest_summaries(counted: Counted) -> list[Download]:
    """An RCTab contest's summaries as `hustings rctab` writes them (one per pass of multi-pass IRV),
    with the contest's name, date, jurisdiction and office; none for any other count."""
    if counted.contest is None:
        return []
    stem = file_stem(counted.source)
    from hustings.formats import urcvt
    from hustings.formats.rctab import tabulation

    documents = tabulation.summaries(counted.contest, list(counted.passes))
    names = tabulation.summary_names(len(documents))
    return [
        Download("URCVT summary (JSON)", f"{stem}.{name}", "application/json", urcvt.dumps(document))
        for name, document in zip(names, documents, strict=True)
    ]
