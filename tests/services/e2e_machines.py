"""The trustees' machines, for tests: what `hustings trustee` does on each trustee's own computer
(keys, dealing, receiving the shares sealed to them, mixing, decrypting, signing), done with the
pure `hustings.e2e` functions, with the secrets kept here and only public files handed to the
services, as a real trustee would upload them."""

from __future__ import annotations

import base64
import json
import random
from dataclasses import dataclass, field
from typing import Any

from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.signing import SigningKey

from hustings.e2e import board as boards
from hustings.e2e import ceremony, decryption, group, shuffle
from hustings.e2e.elgamal import Ciphertext


@dataclass
class Machine:
    """Trustee `position`'s computer."""

    position: int
    rng: random.Random
    box: PrivateKey = field(init=False)
    signing: SigningKey = field(init=False)
    key_share: int = 0

    def __post_init__(self) -> None:
        self.box = PrivateKey(self.rng.randbytes(32))
        self.signing = SigningKey(self.rng.randbytes(32))

    def keys(self, election: dict[str, Any]) -> tuple[dict[str, Any], str]:
        """`trustee.json` and the signing public key (base64), as registered."""
        public = {
            "election": election["election"],
            "trustee": self.position,
            "trustees": election["trustees"],
            "quorum": election["quorum"],
            "box_key": bytes(self.box.public_key).hex(),
        }
        return public, base64.b64encode(bytes(self.signing.verify_key)).decode()

    def deal(self, roster: dict[str, Any]) -> dict[str, Any]:
        """DEALING.json: the public dealing and a share sealed to each other trustee's box key."""
        election = roster["election"]
        dealing, public = ceremony.deal(election, self.position, roster["quorum"], self.rng)
        self.own = ceremony.share_for(dealing, self.position)
        sealed = []
        for entry in roster["trustees"]:
            m = entry["trustee"]
            if m == self.position:
                continue
            payload = {"dealer": self.position, "election": election, "recipient": m}
            payload["share"] = group.scalar_hex(ceremony.share_for(dealing, m))
            text = json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()
            box = SealedBox(PublicKey(bytes.fromhex(entry["box_key"]))).encrypt(text)
            sealed.append({"recipient": m, "box": box.hex()})
        return {"election": election, "dealing": public.to_json(), "sealed_shares": sealed}

    def receive(self, dealings: list[dict[str, Any]]) -> dict[str, Any]:
        """Open each share sealed to this trustee, check it against its dealer's commitments, add
        them up; the ceremony record (its joint key) to confirm."""
        publics = [ceremony.PublicDealing.from_json(d["dealing"]) for d in dealings]
        shares = [self.own]
        for document, public in zip(dealings, publics, strict=True):
            if public.trustee == self.position:
                continue
            box = next(s["box"] for s in document["sealed_shares"] if s["recipient"] == self.position)
            opened = json.loads(SealedBox(self.box).decrypt(bytes.fromhex(box)))
            share = group.scalar_from_hex(opened["share"])
            assert ceremony.check_share(public, self.position, share), f"dealer {public.trustee}'s share fails"
            shares.append(share)
        self.key_share = ceremony.key_share(shares)
        election = dealings[0]["election"]
        return {"election": election, "public_key": ceremony.joint_key(publics).hex()}

    def mix(self, document: dict[str, Any]) -> dict[str, Any]:
        rows = shuffle.rows_from_json(document["rows"])
        key = group.point_from_hex(document["public_key"])
        output, proof = shuffle.shuffle(document["context"], key, rows, self.rng)
        return {"context": document["context"], "rows": shuffle.rows_to_json(output), "proof": proof.to_json()}

    def decrypt(self, document: dict[str, Any]) -> dict[str, Any]:
        cts = [Ciphertext.from_json(c) for c in document["ciphertexts"]]
        partial = decryption.partial_decrypt(document["context"], self.position, self.key_share, cts, self.rng)
        return {"context": document["context"], "partial": partial.to_json()}

    def sign(self, board: dict[str, Any]) -> dict[str, Any]:
        return boards.sign(board, self.position, self.signing)
