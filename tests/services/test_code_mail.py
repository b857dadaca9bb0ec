"""Voting codes and reminders by e-mail through a real SMTP server (aiosmtpd, started here) that
refuses one address: each voter's delivery is recorded, the printed sheet names exactly those not
reached with new codes, every mailed code works, and reminders go only to those who have not
voted, with only counts for the officer."""

from __future__ import annotations

import datetime as dt
import re
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from tests.services.test_ballots import add_member, open_ballot
from tests.web.visitors import make_party

from hustings.services import ballots as svc
from hustings.services.ballots import mailing
from hustings.services.ballots.credentials import credential_hash
from hustings.services.jobs import worker
from hustings.store.ballots.models import RollEntry
from hustings.store.jobs.models import Job
from hustings.store.mail.models import CodeDelivery

REFUSED = "bounce@example.org"


class Mailbox:
    """An SMTP server's handler: keeps every message, refuses `REFUSED` with a 550."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], str]] = []

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope, address: str, options: Any) -> str:
        if address == REFUSED:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.content.decode() if isinstance(envelope.content, bytes) else str(envelope.content)
        self.messages.append((list(envelope.rcpt_tos), content))
        return "250 Message accepted"


@pytest.fixture
def smtp(settings: Any) -> Iterator[Mailbox]:
    box = Mailbox()
    with socket.socket() as probe:  # a free port (aiosmtpd checks it is up by connecting to it)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.DEFAULT_FROM_EMAIL = "returning-officer@example.org"
    yield box
    controller.stop()


@pytest.mark.django_db
def test_code_mail_records_each_delivery_and_the_sheet_names_exactly_those_not_reached(smtp: Mailbox) -> None:
    party = make_party()
    officer = party.users["returning_officer"]
    ballot = party_ballot(party)
    voters = list(RollEntry.objects.filter(ballot=ballot, eligible=True).select_related("person").order_by("pk"))
    assert len(voters) >= 3
    voters[0].person.email = REFUSED
    voters[0].person.save()
    voters[1].person.email = ""
    voters[1].person.save()

    job = mailing.queue_code_mail(officer, ballot, "https://vote.example.org/ballots/1/vote/")
    assert smtp.messages == []  # nothing is sent in the officer's request
    assert worker.drain() == 1
    job.refresh_from_db()
    assert job.state == Job.State.DONE, job.error
    statuses = dict(CodeDelivery.objects.filter(job=job).values_list("entry_id", "status"))
    assert statuses[voters[0].pk] == "refused" and statuses[voters[1].pk] == "no address"
    assert all(statuses[v.pk] == "sent" for v in voters[2:])
    assert len(smtp.messages) == len(voters) - 2
    for recipients, content in smtp.messages:
        assert content.count("From: returning-officer@example.org") == 1
        code = re.search(r"Your voting code: (\S+)", content).group(1)  # type: ignore[union-attr]
        entry = RollEntry.objects.get(ballot=ballot, person__email=recipients[0])
        assert entry.credential_hash == credential_hash(ballot.credential_key, code)

    missed = mailing.not_reached(officer, ballot)
    assert [ref for ref, _, _ in missed] == sorted([voters[0].person.ref, voters[1].person.ref])
    assert any("550" in why for _, _, why in missed)
    sheet = mailing.reissue_not_reached(officer, ballot)
    assert sorted(sheet) == sorted([voters[0].person.ref, voters[1].person.ref])
    csv = svc.printed_codes_csv(ballot, sheet)
    assert csv.count("\n") == 3 and voters[2].person.ref not in csv


@pytest.mark.django_db
def test_reminders_go_to_those_who_have_not_voted_and_the_officer_sees_counts(smtp: Mailbox) -> None:
    party = make_party()
    officer = party.users["returning_officer"]
    ballot = party_ballot(party)
    voters = list(RollEntry.objects.filter(ballot=ballot, eligible=True).exclude(person__email="").order_by("pk"))
    RollEntry.objects.filter(pk=voters[0].pk).update(voted=True)
    job = mailing.queue_reminders(officer, ballot)
    worker.drain()
    job.refresh_from_db()
    assert job.result == {"ballot": ballot.pk, "sent": len(voters) - 1, "refused": 0}
    reminded = {recipients[0] for recipients, _ in smtp.messages}
    assert voters[0].person.email not in reminded and len(reminded) == len(voters) - 1
    assert all("Reminder:" in content and "Your voting code" not in content for _, content in smtp.messages)
    assert not CodeDelivery.objects.exists()  # no per-voter record of who was reminded


def party_ballot(party: Any) -> Any:
    for n in range(2, 8):
        add_member(party, f"L00000{n}", dt.date(2012, 1, n))
    return open_ballot(party)
