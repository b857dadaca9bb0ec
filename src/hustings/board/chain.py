"""The bulletin board's arithmetic, pure (no Django): hashes of entries and ballots, the tracking
code, and the digest of a set of ballots. Both the services that write the board and `hustings
verify`, which re-checks it anywhere, use these, so the two cannot disagree."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

GENESIS = "0" * 64
"""The `prev` of a board's first entry."""


def canonical(data: Any) -> str:
    """JSON with sorted keys and no spaces: the text every hash on the board is taken of."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def entry_digest(prev: str, seq: int, kind: str, data: Any) -> str:
    """The hash of one board entry, chained to the previous entry's hash."""
    return sha256(prev + "\n" + canonical({"seq": seq, "kind": kind, "data": data}))


def ballot_digest(ballot_id: int, salt: str, preferences: str) -> str:
    """The hash of a stored ballot: its ballot, a random salt and its preferences (docs/ballots.md)."""
    return sha256(f"{ballot_id}|{salt}|{preferences}")


def tracking_code(digest: str) -> str:
    """The voter's receipt: the first 64 bits of the ballot's hash, in four groups."""
    head = digest[:16].upper()
    return "-".join(head[i : i + 4] for i in range(0, 16, 4))


def ballots_digest(digests: Iterable[str]) -> str:
    """One hash over a set of ballots (sorted, so the order of casting is neither needed nor kept)."""
    return sha256("\n".join(sorted(digests)))
