"""Casting: one short transaction that marks the roll and drops an unlinked ballot in the box.

1. The ballot row is read `FOR SHARE` (PostgreSQL), so closing the box (`FOR UPDATE`) waits for
   casts in flight and no cast lands after the close.
2. `UPDATE roll SET voted = true WHERE credential_hash = h AND eligible AND NOT voted`: the
   database decides which of two simultaneous casts with one credential wins; the loser's UPDATE
   touches no row.
3. The ballot goes to the box with a random key, a random salt and no link to the voter: only
   the weight class and section of the roll entry that voted (docs/ballots.md, "Weighted voters
   and colleges"), copied by the same statement.
4. With a submission id, a `RetryReceipt` keeps its tracking code under `retry_key`, an HMAC under
   the server's secret key (settings, not the database): the same form sent twice (a retry after
   a lost response) finds its first receipt, but neither the voting code nor the submission id,
   nor both, recompute the key without that secret. Closing the ballot deletes these rows.
Serialization failures and deadlocks are retried; the whole cast either happens or does not.
"""

from __future__ import annotations

import secrets
import time
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext

from hustings.board.chain import ballot_digest, tracking_code
from hustings.services.ballots.credentials import credential_hash
from hustings.services.ballots.errors import AlreadyVoted, InvalidCredential, InvalidPreferences, NotOpen
from hustings.store.ballots.models import Ballot, BoxEntry, RetryReceipt, RollEntry, Status

RETRIES = 5


@dataclass(frozen=True)
class Receipt:
    """What the voter keeps: the tracking code to find on the bulletin board."""

    ballot_id: int
    tracking_code: str
    repeated: bool = False
    """True when this is the receipt of an earlier, identical submission."""


def encode_preferences(candidates: list[str], preferences: list[str]) -> str:
    """Preferences as 1-based candidate numbers, most preferred first ("2 1 3")."""
    number = {name: i for i, name in enumerate(candidates, 1)}
    if not preferences:
        raise InvalidPreferences(gettext("rank at least one candidate"))
    seen: set[str] = set()
    out = []
    for name in preferences:
        if name not in number:
            raise InvalidPreferences(gettext("{name!r} is not a candidate in this ballot").format(name=name))
        if name in seen:
            raise InvalidPreferences(gettext("{name} is ranked more than once").format(name=name))
        seen.add(name)
        out.append(str(number[name]))
    return " ".join(out)


def retry_key(ballot_id: int, hashed: str, submission_id: str) -> str | None:
    """The key of a submission's `RetryReceipt`: HMAC under the server's secret key of the ballot,
    the credential's keyed hash and the submission id (None without a submission id). The secret
    lives in the settings, never in the database, so a copy of the database and the code sheet
    cannot recompute it, whatever submission id a client chose."""
    if not submission_id:
        return None
    return salted_hmac(
        "hustings.ballots.retry", f"{ballot_id}|{hashed}|{submission_id}", algorithm="sha256"
    ).hexdigest()


def cast(ballot_id: int, credential: str, preferences: list[str], submission_id: str) -> Receipt:
    """Cast a ballot with `credential`; idempotent for the same credential and `submission_id`.

    Raises `InvalidCredential`, `AlreadyVoted` (a different submission after voting),
    `InvalidPreferences` or `NotOpen`, each with a message for the voter.
    """
    for attempt in range(RETRIES):
        try:
            return _cast_once(ballot_id, credential, preferences, submission_id)
        except DatabaseError as exc:  # IntegrityError: a tracking code drawn twice (once in 10^9 boxes)
            if attempt == RETRIES - 1 or not (_transient(exc) or isinstance(exc, IntegrityError)):
                raise
            time.sleep(0.005 * (attempt + 1) * (1 + secrets.randbelow(4)))
    raise AssertionError("unreachable")


def _transient(exc: DatabaseError) -> bool:
    """Serialization failure or deadlock (PostgreSQL), database locked (SQLite): safe to retry."""
    code = getattr(exc.__cause__, "sqlstate", None) or getattr(exc.__cause__, "pgcode", None)
    if code in ("40001", "40P01"):
        return True
    return "database is locked" in str(exc)


def _cast_once(ballot_id: int, credential: str, preferences: list[str], submission_id: str) -> Receipt:
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        return _cast_in_one_statement(ballot_id, credential, preferences, submission_id)
    with transaction.atomic():
        ballot = ballot_for_casting(ballot_id)
        if not accepting_votes(ballot):
            raise NotOpen(gettext("this ballot is closed: no more votes can be cast"))
        encoded = encode_preferences(list(ballot.candidates), preferences)
        hashed = credential_hash(ballot.credential_key, credential)
        token = retry_key(ballot_id, hashed, submission_id)
        entry = RollEntry.objects.filter(ballot_id=ballot_id, credential_hash=hashed)
        marked = entry.filter(eligible=True, voted=False).update(voted=True)
        if marked != 1:
            return _earlier(ballot_id, hashed, token)
        weight, section = entry.values_list("weight", "section").get()
        code = drop_in_box(ballot_id, encoded, weight, section)
        if token is not None:
            RetryReceipt.objects.create(key=token, ballot_id=ballot_id, tracking_code=code)
        return Receipt(ballot_id, code)


def accepting_votes(ballot: Ballot) -> bool:
    """Whether the ballot takes votes now: open, and its closing time (if any) not yet reached."""
    return ballot.status == Status.OPEN and (ballot.closes is None or timezone.now() < ballot.closes)


def drop_in_box(ballot_id: int, encoded: str, weight: Decimal, section: str) -> str:
    """Put one ballot in the box with the weight class and section of the entry that cast it (no
    voter); its tracking code. Call it in the transaction that marked the roll."""
    salt = secrets.token_hex(16)
    digest = ballot_digest(ballot_id, salt, encoded)
    code = tracking_code(digest)
    BoxEntry.objects.create(
        ballot_id=ballot_id,
        preferences=encoded,
        salt=salt,
        digest=digest,
        tracking_code=code,
        weight=weight,
        section=section,
    )
    return code


_CONTESTS: dict[int, tuple[list[str], str]] = {}
"""Candidates and credential key by ballot: both are fixed when the ballot opens."""

_ONE_STATEMENT = """
WITH open_ballot AS (
    SELECT id FROM ballots_ballot
    WHERE id = %(ballot)s AND status = 'open' AND (closes IS NULL OR closes > now())
    FOR SHARE
), marked AS (
    UPDATE ballots_rollentry SET voted = true
    WHERE ballot_id = (SELECT id FROM open_ballot) AND credential_hash = %(hash)s AND eligible AND NOT voted
    RETURNING weight, section
), boxed AS (
    INSERT INTO ballots_boxentry (id, ballot_id, preferences, salt, digest, tracking_code, paper, weight, section)
    SELECT %(id)s, %(ballot)s, %(preferences)s, %(salt)s, %(digest)s, %(code)s, false, weight, section
    FROM marked
    RETURNING tracking_code
), kept AS (
    INSERT INTO ballots_retryreceipt (key, ballot_id, tracking_code)
    SELECT CAST(%(token)s AS varchar), %(ballot)s, tracking_code FROM boxed
    WHERE CAST(%(token)s AS varchar) IS NOT NULL
)
SELECT tracking_code FROM boxed
"""


def _cast_in_one_statement(ballot_id: int, credential: str, preferences: list[str], submission_id: str) -> Receipt:
    """PostgreSQL: the same transaction as `_cast_once`, sent as one statement (one round trip,
    committed on its own). The ballot row is read FOR SHARE, the roll marked by the conditional
    UPDATE, and the box row (and retry receipt) inserted only if the UPDATE marked a row: all or
    nothing."""
    contest = _CONTESTS.get(ballot_id)
    if contest is None:
        row = Ballot.objects.filter(pk=ballot_id).values_list("candidates", "credential_key").first()
        if row is None:
            raise NotOpen(gettext("there is no such ballot"))
        contest = _CONTESTS[ballot_id] = (list(row[0]), row[1])
    candidates, key = contest
    encoded = encode_preferences(candidates, preferences)
    hashed = credential_hash(key, credential)
    salt = secrets.token_hex(16)
    digest = ballot_digest(ballot_id, salt, encoded)
    code = tracking_code(digest)
    values: dict[str, str | int | uuid.UUID | None] = {
        "ballot": ballot_id,
        "hash": hashed,
        "id": uuid.uuid4(),
        "preferences": encoded,
        "salt": salt,
        "digest": digest,
        "code": code,
        "token": retry_key(ballot_id, hashed, submission_id),
    }
    with connection.cursor() as cursor:
        cursor.execute(_ONE_STATEMENT, values)
        stored = cursor.fetchone()
    if stored is not None:
        return Receipt(ballot_id, stored[0])
    with transaction.atomic():
        ballot = Ballot.objects.only("status", "closes").get(pk=ballot_id)
        if not accepting_votes(ballot):
            raise NotOpen(gettext("this ballot is closed: no more votes can be cast"))
        return _earlier(ballot_id, hashed, values["token"])  # type: ignore[arg-type]


def ballot_for_casting(ballot_id: int) -> Ballot:
    query = Ballot.objects.only("status", "closes", "candidates", "credential_key")
    if connection.vendor == "postgresql":
        # FOR SHARE: casts do not wait for each other, but a close (FOR UPDATE) waits for them.
        rows = list(
            Ballot.objects.raw(
                "SELECT id, status, closes, candidates, credential_key FROM ballots_ballot WHERE id = %s FOR SHARE",
                [ballot_id],
            )
        )
        if not rows:
            raise NotOpen(gettext("there is no such ballot"))
        return rows[0]
    try:
        return query.get(pk=ballot_id)
    except Ballot.DoesNotExist:
        raise NotOpen(gettext("there is no such ballot")) from None


def _earlier(ballot_id: int, hashed: str, token: str | None) -> Receipt:
    """Why the roll was not marked: an unknown credential, or one that voted (same submission: its receipt)."""
    entry = (
        RollEntry.objects.filter(ballot_id=ballot_id, credential_hash=hashed).values_list("eligible", "voted").first()
    )
    if entry is None or not entry[0]:
        raise InvalidCredential(gettext("this voting code is not valid for this ballot; check it and try again"))
    if token is not None:
        code = RetryReceipt.objects.filter(key=token).values_list("tracking_code", flat=True).first()
        if code is not None:
            return Receipt(ballot_id, code, repeated=True)
    raise AlreadyVoted(
        gettext("this voting code has already been used: the ballot cast with it stands and cannot be changed")
    )
