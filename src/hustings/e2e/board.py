"""The published board of an end-to-end verifiable ballot (docs/e2e.md, "The board").

The board is one JSON object, `hustings-e2e-board/1`:

- `election`: its identity (the first item of every hash), title, method, seats, candidates, the
  ballot's form (`BallotSpec`), the trustees with their signing keys, and the quorum;
- `ceremony`: every trustee's public dealing and the joint public key;
- `ballots`: the encrypted ballots as cast, in the order of their digests; `audited`: ballots a
  voter challenged (Benaloh) and so spoiled, with their randomness;
- `tally` (yes/no and single-mark ballots): the homomorphic product per option, the trustees'
  partial decryptions and the counts; or `mix` (ranked ballots): each mixing trustee's shuffled
  list with its proof, the partial decryptions of the last list, and the decoded rankings;
- `export` (the anonymised BLT of what was counted) and `result` (the counting core's record);
- `head`, the SHA-256 of the canonical JSON of everything above, and the trustees' Ed25519
  signatures of it.

This module builds every part of a board in its published order, for the simulation
(`hustings.e2e.simulate`) and a real election's services alike, so the two cannot differ, and
seals it; `hustings.e2e.verify` re-checks a board from nothing but its own content.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from nacl.signing import SigningKey

from hustings.board import signatures
from hustings.board.chain import canonical, sha256
from hustings.count import registry
from hustings.count.profile import Profile
from hustings.e2e.ballots import BallotSpec, decode_ranking, plaintext_table
from hustings.e2e.group import Point
from hustings.formats import blt

FORMAT = "hustings-e2e-board/1"

SIGNED_STAGE = "e2e-result"
"""The stage name in the message a trustee signs (`hustings.board.signatures.message`)."""

UNSIGNED = ("head", "signatures")
"""The board's fields its head does not cover: the head itself and the signatures of it."""


@dataclass(frozen=True)
class Election:
    """What a board is about: the identity every hash starts with, and the contest."""

    id: str
    title: str
    method: str
    seats: int
    candidates: tuple[str, ...]
    spec: BallotSpec
    trustees: tuple[tuple[str, str], ...]
    """(name, Ed25519 public key in base64) of trustees 1..n, in order."""
    quorum: int

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "method": self.method,
            "seats": self.seats,
            "candidates": list(self.candidates),
            "ballot": self.spec.to_json(),
            "trustees": [
                {"index": i, "name": name, "signing_key": key} for i, (name, key) in enumerate(self.trustees, 1)
            ],
            "quorum": self.quorum,
        }


def head(board: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of the canonical JSON of the board without its head and signatures."""
    return sha256(canonical({k: v for k, v in board.items() if k not in UNSIGNED}))


def sign(board: dict[str, Any], trustee: int, key: SigningKey) -> dict[str, Any]:
    """A trustee's signature of the board's head: `{"trustee": i, "signature": base64}`."""
    record = signatures.sign(key, board["election"]["id"], SIGNED_STAGE, 0, board["head"])
    return {"trustee": trustee, "signature": record["signature"]}


def signature_valid(election: Mapping[str, Any], key: str, board_head: str, signature: object) -> bool:
    return signatures.valid(key, str(election.get("id")), SIGNED_STAGE, 0, board_head, signature)


def seal(board: dict[str, Any], keys: Mapping[int, SigningKey]) -> dict[str, Any]:
    """Set the board's head, then the signatures of the trustees in `keys` (index -> key)."""
    board["head"] = head(board)
    board["signatures"] = [sign(board, i, keys[i]) for i in sorted(keys)]
    return board


def ranked_profile(election: Election, rankings: Sequence[Sequence[int] | None]) -> Profile:
    """The profile of the decoded rankings (candidate numbers), invalid ones (None) left out,
    sorted so that the export does not depend on the order the mix-net left them in."""
    names = election.candidates
    valid = sorted(tuple(r) for r in rankings if r is not None)
    return Profile.from_lists(
        names, ([names[c - 1] for c in r] for r in valid), title=election.title, seats=election.seats
    )


def marks_profile(election: Election, counts: Sequence[int]) -> Profile:
    """The profile of a single-mark tally: each option's count as that many one-name ballots."""
    ballots = [((frozenset((name,)),), n) for name, n in zip(election.candidates, counts, strict=True) if n]
    return Profile.from_ballots(election.candidates, ballots, title=election.title, seats=election.seats)


def opening(
    election: Election,
    dealings: Sequence[Mapping[str, Any]],
    public_key: str,
    cast: Sequence[Mapping[str, Any]],
    audited: Sequence[Mapping[str, Any]],
) -> dict[str, Any]:
    """The board's first parts: format, election, ceremony (public dealings in order of trustee and
    the joint key, hex), the cast ballots (in the order of their digests) and the audited ones."""
    return {
        "format": FORMAT,
        "election": election.to_json(),
        "ceremony": {"dealings": list(dealings), "public_key": public_key},
        "ballots": list(cast),
        "audited": list(audited),
    }


def tally_part(
    aggregate: Sequence[Any], partials: Sequence[Mapping[str, Any]], counts: Sequence[int]
) -> dict[str, Any]:
    """`tally` of a marks ballot: the homomorphic product, the partial decryptions of it, the counts."""
    return {"aggregate": list(aggregate), "partials": list(partials), "counts": list(counts)}


def mix_part(
    shuffles: Sequence[Mapping[str, Any]],
    partials: Sequence[Mapping[str, Any]],
    rankings: Sequence[Sequence[int] | None],
) -> dict[str, Any]:
    """`mix` of a ranked ballot: each shuffle `{"trustee", "rows", "proof"}` in order, the partial
    decryptions of the last list, and the decoded rankings (null for an invalid one)."""
    return {
        "shuffles": list(shuffles),
        "partials": list(partials),
        "rankings": [None if r is None else list(r) for r in rankings],
    }


def decode_rankings(spec: BallotSpec, points: Sequence[Point]) -> list[tuple[int, ...] | None]:
    """The rankings the decrypted points of a mixed list spell, `spec.width` points a ballot."""
    table = plaintext_table(spec)
    values = [table.get(p, -1) for p in points]
    w = spec.width
    return [decode_ranking(spec, values[i : i + w]) for i in range(0, len(values), w)]


def count(board: dict[str, Any], election: Election, profile: Profile) -> dict[str, Any]:
    """Write the anonymised BLT export of `profile` and the counting core's record of it (`result`,
    titled) to the board, as `hustings verify` recounts them; return the record."""
    export = blt.dumps(profile)
    record = registry.run(election.method, blt.parse(export, "export.blt"), seats=election.seats).to_dict()
    board.update(export=export, result={"title": election.title, **record})
    return record
