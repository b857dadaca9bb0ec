"""The prime-order group ristretto255 (RFC 9496) through libsodium (`rbcl`), and the hashes that
turn statements into challenges (docs/e2e.md, "Group" and "Hashes").

Points are `bytes`: their 32-byte canonical encodings, the identity being 32 zero bytes. Scalars
are `int`s reduced mod `L`, the group's order; on the board both are lowercase hex, scalars as
32-byte little-endian. libsodium refuses a zero scalar or an identity result in its scalar
multiplication; `mul` and `base` give the identity instead, which exponential ElGamal needs (g^0).
"""

from __future__ import annotations

import hashlib
import json
import random

import rbcl  # type: ignore[import-untyped]  # no type information shipped

L = 2**252 + 27742317777372353535851937790883648493
"""The order of ristretto255 (RFC 9496, section 4.1)."""

PROTOCOL = "hustings-e2e/1"
"""The first item of every hash input: a challenge of another protocol is never a challenge here."""

IDENTITY = bytes(32)

Point = bytes
Scalar = int


class GroupError(ValueError):
    """An encoding that is not a group element or scalar (a forged or damaged board)."""


_SYSTEM = random.SystemRandom()


def random_scalar(rng: random.Random | None = None) -> Scalar:
    """A uniform non-zero scalar: from the operating system's generator unless a seeded `rng` is
    given (simulations and tests only)."""
    source = rng if rng is not None else _SYSTEM
    return source.randrange(1, L)


def _le(k: Scalar) -> bytes:
    return (k % L).to_bytes(32, "little")


def base(k: Scalar) -> Point:
    """g^k, g the standard generator."""
    k %= L
    if k == 0:
        return IDENTITY
    return bytes(rbcl.crypto_scalarmult_ristretto255_base(_le(k)))


G = base(1)
"""The standard generator of ristretto255."""


def mul(k: Scalar, point: Point) -> Point:
    """point^k (written multiplicatively, as the papers do)."""
    k %= L
    if k == 0 or point == IDENTITY:
        return IDENTITY
    return bytes(rbcl.crypto_scalarmult_ristretto255(_le(k), point))


def add(p: Point, q: Point) -> Point:
    """The group operation: p·q in the papers' multiplicative notation."""
    return bytes(rbcl.crypto_core_ristretto255_add(p, q))


def sub(p: Point, q: Point) -> Point:
    """p·q⁻¹."""
    return bytes(rbcl.crypto_core_ristretto255_sub(p, q))


def neg(p: Point) -> Point:
    return sub(IDENTITY, p)


def total(points: list[Point]) -> Point:
    """The product of many points (the identity for none)."""
    acc = IDENTITY
    for p in points:
        acc = add(acc, p)
    return acc


def power_product(pairs: list[tuple[Scalar, Point]]) -> Point:
    """∏ pᵢ^kᵢ: the multi-exponentiations of the proofs."""
    return total([mul(k, p) for k, p in pairs])


def point_hex(p: Point) -> str:
    return p.hex()


def _bytes32(text: object, what: str) -> bytes:
    """The 32 bytes written as exactly 64 lowercase hex digits, or `GroupError` naming `what`."""
    raw = None
    if isinstance(text, str) and len(text) == 64:
        try:
            raw = bytes.fromhex(text)
        except ValueError:
            raw = None
    if raw is None or raw.hex() != text:
        raise GroupError(f"not {what}: {str(text)[:80]!r}")
    return raw


def point_from_hex(text: object) -> Point:
    """A point from its hex encoding; `GroupError` unless it is a canonical ristretto255 encoding."""
    raw = _bytes32(text, "a group element")
    # libsodium ignores the top bit of the last byte, so without the first test one point would
    # have two encodings (RFC 9496, section 4.3.1 requires refusing it) and a copied ballot two digests.
    if raw[31] & 0x80 or not rbcl.crypto_core_ristretto255_is_valid_point(raw):
        raise GroupError(f"not a group element: {str(text)[:80]!r}")
    return raw


def scalar_hex(k: Scalar) -> str:
    return _le(k).hex()


def scalar_from_hex(text: object) -> Scalar:
    """A scalar from its 32-byte little-endian hex; `GroupError` unless canonical (below `L`)."""
    k = int.from_bytes(_bytes32(text, "a scalar"), "little")
    if k >= L:
        raise GroupError(f"not a scalar: {str(text)[:80]!r}")
    return k


def hash_input(domain: str, items: list[str | int]) -> bytes:
    """The bytes every hash here is taken of: the canonical JSON text (no spaces, UTF-8) of
    `["hustings-e2e/1", domain, *items]`; items are hex strings, names and non-negative integers."""
    for item in items:
        if isinstance(item, bool) or not isinstance(item, (str, int)) or (isinstance(item, int) and item < 0):
            raise TypeError(f"a hashed item is a string or a non-negative integer, not {item!r}")
    return json.dumps([PROTOCOL, domain, *items], separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def challenge(domain: str, items: list[str | int]) -> Scalar:
    """A Fiat–Shamir challenge: SHA-512 of `hash_input`, little-endian, mod `L`. Callers put the
    whole statement in `items` (election, keys, ciphertexts, commitments): Bernhard, Pereira and
    Warinschi, "How not to prove yourself" (ASIACRYPT 2012)."""
    return int.from_bytes(hashlib.sha512(hash_input(domain, items)).digest(), "little") % L


def hash_to_point(domain: str, items: list[str | int]) -> Point:
    """A point nobody knows a logarithm of: RFC 9496's one-way map of SHA-512 of `hash_input`."""
    digest = hashlib.sha512(hash_input(domain, items)).digest()
    return bytes(rbcl.crypto_core_ristretto255_from_hash(digest))
