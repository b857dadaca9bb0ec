"""A large count runs as a background job (services/ballots/count_jobs.py, web/ballots/count_views.py):
above the (lowered) threshold the officer's POST queues `ballot.count` and counts nothing; the
worker, drained here in-process, counts the box exactly once (a second job finds it counted and
leaves it as it is); the board still verifies; the progress page refreshes while the count waits
and then shows the result's link, or a failure's reason. Below the threshold the count stays in
the request."""

from __future__ import annotations

import pytest
from django.test import Client
from tests.web.test_ballot_pages import open_ballot
from tests.web.visitors import Party

from hustings.board.verify import verify_board
from hustings.services import ballots as svc
from hustings.services import jobs
from hustings.services.ballots import count_jobs
from hustings.services.jobs import worker
from hustings.store.ballots.models import Ballot

pytestmark = pytest.mark.django_db


def closed_ballot(party: Party) -> Ballot:
    officer = party.users["returning_officer"]
    ballot = open_ballot(party)
    codes = svc.issue_credentials(officer, ballot)
    choices = [["Owen Smith", "Jeremy Corbyn"], ["Jeremy Corbyn"], ["Angela Eagle", "Owen Smith"]]
    for number, code in enumerate(sorted(codes.values())[:3]):
        svc.cast(ballot.pk, code, choices[number % len(choices)], f"s{number}")
    svc.close_ballot(officer, ballot)
    return Ballot.objects.get(pk=ballot.pk)


def officer(party: Party) -> Client:
    client = Client()
    client.force_login(party.users["returning_officer"])
    return client


def counted_entries(ballot: Ballot) -> int:
    return sum(1 for entry in svc.bulletin_board(ballot)["entries"] if entry["kind"] == "counted")


def test_a_large_box_is_counted_by_the_worker_exactly_once(party: Party, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(count_jobs, "INLINE_BALLOTS", 0)
    ballot = closed_ballot(party)
    assert ballot.box.count() == 1  # the roll has one voter: above a threshold of 0
    client = officer(party)
    response = client.post(f"/ballots/{ballot.pk}/count/")
    assert response.status_code == 302 and response["Location"] == f"/ballots/{ballot.pk}/counting/"
    assert Ballot.objects.get(pk=ballot.pk).status == "closed"  # queued, not counted in the request
    again = client.post(f"/ballots/{ballot.pk}/count/")  # a second click finds the job under way
    assert again["Location"] == f"/ballots/{ballot.pk}/counting/"
    assert jobs.Job.objects.filter(kind="ballot.count").count() == 1
    page = client.get(f"/ballots/{ballot.pk}/counting/").content.decode()
    assert '<meta http-equiv="refresh" content="3">' in page and '<progress id="count-bar"' in page
    assert "Waiting for a worker to take the count" in page
    detail = client.get(f"/ballots/{ballot.pk}/").content.decode()
    assert f'href="/ballots/{ballot.pk}/counting/"' in detail and '<button type="submit">Count</button>' not in detail

    assert worker.drain() == 1
    counted = Ballot.objects.get(pk=ballot.pk)
    assert counted.status == "counted" and counted.result is not None
    job = jobs.Job.objects.get(kind="ballot.count")
    assert job.state == "done" and job.result == {
        "ballot": ballot.pk,
        "counted": True,
        "elected": counted.result["elected"],
    }
    assert (job.done, job.total) == (3, 3)
    assert counted_entries(counted) == 1
    assert verify_board(svc.bulletin_board(counted)).ok

    page = client.get(f"/ballots/{ballot.pk}/counting/").content.decode()
    assert 'http-equiv="refresh"' not in page and "<progress" not in page
    assert f"Counted {ballot.title}." in page and f'href="/ballots/{ballot.pk}/results/"' in page

    # A second job for the same ballot (as after a worker died once the count had committed)
    # finds it counted and leaves it as it is.
    export = counted.export
    jobs.enqueue("ballot.count", {"ballot": ballot.pk}, party.users["returning_officer"])
    assert worker.drain() == 1
    second = jobs.Job.objects.filter(kind="ballot.count").order_by("-id").first()
    assert second is not None and second.state == "done" and second.result["counted"] is False
    after = Ballot.objects.get(pk=ballot.pk)
    assert after.export == export and after.result == counted.result and counted_entries(after) == 1
    assert verify_board(svc.bulletin_board(after)).ok


def test_a_failed_count_shows_its_reason_and_records_nothing(party: Party, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(count_jobs, "INLINE_BALLOTS", 0)
    ballot = closed_ballot(party)
    client = officer(party)
    client.post(f"/ballots/{ballot.pk}/count/")
    jobs.Job.objects.filter(kind="ballot.count").update(user=None)  # its officer's account is gone
    assert worker.drain() == 1
    assert Ballot.objects.get(pk=ballot.pk).status == "closed" and counted_entries(ballot) == 0
    page = client.get(f"/ballots/{ballot.pk}/counting/").content.decode()
    assert "The count failed" in page and "no longer exists" in page and 'http-equiv="refresh"' not in page
    detail = client.get(f"/ballots/{ballot.pk}/").content.decode()
    assert "The last count failed" in detail and '<button type="submit">Count</button>' in detail


def test_a_small_box_is_counted_in_the_request(party: Party) -> None:
    ballot = closed_ballot(party)
    assert ballot.box.count() <= count_jobs.INLINE_BALLOTS
    response = officer(party).post(f"/ballots/{ballot.pk}/count/")
    assert response.status_code == 302 and response["Location"] == f"/ballots/{ballot.pk}/results/"
    assert Ballot.objects.get(pk=ballot.pk).status == "counted"
    assert not jobs.Job.objects.filter(kind="ballot.count").exists()
    assert verify_board(svc.bulletin_board(ballot)).ok
