"""``hustings apportion VOTES.csv --method M --seats N [--threshold 5%] [--format text|json]``.

VOTES.csv has a header with ``party`` and ``votes`` columns and optionally
``already_won`` (seats held before, e.g. constituency seats under AMS, which
divisor methods count in the divisor).  JSON output is exactly
``{"party": seats allocated now, ...}`` in the file's order; the text output
adds votes, seats already won, totals and any tie decided.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from fractions import Fraction
from typing import Any

from hustings.cli.table import aligned

METHODS = ("dhondt", "sainte-lague", "modified-sainte-lague", "hare", "droop", "huntington-hill")


def add_parser(sub: Any) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(
        "apportion",
        help="share seats among parties by votes (D'Hondt, Sainte-Laguë, Hare, ...)",
        description="Apportion seats among the parties of a CSV file with columns party,votes[,already_won].",
    )
    p.add_argument("votes", metavar="VOTES.csv")
    p.add_argument("--method", "-m", required=True, help=f"one of {', '.join(METHODS)}")
    p.add_argument("--seats", "-s", required=True, type=int, help="seats to allocate now")
    p.add_argument("--threshold", default=None, help="legal threshold as a share of all votes: 5%% or 0.05")
    p.add_argument(
        "--threshold-seats",
        type=int,
        default=None,
        help="a party holding this many already_won seats takes part whatever its share",
    )
    p.add_argument("--format", "-f", choices=("text", "json"), default="text")
    return p


def read_votes(path: str) -> tuple[dict[str, int], dict[str, int]]:
    """Votes and seats already won per party; raises ``FormatError`` on bad data."""
    from hustings.formats.errors import FormatError

    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            rows = list(reader)
    except UnicodeDecodeError:
        raise FormatError(path, "not a UTF-8 text file") from None
    except csv.Error as exc:
        raise FormatError(path, f"bad CSV: {exc}", line=reader.line_num) from None
    if not rows:
        raise FormatError(path, "empty file; expected a header party,votes[,already_won]")
    header = [h.strip().lower() for h in rows[0]]
    for need in ("party", "votes"):
        if need not in header:
            raise FormatError(path, f"no {need!r} column; the header must be party,votes[,already_won]", line=1)
    ip, iv = header.index("party"), header.index("votes")
    iw = header.index("already_won") if "already_won" in header else None
    votes: dict[str, int] = {}
    won: dict[str, int] = {}
    for n, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            raise FormatError(path, f"{len(row)} fields, the header has {len(header)}", line=n)
        party = row[ip].strip()
        if not party:
            raise FormatError(path, "empty party name", line=n, field="party")
        if party in votes:
            raise FormatError(path, f"party {party!r} appears twice", line=n, field="party")
        votes[party] = _whole(path, n, "votes", row[iv])
        if iw is not None and row[iw].strip():
            won[party] = _whole(path, n, "already_won", row[iw])
    if not votes:
        raise FormatError(path, "no parties listed")
    return votes, won


def _whole(path: str, line: int, field: str, text: str) -> int:
    from hustings.formats.errors import FormatError
    from hustings.formats.limits import MAX_COUNT, shown, too_long

    raw = text.strip().replace(",", "").replace("_", "")
    too_long(raw, path, line=line, field=field, what=field)
    try:
        value = int(raw)
    except ValueError:
        raise FormatError(path, f"{field} must be a whole number, got {shown(text)}", line=line, field=field) from None
    if value < 0:
        raise FormatError(path, f"negative {field}: {value}", line=line, field=field)
    if value > MAX_COUNT:
        raise FormatError(path, f"{field} {value} is over the limit of 10^24", line=line, field=field)
    return value


def run(args: argparse.Namespace) -> int:
    from hustings.cli.main import UsageError
    from hustings.count.apportion import ApportionmentError, apportion, canonical_method

    try:
        method = canonical_method(args.method)
    except ApportionmentError as exc:
        raise UsageError(str(exc)) from None
    from hustings.formats.shares import parse_threshold

    threshold = parse_threshold(args.threshold)
    votes, won = read_votes(args.votes)
    try:
        result = apportion(
            votes,
            args.seats,
            method,
            threshold=threshold,
            threshold_seats=args.threshold_seats,
            already_won=won,
        )
    except ApportionmentError as exc:
        from hustings.formats.errors import FormatError

        raise FormatError(args.votes, str(exc)) from None
    out = sys.stdout
    if args.format == "json":
        out.write(json.dumps(dict(result.seats), ensure_ascii=False) + "\n")
        return 0
    out.write(_text(result, args.votes))
    return 0


def _text(result: Any, source: str) -> str:
    from hustings.count.result import decimal_string

    parties = list(result.votes)
    total_votes = sum(result.votes.values()) or 1
    has_won = bool(result.already_won)
    head = ["Party", "Votes", "%"] + (["Already", "Now", "Total"] if has_won else ["Seats"])
    rows = []
    for p in parties:
        pct = decimal_string(Fraction(100 * result.votes[p], total_votes), places=2)
        cells = [p, str(result.votes[p]), pct]
        if has_won:
            cells += [str(result.already_won.get(p, 0)), str(result.seats[p]), str(result.total[p])]
        else:
            cells.append(str(result.seats[p]))
        rows.append(cells)
    lines = [f"{source}: {result.method}, {result.seats_allocated} seats"]
    if result.quota is not None:
        lines.append(f"quota {decimal_string(result.quota, places=2)}")
    lines.append("")
    lines.extend(aligned(head, rows))
    for p in result.below_threshold:
        lines.append(f"{p}: below the threshold, takes no part")
    for t in result.ties:
        lines.append(f"Tie between {', '.join(t.tied)}: {t.chosen} chosen ({t.reason})")
    return "\n".join(lines) + "\n"
