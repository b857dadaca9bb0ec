"""Voting codes and reminders by e-mail, sent by a background job (`hustings worker`), never in
the officer's request, with what became of each voter's message recorded (`CodeDelivery`).

- `queue_code_mail` queues the job `ballot.codes`. For each eligible voter who has not voted, in
  turn: a new code's hash replaces the old one and the delivery is marked `sending` (one
  transaction), the message goes to the mail server, and the delivery becomes `sent`, or `refused`
  with the server's words; a voter without an address is `no address` and keeps their old code.
  A voter's old code dies only when their new one is on its way, so a mail server that fails in
  the middle leaves the voters not yet reached with the codes they had. A job resumed after its
  worker died skips voters already `sent` and sends the rest, a fresh code to any left `sending`.
- `not_reached` names the voters the last code mail did not reach (refused, no address, never
  tried), and `reissue_not_reached` gives exactly them new codes for the returning officer's
  printed sheet (`credentials.printed_codes_csv`).
- `queue_reminders` queues `ballot.reminders`: a reminder, without a code, to every eligible voter
  with an address who has not voted. Officers see only how many were sent (`reminder_counts`): a
  list of those reminded would be a list of who has not voted.
"""

from __future__ import annotations

import smtplib
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import connection, transaction
from django.utils.translation import gettext

from hustings.services import audit, jobs
from hustings.services.access import User, account
from hustings.services.ballots import board, officers
from hustings.services.ballots.credentials import credential_hash, new_credential
from hustings.services.ballots.errors import BallotError
from hustings.services.mail_language import written_for_members
from hustings.store.ballots.models import Ballot, RollEntry, Status
from hustings.store.mail.models import CodeDelivery

REFUSALS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError)
Delivery = CodeDelivery.Status


def _open(ballot: Ballot) -> None:
    if Ballot.objects.get(pk=ballot.pk).status != Status.OPEN:
        raise BallotError(gettext("voting codes and reminders can be sent only while the ballot is open"))


def queue_code_mail(actor: User, ballot: Ballot, vote_url: str = "") -> jobs.Job:
    """Queue the mailing of new voting codes to every eligible voter who has not voted. Requires
    `ballots.run`; `vote_url` is the vote page's address, built by the web layer."""
    officers.require_for(actor, ballot)
    _open(ballot)
    with transaction.atomic():
        row = jobs.enqueue("ballot.codes", {"ballot": ballot.pk, "vote_url": vote_url}, account(actor))
        audit.record(actor, "ballot.queue_code_mail", ballot, None, {"job": row.pk})
    return row


def queue_reminders(actor: User, ballot: Ballot) -> jobs.Job:
    """Queue a reminder to every eligible voter with an address who has not voted. Requires `ballots.run`."""
    officers.require_for(actor, ballot)
    _open(ballot)
    with transaction.atomic():
        row = jobs.enqueue("ballot.reminders", {"ballot": ballot.pk}, account(actor))
        audit.record(actor, "ballot.queue_reminders", ballot, None, {"job": row.pk})
    return row


def reminder_counts(actor: User, ballot: Ballot) -> dict[str, Any]:
    """Counts only, for the returning officer's confirmation page: how many voters a reminder
    would go to now, and the last reminder job's state and counts (sent, refused). Requires
    `ballots.run`."""
    officers.require_for(actor, ballot)
    due = RollEntry.objects.filter(ballot=ballot, eligible=True, voted=False).exclude(person__email="").count()
    last = jobs.latest_for("ballot.reminders", "ballot", ballot.pk)
    result = (last.result or {}) if last is not None else {}
    return {
        "due": due,
        "last_state": last.state if last is not None else "",
        "last_created": last.created if last is not None else None,
        "last_sent": int(result.get("sent", 0)),
        "last_refused": int(result.get("refused", 0)),
    }


def _code_message(ballot: Ballot, name: str, email: str, code: str, vote_url: str) -> EmailMessage:
    """The voting-code e-mail, in the site's language (`services.mail_language`)."""
    with written_for_members():
        body = (
            gettext("Dear {name},\n\nYou may vote in: {title}.\n\n").format(name=name, title=ballot.title)
            + gettext("Your voting code: {code}\n\n").format(code=code)
            + (gettext("Vote at {url}\n\n").format(url=f"{vote_url}#code={code}") if vote_url else "")
            + gettext("Keep this code private: anyone who has it can cast your vote. It works once.\n")
        )
        subject = gettext("Your vote: {title}").format(title=ballot.title)
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [email])


def _reminder_message(ballot: Ballot, name: str, email: str) -> EmailMessage:
    """The reminder e-mail, in the site's language (`services.mail_language`)."""
    with written_for_members():
        body = gettext("Dear {name},\n\nYou have not yet voted in: {title}.\n\n").format(
            name=name, title=ballot.title
        ) + gettext(
            "Use the voting code you were sent. If you no longer have it, ask the returning officer for a new one.\n"
        )
        subject = gettext("Reminder: {title}").format(title=ballot.title)
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [email])


def codes_job(job: jobs.Job, progress: jobs.Progress) -> dict[str, Any]:
    """The background job `ballot.codes` (see the module's docstring)."""
    ballot = Ballot.objects.get(pk=int(job.params["ballot"]))
    _open(ballot)
    done = set(
        CodeDelivery.objects.filter(job=job, status__in=[Delivery.SENT, Delivery.NO_ADDRESS]).values_list(
            "entry_id", flat=True
        )
    )
    voters = RollEntry.objects.filter(ballot=ballot, eligible=True, voted=False).order_by("pk")
    people = list(voters.values_list("pk", "person__name", "person__email"))
    if job.attempts == 1:
        with transaction.atomic():
            board.append(ballot, "credentials issued", {"count": sum(1 for _, _, email in people if email)})
    with get_connection(fail_silently=False) as mailer:
        for number, (pk, name, email) in enumerate(people, start=1):
            if pk not in done:
                _deliver(job, ballot, mailer, pk, name, email, str(job.params.get("vote_url", "")))
            progress("sending voting codes", number, len(people))
    counts = {status: CodeDelivery.objects.filter(job=job, status=status).count() for status in Delivery.values}
    return {"ballot": ballot.pk, **counts}


def _deliver(job: jobs.Job, ballot: Ballot, mailer: Any, pk: int, name: str, email: str, vote_url: str) -> None:
    if not email:
        CodeDelivery.objects.update_or_create(job=job, entry_id=pk, defaults={"status": Delivery.NO_ADDRESS})
        return
    code = new_credential()
    with transaction.atomic():
        RollEntry.objects.filter(pk=pk, voted=False).update(
            credential_hash=credential_hash(ballot.credential_key, code)
        )
        CodeDelivery.objects.update_or_create(job=job, entry_id=pk, defaults={"status": Delivery.SENDING, "detail": ""})
    try:
        mailer.send_messages([_code_message(ballot, name, email, code, vote_url)])
    except REFUSALS as refusal:
        CodeDelivery.objects.filter(job=job, entry_id=pk).update(status=Delivery.REFUSED, detail=str(refusal)[:300])
        return
    CodeDelivery.objects.filter(job=job, entry_id=pk).update(status=Delivery.SENT)


def _last_code_job(ballot: Ballot) -> jobs.Job | None:
    return jobs.latest_for("ballot.codes", "ballot", ballot.pk)


def not_reached(actor: User, ballot: Ballot) -> list[tuple[str, str, str]]:
    """(ref, name, why) of each eligible voter who has not voted and whom the last code mail did
    not reach: refused (the server's words), no address, or not tried. Requires `ballots.run`."""
    officers.require_for(actor, ballot)
    last = _last_code_job(ballot)
    if last is None:
        return []
    outcome = {
        e: (s, d) for e, s, d in CodeDelivery.objects.filter(job=last).values_list("entry_id", "status", "detail")
    }
    voters = RollEntry.objects.filter(ballot=ballot, eligible=True, voted=False).order_by("person__ref")
    found = []
    for pk, ref, name in voters.values_list("pk", "person__ref", "person__name"):
        status, detail = outcome.get(pk, ("not tried", ""))
        if status != Delivery.SENT:
            found.append((ref, name, f"{status}: {detail}" if detail else str(status)))
    return found


def reissue_not_reached(actor: User, ballot: Ballot) -> dict[str, str]:
    """New codes for exactly the voters `not_reached` names (ref -> code), for the printed sheet."""
    refs = [ref for ref, _, _ in not_reached(actor, ballot)]
    issued: dict[str, str] = {}
    with transaction.atomic():
        _open(ballot)
        rows = []
        for pk, ref in RollEntry.objects.filter(ballot=ballot, person__ref__in=refs, voted=False).values_list(
            "pk", "person__ref"
        ):
            code = issued[ref] = new_credential()
            rows.append((credential_hash(ballot.credential_key, code), pk))
        with connection.cursor() as cursor:
            cursor.executemany("UPDATE ballots_rollentry SET credential_hash = %s WHERE id = %s", rows)
        audit.record(actor, "ballot.reissue_not_reached", ballot, None, {"count": len(issued)})
    return issued


def reminders_job(job: jobs.Job, progress: jobs.Progress) -> dict[str, Any]:
    """The background job `ballot.reminders`: counts only (see the module's docstring)."""
    ballot = Ballot.objects.get(pk=int(job.params["ballot"]))
    _open(ballot)
    voters = RollEntry.objects.filter(ballot=ballot, eligible=True, voted=False).exclude(person__email="")
    people = list(voters.order_by("pk").values_list("person__name", "person__email"))
    sent = refused = 0
    with get_connection(fail_silently=False) as mailer:
        for number, (name, email) in enumerate(people, start=1):
            try:
                mailer.send_messages([_reminder_message(ballot, name, email)])
                sent += 1
            except REFUSALS:
                refused += 1
            progress("sending reminders", number, len(people))
    return {"ballot": ballot.pk, "sent": sent, "refused": refused}
