"""Credentials: one secret per eligible roll entry, shown once; the roll keeps only its keyed hash.

A credential is 20 characters of Crockford's base 32 (100 random bits) in groups of four, easy to
type from a letter. `credential_hash` is HMAC-SHA256 under the ballot's own key of the credential
with case, spaces and dashes removed, so "k7qf 3mzp..." typed by hand is the same credential.
Delivery: `printed_codes_csv` for a returning officer's postal-style mailing, `email_credentials`
through Django's mail (the console backend in the demo).
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import secrets

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import connection, transaction
from django.utils.translation import gettext

from hustings.services import audit
from hustings.services.access import User
from hustings.services.ballots import board, officers
from hustings.services.ballots.errors import BallotError
from hustings.store.ballots.models import Ballot, RollEntry, Status

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
_READ_AS = {"I": "1", "L": "1", "O": "0"}


def new_credential() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(20))
    return "-".join(raw[i : i + 4] for i in range(0, 20, 4))


def normalise(credential: str) -> str:
    """The credential's characters only, upper case, with look-alike letters read as digits."""
    return "".join(_READ_AS.get(ch, ch) for ch in credential.upper() if ch.isalnum())


def credential_hash(key: str, credential: str) -> str:
    return hmac.new(key.encode(), normalise(credential).encode(), hashlib.sha256).hexdigest()


def issue_credentials(actor: User, ballot: Ballot) -> dict[str, str]:
    """Give every eligible roll entry that has not voted a new credential (replacing any earlier
    one, which stops working) and return them, person reference -> credential, to be delivered and
    forgotten. Requires `ballots.run`."""
    officers.require_for(actor, ballot)
    with transaction.atomic():
        if Ballot.objects.select_for_update().get(pk=ballot.pk).status != Status.OPEN:
            raise BallotError(gettext("credentials can be issued only while the ballot is open"))
        entries = RollEntry.objects.filter(ballot=ballot, eligible=True, voted=False).values_list("pk", "person__ref")
        issued: dict[str, str] = {}
        rows = []
        for pk, ref in entries:
            credential = issued[ref] = new_credential()
            rows.append((credential_hash(ballot.credential_key, credential), pk))
        with connection.cursor() as cursor:  # one prepared statement for all (psycopg pipelines it)
            cursor.executemany("UPDATE ballots_rollentry SET credential_hash = %s WHERE id = %s", rows)
        board.append(ballot, "credentials issued", {"count": len(issued)})
        audit.record(actor, "ballot.issue_credentials", ballot, None, {"count": len(issued)})
    return issued


def printed_codes_csv(ballot: Ballot, credentials: dict[str, str]) -> str:
    """The returning officer's sheet for a postal-style mailing: `ref,name,code`, one voter a line."""
    names = dict(
        RollEntry.objects.filter(ballot=ballot, person__ref__in=list(credentials)).values_list(
            "person__ref", "person__name"
        )
    )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["ref", "name", "code"])
    for ref in sorted(credentials):
        writer.writerow([ref, names.get(ref, ""), credentials[ref]])
    return out.getvalue()


def email_credentials(actor: User, ballot: Ballot, credentials: dict[str, str], vote_url: str = "") -> int:
    """Send each voter with an e-mail address their credential and a link to the vote page that
    carries it in the fragment (`#code=...`): a browser never sends a fragment to the server, so
    the code reaches no access log; the page's script fills the field from it. Returns the number
    of messages sent. Requires `ballots.run`. `vote_url` is the vote page's absolute address, which
    the web layer builds (services know no URLs); without one the message carries the code alone."""
    officers.require_for(actor, ballot)
    people = RollEntry.objects.filter(ballot=ballot, person__ref__in=list(credentials)).exclude(person__email="")
    messages = []
    for ref, name, email in people.values_list("person__ref", "person__name", "person__email"):
        code = credentials[ref]
        body = (
            f"Dear {name},\n\nYou may vote in: {ballot.title}.\n\n"
            f"Your voting code: {code}\n\n"
            + (f"Vote at {vote_url}#code={code}\n\n" if vote_url else "")
            + "Keep this code private: anyone who has it can cast your vote. It works once.\n"
        )
        messages.append(EmailMessage(f"Your vote: {ballot.title}", body, settings.DEFAULT_FROM_EMAIL, [email]))
    with get_connection() as connection:
        sent = connection.send_messages(messages) if messages else 0
    with transaction.atomic():
        audit.record(actor, "ballot.email_credentials", ballot, None, {"sent": sent})
    return int(sent or 0)
