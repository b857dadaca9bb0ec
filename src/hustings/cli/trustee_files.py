"""The files of ``hustings trustee``: the election and roster documents, a trustee's directory,
dealings with sealed shares, ciphertext lists, partial decryptions (docs/e2e.md, "Trustees'
files"). Every reader returns data or raises ``UsageError`` naming the file and the problem.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hustings.cli.main import UsageError
from hustings.e2e import group
from hustings.e2e.ceremony import PublicDealing
from hustings.e2e.decryption import PartialDecryption
from hustings.e2e.elgamal import Ciphertext

PUBLIC = "trustee.json"
BOX_KEY = "box.key"
ROSTER = "roster.json"
OWN_SHARE = "own-share.json"
KEY_SHARE = "key-share.json"
CEREMONY = "ceremony.json"


def read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: {getattr(exc, 'strerror', None) or exc}") from None
    except json.JSONDecodeError as exc:
        raise UsageError(f"{path}: not JSON: {exc}") from None


def write_json(path: Path, data: object) -> None:
    try:
        path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{path}: {exc.strerror or exc}") from None


def write_secret(path: Path, data: object) -> None:
    """A file only its owner can read, never written over."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise UsageError(f"{path}: exists; a trustee's secret file is never overwritten") from None
    except OSError as exc:
        raise UsageError(f"{path}: {exc.strerror or exc}") from None
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        os.fchmod(file.fileno(), 0o600)
        file.write(json.dumps(data) + "\n")


def field(path: Path, data: object, name: str, kind: type) -> Any:
    """data[name], which must be a `kind` (int: a positive integer)."""
    if not isinstance(data, dict):
        raise UsageError(f"{path}: expected a JSON object")
    value = data.get(name)
    if kind is int:
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise UsageError(f"{path}: field {name!r} must be a positive integer")
    elif not isinstance(value, kind) or (kind is str and not value):
        raise UsageError(f"{path}: field {name!r} must be a non-empty {kind.__name__}")
    return value


def parse(path: Path, what: str, reader: Any, data: object) -> Any:
    """reader(data), a `GroupError` becoming one line naming the file."""
    try:
        return reader(data)
    except group.GroupError as exc:
        raise UsageError(f"{path}: {what}: {exc}") from None


@dataclass(frozen=True)
class Election:
    """ELECTION.json: `{"election": id, "trustees": n, "quorum": k}` (other fields are ignored)."""

    election: str
    trustees: int
    quorum: int

    @classmethod
    def read(cls, path: Path) -> Election:
        data = read_json(path)
        election = cls(
            field(path, data, "election", str), field(path, data, "trustees", int), field(path, data, "quorum", int)
        )
        if election.quorum > election.trustees:
            raise UsageError(f"{path}: the quorum {election.quorum} exceeds the {election.trustees} trustees")
        return election


@dataclass(frozen=True)
class Roster:
    """ROSTER.json: `{"election": id, "quorum": k, "trustees": [{"trustee": 1, "box_key": hex}, …]}`,
    trustees 1 … n in order."""

    election: str
    quorum: int
    box_keys: tuple[bytes, ...]  # trustee m's at index m − 1

    def to_json(self) -> dict[str, object]:
        trustees = [{"trustee": m, "box_key": key.hex()} for m, key in enumerate(self.box_keys, start=1)]
        return {"election": self.election, "quorum": self.quorum, "trustees": trustees}

    @classmethod
    def read(cls, path: Path) -> Roster:
        return cls.from_json(path, read_json(path))

    @classmethod
    def from_json(cls, path: Path, data: object) -> Roster:
        election, quorum = field(path, data, "election", str), field(path, data, "quorum", int)
        entries = field(path, data, "trustees", list)
        keys = []
        for m, entry in enumerate(entries, start=1):
            if field(path, entry, "trustee", int) != m:
                raise UsageError(f"{path}: the trustees must be listed as 1 … n in order")
            keys.append(box_key_from_hex(path, entry.get("box_key")))
        if quorum > len(keys):
            raise UsageError(f"{path}: the quorum {quorum} exceeds the {len(keys)} trustees")
        return cls(election, quorum, tuple(keys))


def box_key_from_hex(path: Path, text: object) -> bytes:
    if not isinstance(text, str) or len(text) != 64:
        raise UsageError(f"{path}: a box key must be 64 hex digits")
    try:
        return bytes.fromhex(text)
    except ValueError:
        raise UsageError(f"{path}: a box key must be 64 hex digits") from None


@dataclass(frozen=True)
class TrusteeDir:
    """A trustee's directory: trustee.json (public) and box.key, then roster.json and
    own-share.json after dealing, then key-share.json and ceremony.json after receiving."""

    path: Path

    def file(self, name: str) -> Path:
        return self.path / name

    def public(self) -> tuple[str, int, int, int]:
        """(election, trustee, trustees, quorum) from trustee.json."""
        path = self.file(PUBLIC)
        data = read_json(path)
        names = ("election", "trustee", "trustees", "quorum")
        election, trustee, trustees, quorum = (field(path, data, n, str if n == "election" else int) for n in names)
        return election, trustee, trustees, quorum

    def secret_scalar(self, name: str, key: str) -> int:
        path = self.file(name)
        if not path.exists():
            raise UsageError(f"{path}: missing; {_STEP_BEFORE[name]} first")
        return int(parse(path, key, group.scalar_from_hex, field(path, read_json(path), key, str)))


_STEP_BEFORE = {
    OWN_SHARE: "run `hustings trustee deal`",
    KEY_SHARE: "finish the ceremony with `hustings trustee receive`",
}


@dataclass(frozen=True)
class DealingFile:
    """DEALING.json: `{"election": id, "dealing": public dealing, "sealed_shares": [{"recipient": m,
    "box": hex}, …]}`, one sealed share for every other trustee, in order of m."""

    election: str
    public: PublicDealing
    sealed: dict[int, bytes]

    def to_json(self) -> dict[str, object]:
        shares = [{"recipient": m, "box": box.hex()} for m, box in sorted(self.sealed.items())]
        return {"election": self.election, "dealing": self.public.to_json(), "sealed_shares": shares}

    @classmethod
    def read(cls, path: Path) -> DealingFile:
        data = read_json(path)
        election = field(path, data, "election", str)
        public = parse(path, "dealing", PublicDealing.from_json, data.get("dealing"))
        sealed: dict[int, bytes] = {}
        for entry in field(path, data, "sealed_shares", list):
            recipient = field(path, entry, "recipient", int)
            box = field(path, entry, "box", str)
            try:
                sealed[recipient] = bytes.fromhex(box)
            except ValueError:
                raise UsageError(f"{path}: the sealed share for trustee {recipient} is not hex") from None
        return cls(election, public, sealed)


def share_payload(election: str, dealer: int, recipient: int, share: int) -> bytes:
    """The plaintext sealed to a recipient: canonical JSON naming election, dealer and recipient."""
    data = {"election": election, "dealer": dealer, "recipient": recipient, "share": group.scalar_hex(share)}
    return json.dumps(data, separators=(",", ":"), sort_keys=True).encode("utf-8")


def read_ciphertexts(path: Path) -> tuple[list[str | int], list[Ciphertext]]:
    """CIPHERTEXTS.json: `{"context": [election, …], "ciphertexts": [[a, b], …]}`."""
    data = read_json(path)
    context = field(path, data, "context", list)
    if not context or not all(_is_item(item) for item in context):
        raise UsageError(f"{path}: the context must be a non-empty list of strings and non-negative integers")
    ciphertexts = [parse(path, "ciphertexts", Ciphertext.from_json, c) for c in field(path, data, "ciphertexts", list)]
    return context, ciphertexts


def _is_item(item: object) -> bool:
    return isinstance(item, str) or (isinstance(item, int) and not isinstance(item, bool) and item >= 0)


def read_partial(path: Path) -> tuple[list[object], PartialDecryption]:
    """PARTIAL.json: `{"context": [...], "partial": partial decryption}`."""
    data = read_json(path)
    context = field(path, data, "context", list)
    return context, parse(path, "partial", PartialDecryption.from_json, data.get("partial"))


def fail(lines: list[str], summary: str) -> int:
    """Print each failed check and the summary; exit status 1."""
    for line in lines:
        print(line, file=sys.stderr)
    print(f"hustings: {summary}", file=sys.stderr)
    return 1
