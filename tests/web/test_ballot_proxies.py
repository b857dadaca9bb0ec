"""The proxy page (docs/ballots.md, "Proxies"): appoint with a confirmation, then the proxy votes
for the appointer with a confirmation, and the tracking code is shown; refused where the rules
forbid proxies."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from tests.services.test_ballots_proxies import members_with_accounts, open_meeting_vote
from tests.web.visitors import make_party

from hustings.store.ballots.models import BoxEntry, ProxyAppointment

pytestmark = pytest.mark.django_db


def signed_in(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_appoint_then_the_proxy_votes_with_confirmations() -> None:
    party = make_party()
    users = members_with_accounts(party)
    ballot = open_meeting_vote(party)
    url = reverse("ballots:proxy", args=[ballot.pk])
    appointer = signed_in(users["P00001"])
    asked = appointer.post(url, {"action": "appoint", "proxy_ref": "P00002"})
    assert asked.status_code == 200 and "Please confirm" in asked.text
    assert not ProxyAppointment.objects.exists()
    done = appointer.post(url, {"action": "appoint", "proxy_ref": "P00002", "step": "done"})
    assert "Your proxy is appointed" in done.text
    proxy = signed_in(users["P00002"])
    page = proxy.get(url)
    assert "Proxies you hold" in page.text and "P00001" in page.text
    vote = {"action": "vote", "appointer": "P00001", "rank-0": "2", "rank-1": "1"}
    confirm = proxy.post(url, vote)
    assert "Cast this vote for member P00001" in confirm.text
    cast = proxy.post(url, {**vote, "step": "done"})
    code = BoxEntry.objects.get(ballot=ballot).tracking_code
    assert code in cast.text
    again = proxy.post(url, {**vote, "step": "done"})
    assert again.status_code == 400 and BoxEntry.objects.filter(ballot=ballot).count() == 1


def test_the_page_says_when_the_rules_forbid_proxies() -> None:
    party = make_party()
    users = members_with_accounts(party)
    ballot = open_meeting_vote(party, "delegate_card_vote")
    client = signed_in(users["P00001"])
    url = reverse("ballots:proxy", args=[ballot.pk])
    assert "do not allow proxies" in client.get(url).text
    refused = client.post(url, {"action": "appoint", "proxy_ref": "P00002", "step": "done"})
    assert refused.status_code == 400 and not ProxyAppointment.objects.exists()
