"""``hustings count FILE... [--method M] [--seats N] [--format text|json]``.

Reads each file (BLT, CSV of rankings, PrefLib), counts it, and prints the
round table, or with ``--format json`` one result record per line (JSON
Lines) carrying ``source`` (the path as given), ``method``, ``seats``,
``quota`` where one applies, ``elected`` and ``rounds``.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from typing import Any


def add_parser(sub: Any) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(
        "count",
        help="count ballot files and print the rounds",
        description="Count one or more ballot files (BLT, CSV of rankings, PrefLib).",
    )
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--method", "-m", default="irv", help="counting method (see `hustings methods`); default irv")
    p.add_argument("--seats", "-s", type=int, default=None, help="seats to fill (default: the file's own, or 1)")
    p.add_argument("--format", "-f", choices=("text", "json"), default="text")
    p.add_argument(
        "--tie-break",
        default=None,
        help="tie-break policy: random, candidate-order, forward, backward, ... (default: the method's)",
    )
    p.add_argument("--seed", type=int, default=None, help="seed for ties decided by lot")
    p.add_argument(
        "--option",
        "-o",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="set one of the method's options (repeatable)",
    )
    return p


def parse_option(text: str) -> tuple[str, Any]:
    from hustings.cli.main import UsageError

    if "=" not in text:
        raise UsageError(f"--option takes NAME=VALUE, got {text!r}")
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


def method_options(args: argparse.Namespace) -> dict[str, Any]:
    """Options for the registry from the command line."""
    options: dict[str, Any] = dict(parse_option(o) for o in args.option)
    if args.seats is not None:
        if args.seats < 1:
            from hustings.cli.main import UsageError

            raise UsageError(f"--seats must be at least 1, got {args.seats}")
        options["seats"] = args.seats
    if args.tie_break is not None or args.seed is not None:
        from hustings.count.ties import TIE_MODES, TiePolicy

        # --seed alone keeps the method's own tie rule and seeds its lot.
        wanted = args.tie_break or _default_tie_mode(args.method)
        # Found in TIE_MODES rather than tested against it, so the mode is typed as one of them.
        mode = next((m for m in TIE_MODES if m == wanted), None)
        if mode is None:
            from hustings.cli.main import UsageError

            raise UsageError(f"unknown tie-break {wanted!r}; choose from {', '.join(TIE_MODES)}")
        options["tie_break"] = TiePolicy(mode=mode, seed=args.seed or 0)
    return options


def _default_tie_mode(method: str) -> str:
    import dataclasses

    from hustings.count import registry

    _, options_cls, preset = registry.load(method)
    if "tie_break" in preset:
        return str(preset["tie_break"].mode)
    for f in dataclasses.fields(options_cls):
        if f.name == "tie_break" and f.default_factory is not dataclasses.MISSING:
            return str(f.default_factory().mode)
    return "lot"


def typed_options(method: str, options: dict[str, Any]) -> dict[str, Any]:
    """``--option`` values converted to the types the method's ``Options`` declares.

    The command line gives text (or the int or bool :func:`parse_option`
    made of it); a value that cannot be what the option takes is a
    :class:`UsageError` naming the option.  Names the method does not take
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

    from hustings.cli.main import UsageError

    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        if type(None) in args and str(value).lower() in ("none", "null"):
            return None
        kinds = [a for a in args if a is not type(None)]
        for kind in kinds[:-1]:
            try:
                return _coerce(name, value, kind)
            except UsageError:
                continue
        return _coerce(name, value, kinds[-1])
    if origin is typing.Literal:
        for choice in args:
            if str(choice) == str(value):
                return choice
        raise UsageError(f"option {name} takes one of {', '.join(map(str, args))}; got {str(value)!r}")
    if hint is bool:
        if isinstance(value, bool):
            return value
        raise UsageError(f"option {name} takes true or false, got {str(value)!r}")
    if hint is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise UsageError(f"option {name} takes a whole number, got {str(value)!r}")
    if hint is Fraction:
        from hustings.cli.apportion import parse_share  # (refuses 1e999999999 before Fraction expands it)

        try:
            return parse_share(str(value))
        except (ValueError, ZeroDivisionError):
            raise UsageError(f"option {name} takes a number such as 0.1 or 1/10, got {str(value)!r}") from None
    if hint is str:
        return str(value)
    return value


def run(args: argparse.Namespace) -> int:
    from hustings.count import registry
    from hustings.count.profile import Profile
    from hustings.count.report import round_table

    name = registry.canonical(args.method)
    options = typed_options(name, method_options(args))
    out = sys.stdout
    for i, path in enumerate(args.files):
        profile = _read_packed(path, name, options)
        if profile is None:
            from hustings.formats.detect import read_profile  # (not needed, nor imported, on the packed path)

            profile = read_profile(path)
        opts = dict(options)
        if "seats" not in opts:
            opts["seats"] = profile.seats or 1
        _check_seats(path, profile, opts["seats"])
        if isinstance(profile, Profile):
            result = registry.run(name, profile, **opts)
        else:
            from hustings.count import irv, irv_packed

            result = irv_packed.count(profile, irv.Options(**opts))
        if args.format == "json":
            from hustings.formats import result_json

            out.write(result_json.dumps(result, source=path, title=profile.title) + "\n")
        else:
            if i:
                out.write("\n")
            out.write(round_table(result, profile.title or path))
    return 0


PACKED_FROM_BYTES = 1 << 22
"""Smaller files are read the ordinary way: numpy's import (about 0.1 s) would cost more than it saves."""


def _read_packed(path: str, method: str, options: dict[str, Any]) -> Any:
    """A large plain CSV of rankings to be counted by single-winner IRV, read packed; else None.

    Returns what :func:`rankings_csv_packed.read` returns: the packed profile,
    or the ordinary profile when the file turned out not to be plain.
    """
    import os

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
    from hustings.formats.errors import FormatError

    standing = len(profile.continuing)
    if seats > standing:
        raise FormatError(path, f"{seats} seats to fill but only {standing} candidates standing")
