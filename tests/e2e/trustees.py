"""A whole key ceremony in memory, for the tests of the ceremony and of threshold decryption."""

from __future__ import annotations

import random
from dataclasses import dataclass

from hustings.e2e import ceremony
from hustings.e2e.ceremony import Dealing, PublicDealing
from hustings.e2e.group import Point


@dataclass
class Ceremony:
    election: str
    quorum: int
    dealings: list[Dealing]
    publics: list[PublicDealing]
    key_shares: dict[int, int]

    @property
    def public_key(self) -> Point:
        return ceremony.joint_key(self.publics)

    def verification_key(self, trustee: int) -> Point:
        return ceremony.verification_key(self.publics, trustee)


def run_ceremony(trustees: int, quorum: int, seed: int = 0, election: str = "e-2025") -> Ceremony:
    """Every trustee deals; every trustee sums the shares it receives (its own included)."""
    rng = random.Random(seed)
    dealt = [ceremony.deal(election, i, quorum, rng) for i in range(1, trustees + 1)]
    dealings = [d for d, _ in dealt]
    key_shares = {m: ceremony.key_share([ceremony.share_for(d, m) for d in dealings]) for m in range(1, trustees + 1)}
    return Ceremony(election, quorum, dealings, [p for _, p in dealt], key_shares)
