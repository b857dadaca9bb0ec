"""ElGamal over ristretto255, exponential where tallied homomorphically (docs/e2e.md, "Ciphertexts").

A ciphertext of the point M under the public key h is (a, b) = (g^r, h^r·M); exponential ElGamal
encrypts the number m as M = g^m, so that the product of ciphertexts encrypts the sum of their
numbers. On the board a ciphertext is the list `[a, b]` of its two points in hex.
"""

from __future__ import annotations

from dataclasses import dataclass

from hustings.e2e import group
from hustings.e2e.group import Point, Scalar


@dataclass(frozen=True)
class Ciphertext:
    a: Point
    b: Point

    def __mul__(self, other: Ciphertext) -> Ciphertext:
        """The homomorphic product: it encrypts the sum of the two numbers."""
        return Ciphertext(group.add(self.a, other.a), group.add(self.b, other.b))

    def to_json(self) -> list[str]:
        return [self.a.hex(), self.b.hex()]

    @classmethod
    def from_json(cls, data: object) -> Ciphertext:
        """`GroupError` unless `data` is a list of two group elements in hex."""
        if not isinstance(data, list) or len(data) != 2:
            raise group.GroupError(f"not a ciphertext: {str(data)[:80]!r}")
        return cls(group.point_from_hex(data[0]), group.point_from_hex(data[1]))

    def items(self) -> list[str]:
        """Its points in hex, as hash inputs take them."""
        return [self.a.hex(), self.b.hex()]


ZERO = Ciphertext(group.IDENTITY, group.IDENTITY)
"""The trivial encryption of 0 (randomness 0): the neutral element of the homomorphic product."""


def encrypt_point(public_key: Point, message: Point, r: Scalar) -> Ciphertext:
    """(g^r, h^r·M)."""
    return Ciphertext(group.base(r), group.add(group.mul(r, public_key), message))


def encrypt(public_key: Point, m: int, r: Scalar) -> Ciphertext:
    """Exponential ElGamal: (g^r, h^r·g^m)."""
    return encrypt_point(public_key, group.base(m), r)


def reencrypt(public_key: Point, c: Ciphertext, r: Scalar) -> Ciphertext:
    """The same plaintext under fresh randomness: c·(g^r, h^r)."""
    return Ciphertext(group.add(c.a, group.base(r)), group.add(c.b, group.mul(r, public_key)))


def decrypt_point(secret: Scalar, c: Ciphertext) -> Point:
    """M = b·a^(−x), for a single holder of the whole key (tests; trustees share it instead)."""
    return group.sub(c.b, group.mul(secret, c.a))


def discrete_log(point: Point, bound: int) -> int | None:
    """The m in 0..bound with g^m = point, by walking up from the identity; None if there is none.
    Exponential ElGamal's plaintexts are small (a tally, a candidate's number)."""
    acc = group.IDENTITY
    for m in range(bound + 1):
        if acc == point:
            return m
        acc = group.add(acc, group.G)
    return None
