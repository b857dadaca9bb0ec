"""The tally's steps of ``hustings trustee`` that the web's trustee pages name: mix (one trustee's
shuffle of a ranked ballot's list, with its proof of shuffle) and sign (the trustee's Ed25519
signature of a counted board's head, once the board verifies). docs/ballots.md, "End-to-end
verifiable ballots".

``mix TRUSTEE_DIR LIST.json -o SHUFFLE.json``: LIST.json is what the ballot's trustee page offers
(`{"election", "context", "public_key", "rows"}`); the key must be the one this trustee's own
ceremony record holds, so nobody can have a trustee mix under another key. Writes
`{"context", "rows", "proof"}` to upload.

``sign BOARD.json --key SIGNING.key --trustee I``: checks the board as `hustings verify` does (only
the trustees' missing signatures are not held against it: signing is how they come) and that the
key is trustee I's on the board; prints `{"trustee": I, "signature": ...}` to upload.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from hustings.board import signatures
from hustings.cli.main import UsageError
from hustings.cli.trustee_files import CEREMONY, TrusteeDir, field, read_json, write_json
from hustings.e2e import group


def add_parsers(actions: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    mix = actions.add_parser("mix", help="shuffle a ranked ballot's list, with a proof of shuffle")
    mix.add_argument("directory", metavar="TRUSTEE_DIR", type=Path)
    mix.add_argument("list", metavar="LIST.json", type=Path)
    mix.add_argument("--output", "-o", metavar="SHUFFLE.json", type=Path, required=True)
    mix.add_argument("--workers", type=int, default=1, help="processes to use (default 1)")
    sign = actions.add_parser("sign", help="sign a counted board's head, once it verifies")
    sign.add_argument("board", metavar="BOARD.json", type=Path)
    sign.add_argument("--key", metavar="SIGNING.key", type=Path, required=True, help="from hustings scrutineer keygen")
    sign.add_argument("--trustee", metavar="I", type=int, required=True)


def mix(args: argparse.Namespace) -> int:
    from hustings.e2e import shuffle

    me = TrusteeDir(args.directory)
    election, trustee, _, _ = me.public()
    data = read_json(args.list)
    context = field(args.list, data, "context", list)
    if field(args.list, data, "election", str) != election or not context or context[0] != election:
        raise UsageError(f"{args.list}: a list of another election, not {election!r}")
    record = me.file(CEREMONY)
    if not record.exists():
        raise UsageError(f"{record}: missing; finish the ceremony with `hustings trustee receive` first")
    own_key = field(record, read_json(record), "public_key", str)
    if field(args.list, data, "public_key", str) != own_key:
        raise UsageError(f"{args.list}: the list's key is not the joint key of your ceremony record; do not mix it")
    if args.workers < 1:
        raise UsageError("--workers must be at least 1")
    try:
        rows = shuffle.rows_from_json(data.get("rows"))
        output, proof = shuffle.shuffle(context, group.point_from_hex(own_key), rows, workers=args.workers)
    except (group.GroupError, ValueError) as exc:
        raise UsageError(f"{args.list}: {exc}") from None
    write_json(args.output, {"context": context, "rows": shuffle.rows_to_json(output), "proof": proof.to_json()})
    print(f"trustee {trustee} mixed {len(rows)} ballots; upload {args.output}", file=sys.stderr)
    return 0


def sign(args: argparse.Namespace) -> int:
    from hustings.e2e import board as boards
    from hustings.e2e.verify import verify_board

    raw = read_json(args.board)
    try:
        key = signatures.read_key(args.key.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, signatures.SignatureError) as exc:
        raise UsageError(f"{args.key}: {exc}") from None
    verification = verify_board(raw)
    problems = [c for c in verification.failed if c.name != "signatures"]
    if problems:
        for check in problems:
            print(f"FAILED   {check.name}: {check.detail}", file=sys.stderr)
        print("hustings: the board does not verify; not signing it", file=sys.stderr)
        return 1
    listed = raw["election"]["trustees"]
    if not 1 <= args.trustee <= len(listed):
        raise UsageError(f"--trustee must be between 1 and {len(listed)}")
    mine = (
        signatures.public_key(listed[args.trustee - 1]["signing_key"])
        if listed[args.trustee - 1]["signing_key"]
        else b""
    )
    if mine != bytes(key.verify_key):
        raise UsageError(f"{args.key}: not trustee {args.trustee}'s signing key on this board")
    print(json.dumps(boards.sign(raw, args.trustee, key)))
    return 0
