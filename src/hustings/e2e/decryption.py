"""Threshold decryption: each trustee's partial decryptions with one batched proof, and their
Lagrange combination (docs/e2e.md, "Threshold decryption").

Pedersen (EUROCRYPT '91), section 4: trustee i, holding the key share xᵢ with verification key
hᵢ = g^(xᵢ), publishes dⱼ = aⱼ^(xᵢ) for each ciphertext (aⱼ, bⱼ); any quorum Q of distinct trustees
then recovers Mⱼ = bⱼ / ∏_{i∈Q} dᵢⱼ^(λᵢ), λᵢ the Lagrange coefficients at 0 (Shamir, "How to
share a secret", CACM 1979).

Each trustee proves all its dⱼ correct at once. The list is folded into one pair by a random linear
combination (the small-exponents batch test of Bellare, Garay and Rabin, "Fast batch verification
for modular exponentiation and digital signatures", EUROCRYPT '98): the coefficients zⱼ are drawn
from a hash of the whole statement, A = ∏ aⱼ^(zⱼ), D = ∏ dⱼ^(zⱼ), and a Chaum–Pedersen proof shows
log_g hᵢ = log_A D. If some dⱼ ≠ aⱼ^(xᵢ), then D = A^(xᵢ) for at most a 1/L fraction of the
coefficients, and the coefficients are fixed by the hash only after every dⱼ is.

Hash inputs (group.hash_input; j counts from 0 in the list's order):
    seed  = SHA-512("decryption-seed", [*context, i, hᵢ, a₀ … aₘ₋₁, d₀ … dₘ₋₁]) as 128 hex digits
    zⱼ    = challenge("decryption-batch", [seed, j])
    proof = prove_equal("decryption", [*context, "trustee", i, seed], (g, A), xᵢ)
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from dataclasses import dataclass

from hustings.e2e import group, parallel
from hustings.e2e.elgamal import Ciphertext
from hustings.e2e.group import Point, Scalar
from hustings.e2e.proofs import Context, Proof, prove_equal, verify_equal

SEED_DOMAIN = "decryption-seed"
BATCH_DOMAIN = "decryption-batch"
PROOF_DOMAIN = "decryption"


@dataclass(frozen=True)
class PartialDecryption:
    """Trustee i's dⱼ = aⱼ^(xᵢ) for a list of ciphertexts, with its one batched proof.
    JSON `{"trustee": i, "shares": [hex, …], "proof": {"c": hex, "s": hex}}`."""

    trustee: int
    shares: tuple[Point, ...]
    proof: Proof

    def to_json(self) -> dict[str, object]:
        return {"trustee": self.trustee, "shares": [d.hex() for d in self.shares], "proof": self.proof.to_json()}

    @classmethod
    def from_json(cls, data: object) -> PartialDecryption:
        """`GroupError` unless `data` has exactly the three fields, well formed."""
        if not isinstance(data, dict) or set(data) != {"trustee", "shares", "proof"}:
            raise group.GroupError(f"not a partial decryption: {str(data)[:80]!r}")
        trustee, shares = data["trustee"], data["shares"]
        if not isinstance(trustee, int) or isinstance(trustee, bool) or trustee < 1:
            raise group.GroupError(f"not a trustee number: {str(trustee)[:80]!r}")
        if not isinstance(shares, list):
            raise group.GroupError(f"not a list of decryption shares: {str(shares)[:80]!r}")
        return cls(trustee, tuple(group.point_from_hex(d) for d in shares), Proof.from_json(data["proof"]))


def batch_seed(
    context: Context, trustee: int, verification_key: Point, ciphertexts: Sequence[Ciphertext], shares: Sequence[Point]
) -> str:
    """The seed of the batch coefficients: SHA-512 of the whole statement, in hex."""
    items: list[str | int] = [*context, trustee, verification_key.hex()]
    items += [c.a.hex() for c in ciphertexts]
    items += [d.hex() for d in shares]
    return hashlib.sha512(group.hash_input(SEED_DOMAIN, items)).hexdigest()


def batch_coefficients(seed: str, count: int) -> list[Scalar]:
    """zⱼ = challenge("decryption-batch", [seed, j]) for j = 0 … count−1."""
    return [group.challenge(BATCH_DOMAIN, [seed, j]) for j in range(count)]


def _proof_context(context: Context, trustee: int, seed: str) -> list[str | int]:
    return [*context, "trustee", trustee, seed]


def partial_decrypt(
    context: Context,
    trustee: int,
    key_share: int,
    ciphertexts: Sequence[Ciphertext],
    rng: random.Random | None = None,
    workers: int = 1,
) -> PartialDecryption:
    """Trustee i's dⱼ = aⱼ^(xᵢ) and the proof; D = A^(xᵢ) saves the prover half its work. With
    `workers` > 1 the powers are computed on that many processes (the same result)."""
    firsts = [c.a for c in ciphertexts]
    shares = _powers(key_share, firsts, workers)
    seed = batch_seed(context, trustee, group.base(key_share), ciphertexts, shares)
    zs = batch_coefficients(seed, len(ciphertexts))
    folded = parallel.power_product(list(zip(zs, firsts, strict=True)), workers)
    proof = prove_equal(PROOF_DOMAIN, _proof_context(context, trustee, seed), (group.G, folded), key_share, rng)
    return PartialDecryption(trustee, tuple(shares), proof)


def _power_chunk(task: tuple[Scalar, list[Point]]) -> list[Point]:
    k, points = task
    return [group.mul(k, p) for p in points]


def _powers(k: Scalar, points: list[Point], workers: int) -> list[Point]:
    return parallel.chunked(_power_chunk, len(points), lambda a, b: (k, points[a:b]), workers)


def verify_partial(
    context: Context,
    verification_key: Point,
    ciphertexts: Sequence[Ciphertext],
    partial: PartialDecryption,
    workers: int = 1,
) -> bool:
    """The batched proof holds for this trustee's verification key, these ciphertexts and shares."""
    if len(partial.shares) != len(ciphertexts):
        return False
    seed = batch_seed(context, partial.trustee, verification_key, ciphertexts, partial.shares)
    zs = batch_coefficients(seed, len(ciphertexts))
    folded_a = parallel.power_product([(z, c.a) for z, c in zip(zs, ciphertexts, strict=True)], workers)
    folded_d = parallel.power_product(list(zip(zs, partial.shares, strict=True)), workers)
    return verify_equal(
        PROOF_DOMAIN,
        _proof_context(context, partial.trustee, seed),
        (group.G, folded_a),
        (verification_key, folded_d),
        partial.proof,
    )


def lagrange(trustees: Sequence[int]) -> dict[int, int]:
    """λᵢ = ∏_{j≠i} j / (j − i) mod L: the coefficients that interpolate at 0 from these points."""
    if len(set(trustees)) != len(trustees) or any(i < 1 for i in trustees):
        raise ValueError(f"need distinct positive trustee numbers, not {list(trustees)}")
    coefficients: dict[int, int] = {}
    for i in trustees:
        numerator, denominator = 1, 1
        for j in trustees:
            if j != i:
                numerator = numerator * j % group.L
                denominator = denominator * (j - i) % group.L
        coefficients[i] = numerator * pow(denominator, -1, group.L) % group.L
    return coefficients


def combine(
    ciphertexts: Sequence[Ciphertext], partials: Sequence[PartialDecryption], *, quorum: int, workers: int = 1
) -> list[Point]:
    """Mⱼ = bⱼ / ∏ᵢ dᵢⱼ^(λᵢ) over the given partial decryptions (verify them first). `ValueError`
    unless they come from at least `quorum` distinct trustees and each covers every ciphertext:
    fewer than `quorum` points would interpolate a wrong polynomial, silently."""
    trustees = [p.trustee for p in partials]
    if len(set(trustees)) != len(trustees):
        raise ValueError(f"a trustee's partial decryption appears twice: {trustees}")
    if len(trustees) < quorum:
        raise ValueError(f"{len(trustees)} partial decryptions, but the quorum is {quorum}")
    if any(len(p.shares) != len(ciphertexts) for p in partials):
        raise ValueError("a partial decryption does not cover every ciphertext")
    coefficients = lagrange(trustees)
    weights = [coefficients[i] for i in trustees]
    seconds = [c.b for c in ciphertexts]
    columns = [list(p.shares) for p in partials]
    return parallel.chunked(
        _combine_chunk, len(seconds), lambda a, b: (seconds[a:b], [col[a:b] for col in columns], weights), workers
    )


def _combine_chunk(task: tuple[list[Point], list[list[Point]], list[Scalar]]) -> list[Point]:
    """bⱼ / ∏ᵢ dᵢⱼ^(λᵢ) for a run of ciphertexts."""
    seconds, columns, weights = task
    return [
        group.sub(b, group.power_product([(w, col[j]) for w, col in zip(weights, columns, strict=True)]))
        for j, b in enumerate(seconds)
    ]
