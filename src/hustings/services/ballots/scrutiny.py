"""Scrutineers: registered with their public keys when a ballot opens, and their signatures of
the board's head at the opening and the close (docs/ballots.md, `hustings.board.signatures`).

The server never sees a private key. A signature is self-authenticating: it is stored only if it
verifies against the key the `opened` entry registered and the head of that stage's entry, so
anyone may upload one (a scrutineer needs no account), and nothing else can be stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from hustings.board import signatures
from hustings.services.ballots.errors import BallotError
from hustings.store.ballots.models import Ballot, BoardEntry, Scrutineer, ScrutineerSignature


class SignatureRefused(BallotError):
    """A signature record that is malformed, of no scrutineer of the ballot, or does not verify."""


def checked(scrutineers: Iterable[tuple[str, str]] | None) -> list[dict[str, str]]:
    """The scrutineers to register, as the `opened` entry lists them; `BallotError` if a name is
    empty or repeated or a key is not an Ed25519 public key (base64) or repeated."""
    out: list[dict[str, str]] = []
    for name, key in scrutineers or ():
        name, key = " ".join(str(name).split()), str(key).strip()
        if not name or len(name) > 100:
            raise BallotError(gettext("a scrutineer needs a name of at most 100 characters"))
        try:
            signatures.public_key(key)
        except signatures.SignatureError as exc:
            raise BallotError(gettext("scrutineer {name}: {exc}").format(name=name, exc=exc)) from None
        if any(s["name"] == name for s in out):
            raise BallotError(gettext("scrutineer {name} is named twice").format(name=name))
        if any(s["public_key"] == key for s in out):
            raise BallotError(gettext("scrutineer {name} has the same key as another scrutineer").format(name=name))
        out.append({"name": name, "public_key": key})
    return out


def register(ballot: Ballot, scrutineers: list[dict[str, str]]) -> None:
    """Store the scrutineers of a ballot being opened (inside `open_ballot`'s transaction)."""
    Scrutineer.objects.bulk_create(
        Scrutineer(ballot=ballot, position=i, name=s["name"], public_key=s["public_key"])
        for i, s in enumerate(scrutineers)
    )


def record_signature(ballot_id: int, record: Mapping[str, Any]) -> ScrutineerSignature:
    """Store a scrutineer's signature record (as `hustings scrutineer sign` prints it) once it
    verifies against the scrutineer's registered key and the head of the stage's entry. The same
    signature sent again is accepted once; anything else is refused with `SignatureRefused`."""
    if not isinstance(record, Mapping):
        raise SignatureRefused(gettext("a signature record is a JSON object"))
    key, stage, signature = record.get("public_key"), record.get("stage"), record.get("signature")
    if stage not in signatures.STAGES:
        raise SignatureRefused(gettext("the stage must be one of {STAGES}").format(STAGES=", ".join(signatures.STAGES)))
    ballot = Ballot.objects.select_related("organisation").filter(pk=ballot_id).first()
    if ballot is None:
        raise SignatureRefused(gettext("no ballot {ballot_id}").format(ballot_id=ballot_id))
    scrutineer = Scrutineer.objects.filter(ballot=ballot, public_key=str(key).strip()).first()
    if scrutineer is None:
        raise SignatureRefused(gettext("this key is not a scrutineer of this ballot"))
    entry = BoardEntry.objects.filter(ballot=ballot, kind=stage).order_by("seq").first()
    if entry is None:
        raise SignatureRefused(gettext("the ballot has no {stage!r} entry yet").format(stage=stage))
    if record.get("seq", entry.seq) != entry.seq or record.get("head", entry.digest) != entry.digest:
        raise SignatureRefused(
            gettext("the record signs another {stage} head than this ballot's (entry {seq})").format(
                stage=stage, seq=entry.seq
            )
        )
    ballot_name = signatures.identity(ballot.organisation.slug, ballot.pk)
    if not signatures.valid(scrutineer.public_key, ballot_name, stage, entry.seq, entry.digest, signature):
        raise SignatureRefused(
            gettext("the signature does not verify against {name}'s key and the {stage} head").format(
                name=scrutineer.name, stage=stage
            )
        )
    try:
        with transaction.atomic():
            stored, _ = ScrutineerSignature.objects.get_or_create(
                scrutineer=scrutineer,
                stage=stage,
                defaults={"seq": entry.seq, "head": entry.digest, "signature": str(signature).strip()},
            )
    except IntegrityError:  # the same record sent twice at once
        stored = ScrutineerSignature.objects.get(scrutineer=scrutineer, stage=stage)
    return stored


def board_scrutineers(ballot: Ballot) -> list[dict[str, Any]]:
    """The scrutineers as the board lists them: name, key, and their signatures."""
    rows = Scrutineer.objects.filter(ballot=ballot).prefetch_related("signatures").order_by("position")
    return [
        {
            "name": s.name,
            "public_key": s.public_key,
            "signatures": [
                {"stage": g.stage, "seq": g.seq, "head": g.head, "signature": g.signature}
                for g in sorted(s.signatures.all(), key=lambda g: g.seq)
            ],
        }
        for s in rows
    ]


def signers(ballot: Ballot) -> list[dict[str, Any]]:
    """Each scrutineer with the key's fingerprint and the stages signed (for the ballot's pages)."""
    return [
        {**s, "fingerprint": signatures.fingerprint(s["public_key"]), "signed": [g["stage"] for g in s["signatures"]]}
        for s in board_scrutineers(ballot)
    ]
