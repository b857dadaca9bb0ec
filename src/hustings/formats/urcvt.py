"""The Universal RCV Tabulator (URCVT) summary JSON, as RCTab writes it.

RCTab's ``*_detailed_report.json`` (``jsonFormatVersion`` 1, documented at
rcvformats.readthedocs.io): a ``config`` block naming the contest, one entry
per round in ``results`` (``tally``, ``threshold``, ``inactiveBallots`` by
cause, and ``tallyResults``: who was elected or eliminated at the end of the
round and where their votes went in the next round, ``exhausted`` included),
and a ``summary``.  Numbers are decimal strings exactly as RCTab's
``BigDecimal`` writes them (its scale kept: ``"9452.0000"``); keys are sorted
and the layout is Jackson's default pretty printer, so a Hustings summary can
be compared with RCTab's line by line.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from hustings.count.irv import FINAL_ROUND_SURPLUS, NO_RANKINGS
from hustings.count.result import (
    EXHAUSTED,
    OVERVOTES,
    REPEATED_RANKINGS,
    SKIPPED_RANKINGS,
    Result,
    Votes,
    decimal_string,
)
from hustings.formats.errors import FormatError
from hustings.formats.jsonload import read_json

INACTIVE_KEYS = {
    EXHAUSTED: "exhaustedChoices",
    OVERVOTES: "overvotes",
    REPEATED_RANKINGS: "repeatedRankings",
    SKIPPED_RANKINGS: "skippedRankings",
}
"""Our inactive causes -> URCVT ``inactiveBallots`` keys."""


def summary(
    result: Result,
    *,
    contest: str = "",
    date: str = "",
    jurisdiction: str = "",
    office: str = "",
    generated_by: str | None = None,
) -> dict[str, Any]:
    """The URCVT summary of an instant-runoff ``result`` (one seat's pass, for multi-pass IRV)."""
    if generated_by is None:
        from hustings import __version__

        generated_by = f"Hustings {__version__}"
    results: list[dict[str, Any]] = []
    for r in result.rounds:
        inactive = {key: _num(r.inactive.get(cause, 0)) for cause, key in INACTIVE_KEYS.items()}
        if FINAL_ROUND_SURPLUS in r.extra:
            inactive["finalRoundSurplus"] = _num(r.extra[FINAL_ROUND_SURPLUS])
        actions: list[dict[str, Any]] = []
        for kind, key in (("elect", "elected"), ("exclude", "eliminated")):
            for a in sorted((a for a in r.actions if a.kind == kind), key=lambda a: a.candidate):
                actions.append({key: a.candidate, "transfers": {k: _num(v) for k, v in a.transfers.items()}})
        results.append(
            {
                "inactiveBallots": inactive,
                "round": r.number,
                "tally": {c: _num(v) for c, v in r.tally.items()},
                "tallyResults": actions,
                "threshold": _num(r.threshold) if r.threshold is not None else None,
            }
        )
    first = result.rounds[0] if result.rounds else None
    final = result.rounds[-1] if result.rounds else None
    undervotes = first.inactive.get(NO_RANKINGS, 0) if first else 0
    return {
        "config": {
            "contest": contest,
            "date": date,
            "generatedBy": generated_by,
            "jurisdiction": jurisdiction,
            "office": office,
        },
        "jsonFormatVersion": "1",
        "results": results,
        "summary": {
            "finalThreshold": _num(final.threshold) if final and final.threshold is not None else None,
            "numCandidates": len(result.candidates),
            "numWinners": result.seats,
            "totalNumBallots": _num(result.total if result.total is not None else 0),
            "undervotes": int(undervotes),
        },
    }


def _num(v: Votes) -> str:
    return decimal_string(v)


def dumps(document: Mapping[str, Any]) -> str:
    """JSON laid out as RCTab (Jackson's default pretty printer, keys sorted) lays it out."""
    return _dump(document, 0)


def _dump(v: Any, depth: int) -> str:
    pad = "  " * depth
    if isinstance(v, Mapping):
        if not v:
            return "{ }"
        items = [f"{pad}  {json.dumps(str(k), ensure_ascii=False)} : {_dump(v[k], depth + 1)}" for k in sorted(v)]
        return "{\n" + ",\n".join(items) + f"\n{pad}}}"
    if isinstance(v, (list, tuple)):
        if not v:
            return "[ ]"
        return "[ " + ", ".join(_dump(x, depth) for x in v) + " ]"
    return json.dumps(v, ensure_ascii=False)


def write(path: str | Path, document: Mapping[str, Any]) -> None:
    """Write a summary document to ``path`` (UTF-8)."""
    Path(path).write_text(dumps(document), encoding="utf-8")


def read(path: str | Path) -> dict[str, Any]:
    """Read a URCVT summary JSON file, checking its outline."""
    shown = str(path)
    doc = read_json(path, shown=shown)
    if not isinstance(doc, dict) or not isinstance(doc.get("results"), list):
        raise FormatError(shown, "not a Universal RCV Tabulator summary (no 'results' list)")
    for i, r in enumerate(doc["results"], 1):
        if not isinstance(r, dict) or not isinstance(r.get("tally"), dict):
            raise FormatError(shown, f"round {i} has no 'tally'", field=f"results[{i - 1}]")
    return doc
