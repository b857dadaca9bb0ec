"""The trustees' key ceremony: Pedersen's distributed key generation with Feldman's verifiable
shares (docs/e2e.md, "Key ceremony").

Pedersen, "A threshold cryptosystem without a trusted party" (EUROCRYPT '91), section 3: each of
the n trustees i deals a random polynomial fᵢ(z) = aᵢ₀ + aᵢ₁z + … + aᵢ,ₖ₋₁z^(k−1) of degree k−1,
publishes Feldman's commitments Cᵢⱼ = g^(aᵢⱼ) (Feldman, "A practical scheme for non-interactive
verifiable secret sharing", FOCS '87) and hands trustee m the share fᵢ(m) privately; trustee m
checks g^(fᵢ(m)) = ∏ⱼ Cᵢⱼ^(mʲ) and complains otherwise. The joint key is h = ∏ᵢ Cᵢ₀, whose
secret x = Σᵢ aᵢ₀ nobody holds; trustee m's key share is xₘ = Σᵢ fᵢ(m), a point of the degree
k−1 polynomial Σᵢ fᵢ, so any k trustees can decrypt and k−1 learn nothing of x.

Gennaro, Jarecki, Krawczyk and Rabin, "Secure distributed key generation for discrete-log based
cryptosystems" (EUROCRYPT '99; J. Cryptology 2007) show that a dealer who sees the others'
commitments first can bias h; their section 5 shows the bias leaves ElGamal encryption and
threshold decryption secure, which is how Hustings uses the key. Each dealer also proves, by
Schnorr's proof, that it knows aᵢ₀: a dealer cannot choose Cᵢ₀ as a function of the others'
(a "rogue key" h = g^y / ∏ others) without knowing its logarithm.

All n trustees deal; any k of them may decrypt later.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from hustings.e2e import group
from hustings.e2e.group import Point, Scalar
from hustings.e2e.proofs import Proof, prove_dlog, verify_dlog

CONSTANT_DOMAIN = "dkg-constant"
"""The domain of the Schnorr proof of a dealer's constant term."""


def dealing_context(election: str, trustee: int, commitments: Sequence[Point]) -> list[str | int]:
    """The context of dealer i's proof: [election, "trustee", i, C_i0, ..., C_i,k-1]. Hashing every
    commitment makes the proof sign the whole dealing: whoever does not know a_i0 (the server,
    an attacker on the board) cannot swap a later commitment and halt the ceremony unseen."""
    return [election, "trustee", trustee, *(c.hex() for c in commitments)]


@dataclass
class Dealing:
    """A trustee's secret polynomial (coefficients a₀ … aₖ₋₁): kept only until its shares are dealt."""

    election: str
    trustee: int
    coefficients: tuple[Scalar, ...]

    def evaluate(self, z: int) -> Scalar:
        """f(z) mod L, by Horner's rule."""
        value = 0
        for a in reversed(self.coefficients):
            value = (value * z + a) % group.L
        return value


@dataclass(frozen=True)
class PublicDealing:
    """What a dealer publishes: its Feldman commitments g^(aⱼ) and the proof that it knows a₀.
    JSON `{"trustee": i, "commitments": [hex, …], "proof": {"c": hex, "s": hex}}`."""

    trustee: int
    commitments: tuple[Point, ...]
    proof: Proof

    def to_json(self) -> dict[str, object]:
        return {
            "trustee": self.trustee,
            "commitments": [c.hex() for c in self.commitments],
            "proof": self.proof.to_json(),
        }

    @classmethod
    def from_json(cls, data: object) -> PublicDealing:
        """`GroupError` unless `data` has exactly the three fields, well formed."""
        if not isinstance(data, dict) or set(data) != {"trustee", "commitments", "proof"}:
            raise group.GroupError(f"not a public dealing: {str(data)[:80]!r}")
        trustee, commitments = data["trustee"], data["commitments"]
        if not _is_index(trustee):
            raise group.GroupError(f"not a trustee number: {str(trustee)[:80]!r}")
        if not isinstance(commitments, list) or not commitments:
            raise group.GroupError(f"not a list of commitments: {str(commitments)[:80]!r}")
        return cls(trustee, tuple(group.point_from_hex(c) for c in commitments), Proof.from_json(data["proof"]))


def _is_index(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def deal(election: str, trustee: int, quorum: int, rng: random.Random | None = None) -> tuple[Dealing, PublicDealing]:
    """Trustee i's random polynomial of degree quorum−1, its commitments and its proof of a₀."""
    if not _is_index(trustee) or not _is_index(quorum):
        raise ValueError("the trustee's number and the quorum must be positive integers")
    coefficients = tuple(group.random_scalar(rng) for _ in range(quorum))
    commitments = tuple(group.base(a) for a in coefficients)
    context = dealing_context(election, trustee, commitments)
    proof = prove_dlog(CONSTANT_DOMAIN, context, group.G, coefficients[0], rng)
    return Dealing(election, trustee, coefficients), PublicDealing(trustee, commitments, proof)


def share_for(dealing: Dealing, recipient: int) -> int:
    """f(m): the share trustee m receives (privately) from this dealing."""
    if not _is_index(recipient):
        raise ValueError(f"trustee numbers start at 1, not {recipient!r}")
    return dealing.evaluate(recipient)


def committed_value(commitments: Sequence[Point], z: int) -> Point:
    """∏ⱼ Cⱼ^(zʲ) = g^(f(z)), by Horner's rule in the exponent (k−1 multiplications)."""
    acc = group.IDENTITY
    for c in reversed(commitments):
        acc = group.add(group.mul(z, acc), c)
    return acc


def check_share(public: PublicDealing, recipient: int, share: int) -> bool:
    """Feldman's check: g^s = ∏ⱼ Cⱼ^(mʲ) for trustee m's share s."""
    if not _is_index(recipient) or not 0 <= share < group.L:
        return False
    return group.base(share) == committed_value(public.commitments, recipient)


def verify_dealing(election: str, public: PublicDealing, quorum: int) -> bool:
    """A dealing is well formed: exactly `quorum` commitments, none the identity (a zero
    coefficient would lower the polynomial's degree), and a valid proof of a₀ in its context."""
    if len(public.commitments) != quorum or group.IDENTITY in public.commitments:
        return False
    context = dealing_context(election, public.trustee, public.commitments)
    return verify_dlog(CONSTANT_DOMAIN, context, group.G, public.commitments[0], public.proof)


def _distinct(publics: Sequence[PublicDealing]) -> None:
    dealers = [p.trustee for p in publics]
    if not dealers or len(set(dealers)) != len(dealers):
        raise ValueError(f"the dealings must come from distinct trustees, not {dealers}")


def joint_key(publics: Sequence[PublicDealing]) -> Point:
    """h = ∏ᵢ Cᵢ₀: the election's public key."""
    _distinct(publics)
    return group.total([p.commitments[0] for p in publics])


def verification_key(publics: Sequence[PublicDealing], trustee: int) -> Point:
    """hₘ = g^(xₘ) = ∏ᵢ ∏ⱼ Cᵢⱼ^(mʲ): trustee m's verification key, from the commitments alone."""
    _distinct(publics)
    return group.total([committed_value(p.commitments, trustee) for p in publics])


def key_share(received: Sequence[int]) -> int:
    """xₘ = Σᵢ fᵢ(m) mod L, over the shares trustee m received from every dealer, its own included."""
    return sum(received) % group.L
