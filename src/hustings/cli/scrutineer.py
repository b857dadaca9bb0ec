"""``hustings scrutineer keygen|sign``: a scrutineer's key and signatures, on their own machine.

``keygen -o KEYFILE`` writes a new Ed25519 key (mode 0600, never over an existing file without
``--force``) and prints the public key to publish. ``sign BOARD.json --key KEYFILE [--stage
opened|closed]`` first verifies the board as ``hustings verify`` does and refuses a board whose
chain, head or ballot fails; then prints the signature record of that stage's head, as JSON, to
upload to the ballot's page or ``POST /api/ballots/<id>/signatures``. The key never leaves the
scrutineer's machine. Exit status 0 done, 1 the board fails its checks, 2 bad input.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any


def add_parser(sub: Any) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(
        "scrutineer",
        help="a scrutineer's Ed25519 key, and their signature of a board's head",
        description="Make a scrutineer's key, or sign the head of a verified bulletin board with it.",
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION", parser_class=type(p))
    actions.required = True
    keygen = actions.add_parser("keygen", help="write a new key file and print its public key")
    keygen.add_argument("--output", "-o", metavar="KEYFILE", type=Path, required=True)
    keygen.add_argument("--force", action="store_true", help="replace an existing key file")
    sign = actions.add_parser("sign", help="verify a board and print the signature record of its head")
    sign.add_argument("board", metavar="BOARD.json", type=Path)
    sign.add_argument("--key", metavar="KEYFILE", type=Path, required=True)
    sign.add_argument("--stage", choices=("opened", "closed"), default=None, help="default: the last stage reached")
    return p


def run(args: argparse.Namespace) -> int:
    return _keygen(args) if args.action == "keygen" else _sign(args)


def _keygen(args: argparse.Namespace) -> int:
    from hustings.board.signatures import fingerprint, new_key
    from hustings.cli.main import UsageError

    key = new_key()
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if args.force else os.O_EXCL)
    try:
        fd = os.open(args.output, flags, 0o600)
    except FileExistsError:
        raise UsageError(f"{args.output}: exists; a key is never overwritten without --force") from None
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        os.fchmod(file.fileno(), 0o600)
        file.write(json.dumps(key) + "\n")
    print(key["public_key"])
    print(
        f"fingerprint {fingerprint(key['public_key'])}; publish the public key, keep {args.output} secret",
        file=sys.stderr,
    )
    return 0


def _sign(args: argparse.Namespace) -> int:
    from hustings.board import signatures
    from hustings.board.verify import BoardFormatError, verify_board
    from hustings.cli.main import UsageError
    from hustings.cli.verify import read_board

    try:
        key = signatures.read_key(args.key.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{args.key}: {exc}") from None
    except signatures.SignatureError as exc:
        raise UsageError(f"{args.key}: {exc}") from None
    board = read_board(args.board)
    try:
        verdict = verify_board(board)
    except BoardFormatError as exc:
        raise UsageError(f"{args.board}: {exc}") from None
    broken = [c for c in verdict.failed if c.name != "scrutineer.unsigned"]  # signing is how that passes
    if broken:
        for check in broken:
            print(f"FAILED   {check.name}: {check.detail}", file=sys.stderr)
        print("hustings: refusing to sign a board that fails its checks", file=sys.stderr)
        return 1
    mine = signatures.public_of(key)
    if mine not in {s.public_key for s in verdict.signers}:
        raise UsageError(
            f"{args.key}: this key (fingerprint {signatures.fingerprint(mine)}) is not a scrutineer of this ballot"
        )
    kinds = {entry["kind"]: entry for entry in board["entries"]}
    stage = args.stage or ("closed" if "closed" in kinds else "opened")
    if stage not in kinds:
        raise UsageError(f"{args.board}: the ballot has no {stage!r} entry yet")
    entry = kinds[stage]
    ballot = signatures.identity(verdict.ballot["organisation"], verdict.ballot["id"])
    print(json.dumps(signatures.sign(key, ballot, stage, entry["seq"], entry["digest"])))
    return 0
