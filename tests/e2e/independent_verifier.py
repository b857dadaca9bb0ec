"""A second verifier of `hustings-e2e-board/1` boards, written from docs/e2e.md alone.

Issue #16 asks that docs/e2e.md specify every format and hash input precisely enough for an
outsider to verify a board, and that the tests hold such an outsider's verifier to `hustings
verify`. This module is that outsider: it was written from the document without reading the
prover's code, and it imports nothing of `hustings.e2e` or `hustings.board`. Its group is
libsodium's ristretto255 through `rbcl`, its signatures PyNaCl's Ed25519, and only its recount
uses Hustings, through the counting core (`hustings.count.registry`) and the BLT reader
(`hustings.formats.blt`), which are not the prover's code.

`verify(board)` makes the checks of docs/e2e.md, "Verifying a board", in the document's order and
under the document's names: the first failure ends the chain, and `head` and `signatures` are
always made. Each check is one function below, named for it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import itertools
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import nacl.exceptions
import nacl.signing
import rbcl

from hustings.count import registry
from hustings.formats import blt

# --- Group (docs/e2e.md, "Group") ----------------------------------------------------------------

L = 2**252 + 27742317777372353535851937790883648493
G = bytes.fromhex("e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76")
IDENTITY = bytes(32)
_HEX64 = re.compile(r"[0-9a-f]{64}\Z")

Point = bytes
Pair = tuple[bytes, bytes]


class Invalid(Exception):
    """What a check found wrong (the detail of its failure)."""


class Malformed(Invalid):
    """A part of the board its own format refuses: it fails the check named for its section."""


def point(text: Any) -> Point:
    """A point from its 64 lowercase hex digits: canonical, top bit of the last byte clear."""
    if not isinstance(text, str) or not _HEX64.match(text):
        raise Malformed(f"not a point: {text!r:.80}")
    raw = bytes.fromhex(text)
    if raw[31] & 0x80 or not rbcl.crypto_core_ristretto255_is_valid_point(raw):
        raise Malformed(f"not a canonical point: {text}")
    return raw


def scalar(text: Any) -> int:
    """A scalar from 32 little-endian bytes in lowercase hex, below L."""
    if not isinstance(text, str) or not _HEX64.match(text):
        raise Malformed(f"not a scalar: {text!r:.80}")
    value = int.from_bytes(bytes.fromhex(text), "little")
    if value >= L:
        raise Malformed(f"scalar not below L: {text}")
    return value


def integer(value: Any, low: int = 0, high: int | None = None) -> int:
    """A JSON integer (never a boolean) in low..high."""
    if isinstance(value, bool) or not isinstance(value, int) or value < low or (high is not None and value > high):
        raise Malformed(f"not an integer in {low}..{high}: {value!r:.80}")
    whole: int = value
    return whole


def exactly(value: Any, keys: Iterable[str], what: str) -> dict[str, Any]:
    """A JSON object with exactly these keys: ballots, proofs, dealings, partials, audits."""
    if not isinstance(value, dict) or set(value) != set(keys):
        shown = sorted(value) if isinstance(value, dict) else type(value).__name__
        raise Malformed(f"{what} must have exactly the keys {sorted(keys)}, not {shown}")
    return value


def fields(value: Any, keys: Iterable[str], what: str) -> dict[str, Any]:
    """A JSON object with at least these keys: the board's own objects, which may carry others."""
    if not isinstance(value, dict) or not set(keys) <= set(value):
        raise Malformed(f"{what} must have the keys {sorted(keys)}")
    return value


def array(value: Any, what: str, length: int | None = None) -> list[Any]:
    """A JSON array, of the given length when its own format fixes one."""
    if not isinstance(value, list) or (length is not None and len(value) != length):
        raise Malformed(f"{what} must be a list" + (f" of {length}" if length is not None else ""))
    return value


def of_length(items: list[Any], length: int, what: str) -> list[Any]:
    """A list whose length another part of the board fixes: a mismatch fails the named check."""
    if len(items) != length:
        raise Invalid(f"{what}: {len(items)} where {length} are needed")
    return items


def mul(k: int, p: Point) -> Point:
    return bytes(rbcl.crypto_scalarmult_ristretto255_allow_scalar_zero((k % L).to_bytes(32, "little"), p))


def base(k: int) -> Point:
    return bytes(rbcl.crypto_scalarmult_ristretto255_base_allow_scalar_zero((k % L).to_bytes(32, "little")))


def add(p: Point, q: Point) -> Point:
    return bytes(rbcl.crypto_core_ristretto255_add(p, q))


def sub(p: Point, q: Point) -> Point:
    return bytes(rbcl.crypto_core_ristretto255_sub(p, q))


def product(terms: Iterable[tuple[int, Point]]) -> Point:
    """∏ P^k over (k, P), the identity when empty."""
    out = IDENTITY
    for k, p in terms:
        out = add(out, mul(k, p))
    return out


def ciphertext(value: Any) -> Pair:
    pair = array(value, "a ciphertext", 2)
    return point(pair[0]), point(pair[1])


# --- Hashes (docs/e2e.md, "Hashes") --------------------------------------------------------------


def hash_input(domain: str, items: Sequence[Any]) -> bytes:
    """`["hustings-e2e/1", domain, *items]` as JSON without spaces, UTF-8, points in hex."""
    shown = [x.hex() if isinstance(x, bytes) else x for x in items]
    return json.dumps(["hustings-e2e/1", domain, *shown], separators=(",", ":"), ensure_ascii=False).encode()


def challenge(domain: str, items: Sequence[Any]) -> int:
    return int.from_bytes(hashlib.sha512(hash_input(domain, items)).digest(), "little") % L


def seed_hex(domain: str, items: Sequence[Any]) -> str:
    return hashlib.sha512(hash_input(domain, items)).hexdigest()


def hash_to_point(domain: str, items: Sequence[Any]) -> Point:
    return bytes(rbcl.crypto_core_ristretto255_from_hash(hashlib.sha512(hash_input(domain, items)).digest()))


# --- Proofs (docs/e2e.md, "ElGamal and proofs") --------------------------------------------------


def schnorr_holds(domain: str, context: Sequence[Any], b: Point, x: Point, proof: Any) -> bool:
    """X = B^x: t = B^s·X^(−c), c = challenge(domain, [*context, B, X, t])."""
    p = exactly(proof, ("c", "s"), "a Schnorr proof")
    c, s = scalar(p["c"]), scalar(p["s"])
    t = add(mul(s, b), mul(-c, x))
    return c == challenge(domain, [*context, b, x, t])


def chaum_pedersen_holds(
    domain: str, context: Sequence[Any], b1: Point, x1: Point, b2: Point, x2: Point, proof: Any
) -> bool:
    """X₁ = B₁^x and X₂ = B₂^x: items B₁, X₁, B₂, X₂, t₁, t₂ after the context."""
    p = exactly(proof, ("c", "s"), "a Chaum–Pedersen proof")
    c, s = scalar(p["c"]), scalar(p["s"])
    t1 = add(mul(s, b1), mul(-c, x1))
    t2 = add(mul(s, b2), mul(-c, x2))
    return c == challenge(domain, [*context, b1, x1, b2, x2, t1, t2])


def disjunctive_holds(
    domain: str, context: Sequence[Any], h: Point, ct: Pair, allowed: Sequence[int], proof: Any
) -> bool:
    """(a, b) encrypts one of `allowed` (Cramer, Damgård and Schoenmakers): the c's sum to the challenge."""
    p = exactly(proof, ("c", "s"), "a disjunctive proof")
    cs = [scalar(c) for c in array(p["c"], "a disjunctive proof's c", len(allowed))]
    ss = [scalar(s) for s in array(p["s"], "a disjunctive proof's s", len(allowed))]
    a, b = ct
    commitments: list[Point] = []
    for m, c, s in zip(allowed, cs, ss, strict=True):
        commitments.append(add(mul(s, G), mul(-c, a)))
        commitments.append(add(mul(s, h), mul(-c, sub(b, base(m)))))
    return sum(cs) % L == challenge(domain, [*context, h, a, b, *allowed, *commitments])


# --- Ballots (docs/e2e.md, "Ballots") ------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    election: str
    kind: str
    options: int
    width: int
    min_marks: int
    max_marks: int


def ballot_spec(raw: Any) -> Spec:
    """The ballot spec: six fields, each in range (docs/e2e.md, "The ballot spec")."""
    d = exactly(raw, ("election", "kind", "options", "width", "min_marks", "max_marks"), "the ballot spec")
    if not isinstance(d["election"], str) or not d["election"] or d["kind"] not in ("marks", "ranked"):
        raise Invalid("the ballot spec's election or kind is malformed")
    k = integer(d["options"], 1)
    w = integer(d["width"], 1, k)
    lo = integer(d["min_marks"], 0, k)
    hi = integer(d["max_marks"], lo, k)
    if d["kind"] == "marks" and w != k:
        raise Invalid("a marks ballot has one ciphertext per option")
    return Spec(d["election"], d["kind"], k, w, lo, hi)


@dataclass(frozen=True)
class Ballot:
    ciphertexts: list[Pair]
    proof: Any
    digest: str


def ballot_digest(spec: Spec, cts: Sequence[Pair]) -> str:
    return hashlib.sha256(hash_input("ballot", [spec.election, *(x for ct in cts for x in ct)])).hexdigest()


def parse_ballot(spec: Spec, raw: Any) -> Ballot:
    """The encrypted ballot's shape (docs/e2e.md, "The encrypted ballot (JSON)")."""
    d = exactly(raw, ("ciphertexts", "proof"), "a ballot")
    cts = [ciphertext(ct) for ct in array(d["ciphertexts"], "a ballot's ciphertexts", spec.width)]
    if spec.kind == "marks":
        proof = exactly(d["proof"], ("marks", "total"), "a marks proof")
        for mark in array(proof["marks"], "the mark proofs", spec.width):
            branches = exactly(mark, ("c", "s"), "a mark proof")
            array(branches["c"], "a mark proof's c", 2)
            array(branches["s"], "a mark proof's s", 2)
        total = exactly(proof["total"], ("c", "s"), "the total proof")
        array(total["c"], "the total proof's c", spec.max_marks - spec.min_marks + 1)
        array(total["s"], "the total proof's s", spec.max_marks - spec.min_marks + 1)
    else:
        proof = exactly(d["proof"], ("c", "s"), "a ranked proof")
        scalar(proof["c"])
        [scalar(s) for s in array(proof["s"], "a ranked proof's s", spec.width)]
    return Ballot(cts, d["proof"], ballot_digest(spec, cts))


def ballot_proofs_hold(spec: Spec, h: Point, ballot: Ballot) -> bool:
    """Docs/e2e.md, "Checking a ballot": no a_j the identity or repeated, and every proof."""
    a_s = [a for a, _ in ballot.ciphertexts]
    if IDENTITY in a_s or len(set(a_s)) != len(a_s):
        return False
    e, dg = spec.election, ballot.digest
    if spec.kind == "ranked":
        c = scalar(ballot.proof["c"])
        s = [scalar(x) for x in ballot.proof["s"]]
        t = [add(base(sj), mul(-c, a)) for sj, a in zip(s, a_s, strict=True)]
        flat = [x for ct in ballot.ciphertexts for x in ct]
        return c == challenge("ballot-ranks", [e, dg, h, *flat, *t])
    for j, (ct, proof) in enumerate(zip(ballot.ciphertexts, ballot.proof["marks"], strict=True), 1):
        if not disjunctive_holds("ballot-mark", [e, dg, j], h, ct, [0, 1], proof):
            return False
    total = (product((1, a) for a, _ in ballot.ciphertexts), product((1, b) for _, b in ballot.ciphertexts))
    allowed = list(range(spec.min_marks, spec.max_marks + 1))
    return disjunctive_holds("ballot-total", [e, dg], h, total, allowed, ballot.proof["total"])


def decode_ranking(spec: Spec, values: Sequence[int | None]) -> list[int] | None:
    """Docs/e2e.md, "Decoding a ranked ballot": the ranking, or None when it is not a valid one."""
    if len(values) != spec.width or any(v is None for v in values):
        return None
    n = sum(1 for v in values if v != 0)
    ranking = [v for v in values[:n] if v is not None]
    if n == 0 or any(v == 0 for v in ranking) or any(v != 0 for v in values[n:]):
        return None
    if len(set(ranking)) != n or not all(1 <= v <= spec.options for v in ranking):
        return None
    return ranking


def valid_marks(spec: Spec, values: Sequence[int]) -> bool:
    return all(v in (0, 1) for v in values) and spec.min_marks <= sum(values) <= spec.max_marks


# --- Threshold decryption (docs/e2e.md, "Trustees") ----------------------------------------------


def verification_key(dealings: Sequence[Sequence[Point]], m: int) -> Point:
    """h_m = ∏_i ∏_j C_ij^(m^j)."""
    return product((pow(m, j, L), c) for commitments in dealings for j, c in enumerate(commitments))


def partial_holds(
    context: Sequence[Any], trustee: int, key: Point, a_s: Sequence[Point], shares: Sequence[Point], proof: Any
) -> bool:
    """The batched Chaum–Pedersen proof that every d_j = a_j^(x_i) (docs/e2e.md, "Threshold decryption")."""
    seed = seed_hex("decryption-seed", [*context, trustee, key, *a_s, *shares])
    z = [challenge("decryption-batch", [seed, j]) for j in range(len(a_s))]
    big_a = product(zip(z, a_s, strict=True))
    big_d = product(zip(z, shares, strict=True))
    return chaum_pedersen_holds("decryption", [*context, "trustee", trustee, seed], G, key, big_a, big_d, proof)


def lagrange_at_zero(i: int, quorum: Sequence[int]) -> int:
    out = 1
    for m in quorum:
        if m != i:
            out = out * m * pow(m - i, -1, L) % L
    return out


# --- The shuffle (docs/e2e.md, "The mix-net") ----------------------------------------------------


@dataclass(frozen=True)
class ShuffleProof:
    """The proof's fields (docs/e2e.md, "Formats"): commitments and chain N points, s4 w scalars."""

    commitments: list[Point]
    chain: list[Point]
    c: int
    s1: int
    s2: int
    s3: int
    s4: list[int]
    s_hat: list[int]
    s_prime: list[int]


def read_shuffle_proof(raw: Any, n: int) -> ShuffleProof:
    keys = ("commitments", "chain", "challenge", "s1", "s2", "s3", "s4", "s_hat", "s_prime")
    p = exactly(raw, keys, "a shuffle proof")

    def points(key: str) -> list[Point]:
        return [point(x) for x in of_length(array(p[key], key), n, key)]

    def scalars(key: str, length: int | None = n) -> list[int]:
        items = array(p[key], key)
        return [scalar(x) for x in (items if length is None else of_length(items, length, key))]

    s1, s2, s3 = (scalar(p[key]) for key in ("s1", "s2", "s3"))
    return ShuffleProof(
        points("commitments"), points("chain"), scalar(p["challenge"]), s1, s2, s3,
        scalars("s4", None), scalars("s_hat"), scalars("s_prime"),
    )  # fmt: skip


def t4_values(
    pk: Point, rows_in: Sequence[Sequence[Pair]], rows_out: Sequence[Sequence[Pair]], proof: ShuffleProof, u: list[int]
) -> list[Point]:
    """t₄,kᵃ = g^−s₄,k·∏ ã_ik^s'_i·∏ a_jk^(−c·u_j), and t₄,kᵇ likewise with pk and the b's, per column k."""
    out: list[Point] = []
    n, c = len(rows_in), proof.c
    for k, s4k in enumerate(proof.s4):
        for part, key in ((0, G), (1, pk)):
            mixed = product((proof.s_prime[i], rows_out[i][k][part]) for i in range(n))
            cast = product((-c * u[j], rows_in[j][k][part]) for j in range(n))
            out.append(add(add(mul(-s4k, key), mixed), cast))
    return out


def shuffle_holds(
    context: Sequence[Any], pk: Point, rows_in: Sequence[Sequence[Pair]], rows_out: Sequence[Sequence[Pair]], raw: Any
) -> bool:
    """Haenni et al.'s CheckShuffleProof extended to rows (docs/e2e.md, "Verifier")."""
    n = len(rows_in)
    proof = read_shuffle_proof(raw, n)
    w = len(proof.s4)
    if n < 1 or w < 1 or len(rows_out) != n or any(len(r) != w for r in (*rows_in, *rows_out)):
        raise Invalid("the shuffle's shape is wrong")
    c, com, chain = proof.c, proof.commitments, proof.chain
    flat_in = [x for row in rows_in for ct in row for x in ct]
    flat_out = [x for row in rows_out for ct in row for x in ct]
    seed = seed_hex("shuffle-statement", [*context, pk, n, w, *flat_in, *flat_out, *com])
    u = [challenge("shuffle-u", [seed, j]) for j in range(1, n + 1)]
    h0 = hash_to_point("shuffle-generator", [context[0], 0])
    hs = [hash_to_point("shuffle-generator", [context[0], i]) for i in range(1, n + 1)]
    u_product = 1
    for uj in u:
        u_product = u_product * uj % L
    c_bar = sub(product((1, x) for x in com), product((1, x) for x in hs))
    c_hat = sub(chain[-1], mul(u_product, h0))
    t1 = add(base(proof.s1), mul(-c, c_bar))
    t2 = add(base(proof.s2), mul(-c, c_hat))
    committed = [(-c * uj, cj) for uj, cj in zip(u, com, strict=True)]
    t3 = add(base(proof.s3), product([*zip(proof.s_prime, hs, strict=True), *committed]))
    t4 = t4_values(pk, rows_in, rows_out, proof, u)
    previous = [h0, *chain[:-1]]
    t_hat = [add(add(base(proof.s_hat[i]), mul(proof.s_prime[i], previous[i])), mul(-c, chain[i])) for i in range(n)]
    return c == challenge("shuffle-c", [*context, seed, *chain, t1, t2, t3, *t4, *t_hat])


# --- The board (docs/e2e.md, "The board" and "Verifying a board") --------------------------------


@dataclass
class State:
    """The board, and what the earlier checks have read from it for the later ones."""

    board: dict[str, Any]
    election: dict[str, Any] = field(default_factory=dict)
    spec: Spec | None = None
    signing_keys: dict[int, bytes] = field(default_factory=dict)
    commitments: list[list[Point]] = field(default_factory=list)
    public_key: Point = IDENTITY
    ballots: list[Ballot] = field(default_factory=list)
    decrypted: list[Point] = field(default_factory=list)  # the combined plaintexts, in list order
    decrypted_by: set[int] = field(default_factory=set)  # trustees whose partial decryptions hold
    rows: list[list[Pair]] = field(default_factory=list)  # the list decrypted: aggregate, or last rows
    rankings: list[list[int] | None] = field(default_factory=list)
    recount: dict[str, Any] | None = None

    @property
    def n(self) -> int:
        return len(self.election["trustees"])

    @property
    def k(self) -> int:
        quorum: int = self.election["quorum"]
        return quorum

    @property
    def id(self) -> str:
        eid: str = self.election["id"]
        return eid

    @property
    def ballot_spec(self) -> Spec:
        if self.spec is None:
            raise Malformed("no ballot spec")
        return self.spec


def check_format(st: State) -> None:
    if st.board.get("format") != "hustings-e2e-board/1":
        raise Invalid("not a hustings-e2e-board/1 board")


def check_election(st: State) -> None:
    """The election's fields well formed; its ballot spec of this id and these candidates; 1 ≤ k ≤ n."""
    keys = ("id", "title", "method", "seats", "candidates", "ballot", "trustees", "quorum")
    e = fields(st.board.get("election"), keys, "the election")
    if not all(isinstance(e[f], str) for f in ("id", "title", "method")):
        raise Malformed("the election's id, title and method are strings")
    try:
        registry.canonical(e["method"])
    except KeyError as exc:
        raise Malformed(f"the counting core knows no method {e['method']!r}") from exc
    candidates = array(e["candidates"], "the candidates")
    if not candidates or not all(isinstance(c, str) for c in candidates):
        raise Malformed("the candidates are a non-empty list of names")
    integer(e["seats"], 1)
    spec = ballot_spec(e["ballot"])
    if spec.election != e["id"] or spec.options != len(candidates):
        raise Invalid("the ballot spec is not of this election's id and candidates")
    for i, t in enumerate(array(e["trustees"], "the trustees"), 1):
        entry = fields(t, ("index", "name", "signing_key"), "a trustee")
        if integer(entry["index"]) != i or not isinstance(entry["name"], str):
            raise Malformed(f"trustee {i} is not listed as trustee {i}")
        st.signing_keys[i] = signing_key(entry["signing_key"])
    integer(e["quorum"], 1, len(e["trustees"]))
    st.election, st.spec = e, spec


def signing_key(text: Any) -> bytes:
    """An Ed25519 public key in standard base64: 32 bytes."""
    try:
        raw = base64.b64decode(text, validate=True) if isinstance(text, str) else b""
    except binascii.Error:
        raw = b""
    if len(raw) != 32:
        raise Malformed("a signing key is 32 bytes in base64")
    return raw


def check_ceremony_dealings(st: State) -> None:
    """n dealings of trustees 1..n, each of k non-identity commitments and a valid proof of C_i0."""
    ceremony = fields(st.board.get("ceremony"), ("dealings", "public_key"), "the ceremony")
    dealings = [
        exactly(d, ("trustee", "commitments", "proof"), "a dealing")
        for d in array(ceremony["dealings"], "the dealings")
    ]
    read = [
        (integer(d["trustee"]), [point(c) for c in array(d["commitments"], "commitments")], d["proof"])
        for d in dealings
    ]
    if [i for i, _, _ in read] != list(range(1, st.n + 1)):
        raise Invalid(f"the dealers are {[i for i, _, _ in read]}, not trustees 1..{st.n}")
    for i, commitments, proof in read:
        if len(commitments) != st.k or IDENTITY in commitments:
            raise Invalid(f"trustee {i} commits to other than {st.k} non-zero coefficients")
        if not schnorr_holds("dkg-constant", [st.id, "trustee", i, *commitments], G, commitments[0], proof):
            raise Invalid(f"trustee {i}'s proof of its constant term fails")
    st.commitments = [commitments for _, commitments, _ in read]


def check_ceremony_public_key(st: State) -> None:
    """`public_key` is the product of the n first commitments."""
    stated = st.board["ceremony"]["public_key"]
    joint = product((1, c[0]) for c in st.commitments)
    if stated != joint.hex():
        raise Invalid("the public key is not the product of the first commitments")
    st.public_key = joint


def check_ballots_proofs(st: State) -> None:
    st.ballots = [parse_ballot(st.ballot_spec, raw) for raw in array(st.board.get("ballots"), "the ballots")]
    bad = [i for i, b in enumerate(st.ballots, 1) if not ballot_proofs_hold(st.ballot_spec, st.public_key, b)]
    if bad:
        raise Invalid(f"ballots {bad[:5]} fail their proofs")


def check_ballots_unique(st: State) -> None:
    digests = [b.digest for b in st.ballots]
    if any(x >= y for x, y in itertools.pairwise(digests)):
        raise Invalid("the ballots are not in strictly ascending order of digest")
    a_s = [a for b in st.ballots for a, _ in b.ciphertexts]
    if len(set(a_s)) != len(a_s):
        raise Invalid("a first component appears twice among the ballots")


def check_audited(st: State) -> None:
    """Each audit re-encrypts from its randomness and plaintext, a valid vote, proofs hold, not cast,
    and no cast ballot reuses one of its first components (its randomness is public)."""
    spec, cast = st.ballot_spec, {b.digest for b in st.ballots}
    cast_firsts = {a for b in st.ballots for a, _ in b.ciphertexts}
    for i, raw in enumerate(array(st.board.get("audited"), "the audited ballots"), 1):
        d = exactly(raw, ("ballot", "randomness", "plaintext"), "an audited ballot")
        ballot = parse_ballot(spec, d["ballot"])
        r = [scalar(x) for x in array(d["randomness"], "the randomness", spec.width)]
        v = [integer(x) for x in array(d["plaintext"], "the plaintext", spec.width)]
        valid = valid_marks(spec, v) if spec.kind == "marks" else decode_ranking(spec, v) is not None
        if not valid:
            raise Invalid(f"audited ballot {i}'s plaintext is not a valid vote")
        for (a, b), rj, vj in zip(ballot.ciphertexts, r, v, strict=True):
            if base(rj) != a or add(mul(rj, st.public_key), base(vj)) != b:
                raise Invalid(f"audited ballot {i} does not re-encrypt to its ciphertexts")
        if not ballot_proofs_hold(spec, st.public_key, ballot):
            raise Invalid(f"audited ballot {i} fails its proofs")
        if ballot.digest in cast:
            raise Invalid(f"audited ballot {i} was cast")
        if {a for a, _ in ballot.ciphertexts} & cast_firsts:
            raise Invalid(f"a cast ballot reuses a first component of audited ballot {i}")


def check_decryption(st: State, section: dict[str, Any], context: list[Any]) -> None:
    """`tally.decryption`, `mix.decryption`: each partial's proof; ≥ k distinct trustees; combined."""
    cts = [ct for row in st.rows for ct in row]
    a_s = [a for a, _ in cts]
    shares: dict[int, list[Point]] = {}
    partials = [
        exactly(p, ("trustee", "shares", "proof"), "a partial decryption")
        for p in array(section["partials"], "the partials")
    ]
    for p in partials:
        i = integer(p["trustee"])
        d = [point(x) for x in array(p["shares"], "shares")]
        if i in shares or not 1 <= i <= st.n:
            raise Invalid(f"trustee {i} is not a trustee, or decrypted twice")
        if len(d) != len(cts) or not partial_holds(context, i, verification_key(st.commitments, i), a_s, d, p["proof"]):
            raise Invalid(f"trustee {i}'s partial decryption fails its proof")
        shares[i] = d
    if len(shares) < st.k:
        raise Invalid(f"{len(shares)} trustees decrypted, fewer than the quorum {st.k}")
    quorum = sorted(shares)
    lam = {i: lagrange_at_zero(i, quorum) for i in quorum}
    st.decrypted = [sub(b, product((lam[i], shares[i][j]) for i in quorum)) for j, (_, b) in enumerate(cts)]
    st.decrypted_by = set(quorum)


def check_tally_aggregate(st: State) -> None:
    """`aggregate` is the product of the cast ballots' ciphertexts, option by option."""
    tally = fields(st.board.get("tally"), ("aggregate", "partials", "counts"), "the tally")
    stated = [ciphertext(ct) for ct in array(tally["aggregate"], "the aggregate")]
    want = [
        (product((1, x.ciphertexts[j][0]) for x in st.ballots), product((1, x.ciphertexts[j][1]) for x in st.ballots))
        for j in range(st.ballot_spec.options)
    ]
    if stated != want:
        raise Invalid("the aggregate is not the product of the cast ballots' ciphertexts")
    st.rows = [stated]


def check_tally_decryption(st: State) -> None:
    check_decryption(st, st.board["tally"], [st.id, "tally"])


def check_tally_counts(st: State) -> None:
    """Each count_j ≤ the number of ballots, and g^count_j is the decrypted point."""
    counts = of_length(array(st.board["tally"]["counts"], "the counts"), st.ballot_spec.options, "the counts")
    for j, (count, m) in enumerate(zip(counts, st.decrypted, strict=True), 1):
        if (
            isinstance(count, bool)
            or not isinstance(count, int)
            or not 0 <= count <= len(st.ballots)
            or base(count) != m
        ):
            raise Invalid(f"option {j}'s count is not what the aggregate decrypts to")


def rows_of(raw: Any, width: int, what: str) -> list[list[Pair]]:
    rows = [[ciphertext(ct) for ct in array(row, f"a row of {what}")] for row in array(raw, what)]
    for row in rows:
        of_length(row, width, f"a row of {what}")
    return rows


def check_mix_shuffle(st: State) -> None:
    """At least one shuffle; the first of the cast ballots, each next of the previous rows; proofs hold."""
    mix = fields(st.board.get("mix"), ("shuffles", "partials", "rankings"), "the mix")
    shuffles = [fields(s, ("trustee", "rows", "proof"), "a shuffle") for s in array(mix["shuffles"], "the shuffles")]
    if not st.ballots:  # nothing cast: nothing to mix, decrypt or decode
        if shuffles or array(mix["partials"], "the partials") or array(mix["rankings"], "the rankings"):
            raise Invalid("no ballot was cast, yet the mix is not empty")
        st.rows = []
        return
    if not shuffles:
        raise Invalid("no trustee mixed the ballots")
    rows = [b.ciphertexts for b in st.ballots]
    mixers: set[int] = set()
    for p, s in enumerate(shuffles, 1):
        mixer = s["trustee"]
        if isinstance(mixer, bool) or not isinstance(mixer, int) or not 1 <= mixer <= st.n or mixer in mixers:
            raise Invalid(f"shuffle {p} is by {mixer!r}, not a trustee yet to mix")
        mixers.add(mixer)
        out = rows_of(s["rows"], st.ballot_spec.width, f"shuffle {p}")
        if not shuffle_holds([st.id, "mix", p], st.public_key, rows, out, s["proof"]):
            raise Invalid(f"shuffle {p}'s proof fails")
        rows = out
    st.rows = rows


def check_mix_decryption(st: State) -> None:
    if not st.ballots:
        st.decrypted, st.decrypted_by = [], set()
        return
    check_decryption(st, st.board["mix"], [st.id, "mix"])


def check_mix_rankings(st: State) -> None:
    """Row r decrypts (table g^0..g^K) to the published ranking, or null when it is not a valid one."""
    spec = st.ballot_spec
    table = {base(m): m for m in range(spec.options + 1)}
    published = of_length(array(st.board["mix"]["rankings"], "the rankings"), len(st.rows), "the rankings")
    w = spec.width
    for r, stated in enumerate(published):
        ranking = decode_ranking(spec, [table.get(m) for m in st.decrypted[r * w : (r + 1) * w]])
        exact = stated is None or (isinstance(stated, list) and not any(isinstance(v, bool) for v in stated))
        if not exact or stated != ranking:
            raise Invalid(f"row {r + 1} does not decrypt to its published ranking")
    st.rankings = published


def export_text(st: State) -> str:
    """The BLT text docs/e2e.md, "The export", specifies."""
    e = st.election
    lines = [f"{len(e['candidates'])} {e['seats']}"]
    if st.ballot_spec.kind == "marks":
        lines += [f"{n} {j} 0" for j, n in enumerate(st.board["tally"]["counts"], 1) if n > 0]
    else:
        merged: list[tuple[list[int], int]] = []
        for ranking in sorted(r for r in st.rankings if r is not None):
            if merged and merged[-1][0] == ranking:
                merged[-1] = (ranking, merged[-1][1] + 1)
            else:
                merged.append((ranking, 1))
        lines += [" ".join(map(str, [weight, *ranking, 0])) for ranking, weight in merged]
    lines.append("0")
    lines += ['"' + name.replace('"', '""') + '"' for name in [*e["candidates"], e["title"]]]
    return "".join(line + "\n" for line in lines)


def check_export(st: State) -> None:
    if st.board.get("export") != export_text(st):
        raise Invalid("the export is not the BLT of what was decrypted")


def check_recount(st: State) -> None:
    """The counting core counts the export with the election's method and seats, default options."""
    try:
        profile = blt.parse(st.board["export"])
        result = registry.run(st.election["method"], profile, seats=st.election["seats"])
    except Exception as exc:  # the counting core's refusal is this check's failure
        raise Invalid(f"the counting core refuses the export: {exc}") from exc
    st.recount = {"title": profile.title, **result.to_dict()}


def check_result(st: State) -> None:
    if st.board.get("result") != st.recount:
        raise Invalid("the published result is not the recount")


def head_of(board: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON of the board without `head` and `signatures`."""
    body = {k: v for k, v in board.items() if k not in ("head", "signatures")}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def check_head(st: State) -> None:
    if st.board.get("head") != head_of(st.board):
        raise Invalid("the head is not the hash of the board")


def check_signatures(st: State) -> str | None:
    """Every signature valid, no trustee twice, every decrypting trustee signed; none at all warns."""
    message = f"hustings-board/1|{st.id}|e2e-result|0|{st.board['head']}".encode()
    signed: set[int] = set()
    for raw in array(st.board.get("signatures"), "the signatures"):
        s = fields(raw, ("trustee", "signature"), "a signature")
        i = s["trustee"]
        if isinstance(i, bool) or i not in st.signing_keys or i in signed:
            raise Invalid(f"a signature from {i!r}: not a trustee, or a trustee listed twice")
        try:
            nacl.signing.VerifyKey(st.signing_keys[i]).verify(message, base64.b64decode(s["signature"], validate=True))
        except (nacl.exceptions.BadSignatureError, binascii.Error, ValueError, TypeError) as exc:
            raise Invalid(f"trustee {i}'s signature is not valid") from exc
        signed.add(i)
    missing = st.decrypted_by - signed
    if missing:
        raise Invalid(f"trustees {sorted(missing)} decrypted but did not sign")
    return None if signed else "no trustee signed the board"


Check = Callable[[State], Any]
COMMON: list[tuple[str, Check]] = [
    ("format", check_format),
    ("election", check_election),
    ("ceremony.dealings", check_ceremony_dealings),
    ("ceremony.public_key", check_ceremony_public_key),
    ("ballots.proofs", check_ballots_proofs),
    ("ballots.unique", check_ballots_unique),
    ("audited", check_audited),
]
MARKS: list[tuple[str, Check]] = [
    ("tally.aggregate", check_tally_aggregate),
    ("tally.decryption", check_tally_decryption),
    ("tally.counts", check_tally_counts),
]
RANKED: list[tuple[str, Check]] = [
    ("mix.shuffle", check_mix_shuffle),
    ("mix.decryption", check_mix_decryption),
    ("mix.rankings", check_mix_rankings),
]
LAST: list[tuple[str, Check]] = [("export", check_export), ("recount", check_recount), ("result", check_result)]

# What reading a malformed part raises inside a check: never a crash of the verifier.
_UNREADABLE = (Malformed, KeyError, TypeError, ValueError, IndexError, AttributeError)


def run(board: Any) -> list[tuple[str, str, str]]:
    """Each check made, as (name, "ok" | "failed" | "warning", detail), in the document's order.

    A part its own format refuses fails the check named for its section (`ceremony`, `ballots`,
    `tally`, `mix`, ...) with a detail starting `malformed:`; the first failure ends the chain;
    `head` is made whenever `format` and `election` hold, and `signatures` when the head holds.
    """
    st = State(board if isinstance(board, dict) else {})
    done: list[tuple[str, str, str]] = []

    def attempt(name: str, check: Check) -> bool:
        try:
            warning = check(st)
        except _UNREADABLE as exc:
            done.append((name.split(".")[0], "failed", f"malformed: {exc}"))
            return False
        except Invalid as exc:
            done.append((name, "failed", str(exc)))
            return False
        done.append((name, "warning" if warning else "ok", warning or ""))
        return True

    if not (attempt("format", check_format) and attempt("election", check_election)):
        return done
    if all(attempt(name, check) for name, check in COMMON[2:]):
        by_kind = MARKS if st.ballot_spec.kind == "marks" else RANKED
        all(attempt(name, check) for name, check in [*by_kind, *LAST])
    if attempt("head", check_head):
        attempt("signatures", check_signatures)
    return done


def verify(board: Any) -> tuple[bool, list[str]]:
    """(verified?, the names of the checks that failed)."""
    failed = [name for name, status, _ in run(board) if status == "failed"]
    return not failed, failed
