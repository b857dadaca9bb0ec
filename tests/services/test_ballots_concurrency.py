"""One ballot per credential under concurrency, enforced by the database; no vote lost.

On PostgreSQL many threads cast at once (a barrier releases them together), each on its own
connection. SQLite serialises writers, so there the same cases run one after another.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections
from tests.web.visitors import Party, make_party

from hustings.rules import Category, Status
from hustings.services import ballots as svc
from hustings.store.ballots.models import Ballot, BoxEntry, RollEntry
from hustings.store.members.models import Membership, Person, StatusChange

THREADS = 16
POSTGRESQL = connection.vendor == "postgresql"


def ballot_with_voters(party: Party, voters: int) -> tuple[Ballot, list[str]]:
    for n in range(2, voters + 1):
        person = Person.objects.create(ref=f"C{n:05d}", name=f"Voter {n}")
        membership = Membership.objects.create(person=person, unit=party.branch, category=Category.MEMBER)
        StatusChange.objects.create(membership=membership, status=Status.JOINED, on=dt.date(2012, 1, 1))
    ballot = svc.open_ballot(
        party.users["returning_officer"],
        organisation=party.organisation.slug,
        title="Concurrent",
        rulebook="labour-2016",
        process_kind="leadership_challenge",
        method="irv",
        seats=1,
        candidates=["Ann", "Bob"],
        on_date=dt.date(2016, 8, 22),
    )
    return ballot, list(svc.issue_credentials(party.users["returning_officer"], ballot).values())


def run_together(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run the calls in threads released at once (PostgreSQL) or one by one (SQLite)."""
    if not POSTGRESQL:
        out = []
        for call in calls:
            try:
                out.append(call())
            except Exception as exc:
                out.append(exc)
        return out
    barrier = threading.Barrier(len(calls))
    out: list[Any] = [None] * len(calls)

    def worker(i: int) -> None:
        try:
            barrier.wait()
            out[i] = calls[i]()
        except Exception as exc:
            out[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


@pytest.mark.django_db(transaction=POSTGRESQL)
def test_many_casts_with_one_credential_store_exactly_one_ballot() -> None:
    party = make_party()
    ballot, (code,) = ballot_with_voters(party, 1)
    outcomes = run_together([lambda i=i: svc.cast(ballot.pk, code, ["Ann"], f"form-{i}") for i in range(THREADS)])
    receipts = [o for o in outcomes if isinstance(o, svc.Receipt)]
    refused = [o for o in outcomes if isinstance(o, svc.AlreadyVoted)]
    assert len(receipts) == 1 and len(refused) == THREADS - 1, outcomes
    assert BoxEntry.objects.filter(ballot=ballot).count() == 1
    assert RollEntry.objects.filter(ballot=ballot, voted=True).count() == 1


@pytest.mark.django_db(transaction=POSTGRESQL)
def test_one_submission_sent_many_times_at_once_has_one_receipt() -> None:
    party = make_party()
    ballot, (code,) = ballot_with_voters(party, 1)
    outcomes = run_together([lambda: svc.cast(ballot.pk, code, ["Bob", "Ann"], "same-form") for _ in range(THREADS)])
    assert all(isinstance(o, svc.Receipt) for o in outcomes), outcomes
    assert len({o.tracking_code for o in outcomes}) == 1
    assert sum(not o.repeated for o in outcomes) == 1
    assert BoxEntry.objects.filter(ballot=ballot).count() == 1


@pytest.mark.django_db(transaction=POSTGRESQL)
def test_many_voters_at_once_lose_no_vote() -> None:
    party = make_party()
    ballot, codes = ballot_with_voters(party, 24)
    outcomes = run_together([lambda c=c: svc.cast(ballot.pk, c, ["Ann", "Bob"], "form") for c in codes])
    assert all(isinstance(o, svc.Receipt) for o in outcomes), outcomes
    assert BoxEntry.objects.filter(ballot=ballot).count() == len(codes) == 24
    assert RollEntry.objects.filter(ballot=ballot, voted=True).count() == 24
    assert len({o.tracking_code for o in outcomes}) == 24


@pytest.mark.django_db(transaction=POSTGRESQL)
def test_a_close_waits_for_casts_in_flight_and_none_lands_after() -> None:
    party = make_party()
    ballot, codes = ballot_with_voters(party, 12)
    officer = party.users["returning_officer"]
    calls: list[Callable[[], Any]] = [lambda c=c: svc.cast(ballot.pk, c, ["Bob"], "form") for c in codes]
    calls.insert(6, lambda: svc.close_ballot(officer, ballot))
    outcomes = run_together(calls)
    cast = [o for o in outcomes if isinstance(o, svc.Receipt)]
    late = [o for o in outcomes if isinstance(o, svc.NotOpen)]
    assert len(cast) + len(late) == 12, outcomes
    closed = svc.bulletin_board(Ballot.objects.get(pk=ballot.pk))["entries"][-1]["data"]
    assert closed["ballots"] == len(cast) == BoxEntry.objects.filter(ballot=ballot).count()
