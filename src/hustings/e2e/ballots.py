"""Encrypted ballots: what a voter's device casts, how anyone checks it, and how a voter audits it
(docs/e2e.md, "Ballots").

Two kinds of ballot, both a fixed-width vector of exponential ElGamal ciphertexts:

- ``marks`` — one ciphertext per candidate, each encrypting 0 or 1, with a disjunctive proof that
  it does and another that the number of marks lies in the spec's range; tallied homomorphically
  without decrypting any ballot. Adida, "Helios: web-based open-audit voting" (USENIX Security
  2008), section 2; the proofs are Cramer, Gennaro and Schoenmakers (EUROCRYPT '97).
- ``ranked`` — one ciphertext per rank, each encrypting the number of the candidate at that rank
  (0 past the voter's last preference), with one proof of knowledge of every ciphertext's
  randomness; mixed, then decrypted ballot by ballot and counted in the clear.

Every proof hashes the ballot's digest, so no proof can move to another ballot or election, and
the box refuses any ballot reusing a ciphertext's first component (`ballot_fingerprints`):
Cortier and Smyth, "Attacking and fixing Helios" (CSF 2011). A voter may instead audit a ballot
(`audit_ballot`): the device reveals its randomness, which spoils it, and anyone can recompute the
encryption (`check_audit`): Benaloh, "Simple verifiable elections" (EVT 2006).
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from dataclasses import dataclass

from hustings.e2e import group
from hustings.e2e.elgamal import ZERO, Ciphertext, encrypt
from hustings.e2e.group import GroupError, Point, Scalar
from hustings.e2e.proofs import (
    OneOfProof,
    RandomnessProof,
    prove_one_of,
    prove_randomness,
    verify_one_of,
    verify_randomness,
)

KINDS = ("marks", "ranked")

MARK_DOMAIN = "ballot-mark"
"""Hash domain of the proof that one ciphertext of a marks ballot encrypts 0 or 1."""
TOTAL_DOMAIN = "ballot-total"
"""Hash domain of the proof that a marks ballot's product encrypts min_marks..max_marks."""
RANKS_DOMAIN = "ballot-ranks"
"""Hash domain of a ranked ballot's proof of knowledge of its randomness."""
DIGEST_DOMAIN = "ballot"
"""Domain of the ballot digest (SHA-256), from which the tracking code is cut."""

_SPEC_KEYS = {"election", "kind", "options", "width", "min_marks", "max_marks"}


@dataclass(frozen=True)
class BallotSpec:
    """The shape of an election's ballots. ``marks``: width == options, and each ballot marks
    min_marks..max_marks candidates (1..1 a single choice, 0..options approval, 0..1 with one
    option a yes/no that may be left blank). ``ranked``: width ranks of candidates 1..options,
    from 1 to width of them ranked; min_marks and max_marks are not used."""

    election: str
    kind: str
    options: int
    width: int
    min_marks: int = 1
    max_marks: int = 1

    def __post_init__(self) -> None:
        if not isinstance(self.election, str) or not self.election:
            raise ValueError("the election id must be a non-empty string")
        if self.kind not in KINDS:
            raise ValueError(f"ballot kind must be 'marks' or 'ranked', not {self.kind!r}")
        for name in ("options", "width", "min_marks", "max_marks"):
            if type(getattr(self, name)) is not int:
                raise ValueError(f"{name} must be a whole number")
        if self.options < 1:
            raise ValueError(f"a ballot needs at least 1 option, not {self.options}")
        if not 1 <= self.width <= self.options:
            raise ValueError(f"width must be between 1 and the {self.options} options, not {self.width}")
        if self.kind == "marks" and self.width != self.options:
            raise ValueError(f"a marks ballot has one ciphertext per option: width {self.options}, not {self.width}")
        if not 0 <= self.min_marks <= self.max_marks <= self.options:
            raise ValueError(
                f"marks must satisfy 0 <= min_marks <= max_marks <= options ({self.options}), "
                f"not {self.min_marks}..{self.max_marks}"
            )

    def to_json(self) -> dict[str, str | int]:
        return {
            "election": self.election,
            "kind": self.kind,
            "options": self.options,
            "width": self.width,
            "min_marks": self.min_marks,
            "max_marks": self.max_marks,
        }

    @classmethod
    def from_json(cls, data: object) -> BallotSpec:
        """`GroupError` unless `data` has exactly the six fields of a valid spec."""
        if not isinstance(data, dict) or set(data) != _SPEC_KEYS:
            raise GroupError(f"not a ballot spec: {str(data)[:80]!r}")
        try:
            return cls(**data)
        except ValueError as error:
            raise GroupError(f"not a ballot spec: {error}") from None


@dataclass(frozen=True)
class MarksProof:
    """A marks ballot's proofs: per ciphertext, CDS that it encrypts 0 or 1; over their product,
    CDS that it encrypts min_marks..max_marks. JSON `{"marks": [one-of...], "total": one-of}`."""

    marks: tuple[OneOfProof, ...]
    total: OneOfProof

    def to_json(self) -> dict[str, object]:
        return {"marks": [p.to_json() for p in self.marks], "total": self.total.to_json()}

    @classmethod
    def from_json(cls, data: object) -> MarksProof:
        if not isinstance(data, dict) or set(data) != {"marks", "total"} or not isinstance(data["marks"], list):
            raise GroupError(f"not a marks proof: {str(data)[:80]!r}")
        return cls(tuple(OneOfProof.from_json(p) for p in data["marks"]), OneOfProof.from_json(data["total"]))


BallotProof = MarksProof | RandomnessProof


@dataclass(frozen=True)
class EncryptedBallot:
    """A cast ballot: spec.width ciphertexts and the proof of its kind.
    JSON `{"ciphertexts": [[a, b]...], "proof": {...}}`."""

    ciphertexts: tuple[Ciphertext, ...]
    proof: BallotProof

    def to_json(self) -> dict[str, object]:
        return {"ciphertexts": [ct.to_json() for ct in self.ciphertexts], "proof": self.proof.to_json()}

    @classmethod
    def from_json(cls, data: object, spec: BallotSpec) -> EncryptedBallot:
        """`GroupError` unless `data` is a ballot of the spec's shape (its proofs unchecked)."""
        if not isinstance(data, dict) or set(data) != {"ciphertexts", "proof"}:
            raise GroupError(f"not a ballot: {str(data)[:80]!r}")
        raw = data["ciphertexts"]
        if not isinstance(raw, list) or len(raw) != spec.width:
            raise GroupError(f"a ballot has {spec.width} ciphertexts: {str(raw)[:80]!r}")
        cts = tuple(Ciphertext.from_json(ct) for ct in raw)
        proof: BallotProof
        if spec.kind == "marks":
            proof = MarksProof.from_json(data["proof"])
            if len(proof.marks) != spec.width or any(len(p.c) != 2 for p in proof.marks):
                raise GroupError("a marks ballot has one two-branch proof per ciphertext")
            if len(proof.total.c) != spec.max_marks - spec.min_marks + 1:
                raise GroupError("the total proof needs one branch per allowed number of marks")
        else:
            proof = RandomnessProof.from_json(data["proof"])
            if len(proof.s) != spec.width:
                raise GroupError("a ranked ballot's proof has one response per ciphertext")
        return cls(cts, proof)


def _product(cts: Sequence[Ciphertext]) -> Ciphertext:
    acc = ZERO
    for ct in cts:
        acc = acc * ct
    return acc


def _digest(election: str, cts: Sequence[Ciphertext]) -> str:
    items: list[str | int] = [election]
    for ct in cts:
        items += ct.items()
    return hashlib.sha256(group.hash_input(DIGEST_DOMAIN, items)).hexdigest()


def ballot_digest(spec: BallotSpec, ballot: EncryptedBallot) -> str:
    """SHA-256, hex, of hash_input("ballot", [election, a_1, b_1, ..., a_w, b_w])."""
    return _digest(spec.election, ballot.ciphertexts)


def tracking_code(digest: str) -> str:
    """The first 16 hex digits of a ballot digest, upper case, in groups of 4: "ABCD-EF01-2345-6789"."""
    head = digest[:16].upper()
    if len(head) != 16 or any(ch not in "0123456789ABCDEF" for ch in head):
        raise ValueError(f"not a ballot digest: {digest[:80]!r}")
    return "-".join(head[i : i + 4] for i in range(0, 16, 4))


def ballot_fingerprints(ballot: EncryptedBallot) -> list[str]:
    """Each ciphertext's first component g^r, hex: the box refuses a ballot sharing any with a ballot
    already cast, which weeds out replays and ballots built from another's ciphertexts (Cortier and
    Smyth, CSF 2011, section 5)."""
    return [ct.a.hex() for ct in ballot.ciphertexts]


def _check_marks(spec: BallotSpec, marks: Sequence[int]) -> None:
    if spec.kind != "marks":
        raise ValueError(f"a {spec.kind} ballot takes a ranking, not marks")
    if len(marks) != spec.options:
        raise ValueError(f"a ballot has one mark per option: {spec.options}, not {len(marks)}")
    if any(m not in (0, 1) or isinstance(m, bool) for m in marks):
        raise ValueError("each mark is 0 or 1")
    if not spec.min_marks <= sum(marks) <= spec.max_marks:
        raise ValueError(f"a ballot has {spec.min_marks} to {spec.max_marks} marks, not {sum(marks)}")


def _check_ranking(spec: BallotSpec, ranking: Sequence[int]) -> None:
    if spec.kind != "ranked":
        raise ValueError(f"a {spec.kind} ballot takes marks, not a ranking")
    if not 1 <= len(ranking) <= spec.width:
        raise ValueError(f"a ranking lists 1 to {spec.width} candidates, not {len(ranking)}")
    if any(type(c) is not int or not 1 <= c <= spec.options for c in ranking):
        raise ValueError(f"candidates are numbered 1 to {spec.options}")
    if len(set(ranking)) != len(ranking):
        raise ValueError("a ranking names each candidate at most once")


def encrypt_marks(
    spec: BallotSpec, public_key: Point, marks: Sequence[int], rng: random.Random | None = None
) -> tuple[EncryptedBallot, list[int]]:
    """A marks ballot (one 0/1 per option) and its randomness, kept by the device for an audit."""
    _check_marks(spec, marks)
    rs = [group.random_scalar(rng) for _ in marks]
    cts = tuple(encrypt(public_key, m, r) for m, r in zip(marks, rs, strict=True))
    digest = _digest(spec.election, cts)
    proofs = tuple(
        prove_one_of(MARK_DOMAIN, [spec.election, digest, j], public_key, ct, r, m, (0, 1), rng)
        for j, (ct, r, m) in enumerate(zip(cts, rs, marks, strict=True), start=1)
    )
    total = prove_one_of(
        TOTAL_DOMAIN,
        [spec.election, digest],
        public_key,
        _product(cts),
        sum(rs) % group.L,
        sum(marks),
        range(spec.min_marks, spec.max_marks + 1),
        rng,
    )
    return EncryptedBallot(cts, MarksProof(proofs, total)), rs


def encrypt_ranking(
    spec: BallotSpec, public_key: Point, ranking: Sequence[int], rng: random.Random | None = None
) -> tuple[EncryptedBallot, list[int]]:
    """A ranked ballot: rank j encrypts g^(candidate) or g^0 past the last preference."""
    _check_ranking(spec, ranking)
    values = [*ranking, *[0] * (spec.width - len(ranking))]
    rs = [group.random_scalar(rng) for _ in values]
    cts = tuple(encrypt(public_key, m, r) for m, r in zip(values, rs, strict=True))
    digest = _digest(spec.election, cts)
    proof = prove_randomness(RANKS_DOMAIN, [spec.election, digest], public_key, cts, rs, rng)
    return EncryptedBallot(cts, proof), rs


def _well_formed(spec: BallotSpec, ballot: EncryptedBallot) -> bool:
    """Width, and no ciphertext with randomness 0 or shared randomness, whose plaintexts anyone (or
    the voter, to a coercer) could read."""
    firsts = [ct.a for ct in ballot.ciphertexts]
    return len(firsts) == spec.width and group.IDENTITY not in firsts and len(set(firsts)) == len(firsts)


def verify_ballot(spec: BallotSpec, public_key: Point, ballot: EncryptedBallot) -> bool:
    """Whether the ballot is well formed and every one of its proofs holds."""
    if not _well_formed(spec, ballot):
        return False
    cts, proof = ballot.ciphertexts, ballot.proof
    digest = _digest(spec.election, cts)
    if spec.kind == "ranked":
        return isinstance(proof, RandomnessProof) and verify_randomness(
            RANKS_DOMAIN, [spec.election, digest], public_key, cts, proof
        )
    if not isinstance(proof, MarksProof) or len(proof.marks) != len(cts):
        return False
    for j, (ct, p) in enumerate(zip(cts, proof.marks, strict=True), start=1):
        if not verify_one_of(MARK_DOMAIN, [spec.election, digest, j], public_key, ct, (0, 1), p):
            return False
    allowed = range(spec.min_marks, spec.max_marks + 1)
    return verify_one_of(TOTAL_DOMAIN, [spec.election, digest], public_key, _product(cts), allowed, proof.total)


def plaintext_table(spec: BallotSpec) -> dict[Point, int]:
    """g^m -> m for m in 0..options: every value a decrypted rank (or mark) can take."""
    return {group.base(m): m for m in range(spec.options + 1)}


def decode_ranking(spec: BallotSpec, values: Sequence[int]) -> tuple[int, ...] | None:
    """The candidates a decrypted ranked ballot lists, most preferred first; None unless the values
    are width candidate numbers, distinct, at least one, followed only by zeros."""
    if len(values) != spec.width:
        return None
    ranked = tuple(v for v in values if v != 0)
    if not ranked or tuple(values[: len(ranked)]) != ranked or len(set(ranked)) != len(ranked):
        return None
    if any(not 1 <= v <= spec.options for v in ranked):
        return None
    return ranked


def _valid_plaintext(spec: BallotSpec, values: Sequence[int]) -> bool:
    if spec.kind == "ranked":
        return decode_ranking(spec, values) is not None
    return (
        len(values) == spec.width
        and all(v in (0, 1) for v in values)
        and spec.min_marks <= sum(values) <= spec.max_marks
    )


def audit_ballot(
    spec: BallotSpec, public_key: Point, ballot: EncryptedBallot, randomness: Sequence[int]
) -> dict[str, object]:
    """Benaloh's audit: the ballot with its randomness and the plaintext that randomness opens,
    `{"ballot": ..., "randomness": [hex...], "plaintext": [int...]}`. The ballot is spoiled: it must
    never be cast. ValueError if the randomness does not open the ballot."""
    if len(randomness) != len(ballot.ciphertexts):
        raise ValueError(f"an audit reveals one randomness per ciphertext: {len(ballot.ciphertexts)}")
    table = plaintext_table(spec)
    plaintext = []
    for ct, r in zip(ballot.ciphertexts, randomness, strict=True):
        if group.base(r) != ct.a:
            raise ValueError("the randomness does not open this ballot")
        m = table.get(group.sub(ct.b, group.mul(r, public_key)))
        if m is None:
            raise ValueError("the randomness opens a value no ballot may hold")
        plaintext.append(m)
    return {
        "ballot": ballot.to_json(),
        "randomness": [group.scalar_hex(r) for r in randomness],
        "plaintext": plaintext,
    }


def _parse_audit(spec: BallotSpec, audited: object) -> tuple[EncryptedBallot, list[Scalar], list[int]]:
    if not isinstance(audited, dict) or set(audited) != {"ballot", "randomness", "plaintext"}:
        raise GroupError(f"not an audited ballot: {str(audited)[:80]!r}")
    ballot = EncryptedBallot.from_json(audited["ballot"], spec)
    rs, values = audited["randomness"], audited["plaintext"]
    if not isinstance(rs, list) or len(rs) != spec.width:
        raise GroupError(f"an audited ballot reveals {spec.width} randomness values")
    if not isinstance(values, list) or len(values) != spec.width or any(type(v) is not int for v in values):
        raise GroupError(f"an audited ballot reveals {spec.width} whole numbers")
    return ballot, [group.scalar_from_hex(r) for r in rs], values


def check_audit(spec: BallotSpec, public_key: Point, audited: object) -> list[int] | None:
    """The plaintext of an audited ballot, if its randomness re-encrypts that plaintext to exactly
    its ciphertexts, the plaintext is a valid vote and the ballot's proofs hold; None otherwise.
    `GroupError` if `audited` is malformed."""
    ballot, rs, values = _parse_audit(spec, audited)
    if not _valid_plaintext(spec, values):
        return None
    for ct, r, m in zip(ballot.ciphertexts, rs, values, strict=True):
        if encrypt(public_key, m, r) != ct:
            return None
    if not verify_ballot(spec, public_key, ballot):
        return None
    return values
