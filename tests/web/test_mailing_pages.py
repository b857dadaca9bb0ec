"""The returning officer's reminder and not-reached pages (web/ballots/mailing_views.py) through a
real SMTP server that refuses one address: the reminder page shows counts and never a voter, its
POST queues the job the worker sends; the not-reached page counts those the code mail missed, and
its POST answers the printed sheet of exactly them, with new codes that work and old ones that do
not."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse
from tests.services.test_code_mail import REFUSED, Mailbox, party_ballot, smtp  # noqa: F401 (the fixture)
from tests.web.visitors import make_party

from hustings.services.ballots import mailing
from hustings.services.ballots.credentials import credential_hash
from hustings.services.jobs import worker
from hustings.store.ballots.models import RollEntry

pytestmark = pytest.mark.django_db


def officer_client(party: object) -> Client:
    client = Client()
    client.force_login(party.users["returning_officer"])  # type: ignore[attr-defined]
    return client


def test_the_reminder_page_shows_counts_only_and_its_post_queues_the_reminders(smtp: Mailbox) -> None:  # noqa: F811
    party = make_party()
    ballot = party_ballot(party)
    voters = list(RollEntry.objects.filter(ballot=ballot, eligible=True).exclude(person__email="").order_by("pk"))
    RollEntry.objects.filter(pk=voters[0].pk).update(voted=True)
    client = officer_client(party)
    url = reverse("ballots:reminders", args=[ballot.pk])
    page = client.get(url).content.decode()
    assert f"<dd>{len(voters) - 1}</dd>" in page
    for voter in voters:
        assert voter.person.name not in page and voter.person.ref not in page
    assert smtp.messages == []
    response = client.post(url, {"confirm": "on"})
    assert response.status_code == 302 and smtp.messages == []  # queued, not sent in the request
    assert worker.drain() == 1
    assert len(smtp.messages) == len(voters) - 1
    page = client.get(url).content.decode()
    assert f"{len(voters) - 1} sent, 0 refused" in page


def test_the_not_reached_sheet_gives_exactly_those_not_reached_new_codes(smtp: Mailbox) -> None:  # noqa: F811
    party = make_party()
    officer = party.users["returning_officer"]
    ballot = party_ballot(party)
    voters = list(RollEntry.objects.filter(ballot=ballot, eligible=True).select_related("person").order_by("pk"))
    voters[0].person.email = REFUSED
    voters[0].person.save()
    mailing.queue_code_mail(officer, ballot)
    worker.drain()
    client = officer_client(party)
    url = reverse("ballots:not_reached", args=[ballot.pk])
    page = client.get(url).content.decode()
    assert "<dt>Voters not reached</dt><dd>1</dd>" in page and "<dt>refused</dt><dd>1</dd>" in page
    before = RollEntry.objects.get(pk=voters[0].pk).credential_hash
    response = client.post(url, {"confirm": "on"})
    assert response["Content-Type"].startswith("text/csv") and response["Cache-Control"] == "no-store"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["ref", "name", "code"] and [r[0] for r in rows[1:]] == [voters[0].person.ref]
    after = RollEntry.objects.get(pk=voters[0].pk).credential_hash
    assert after != before and after == credential_hash(ballot.credential_key, rows[1][2])


def test_other_officers_get_neither_page(smtp: Mailbox) -> None:  # noqa: F811
    party = make_party()
    ballot = party_ballot(party)
    client = Client()
    client.force_login(party.users["general_secretary"])
    for name in ("ballots:reminders", "ballots:not_reached"):
        assert client.get(reverse(name, args=[ballot.pk])).status_code == 403
        assert client.post(reverse(name, args=[ballot.pk])).status_code == 403
