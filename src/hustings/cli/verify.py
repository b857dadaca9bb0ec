"""``hustings verify BOARD.json [--scrutineer KEY ...]``: re-check a ballot's published bulletin board.

Checks every field it prints (`hustings.board.verify`): the hash chain and its head, the entries
the status needs in their order, the ballot against its opening, the scrutineers' signatures of
the opening and closing head, the ballots, the export and a recount against the published result.
Each check is named; a failed one is printed with its name. ``--scrutineer`` pins a scrutineer's
public key as the scrutineer published it (base64, or a file holding it): the board must list that
key and carry its signatures. Exit status 0 when the board is verified, 1 when it is not, 2 when
the file cannot be read as a bulletin board. Needs no database and no Django.

An end-to-end verifiable board (format ``hustings-e2e-board/1``, docs/e2e.md) is checked by
`hustings.e2e.verify` instead: every proof, the chain of shuffles, the decryptions, the recount,
the head and the trustees' signatures of it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hustings.board.verify import Verification

_MARK = {"ok": "ok      ", "failed": "FAILED  ", "warning": "WARNING "}


def add_parser(sub: Any) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(
        "verify",
        help="re-check a ballot's bulletin board, its scrutineers' signatures, and recount it",
        description="Re-check a bulletin board (from /ballots/<id>/board.json): its hash chain and head, "
        "its ballot, its scrutineers' signatures, its ballots, and a recount of its anonymised BLT export "
        "against the published result.",
    )
    p.add_argument("board", metavar="BOARD.json", type=Path)
    p.add_argument("--format", "-f", choices=("text", "json"), default="text")
    p.add_argument(
        "--scrutineer",
        metavar="PUBKEY_OR_FILE",
        action="append",
        default=[],
        help="a scrutineer's public key as they published it (base64, or a file holding it); repeatable",
    )
    p.add_argument(
        "--workers",
        type=int,
        default=None,
        help="processes for an end-to-end board's proofs (default: every core)",
    )
    return p


def run(args: argparse.Namespace) -> int:
    from hustings.board.verify import BoardFormatError

    board = read_board(args.board)
    pins = [_pin(value) for value in args.scrutineer]
    try:
        verdict = _verify(board, pins, args.workers)
    except BoardFormatError as exc:
        from hustings.cli.main import UsageError

        raise UsageError(f"{args.board}: {exc}") from None
    if args.format == "json":
        print(json.dumps({"source": str(args.board), **verdict.to_dict()}, ensure_ascii=False))
    else:
        show(verdict)
    sys.stdout.flush()
    return 0 if verdict.verified else 1


def _verify(board: Any, pins: list[str], workers: int | None = None) -> Verification:
    """A ballot's hash-chained board (`hustings.board.verify`), or an end-to-end verifiable one
    (`hustings.e2e.verify`, format `hustings-e2e-board/1`), which carries its trustees' keys."""
    if isinstance(board, dict) and board.get("format") == "hustings-e2e-board/1":
        import os

        from hustings.e2e.verify import verify_board as verify_e2e

        return verify_e2e(board, workers if workers is not None else os.cpu_count() or 1)
    from hustings.board.verify import verify_board

    return verify_board(board, pins)


def read_board(path: Path) -> Any:
    """The JSON of a board file, depth-bounded (`formats.jsonload`); `FormatError` (exit 2) if it
    cannot be read as JSON."""
    from hustings.formats.jsonload import read_json

    return read_json(path)


def _pin(value: str) -> str:
    """A pinned key: base64 on the command line, or a file holding it (or a key file or signature
    record, whose `public_key` is taken)."""
    from hustings.board.signatures import SignatureError, public_key
    from hustings.cli.main import UsageError

    text: object = value
    try:
        public_key(value)
    except SignatureError:
        path = Path(value)
        if not path.is_file():
            raise UsageError(f"--scrutineer {value}: neither a base64 public key nor a file") from None
        try:
            text = path.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"--scrutineer {value}: {exc}") from None
        if text.startswith("{"):
            try:
                data = json.loads(text)
            except (json.JSONDecodeError, RecursionError):
                data = None
            text = data.get("public_key") if isinstance(data, dict) else None
    try:
        public_key(text)
    except SignatureError as exc:
        raise UsageError(f"--scrutineer {value}: {exc}") from None
    return str(text).strip()


def show(verdict: Verification) -> None:
    """The verdict in words: the checked ballot, each check, each signer, and the verdict line."""
    ballot = verdict.ballot
    if ballot:
        fields = ", ".join(
            f"{name} {ballot[name]!r}" for name in ("id", "organisation", "method", "seats") if name in ballot
        )
        print(f"ballot   {ballot.get('title', '?')!r} ({fields}); status {verdict.status or '?'}")
        if "candidates" in ballot:
            print(f"         candidates: {', '.join(str(c) for c in ballot['candidates'])}")
    for check in verdict.checks:
        print(f"{_MARK[check.status]} {check.name}: {check.detail}")
    for signer in verdict.signers:
        pin = "pinned" if signer.pinned else "NOT pinned: compare with the key they published"
        stages = ", ".join(signer.signed) or "nothing"
        key = f"key {signer.public_key} (fingerprint {signer.fingerprint})"
        print(f"signer   {signer.name}: {key}, {pin}; signed {stages}")
    title = f" of {ballot['title']!r}" if "title" in ballot else ""
    if verdict.verified:
        print(f"VERIFIED: the board{title} is intact")
    else:
        names = ", ".join(dict.fromkeys(c.name for c in verdict.failed))
        print(f"NOT VERIFIED: the board{title} fails {len(verdict.failed)} check(s): {names}")
