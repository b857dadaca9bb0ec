"""The key ceremony of an end-to-end ballot, one trustee's step at a time, through the files of
`hustings trustee` (docs/e2e.md, "Trustees' files"; Pedersen, EUROCRYPT '91, with Feldman's
verifiable shares):

1. each trustee registers their X25519 box key (`trustee.json` from `hustings trustee keygen`) and
   their Ed25519 signing key (from `hustings scrutineer keygen`);
2. once all have, each downloads the roster and uploads their dealing (`hustings trustee deal`):
   the public dealing is checked (`ceremony.verify_dealing`) and the shares sealed to the others
   are kept as they came, readable only by their recipients;
3. once all have dealt, each downloads the dealings, checks every share sealed to them against its
   dealer's commitments (`hustings trustee receive`) and uploads the ceremony record it wrote: its
   joint key must be the product of the dealers' first commitments;
4. when every trustee has confirmed, the joint key is published and voting opens.

Each step runs in one transaction with the ballot's row locked, so the ceremony's state moves one
upload at a time.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from hustings.board import signatures
from hustings.e2e import ceremony
from hustings.e2e.group import GroupError
from hustings.services import audit
from hustings.services.access import User
from hustings.services.ballots import board
from hustings.services.ballots.e2e.setup import election_row, trustee_of, trustees
from hustings.services.ballots.errors import BallotError
from hustings.store.ballots.models import Ballot, Dealing, E2EElection, Status, Trustee


class CeremonyRefused(BallotError):
    """An upload the key ceremony cannot take: out of turn, of another election or trustee, or failing its checks."""


def _locked(ballot: Ballot) -> tuple[Ballot, E2EElection]:
    row = Ballot.objects.select_for_update().select_related("organisation").get(pk=ballot.pk)
    if row.status != Status.CEREMONY:
        raise CeremonyRefused(gettext("the key ceremony is over"))
    return row, election_row(row)


def _field(document: object, name: str) -> Any:
    if not isinstance(document, Mapping) or name not in document:
        raise CeremonyRefused(
            gettext("the file has no {name!r}: upload the file hustings trustee wrote").format(name=name)
        )
    return document[name]


def election_document(ballot: Ballot) -> dict[str, Any]:
    """ELECTION.json for `hustings trustee keygen`: the election id, n and k (and, for the
    trustee's own reading, the title, method and candidates)."""
    row = election_row(ballot)
    return {
        "election": row.identity,
        "trustees": len(trustees(ballot)),
        "quorum": row.quorum,
        "title": ballot.title,
        "method": ballot.method,
        "candidates": list(ballot.candidates),
        "ballot": row.spec,
    }


def register_keys(actor: User, ballot: Ballot, public: object, signing_key: str) -> Trustee:
    """Trustee's step 1: their `trustee.json` (box key) and Ed25519 signing key (base64). Allowed
    again, to replace a key, until anyone has dealt."""
    with transaction.atomic():
        row, election = _locked(ballot)
        trustee = trustee_of(actor, row)
        if Dealing.objects.filter(trustee__ballot=row).exists():
            raise CeremonyRefused(gettext("the trustees have started dealing: the keys can no longer change"))
        expected = {"election": election.identity, "trustee": trustee.position, "quorum": election.quorum}
        expected["trustees"] = len(trustees(row))
        for name, value in expected.items():
            if _field(public, name) != value:
                raise CeremonyRefused(
                    gettext("this trustee.json is for {name} {found!r}, not {value!r}").format(
                        name=name, found=_field(public, name), value=value
                    )
                )
        box_key = _field(public, "box_key")
        if not isinstance(box_key, str) or len(box_key) != 64 or not _is_hex(box_key):
            raise CeremonyRefused(gettext("the box key must be 64 hex digits"))
        try:
            signatures.public_key(signing_key.strip())
        except signatures.SignatureError as exc:
            raise CeremonyRefused(gettext("the signing key: {exc}").format(exc=exc)) from None
        others = Trustee.objects.filter(ballot=row).exclude(pk=trustee.pk)
        if others.filter(signing_key=signing_key.strip()).exists() or others.filter(box_key=box_key.lower()).exists():
            raise CeremonyRefused(gettext("another trustee registered the same key: each trustee makes their own"))
        trustee.box_key, trustee.signing_key = box_key.lower(), signing_key.strip()
        trustee.save(update_fields=["box_key", "signing_key"])
        audit.record(actor, "ballot.trustee_keys", row, None, {"trustee": trustee.position, "signing_key": signing_key})
    return trustee


def _is_hex(text: str) -> bool:
    try:
        bytes.fromhex(text)
    except ValueError:
        return False
    return True


def roster_document(ballot: Ballot) -> dict[str, Any]:
    """ROSTER.json for `hustings trustee deal`, once every trustee has registered a box key."""
    row = election_row(ballot)
    members = trustees(ballot)
    if any(not t.box_key for t in members):
        raise BallotError(gettext("not every trustee has registered their keys yet"))
    entries = [{"trustee": t.position, "box_key": t.box_key} for t in members]
    return {"election": row.identity, "quorum": row.quorum, "trustees": entries}


def upload_dealing(actor: User, ballot: Ballot, document: object) -> Dealing:
    """Trustee's step 2: their DEALING.json. The public dealing must be theirs, of this election,
    with k commitments and a valid proof (`ceremony.verify_dealing`), with a sealed share for every
    other trustee."""
    with transaction.atomic():
        row, election = _locked(ballot)
        trustee = trustee_of(actor, row)
        members = trustees(row)
        if any(not t.box_key for t in members):
            raise CeremonyRefused(
                gettext("wait until every trustee has registered their keys, then deal to the roster")
            )
        if Dealing.objects.filter(trustee=trustee).exists():
            raise CeremonyRefused(gettext("you have dealt already"))
        if _field(document, "election") != election.identity:
            raise CeremonyRefused(gettext("this dealing is for another election"))
        try:
            public = ceremony.PublicDealing.from_json(_field(document, "dealing"))
        except GroupError as exc:
            raise CeremonyRefused(gettext("the dealing is malformed: {exc}").format(exc=exc)) from None
        if public.trustee != trustee.position:
            raise CeremonyRefused(
                gettext("this is trustee {trustee}'s dealing; you are trustee {position}").format(
                    trustee=public.trustee, position=trustee.position
                )
            )
        if not ceremony.verify_dealing(election.identity, public, election.quorum):
            raise CeremonyRefused(gettext("the dealing fails its checks (its commitments or its proof)"))
        sealed = _sealed(_field(document, "sealed_shares"), trustee.position, len(members))
        dealing = Dealing.objects.create(trustee=trustee, public=public.to_json(), sealed=sealed)
        audit.record(actor, "ballot.trustee_dealing", row, None, {"trustee": trustee.position})
    return dealing


def _sealed(raw: object, dealer: int, n: int) -> list[dict[str, Any]]:
    """The sealed shares, one for each other trustee in order; each a hex string of a sealed box."""
    expected = [m for m in range(1, n + 1) if m != dealer]
    if not isinstance(raw, list) or [e.get("recipient") if isinstance(e, dict) else None for e in raw] != expected:
        raise CeremonyRefused(
            gettext("a dealing seals one share to each of trustees {expected}, in order").format(expected=expected)
        )
    out = []
    for entry in raw:
        box = entry.get("box")
        if not isinstance(box, str) or not box or len(box) > 1000 or not _is_hex(box):
            raise CeremonyRefused(
                gettext("the share sealed to trustee {recipient} is not hex").format(recipient=entry["recipient"])
            )
        out.append({"recipient": entry["recipient"], "box": box.lower()})
    return out


def dealing_documents(ballot: Ballot) -> list[dict[str, Any]]:
    """Every DEALING.json so far, in order of dealer, for `hustings trustee receive`."""
    row = election_row(ballot)
    dealt = Dealing.objects.filter(trustee__ballot=ballot).select_related("trustee").order_by("trustee__position")
    return [{"election": row.identity, "dealing": d.public, "sealed_shares": d.sealed} for d in dealt]


def public_dealings(ballot: Ballot) -> list[ceremony.PublicDealing]:
    dealt = (
        Dealing.objects.filter(trustee__ballot=ballot).order_by("trustee__position").values_list("public", flat=True)
    )
    return [ceremony.PublicDealing.from_json(d) for d in dealt]


def confirm(actor: User, ballot: Ballot, record: object) -> Trustee:
    """Trustee's step 3: the ceremony record `hustings trustee receive` wrote once every share
    sealed to them passed Feldman's check. Its joint key must be the dealers' product. When the
    last trustee confirms, the key is published and voting opens."""
    with transaction.atomic():
        row, election = _locked(ballot)
        trustee = trustee_of(actor, row)
        members = trustees(row)
        publics = public_dealings(row)
        if len(publics) != len(members):
            raise CeremonyRefused(gettext("wait until every trustee has dealt"))
        key = ceremony.joint_key(publics).hex()
        if _field(record, "election") != election.identity or _field(record, "public_key") != key:
            raise CeremonyRefused(
                gettext("this record's joint key is not the one the dealings make: check the dealings again")
            )
        Trustee.objects.filter(pk=trustee.pk).update(confirmed=True)
        audit.record(actor, "ballot.trustee_confirmed", row, None, {"trustee": trustee.position, "public_key": key})
        if not Trustee.objects.filter(ballot=row, confirmed=False).exists():
            _open(actor, row, election, key)
    trustee.confirmed = True
    return trustee


def _open(actor: User, ballot: Ballot, election: E2EElection, key: str) -> None:
    election.public_key = key
    election.save(update_fields=["public_key"])
    ballot.status = Status.OPEN
    ballot.save(update_fields=["status"])
    made = {"election": election.identity, "public_key": key, "trustees": len(trustees(ballot))}
    board.append(ballot, "key made", made)
    audit.record(actor, "ballot.e2e_open", ballot, {"status": Status.CEREMONY}, {"status": Status.OPEN, **made})
