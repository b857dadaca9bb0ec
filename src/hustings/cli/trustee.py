"""``hustings trustee keygen|roster|deal|receive|decrypt|combine``: a trustee's part of the key
ceremony and of threshold decryption, on their own machine, through files (docs/e2e.md,
"Trustees' files").

``keygen --election ELECTION.json --trustee I -o DIR`` makes the trustee's directory and X25519
box key; ``roster TRUSTEE.json… -o ROSTER.json`` gathers the trustees' public files;
``deal DIR --roster ROSTER.json -o DEALING.json`` deals a polynomial and seals each share to its
recipient's box key; ``receive DIR DEALING.json…`` checks every dealing and the share it holds for
this trustee, names any dealer whose share fails, and stores the key share;
``decrypt DIR CIPHERTEXTS.json -o PARTIAL.json`` writes the partial decryption with its proof;
``combine CIPHERTEXTS.json PARTIAL.json… --ceremony CEREMONY.json`` verifies and combines a quorum's;
``mix TRUSTEE_DIR LIST.json -o SHUFFLE.json`` shuffles a ranked ballot's list with a proof, and
``sign BOARD.json --key SIGNING.key --trustee I`` signs a counted board's head once it verifies
(`hustings.cli.trustee_tally`).
The secret shares never leave the trustee's directory. Exit status 0 done, 1 a dealing or partial
decryption fails its checks, 2 bad input.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def add_parser(sub: Any) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(
        "trustee",
        help="a trustee's key ceremony and partial decryption, on their own machine",
        description="Take part in an election's key ceremony, and decrypt its tally with the other trustees.",
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION", parser_class=type(p))
    actions.required = True
    keygen = actions.add_parser("keygen", help="make a trustee's directory and box key")
    keygen.add_argument("--election", metavar="ELECTION.json", type=Path, required=True)
    keygen.add_argument("--trustee", metavar="I", type=int, required=True, help="this trustee's number, 1 … n")
    keygen.add_argument("--output", "-o", metavar="TRUSTEE_DIR", type=Path, required=True)
    roster = actions.add_parser("roster", help="gather the trustees' public files into the roster")
    roster.add_argument("publics", metavar="TRUSTEE.json", type=Path, nargs="+")
    roster.add_argument("--output", "-o", metavar="ROSTER.json", type=Path, required=True)
    deal = actions.add_parser("deal", help="deal this trustee's polynomial: public commitments, sealed shares")
    deal.add_argument("directory", metavar="TRUSTEE_DIR", type=Path)
    deal.add_argument("--roster", metavar="ROSTER.json", type=Path, required=True)
    deal.add_argument("--output", "-o", metavar="DEALING.json", type=Path, required=True)
    receive = actions.add_parser("receive", help="check every dealing and this trustee's shares; store the key share")
    receive.add_argument("directory", metavar="TRUSTEE_DIR", type=Path)
    receive.add_argument("dealings", metavar="DEALING.json", type=Path, nargs="+")
    receive.add_argument("--output", "-o", metavar="CEREMONY.json", type=Path, help="also write the public record here")
    decrypt = actions.add_parser("decrypt", help="this trustee's partial decryption of a list, with its proof")
    decrypt.add_argument("directory", metavar="TRUSTEE_DIR", type=Path)
    decrypt.add_argument("ciphertexts", metavar="CIPHERTEXTS.json", type=Path)
    decrypt.add_argument("--output", "-o", metavar="PARTIAL.json", type=Path, required=True)
    combine = actions.add_parser("combine", help="verify a quorum's partial decryptions and combine them")
    combine.add_argument("ciphertexts", metavar="CIPHERTEXTS.json", type=Path)
    combine.add_argument("partials", metavar="PARTIAL.json", type=Path, nargs="+")
    combine.add_argument("--ceremony", metavar="CEREMONY.json", type=Path, required=True)
    combine.add_argument("--bound", type=int, default=None, help="also print each plaintext's number, 0 … BOUND")
    from hustings.cli import trustee_tally

    trustee_tally.add_parsers(actions)
    return p


def run(args: argparse.Namespace) -> int:
    from hustings.cli import trustee_ceremony, trustee_decryption, trustee_tally

    commands = {
        "keygen": trustee_ceremony.keygen,
        "roster": trustee_ceremony.roster,
        "deal": trustee_ceremony.deal,
        "receive": trustee_ceremony.receive,
        "decrypt": trustee_decryption.decrypt,
        "combine": trustee_decryption.combine,
        "mix": trustee_tally.mix,
        "sign": trustee_tally.sign,
    }
    return int(commands[args.action](args))
