"""Casting and auditing encrypted ballots, and closing an end-to-end ballot's box.

Casting keeps the rules of `casting` (docs/ballots.md, "Secrecy"): the voting code's keyed hash
marks the roll by one conditional UPDATE (`... AND NOT voted`), and the ballot goes to a box with
no voter, no time and a random key, in the same transaction. What differs is the ballot: the
voter's browser encrypted it, so the server checks its proofs (`ballots.verify_ballot`, before the
transaction, since it is the slow part) and that none of its ciphertexts' first components was
cast or audited before (`Fingerprint`, unique: Cortier and Smyth, "Attacking and fixing Helios",
CSF 2011, section 5). The tracking code is cut from the ballot's digest, so the voter can recompute
it and find it on the board. The same ballot sent again with the same voting code (a retry after a
lost answer) gets its receipt again: both facts (the code has voted, the ballot is in the box) are
checked apart, so the answer links nothing.

An audited ballot (Benaloh, "Simple verifiable elections", EVT 2006) is checked (`check_audit`)
and published as spoiled; its fingerprints are reserved so it can never be cast. No voting code is
asked for: an audit casts nothing, and a code beside a revealed choice would tell the server how
that voter means to vote.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext

from hustings.board.chain import ballots_digest
from hustings.e2e import ballots
from hustings.e2e.group import GroupError
from hustings.services import audit
from hustings.services.access import User
from hustings.services.ballots import board, counting, officers
from hustings.services.ballots.casting import Receipt, accepting_votes
from hustings.services.ballots.credentials import credential_hash
from hustings.services.ballots.e2e import tally
from hustings.services.ballots.e2e.setup import election_row, public_key_of, spec_of
from hustings.services.ballots.errors import AlreadyVoted, BallotError, InvalidCredential, InvalidPreferences, NotOpen
from hustings.store.ballots.models import (
    Ballot,
    E2EElection,
    EncryptedBoxEntry,
    Fingerprint,
    RollEntry,
    SpoiledBallot,
    Status,
)


class ReusedBallot(BallotError):
    """A ballot that repeats a ciphertext of one already cast or audited: the device must encrypt afresh."""


@dataclass(frozen=True)
class Audited:
    """A spoiled ballot as the server checked it: its tracking code and the choice it opens to."""

    tracking_code: str
    choice: list[str]


def _contest(ballot_id: int) -> tuple[Ballot, E2EElection, ballots.BallotSpec, bytes]:
    ballot = Ballot.objects.filter(pk=ballot_id, e2e=True).first()
    if ballot is None:
        raise NotOpen(gettext("there is no such end-to-end verifiable ballot"))
    row = election_row(ballot)
    if not accepting_votes(ballot):
        raise NotOpen(gettext("this ballot is not open: no ballot can be cast or audited now"))
    return ballot, row, spec_of(row), public_key_of(row)


def _parse(spec: ballots.BallotSpec, data: object) -> ballots.EncryptedBallot:
    try:
        return ballots.EncryptedBallot.from_json(data, spec)
    except GroupError as exc:
        raise InvalidPreferences(
            gettext("this is not an encrypted ballot of this election: {exc}").format(exc=exc)
        ) from None


def cast(ballot_id: int, credential: str, encrypted: object) -> Receipt:
    """Cast the encrypted ballot (`EncryptedBallot.to_json()`) with `credential`.

    Raises `InvalidPreferences` (malformed, or its proofs fail), `ReusedBallot`, `InvalidCredential`,
    `AlreadyVoted` or `NotOpen`, each with a message for the voter."""
    ballot, _, spec, public_key = _contest(ballot_id)
    parsed = _parse(spec, encrypted)
    if not ballots.verify_ballot(spec, public_key, parsed):
        raise InvalidPreferences(
            gettext("the ballot's proofs do not hold: it was not encrypted properly for this election")
        )
    digest = ballots.ballot_digest(spec, parsed)
    code = ballots.tracking_code(digest)
    hashed = credential_hash(ballot.credential_key, credential)
    with transaction.atomic():
        _lock_open(ballot_id)
        marked = RollEntry.objects.filter(
            ballot_id=ballot_id, credential_hash=hashed, eligible=True, voted=False
        ).update(voted=True)
        if marked != 1:
            return _not_marked(ballot_id, hashed, digest, code)
        try:
            with transaction.atomic():
                _reserve(ballot_id, parsed)
                EncryptedBoxEntry.objects.create(
                    ballot_id=ballot_id, content=parsed.to_json(), digest=digest, tracking_code=code
                )
        except IntegrityError:
            raise ReusedBallot(
                gettext(
                    "this ballot repeats an encrypted part of one already cast or audited; encrypt your choice afresh"
                )
            ) from None
    return Receipt(ballot_id, code)


def _lock_open(ballot_id: int) -> None:
    """Read the ballot's row FOR SHARE (PostgreSQL), so a close waits for this cast; still open?"""
    if connection.vendor == "postgresql":
        sql = "SELECT id, status, closes FROM ballots_ballot WHERE id = %s FOR SHARE"
        row = next(iter(Ballot.objects.raw(sql, [ballot_id])), None)
    else:
        row = Ballot.objects.filter(pk=ballot_id).only("status", "closes").first()
    if row is None or not accepting_votes(row):
        raise NotOpen(gettext("this ballot is closed: no more votes can be cast"))


def _reserve(ballot_id: int, parsed: ballots.EncryptedBallot) -> None:
    Fingerprint.objects.bulk_create(
        Fingerprint(ballot_id=ballot_id, value=value) for value in ballots.ballot_fingerprints(parsed)
    )


def _not_marked(ballot_id: int, hashed: str, digest: str, code: str) -> Receipt:
    """Why the roll was not marked: an unknown code, or one that has voted (this very ballot: its receipt)."""
    entry = (
        RollEntry.objects.filter(ballot_id=ballot_id, credential_hash=hashed).values_list("eligible", "voted").first()
    )
    if entry is None or not entry[0]:
        raise InvalidCredential(gettext("this voting code is not valid for this ballot; check it and try again"))
    if EncryptedBoxEntry.objects.filter(ballot_id=ballot_id, digest=digest).exists():
        return Receipt(ballot_id, code, repeated=True)
    raise AlreadyVoted(
        gettext("this voting code has already been used: the ballot cast with it stands and cannot be changed")
    )


def audit_ballot(ballot_id: int, audited: object) -> Audited:
    """Publish a ballot the voter audited (`{"ballot", "randomness", "plaintext"}`) as spoiled,
    once its randomness is found to open it to its plaintext; its ciphertexts can never be cast."""
    ballot, _, spec, public_key = _contest(ballot_id)
    try:
        values = ballots.check_audit(spec, public_key, audited)
    except GroupError as exc:
        raise InvalidPreferences(
            gettext("this is not an audited ballot of this election: {exc}").format(exc=exc)
        ) from None
    if values is None:
        raise InvalidPreferences(gettext("the revealed randomness does not open this ballot to the choice it states"))
    assert isinstance(audited, dict)  # check_audit accepted it
    parsed = ballots.EncryptedBallot.from_json(audited["ballot"], spec)
    digest = ballots.ballot_digest(spec, parsed)
    code = ballots.tracking_code(digest)
    try:
        with transaction.atomic():
            _lock_open(ballot_id)
            _reserve(ballot_id, parsed)
            SpoiledBallot.objects.create(ballot_id=ballot_id, audited=audited, digest=digest, tracking_code=code)
    except IntegrityError:
        raise ReusedBallot(gettext("this ballot was already cast or audited")) from None
    return Audited(code, choice_of(spec, list(ballot.candidates), values))


def choice_of(spec: ballots.BallotSpec, candidates: list[str], values: list[int]) -> list[str]:
    """The candidates a plaintext stands for: the marked ones, or the ranking in order."""
    if spec.kind == "marks":
        return [name for name, v in zip(candidates, values, strict=True) if v]
    ranking = ballots.decode_ranking(spec, values) or ()
    return [candidates[c - 1] for c in ranking]


def close(actor: User, ballot: Ballot) -> Ballot:
    """Close an end-to-end ballot's box: no more casts or audits. The chain's `closed` entry commits
    to the set of ballot digests. Box, fingerprints, spoiled ballots and roll are written again in
    the closing transaction (as `counting.close_ballot` does, for the same reason) and vacuumed.
    A ranked ballot whose box is empty is counted at once (`tally.count_if_nothing_cast`)."""
    officers.require_for(actor, ballot)
    with transaction.atomic():
        row = Ballot.objects.select_for_update().get(pk=ballot.pk)
        if row.status != Status.OPEN:
            raise BallotError(
                gettext("cannot close a ballot that is {status}; it must be open").format(status=row.status)
            )
        digests = list(EncryptedBoxEntry.objects.filter(ballot=row).values_list("digest", flat=True))
        closed: dict[str, Any] = {
            "ballots": len(digests),
            "ballots_digest": ballots_digest(digests),
            "audited": SpoiledBallot.objects.filter(ballot=row).count(),
            "voted_on_roll": RollEntry.objects.filter(ballot=row, voted=True).count(),
            "roll_size": row.roll_size,
        }
        row.status = Status.CLOSED
        row.save(update_fields=["status"])
        counting._rewrite_rows(row, (EncryptedBoxEntry, Fingerprint, SpoiledBallot, RollEntry))
        board.append(row, "closed", closed)
        audit.record(actor, "ballot.close", row, {"status": Status.OPEN}, {"status": Status.CLOSED, **closed})
        if not digests:
            tally.count_if_nothing_cast(actor, row)
    ballot.status = row.status
    counting._vacuum("ballots_encryptedboxentry, ballots_fingerprint, ballots_spoiledballot, ballots_rollentry")
    return row
