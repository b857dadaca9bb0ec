"""Non-interactive zero-knowledge proofs by Fiat–Shamir (docs/e2e.md, "Proofs").

- Schnorr, "Efficient signature generation by smart cards" (J. Cryptology, 1991): knowledge of x
  with X = B^x.
- Chaum and Pedersen, "Wallet databases with observers" (CRYPTO '92): one x with X₁ = B₁^x and
  X₂ = B₂^x.
- Cramer, Damgård and Schoenmakers, "Proofs of partial knowledge" (CRYPTO '94), for ElGamal as in
  Cramer, Gennaro and Schoenmakers (EUROCRYPT '97): a ciphertext encrypts one of a list of numbers.
- Schnorr for a vector of ciphertexts: knowledge of every one's randomness under one challenge,
  which signs the vector (Schnorr and Jakobsson, ASIACRYPT 2000): ranked ballots' proof.

Each proof is the pair (challenge, response) form: the verifier recomputes the commitments from
them and checks that the challenge is the hash of the whole statement with those commitments.
Every challenge hashes a `context` first (the election's identity and the proof's place in it),
then the statement, then the commitments, so no proof can be replayed in another election or
place: Bernhard, Pereira and Warinschi (ASIACRYPT 2012).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from hustings.e2e import group
from hustings.e2e.elgamal import Ciphertext
from hustings.e2e.group import Point, Scalar

Context = Sequence[str | int]


@dataclass(frozen=True)
class Proof:
    """A Schnorr or Chaum–Pedersen proof: challenge c and response s. JSON `{"c": hex, "s": hex}`."""

    c: Scalar
    s: Scalar

    def to_json(self) -> dict[str, str]:
        return {"c": group.scalar_hex(self.c), "s": group.scalar_hex(self.s)}

    @classmethod
    def from_json(cls, data: object) -> Proof:
        if not isinstance(data, dict) or set(data) != {"c", "s"}:
            raise group.GroupError(f"not a proof: {str(data)[:80]!r}")
        return cls(group.scalar_from_hex(data["c"]), group.scalar_from_hex(data["s"]))


def _commitment(base: Point, power: Point, c: Scalar, s: Scalar) -> Point:
    """t = B^s · X^(−c), the commitment a valid (c, s) answers (g^s by libsodium's faster fixed-base
    multiplication when B is the generator)."""
    head = group.base(s) if base == group.G else group.mul(s, base)
    return group.sub(head, group.mul(c, power))


def prove_dlog(domain: str, context: Context, base: Point, x: Scalar, rng: random.Random | None = None) -> Proof:
    """Schnorr: knowledge of x with X = B^x; c = H(domain, context, B, X, t) with t = B^k."""
    k = group.random_scalar(rng)
    power = group.mul(x, base)
    c = group.challenge(domain, [*context, base.hex(), power.hex(), group.mul(k, base).hex()])
    return Proof(c, (k + c * x) % group.L)


def verify_dlog(domain: str, context: Context, base: Point, power: Point, proof: Proof) -> bool:
    t = _commitment(base, power, proof.c, proof.s)
    return proof.c == group.challenge(domain, [*context, base.hex(), power.hex(), t.hex()])


def prove_equal(
    domain: str,
    context: Context,
    bases: tuple[Point, Point],
    x: Scalar,
    rng: random.Random | None = None,
) -> Proof:
    """Chaum–Pedersen: X₁ = B₁^x and X₂ = B₂^x; c = H(domain, context, B₁, X₁, B₂, X₂, t₁, t₂)."""
    k = group.random_scalar(rng)
    b1, b2 = bases
    x1, x2 = group.mul(x, b1), group.mul(x, b2)
    t1, t2 = group.mul(k, b1), group.mul(k, b2)
    c = group.challenge(domain, [*context, b1.hex(), x1.hex(), b2.hex(), x2.hex(), t1.hex(), t2.hex()])
    return Proof(c, (k + c * x) % group.L)


def verify_equal(
    domain: str, context: Context, bases: tuple[Point, Point], powers: tuple[Point, Point], proof: Proof
) -> bool:
    (b1, b2), (x1, x2) = bases, powers
    t1 = _commitment(b1, x1, proof.c, proof.s)
    t2 = _commitment(b2, x2, proof.c, proof.s)
    return proof.c == group.challenge(domain, [*context, b1.hex(), x1.hex(), b2.hex(), x2.hex(), t1.hex(), t2.hex()])


@dataclass(frozen=True)
class OneOfProof:
    """A disjunctive proof: one (c, s) pair per allowed number, the c's summing to the hash.
    JSON `{"c": [hex...], "s": [hex...]}`."""

    c: tuple[Scalar, ...]
    s: tuple[Scalar, ...]

    def to_json(self) -> dict[str, list[str]]:
        return {"c": [group.scalar_hex(v) for v in self.c], "s": [group.scalar_hex(v) for v in self.s]}

    @classmethod
    def from_json(cls, data: object) -> OneOfProof:
        if not isinstance(data, dict) or set(data) != {"c", "s"}:
            raise group.GroupError(f"not a proof: {str(data)[:80]!r}")
        cs, ss = data["c"], data["s"]
        if not isinstance(cs, list) or not isinstance(ss, list) or len(cs) != len(ss):
            raise group.GroupError(f"not a proof: {str(data)[:80]!r}")
        return cls(tuple(group.scalar_from_hex(v) for v in cs), tuple(group.scalar_from_hex(v) for v in ss))


def _branch_commitments(public_key: Point, ct: Ciphertext, m: int, c: Scalar, s: Scalar) -> list[str]:
    """The two commitments of the branch "ct encrypts m": Chaum–Pedersen on (g, a) and (h, b/g^m)."""
    return [
        _commitment(group.G, ct.a, c, s).hex(),
        _commitment(public_key, group.sub(ct.b, group.base(m)), c, s).hex(),
    ]


def _one_of_hash(
    domain: str, context: Context, public_key: Point, ct: Ciphertext, allowed: Sequence[int], ts: list[str]
) -> Scalar:
    return group.challenge(domain, [*context, public_key.hex(), *ct.items(), *allowed, *ts])


def prove_one_of(
    domain: str,
    context: Context,
    public_key: Point,
    ct: Ciphertext,
    r: Scalar,
    m: int,
    allowed: Sequence[int],
    rng: random.Random | None = None,
) -> OneOfProof:
    """CDS: ct = (g^r, h^r·g^m) with m one of `allowed`, without saying which. The hash covers
    the key, the ciphertext, the allowed numbers and every branch's commitments in order."""
    real = list(allowed).index(m)
    cs = [group.random_scalar(rng) for _ in allowed]
    ss = [group.random_scalar(rng) for _ in allowed]
    k = group.random_scalar(rng)
    ts: list[str] = []
    for i, value in enumerate(allowed):
        if i == real:
            ts += [group.base(k).hex(), group.mul(k, public_key).hex()]
        else:
            ts += _branch_commitments(public_key, ct, value, cs[i], ss[i])
    c = _one_of_hash(domain, context, public_key, ct, allowed, ts)
    cs[real] = (c - sum(cs[:real]) - sum(cs[real + 1 :])) % group.L
    ss[real] = (k + cs[real] * r) % group.L
    return OneOfProof(tuple(cs), tuple(ss))


def verify_one_of(
    domain: str, context: Context, public_key: Point, ct: Ciphertext, allowed: Sequence[int], proof: OneOfProof
) -> bool:
    if len(proof.c) != len(allowed):
        return False
    ts: list[str] = []
    for value, c, s in zip(allowed, proof.c, proof.s, strict=True):
        ts += _branch_commitments(public_key, ct, value, c, s)
    return sum(proof.c) % group.L == _one_of_hash(domain, context, public_key, ct, allowed, ts)


@dataclass(frozen=True)
class RandomnessProof:
    """Knowledge of the randomness of every ciphertext of a vector: one challenge c and one
    response per ciphertext. JSON `{"c": hex, "s": [hex...]}`."""

    c: Scalar
    s: tuple[Scalar, ...]

    def to_json(self) -> dict[str, str | list[str]]:
        return {"c": group.scalar_hex(self.c), "s": [group.scalar_hex(v) for v in self.s]}

    @classmethod
    def from_json(cls, data: object) -> RandomnessProof:
        if not isinstance(data, dict) or set(data) != {"c", "s"} or not isinstance(data["s"], list):
            raise group.GroupError(f"not a proof: {str(data)[:80]!r}")
        return cls(group.scalar_from_hex(data["c"]), tuple(group.scalar_from_hex(v) for v in data["s"]))


def _randomness_hash(
    domain: str, context: Context, public_key: Point, cts: Sequence[Ciphertext], ts: Sequence[Point]
) -> Scalar:
    items: list[str | int] = [*context, public_key.hex()]
    for ct in cts:
        items += ct.items()
    return group.challenge(domain, [*items, *(t.hex() for t in ts)])


def prove_randomness(
    domain: str,
    context: Context,
    public_key: Point,
    cts: Sequence[Ciphertext],
    rs: Sequence[Scalar],
    rng: random.Random | None = None,
) -> RandomnessProof:
    """Schnorr for a vector: knowledge of every r_j with a_j = g^(r_j). One challenge
    c = H(domain, context, h, a_1, b_1, ..., a_w, b_w, t_1, ..., t_w) with t_j = g^(k_j), and
    s_j = k_j + c·r_j. Hashing the b's too makes the proof a signature on the whole ciphertext
    vector: Schnorr and Jakobsson, "Security of signed ElGamal encryption" (ASIACRYPT 2000);
    Bernhard, Cortier, Pereira, Smyth and Warinschi, "Adapting Helios for provable ballot privacy"
    (ESORICS 2011), where such a proof makes ballots non-malleable."""
    if len(rs) != len(cts):
        raise ValueError("one randomness per ciphertext")
    ks = [group.random_scalar(rng) for _ in cts]
    c = _randomness_hash(domain, context, public_key, cts, [group.base(k) for k in ks])
    return RandomnessProof(c, tuple((k + c * r) % group.L for k, r in zip(ks, rs, strict=True)))


def verify_randomness(
    domain: str, context: Context, public_key: Point, cts: Sequence[Ciphertext], proof: RandomnessProof
) -> bool:
    """Recomputes t_j = g^(s_j)·a_j^(−c) and checks that c is the hash of the statement with them."""
    if len(proof.s) != len(cts):
        return False
    ts = [_commitment(group.G, ct.a, proof.c, s) for ct, s in zip(cts, proof.s, strict=True)]
    return proof.c == _randomness_hash(domain, context, public_key, cts, ts)
