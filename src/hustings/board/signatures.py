"""Scrutineers' Ed25519 signatures of the board's head (PyNaCl, that is libsodium).

A scrutineer (for a leadership contest, an agent of each candidate and an independent) makes a
key on their own machine, publishes the public key where the voters can find it (the candidate's
site), and signs the board's head when the ballot opens and when it closes. The server stores
only public keys and signatures. The signed message is separated from any other use of the key:

    hustings-board/1|<organisation>/<ballot id>|<stage>|<seq>|<head>

`stage` is `opened` or `closed`; `seq` and `head` are the sequence number and hash of that
stage's entry on the chain. Since each entry's hash covers the one before, signing the `closed`
entry signs every entry up to the close, and with it the set of ballots and the hash of the
anonymised export (which the `closed` entry commits to).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from typing import Any

from nacl.exceptions import BadSignatureError, CryptoError
from nacl.signing import SigningKey, VerifyKey

DOMAIN = "hustings-board/1"
"""The first field of every signed message: the key signs nothing else under this name."""

STAGES = ("opened", "closed")
"""The entries a scrutineer signs, in order."""

KEY_FORMAT = "hustings-scrutineer-key/1"
SIGNATURE_FORMAT = "hustings-signature/1"


class SignatureError(ValueError):
    """A key, signature or signature record that is not well formed."""


def public_key(text: object) -> bytes:
    """The 32 bytes of an Ed25519 public key written in base64, or `SignatureError`."""
    return _b64(text, 32, "public key")


def fingerprint(key: str) -> str:
    """A short form of a public key for reading aloud and comparing: the first 80 bits of its
    SHA-256, in five groups of four hex digits. Pin the whole key; compare by fingerprint."""
    digest = hashlib.sha256(public_key(key)).hexdigest()[:20].upper()
    return " ".join(digest[i : i + 4] for i in range(0, 20, 4))


def identity(organisation: object, ballot_id: object) -> str:
    """The ballot as the signed message names it: a signature for one ballot is none for another."""
    return f"{organisation}/{ballot_id}"


def message(ballot: str, stage: str, seq: int, head: str) -> bytes:
    """The exact bytes a scrutineer signs (see the module's docstring)."""
    return f"{DOMAIN}|{ballot}|{stage}|{seq}|{head}".encode()


def new_key() -> dict[str, str]:
    """A fresh key as its key file holds it: the secret seed and the public key, in base64."""
    key = SigningKey.generate()
    return {
        "format": KEY_FORMAT,
        "seed": base64.b64encode(bytes(key)).decode(),
        "public_key": base64.b64encode(bytes(key.verify_key)).decode(),
    }


def read_key(text: str) -> SigningKey:
    """The signing key of a key file written by `new_key`, or `SignatureError`."""
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        raise SignatureError("not a scrutineer key file (not JSON)") from None
    if not isinstance(data, dict) or data.get("format") != KEY_FORMAT:
        raise SignatureError(f"not a scrutineer key file (no format {KEY_FORMAT!r})")
    key = SigningKey(_b64(data.get("seed"), 32, "seed"))
    if "public_key" in data and public_key(data["public_key"]) != bytes(key.verify_key):
        raise SignatureError("the key file's public key is not its seed's")
    return key


def public_of(key: SigningKey) -> str:
    return base64.b64encode(bytes(key.verify_key)).decode()


def sign(key: SigningKey, ballot: str, stage: str, seq: int, head: str) -> dict[str, Any]:
    """The signature record a scrutineer uploads: who, what was signed, and the signature."""
    signed = key.sign(message(ballot, stage, seq, head)).signature
    return {
        "format": SIGNATURE_FORMAT,
        "ballot": ballot,
        "public_key": public_of(key),
        "stage": stage,
        "seq": seq,
        "head": head,
        "signature": base64.b64encode(signed).decode(),
    }


def valid(key: str, ballot: str, stage: str, seq: int, head: str, signature: object) -> bool:
    """Whether `signature` (base64) is `key`'s signature of that stage's head; never raises."""
    try:
        verify_key = VerifyKey(public_key(key))
        verify_key.verify(message(ballot, stage, seq, head), _b64(signature, 64, "signature"))
    except (SignatureError, BadSignatureError, CryptoError, ValueError, TypeError):
        return False
    return True


def _b64(text: object, size: int, what: str) -> bytes:
    if not isinstance(text, str):
        raise SignatureError(f"a {what} is a base64 string")
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise SignatureError(f"the {what} is not base64") from None
    if len(raw) != size:
        raise SignatureError(f"a {what} is {size} bytes; this one is {len(raw)}")
    return raw
