"""The key ceremony's steps of ``hustings trustee``: keygen, roster, deal, receive (Pedersen's DKG,
hustings.e2e.ceremony), and the ceremony's public record that every trustee computes alike."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox

from hustings.cli.main import UsageError
from hustings.cli.trustee_files import (
    BOX_KEY,
    CEREMONY,
    KEY_SHARE,
    OWN_SHARE,
    PUBLIC,
    ROSTER,
    DealingFile,
    Election,
    Roster,
    TrusteeDir,
    box_key_from_hex,
    fail,
    field,
    parse,
    read_json,
    share_payload,
    write_json,
    write_secret,
)
from hustings.e2e import ceremony, group
from hustings.e2e.ceremony import PublicDealing


def keygen(args: argparse.Namespace) -> int:
    election = Election.read(args.election)
    if not 1 <= args.trustee <= election.trustees:
        raise UsageError(f"--trustee must be between 1 and {election.trustees}, not {args.trustee}")
    directory: Path = args.output
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise UsageError(f"{directory}: exists and is not an empty directory")
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"{directory}: {exc.strerror or exc}") from None
    key = PrivateKey.generate()
    write_secret(
        directory / BOX_KEY, {"election": election.election, "trustee": args.trustee, "box_secret": bytes(key).hex()}
    )
    public = {
        "election": election.election,
        "trustee": args.trustee,
        "trustees": election.trustees,
        "quorum": election.quorum,
        "box_key": bytes(key.public_key).hex(),
    }
    write_json(directory / PUBLIC, public)
    print(json.dumps(public))
    print(f"send {directory / PUBLIC} to whoever makes the roster; keep {directory} to yourself", file=sys.stderr)
    return 0


def roster(args: argparse.Namespace) -> int:
    seen: dict[int, bytes] = {}
    terms: set[tuple[str, int, int]] = set()
    for path in args.publics:
        data = read_json(path)
        terms.add(
            (field(path, data, "election", str), field(path, data, "trustees", int), field(path, data, "quorum", int))
        )
        trustee = field(path, data, "trustee", int)
        if trustee in seen:
            raise UsageError(f"{path}: trustee {trustee} appears twice")
        seen[trustee] = box_key_from_hex(path, data.get("box_key"))
    if len(terms) != 1:
        raise UsageError("the trustees' files disagree on the election, the number of trustees or the quorum")
    ((election, trustees, quorum),) = terms
    if sorted(seen) != list(range(1, trustees + 1)):
        raise UsageError(f"need one file from each of trustees 1 … {trustees}, have {sorted(seen)}")
    write_json(args.output, Roster(election, quorum, tuple(seen[m] for m in sorted(seen))).to_json())
    return 0


def deal(args: argparse.Namespace) -> int:
    me = TrusteeDir(args.directory)
    election, trustee, trustees, quorum = me.public()
    listed = Roster.read(args.roster)
    if (listed.election, listed.quorum, len(listed.box_keys)) != (election, quorum, trustees):
        raise UsageError(f"{args.roster}: not the roster of this trustee's election, quorum and number of trustees")
    own = field(me.file(PUBLIC), read_json(me.file(PUBLIC)), "box_key", str)
    if listed.box_keys[trustee - 1].hex() != own:
        raise UsageError(f"{args.roster}: lists another box key for trustee {trustee}")
    secret, public = ceremony.deal(election, trustee, quorum)
    write_secret(
        me.file(OWN_SHARE),
        {"election": election, "trustee": trustee, "share": group.scalar_hex(ceremony.share_for(secret, trustee))},
    )
    write_json(me.file(ROSTER), listed.to_json())
    sealed = {
        m: SealedBox(PublicKey(key)).encrypt(share_payload(election, trustee, m, ceremony.share_for(secret, m)))
        for m, key in enumerate(listed.box_keys, start=1)
        if m != trustee
    }
    write_json(args.output, DealingFile(election, public, sealed).to_json())
    print(f"publish {args.output}: it holds the commitments and a share sealed to each other trustee", file=sys.stderr)
    return 0


def receive(args: argparse.Namespace) -> int:
    me = TrusteeDir(args.directory)
    election, trustee, trustees, quorum = me.public()
    if not me.file(ROSTER).exists():
        raise UsageError(f"{me.file(ROSTER)}: missing; run `hustings trustee deal` first")
    dealings = _read_dealings(args.dealings, election, trustees)
    box = SealedBox(PrivateKey(_box_secret(me)))
    own = me.secret_scalar(OWN_SHARE, "share")
    shares: list[int] = []
    complaints: list[str] = []
    for path, dealing in dealings:
        if dealing.public.trustee == trustee:
            if not ceremony.check_share(dealing.public, trustee, own):
                raise UsageError(f"{path}: not this trustee's own dealing (it does not match {me.file(OWN_SHARE)})")
            shares.append(own)
            continue
        share, problem = _open_share(box, dealing, election, trustee, quorum)
        if problem:
            complaints.append(f"COMPLAINT dealer {dealing.public.trustee} ({path}): {problem}")
        else:
            shares.append(share)
    if complaints:
        summary = f"no key share stored: {len(complaints)} dealer(s) failed; the ceremony must be run again"
        return fail(complaints, summary)
    publics = [d.public for _, d in dealings]
    x = ceremony.key_share(shares)
    write_secret(me.file(KEY_SHARE), {"election": election, "trustee": trustee, "key_share": group.scalar_hex(x)})
    record = ceremony_record(election, quorum, publics)
    write_json(me.file(CEREMONY), record)
    if args.output is not None:
        write_json(args.output, record)
    print(record["public_key"])
    print("the election's public key; compare it (and ceremony.json) with the other trustees'", file=sys.stderr)
    return 0


def _box_secret(me: TrusteeDir) -> bytes:
    path = me.file(BOX_KEY)
    return box_key_from_hex(path, field(path, read_json(path), "box_secret", str))


def _read_dealings(paths: list[Path], election: str, trustees: int) -> list[tuple[Path, DealingFile]]:
    """One dealing from each of trustees 1 … n, of this election, in order of dealer."""
    found: dict[int, tuple[Path, DealingFile]] = {}
    for path in paths:
        dealing = DealingFile.read(path)
        if dealing.election != election:
            raise UsageError(f"{path}: a dealing of election {dealing.election!r}, not {election!r}")
        dealer = dealing.public.trustee
        if dealer in found:
            raise UsageError(f"{path}: a second dealing from trustee {dealer} (first: {found[dealer][0]})")
        found[dealer] = (path, dealing)
    if sorted(found) != list(range(1, trustees + 1)):
        raise UsageError(f"need one dealing from each of trustees 1 … {trustees}, have {sorted(found)}")
    return [found[m] for m in sorted(found)]


def _open_share(
    box: SealedBox[PrivateKey], dealing: DealingFile, election: str, trustee: int, quorum: int
) -> tuple[int, str]:
    """The share dealt to this trustee, or a complaint against its dealer."""
    dealer = dealing.public.trustee
    if not ceremony.verify_dealing(election, dealing.public, quorum):
        return 0, f"its commitments (not {quorum} of them, or one is the identity) or its proof of a₀ are invalid"
    sealed = dealing.sealed.get(trustee)
    if sealed is None:
        return 0, f"it has no share sealed to trustee {trustee}"
    try:
        data = json.loads(box.decrypt(sealed))
        share = group.scalar_from_hex(data["share"])
    except (CryptoError, ValueError, KeyError, TypeError):
        return 0, "its sealed share cannot be opened with this trustee's box key"
    if data != {"election": election, "dealer": dealer, "recipient": trustee, "share": data["share"]}:
        return 0, "its sealed share names another election, dealer or recipient"
    if not ceremony.check_share(dealing.public, trustee, share):
        return 0, "its share for this trustee does not match its commitments"
    return share, ""


def _derived(publics: list[PublicDealing]) -> tuple[bytes, list[bytes]]:
    """The joint key and every trustee's verification key, from the commitments."""
    keys = [ceremony.verification_key(publics, m) for m in range(1, len(publics) + 1)]
    return ceremony.joint_key(publics), keys


def ceremony_record(election: str, quorum: int, publics: list[PublicDealing]) -> dict[str, object]:
    """CEREMONY.json: the public dealings and what anyone computes from them."""
    public_key, keys = _derived(publics)
    return {
        "election": election,
        "quorum": quorum,
        "trustees": len(publics),
        "public_key": public_key.hex(),
        "verification_keys": [k.hex() for k in keys],
        "dealings": [p.to_json() for p in publics],
    }


def read_ceremony(path: Path) -> tuple[str, int, list[PublicDealing], list[bytes]]:
    """(election, quorum, dealings, verification keys) of CEREMONY.json, every dealing verified and
    the keys recomputed from them; `UsageError` if anything disagrees."""
    data = read_json(path)
    election, quorum = field(path, data, "election", str), field(path, data, "quorum", int)
    publics = [parse(path, "dealings", PublicDealing.from_json, d) for d in field(path, data, "dealings", list)]
    if [p.trustee for p in publics] != list(range(1, len(publics) + 1)):
        raise UsageError(f"{path}: the dealings must be those of trustees 1 … n in order")
    bad = [p.trustee for p in publics if not ceremony.verify_dealing(election, p, quorum)]
    if bad:
        raise UsageError(f"{path}: the dealings of trustee(s) {bad} do not verify")
    public_key, keys = _derived(publics)
    stated = (data.get("trustees"), data.get("public_key"), data.get("verification_keys"))
    if stated != (len(publics), public_key.hex(), [k.hex() for k in keys]):
        raise UsageError(f"{path}: the public key or verification keys do not follow from the dealings")
    return election, quorum, publics, keys
