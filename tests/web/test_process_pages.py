"""Process pages: who may read (every signed-in member) and who may act (processes.manage), for
every view; the process page shows stages, gates with their threshold and rounding, and what is
due or blocked; the webhook accepts only signed notices."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from tests.web.visitors import Matrix, Party

from hustings.services import processes as svc
from hustings.services.processes.payments import SECRET_VARIABLE, SIGNATURE_HEADER, HmacWebhookProvider
from hustings.store.ballots.models import Ballot
from hustings.store.members.models import Office, Person
from hustings.store.processes.models import Process, Suspension

READERS = ("member", "wrong_officer", "right_officer", "general_secretary", "auditor", "returning_officer")
MANAGERS = ("general_secretary", "returning_officer")


def _contest(party: Party, mps: int = 5) -> Process:
    for i in range(mps):
        person = Person.objects.create(ref=f"MP{i}", name=f"MP {i}")
        Office.objects.create(person=person, kind="MP", unit=party.clp, start=dt.date(2015, 5, 7))
    process = svc.open_process(
        party.users["general_secretary"],
        organisation=party.organisation,
        kind="leadership_challenge",
        rulebook="labour-2016",
        title="Leadership challenge",
        subject="Jeremy Corbyn",
    )
    svc.open_contest(party.users["general_secretary"], process=process)
    return process


def test_list_and_process_page_are_open_to_every_signed_in_member(party: Party, matrix: Matrix) -> None:
    process = _contest(party)
    matrix.check("/processes/", READERS)
    matrix.check(f"/processes/{process.pk}/", READERS)
    matrix.check("/processes/suspensions/", READERS)


def test_opening_a_process_needs_processes_manage(party: Party, matrix: Matrix) -> None:
    matrix.check("/processes/new/", MANAGERS)
    data = {
        "organisation": "party",
        "kind": "advisory_confidence",
        "rulebook": "labour-2016",
        "title": "PLP motion",
        "subject": "Jeremy Corbyn",
    }
    matrix.check("/processes/new/", MANAGERS, method="post", data=data)
    assert Process.objects.filter(title="PLP motion").count() == 2


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("nominate", {"nominee": "Owen Smith", "person": "MP0"}),
        ("withdraw", {"candidate": "Jeremy Corbyn"}),
        ("close-nominations", {}),
        ("supporter", {"person": "L000001", "pence": "2500", "paid_at": "2016-07-19 10:00"}),
        ("open-ballot", {"method": "irv"}),
        ("result", {}),
        ("letters", {"letters": "1", "mps": "5"}),
        ("confidence-vote", {"for": "3", "against": "2"}),
        ("motion", {"for": "172", "against": "40"}),
        ("unit-vote", {"unit": "isn-hi", "for_selection": "yes"}),
        ("decide-trigger", {}),
        ("meeting-candidates", {"candidates": "Ann\nBob", "attending": "9"}),
        ("meeting-round", {"votes-0": "5", "votes-1": "4"}),
        ("meeting-proxy", {"appointer": "L000001", "proxy": "MP0"}),
        ("meeting-proxy-revoke", {"appointer": "L000001"}),
    ],
)
def test_every_transition_needs_processes_manage(party: Party, matrix: Matrix, action: str, data: dict) -> None:
    process = _contest(party)
    matrix.check(f"/processes/{process.pk}/{action}/", MANAGERS, method="post", data=data)


def test_suspending_and_lifting_need_the_governing_body(party: Party, matrix: Matrix) -> None:
    data = {"unit": "isn-hi", "rule": "Chapter 1, Clause VIII.5", "reason": "inquiry"}
    matrix.check("/processes/suspensions/", MANAGERS, method="post", data=data)  # the confirmation only
    assert not Suspension.objects.exists()
    matrix.check("/processes/suspensions/", MANAGERS, method="post", data={**data, "confirmed": "yes"})
    suspension = Suspension.objects.get()
    assert suspension.suspended_by == "general_secretary" and suspension.lifted_at is None
    matrix.check(f"/processes/suspensions/{suspension.pk}/lift/", MANAGERS, method="post")
    suspension.refresh_from_db()
    assert suspension.lifted_by == "general_secretary"


def test_suspending_says_what_will_happen_before_it_is_done(party: Party) -> None:
    """Issue #14: the first POST shows the consequences and a confirm button carrying the same fields."""
    client = Client()
    client.force_login(party.users["general_secretary"])
    data = {"unit": "isn-hi", "rule": "Chapter 1, Clause VIII.5", "reason": "inquiry", "members_keep_votes": "no"}
    page = client.post("/processes/suspensions/", data).content.decode()
    assert "Suspend Highbury?" in page and "Chapter 1, Clause VIII.5" in page
    assert "Highbury will be suspended under Chapter 1, Clause VIII.5: its meetings" in page
    clp = client.post("/processes/suspensions/", {**data, "unit": "isn"}).content.decode()
    assert "Islington North CLP and the 2 units beneath it will be suspended" in clp
    assert "votes are suspended too" in page and "The reason recorded: inquiry" in page
    assert '<input type="hidden" name="confirmed" value="yes">' in page
    assert '<input type="hidden" name="members_keep_votes" value="no">' in page
    assert not Suspension.objects.exists()
    client.post("/processes/suspensions/", {**data, "confirmed": "yes"})
    assert Suspension.objects.get().members_keep_votes is False


def test_process_page_shows_gate_threshold_rounding_and_what_is_blocked(party: Party) -> None:
    process = _contest(party, mps=11)
    client = Client()
    client.force_login(party.users["general_secretary"])
    response = client.post(
        f"/processes/{process.pk}/nominate/", {"nominee": "Owen Smith", "person": "MP0"}, follow=True
    )
    page = response.content.decode()
    assert "20% of 11 = 11/5 = 2 1/5, rounded up to 3" in page
    assert "1 nomination from MPs and MEPs, 3 needed" in page
    assert "The ballot cannot open before nominations close" in page
    assert "on the ballot without nominations" in page


def test_a_refused_transition_is_a_message_not_an_error_page(party: Party) -> None:
    process = _contest(party)
    client = Client()
    client.force_login(party.users["general_secretary"])
    response = client.post(f"/processes/{process.pk}/nominate/", {"nominee": "X", "person": "L000001"}, follow=True)
    assert response.status_code == 200
    assert "may not nominate" in response.content.decode()


def test_webhook_takes_only_signed_notices(party: Party, settings: Any) -> None:
    process = _contest(party)
    svc.close_nominations(party.users["general_secretary"], process)
    url = f"/processes/{process.pk}/supporters/webhook/"
    body = json.dumps({"reference": "p1", "person": "L000001", "pence": 2500, "paid_at": "2016-07-19T09:00"})
    client = Client()
    assert client.post(url, body, content_type="application/json").status_code == 503  # no provider set up
    setattr(settings, SECRET_VARIABLE, "s3cret")
    bad = client.post(url, body, content_type="application/json", headers={SIGNATURE_HEADER: "sha256=0"})
    assert bad.status_code == 403
    signature = HmacWebhookProvider("s3cret").sign(body.encode())
    good = client.post(url, body, content_type="application/json", headers={SIGNATURE_HEADER: signature})
    assert good.status_code == 200 and good.json() == {"registered": "L000001", "within_window": True}
    assert process.supporters.get().method == "webhook"


def test_returning_officer_opens_the_ballot_from_the_page_and_the_result_comes_back(party: Party) -> None:
    from hustings.services import ballots

    process = _contest(party, mps=5)
    officer = party.users["returning_officer"]
    svc.nominate(officer, process, "Owen Smith", person=Person.objects.get(ref="MP0"))
    svc.close_nominations(officer, process)
    secretary = Client()
    secretary.force_login(party.users["general_secretary"])
    refused = secretary.post(f"/processes/{process.pk}/open-ballot/", {"method": "irv"}, follow=True)
    assert "ask a returning officer" in refused.content.decode()
    client = Client()
    client.force_login(officer)
    client.post(f"/processes/{process.pk}/open-ballot/", {"method": "irv"})
    process.refresh_from_db()
    assert process.state == "ballot" and process.ballot_id is not None
    ballot = Ballot.objects.get(pk=process.ballot_id)
    assert ballot.candidates == ["Jeremy Corbyn", "Owen Smith"] and ballot.roll_size == 1
    credentials = ballots.issue_credentials(officer, ballot)
    ballots.cast(ballot.pk, credentials["L000001"], ["Owen Smith"], "s1")
    ballots.close_ballot(officer, ballot)
    ballots.count_ballot(officer, ballot)
    page = client.post(f"/processes/{process.pk}/result/", follow=True).content.decode()
    process.refresh_from_db()
    assert process.state == "decided" and process.outcome == "Owen Smith elected (irv)"
    assert "Owen Smith elected (irv)" in page
