"""Entry point of the ``hustings`` command: parse, dispatch, and turn errors into exit 2.

Subcommands live in their own modules (``hustings.cli.<name>``) exposing
``add_parser(subparsers)`` and ``run(args) -> int``; each imports what it
needs inside ``run`` so that starting the command stays cheap.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from typing import Any

SUBCOMMANDS: tuple[str, ...] = (
    *("count", "methods", "rctab", "example", "apportion", "analyse", "demo", "replay"),
    "verify",
    "scrutineer",
    "trustee",
    "e2e",
    *("serve", "worker", "manage", "check", "backup", "restore", "roll", "proxies"),
)
"""Modules under ``hustings.cli`` that define a subcommand, in help order."""


class UsageError(Exception):
    """A mistake in how the command was called; shown as one line, exit 2."""


class _Formatter(argparse.HelpFormatter):
    """argparse's help formatter, as wide as the terminal, found as ``shutil.get_terminal_size`` finds it.

    argparse imports :mod:`shutil` (and with it bz2, lzma...) to size every
    parser's formatter, which costs each start of the command 4 ms.
    """

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None):
        if width is None:
            width = _terminal_columns() - 2  # (as argparse narrows it)
        super().__init__(prog, indent_increment, max_help_position, width)


def _terminal_columns() -> int:
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"hustings: error: {message}\n")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command's parser; with ``only``, just that subcommand, so no other subcommand module is imported."""
    from hustings import __version__

    parser = _Parser(
        prog="hustings",
        description="Count ballots exactly, and run an organisation's democracy.",
    )
    parser.add_argument("--version", action="version", version=f"hustings {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    for name in SUBCOMMANDS if only is None else (only,):
        module = importlib.import_module(f"hustings.cli.{name}")
        p = module.add_parser(sub)
        p.set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(words[0] if words and words[0] in SUBCOMMANDS else None)
    args = parser.parse_args(words)
    try:
        return int(args._run(args))
    except KeyboardInterrupt:
        print("hustings: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:
        return _report(exc)


def _report(exc: Exception) -> int:
    from hustings.count.registry import UnknownMethod
    from hustings.formats.errors import FormatError

    if os.environ.get("HUSTINGS_DEBUG"):
        raise exc
    if isinstance(exc, (FormatError, UnknownMethod, UsageError)):
        print(f"hustings: error: {exc}", file=sys.stderr)
        return 2
    if isinstance(exc, (ValueError, TypeError)) and getattr(exc, "user_facing", True):
        # Options a method refuses (inconsistent settings) arrive as these.
        print(f"hustings: error: {exc}", file=sys.stderr)
        return 2
    if isinstance(exc, OSError):
        name = getattr(exc, "filename", None)
        why = exc.strerror or str(exc)
        print(f"hustings: error: {name + ': ' if name else ''}{why}", file=sys.stderr)
        return 2
    print(
        f"hustings: internal error: {type(exc).__name__}: {exc} "
        "(set HUSTINGS_DEBUG=1 for details, and please report it)",
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":
    # Run as ``python -m hustings.cli.main``, this file is ``__main__``, and the subcommands'
    # ``UsageError`` (imported from ``hustings.cli.main``) is not this module's: dispatch from there.
    from hustings.cli.main import main as _main

    sys.exit(_main())
