"""Anyone's check of a published bulletin board (pure: no Django, no database).

`verify_board(board)` re-computes every link of the hash chain, the digest of the set of ballots
the "closed" entry committed to, the hash of the anonymised BLT export and of the result the
"counted" entry committed to, recounts the export with the counting core (the method and seats
of the "opened" entry) and compares the recount with the published result. `hustings verify
BOARD.json` prints its findings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hustings.board.chain import (
    GENESIS,
    ballots_digest,
    canonical,
    entry_digest,
    sha256,
    tracking_code,
)


@dataclass
class Verification:
    """The verdict: `verified` when nothing failed; `checks` passed and `problems` found, in words."""

    checks: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    recount: dict[str, Any] | None = None

    @property
    def verified(self) -> bool:
        return not self.problems

    def __bool__(self) -> bool:
        return self.verified


class BoardFormatError(ValueError):
    """The board is not a Hustings bulletin board at all (missing or mistyped parts)."""


def recount(export: str, method: str, seats: int) -> dict[str, Any]:
    """Count the BLT export with the counting core; the result record as JSON data."""
    from hustings.count.registry import run
    from hustings.formats import blt

    profile = blt.parse(export, "export.blt")
    return run(method, profile, seats=seats).to_dict()


def verify_board(board: dict[str, Any]) -> Verification:
    """Re-check `board` (the JSON of `bulletin_board`) from its own content alone."""
    out = Verification()
    entries = _list(board, "entries")
    ballots = _list(board, "ballots")
    prev = GENESIS
    by_kind: dict[str, dict[str, Any]] = {}
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise BoardFormatError(f"board entry {index} is not an object")
        seq, kind, data = entry.get("seq"), entry.get("kind"), entry.get("data")
        if seq != index:
            out.problems.append(f"entry {index}: sequence number {seq!r}, expected {index} (an entry is missing)")
        if entry.get("prev") != prev:
            out.problems.append(f"entry {index} ({kind}): does not chain to the entry before it")
        digest = entry_digest(str(entry.get("prev")), int(seq) if isinstance(seq, int) else -1, str(kind), data)
        if entry.get("digest") != digest:
            out.problems.append(f"entry {index} ({kind}): its hash does not match its content (altered)")
        prev = str(entry.get("digest"))
        if isinstance(kind, str) and isinstance(data, dict):
            by_kind[kind] = data
    if entries and not out.problems:
        out.checks.append(f"hash chain of {len(entries)} entries intact")
    if board.get("head") is not None and board.get("head") != prev:
        out.problems.append("the board's head hash is not its last entry's hash (entries removed at the end)")
    opened = by_kind.get("opened")
    if opened is None:
        out.problems.append("no 'opened' entry: the board does not say what was on the ballot")
        return out

    for item in ballots:
        if not isinstance(item, dict) or tracking_code(str(item.get("digest", ""))) != item.get("tracking_code"):
            out.problems.append(f"ballot {item!r}: tracking code does not match its hash")
    closed = by_kind.get("closed")
    if closed is not None:
        digests = [str(b.get("digest")) for b in ballots if isinstance(b, dict)]
        if closed.get("ballots") != len(digests):
            out.problems.append(
                f"the box was closed with {closed.get('ballots')} ballots; the board lists {len(digests)}"
            )
        elif closed.get("ballots_digest") != ballots_digest(digests):
            out.problems.append("the ballots listed are not the ballots the box was closed with (changed)")
        else:
            out.checks.append(f"{len(digests)} ballots listed, as the box was closed with")

    counted = by_kind.get("counted")
    export, result = board.get("export"), board.get("result")
    if counted is None:
        out.checks.append("not counted yet: nothing to recount")
        return out
    if not isinstance(export, str) or sha256(export) != counted.get("export_sha256"):
        out.problems.append("the BLT export is not the one counted (changed or missing)")
        return out
    out.checks.append("BLT export is the one counted")
    try:
        out.recount = recount(export, str(opened.get("method")), int(opened.get("seats") or 1))
    except (ValueError, TypeError, KeyError) as exc:
        out.problems.append(f"the export cannot be recounted: {exc}")
        return out
    total = out.recount.get("total")
    if closed is not None and total is not None and str(closed.get("ballots")) != total:
        out.problems.append(f"the export holds {total} ballots; the box was closed with {closed.get('ballots')}")
    if sha256(canonical(out.recount)) != counted.get("result_sha256"):
        out.problems.append("recounting the export does not give the result the count recorded")
    else:
        out.checks.append(
            f"recount from the export agrees with the count: elected {', '.join(out.recount.get('elected', []))}"
        )
    published = by_kind.get("published")
    if published is None and result is None:
        out.checks.append("counted, not yet published")
    elif result is None or sha256(canonical(result)) != counted.get("result_sha256"):
        out.problems.append("the published result is not the one the count recorded (altered)")
    elif published is not None and published.get("result_sha256") != counted.get("result_sha256"):
        out.problems.append("the 'published' entry names another result than the count's")
    else:
        out.checks.append("the published result is the recounted one")
    return out


def _list(board: dict[str, Any], key: str) -> list[Any]:
    if not isinstance(board, dict):
        raise BoardFormatError("a bulletin board is a JSON object")
    value = board.get(key)
    if not isinstance(value, list):
        raise BoardFormatError(f"the board has no list of {key!r}")
    return value
