"""Threshold decryption's steps of ``hustings trustee``: decrypt (one trustee's partial decryption
with its batched proof) and combine (a quorum's, verified), hustings.e2e.decryption."""

from __future__ import annotations

import argparse
import json
import sys

from hustings.cli.main import UsageError
from hustings.cli.trustee_ceremony import read_ceremony
from hustings.cli.trustee_files import KEY_SHARE, TrusteeDir, fail, read_ciphertexts, read_partial, write_json
from hustings.e2e import decryption, group


def decrypt(args: argparse.Namespace) -> int:
    me = TrusteeDir(args.directory)
    election, trustee, _, _ = me.public()
    x = me.secret_scalar(KEY_SHARE, "key_share")
    context, ciphertexts = read_ciphertexts(args.ciphertexts)
    if context[0] != election:
        raise UsageError(f"{args.ciphertexts}: ciphertexts of election {context[0]!r}, not {election!r}")
    partial = decryption.partial_decrypt(context, trustee, x, ciphertexts)
    write_json(args.output, {"context": context, "partial": partial.to_json()})
    print(f"trustee {trustee} partly decrypted {len(ciphertexts)} ciphertexts; publish {args.output}", file=sys.stderr)
    return 0


def combine(args: argparse.Namespace) -> int:
    election, quorum, _, keys = read_ceremony(args.ceremony)
    context, ciphertexts = read_ciphertexts(args.ciphertexts)
    if context[0] != election:
        raise UsageError(f"{args.ciphertexts}: ciphertexts of election {context[0]!r}, not {election!r}")
    if args.bound is not None and args.bound < 0:
        raise UsageError("--bound must not be negative")
    valid, failed = [], []
    seen: set[int] = set()
    for path in args.partials:
        stated, partial = read_partial(path)
        if stated != context:
            raise UsageError(f"{path}: a partial decryption of another list (context {stated})")
        if not partial.trustee <= len(keys) or partial.trustee in seen:
            raise UsageError(f"{path}: trustee {partial.trustee} is not in the ceremony, or appears twice")
        seen.add(partial.trustee)
        if decryption.verify_partial(context, keys[partial.trustee - 1], ciphertexts, partial):
            valid.append(partial)
        else:
            failed.append(f"FAILED   trustee {partial.trustee} ({path}): its partial decryption's proof does not hold")
    if len(valid) < quorum:
        return fail(failed, f"{len(valid)} valid partial decryptions, but the quorum is {quorum}")
    for line in failed:
        print(f"{line}; left out", file=sys.stderr)
    plaintexts = decryption.combine(ciphertexts, valid, quorum=quorum)
    result: dict[str, object] = {
        "context": context,
        "trustees": sorted(p.trustee for p in valid),
        "plaintexts": [m.hex() for m in plaintexts],
    }
    if args.bound is not None:
        table = _powers(args.bound)
        result["numbers"] = [table.get(m) for m in plaintexts]
    print(json.dumps(result))
    return 0


def _powers(bound: int) -> dict[bytes, int]:
    """g^m -> m for m in 0 … bound."""
    table, acc = {}, group.IDENTITY
    for m in range(bound + 1):
        table[acc] = m
        acc = group.add(acc, group.G)
    return table
