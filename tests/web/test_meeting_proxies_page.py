"""A branch meeting's proxies on its page (docs/processes.md, "Proxies at a branch meeting"): the
officer records appointments under the rule, with its limit; a round may count one vote per proxy
held; a Labour meeting's page says it takes none and the action is refused."""

from __future__ import annotations

import pytest
from django.test import Client
from tests.services.test_meeting_proxies import meeting, party  # noqa: F401
from tests.web.visitors import Party

from hustings.store.processes.models import Process

pytestmark = pytest.mark.django_db


def officer(who: Party) -> Client:
    client = Client()
    client.force_login(who.users["general_secretary"])
    return client


def test_the_officer_records_proxies_and_a_round_counts_them(party: Party) -> None:  # noqa: F811
    process = meeting(party)
    client = officer(party)
    url = f"/processes/{process.pk}/"
    page = client.get(url).content.decode()
    assert "The rules allow proxies handed in before the vote (rule BR/proxies): one member may hold at most 2." in page
    for appointer in ("P00001", "P00002"):
        done = client.post(f"{url}meeting-proxy/", {"appointer": appointer, "proxy": "P00003"}, follow=True)
        assert f"P00003 holds the proxy of {appointer}." in done.content.decode()
    third = client.post(f"{url}meeting-proxy/", {"appointer": "P00004", "proxy": "P00003"}, follow=True)
    assert "P00003 already holds 2 proxies, the most the rules allow (rule BR/proxies)" in third.content.decode()
    client.post(f"{url}meeting-candidates/", {"candidates": "Ann\nBob", "attending": "2"})
    page = client.get(url).content.decode()
    assert "2 proxies held: in each round each holder votes once for each member they represent." in page
    client.post(f"{url}meeting-round/", {"votes-0": "3", "votes-1": "1"})  # 2 present + 2 by proxy
    process.refresh_from_db()
    assert process.state == "decided" and process.outcome.startswith("Ann is the branch's nomination: 3 of 4")


def test_a_labour_meeting_takes_no_proxies(party: Party) -> None:  # noqa: F811
    process = meeting(party, "labour-2016")
    client = officer(party)
    url = f"/processes/{process.pk}/"
    assert "The rulebook allows no proxies at this meeting" in client.get(url).content.decode()
    refused = client.post(f"{url}meeting-proxy/", {"appointer": "P00001", "proxy": "P00002"}, follow=True)
    assert "The rules of this meeting do not allow proxies" in refused.content.decode()
    assert "proxies" not in (Process.objects.get(pk=process.pk).result or {})
