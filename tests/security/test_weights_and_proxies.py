"""Attacks on weighted voters, colleges and proxies (docs/ballots.md, "Weighted voters and
colleges" and "Proxies"): changing a weight or a section after the roll is frozen, by any path;
and (below) proxies where the rulebook forbids them, beyond `max_held`, from another
organisation, and casting twice through a proxy and oneself; then the same through the API, and
the roll's summary read by those who may not."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import DatabaseError, connection, transaction
from django.test import Client
from tests.services.test_ballots_concurrency import POSTGRESQL, run_together
from tests.services.test_ballots_proxies import MEMBERS, members_with_accounts, open_meeting_vote
from tests.services.test_ballots_weights import (
    CARDS,
    college_party,
    open_card_vote,
    open_college,
)
from tests.services.test_ballots_weights import party as party  # the fixture
from tests.web.visitors import Party, make_party, open_leadership_ballot

from hustings.rules import Category, Status
from hustings.services import ballots as svc
from hustings.store.accounts.models import Role, RoleKind
from hustings.store.ballots.models import Ballot, BoxEntry, ProxyAppointment, RollEntry
from hustings.store.members.models import Membership, Person, StatusChange
from hustings.store.organisations.models import Organisation, Unit

pytestmark = pytest.mark.django_db


def test_a_weight_cannot_be_changed_after_the_freeze_through_the_orm(party: Party) -> None:
    ballot = open_card_vote(party)
    entry = RollEntry.objects.get(ballot=ballot, person__ref="D00006")
    with pytest.raises(DatabaseError, match="frozen"), transaction.atomic():
        RollEntry.objects.filter(pk=entry.pk).update(weight=Decimal(4000))
    entry.weight = Decimal(4000)
    with pytest.raises(DatabaseError, match="frozen"), transaction.atomic():
        entry.save()
    assert RollEntry.objects.get(pk=entry.pk).weight == Decimal(CARDS["D00006"])


def test_a_weight_cannot_be_changed_after_the_freeze_in_sql(party: Party) -> None:
    ballot = open_card_vote(party)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE ballots_rollentry SET weight = 9999 WHERE ballot_id = %s", [ballot.pk])
    weights = set(RollEntry.objects.filter(ballot=ballot).values_list("weight", flat=True))
    assert weights == {Decimal(w) for w in CARDS.values()}


def test_a_section_cannot_be_changed_after_the_freeze(party: Party) -> None:
    refs = college_party(party)
    ballot = open_college(party)
    entry = RollEntry.objects.get(ballot=ballot, person__ref=refs["members"][0])
    with pytest.raises(DatabaseError, match="frozen"), transaction.atomic():
        RollEntry.objects.filter(pk=entry.pk).update(section="mps_meps")
    assert RollEntry.objects.get(pk=entry.pk).section == "members"


def test_marking_the_roll_still_works_beside_the_trigger(party: Party) -> None:
    """The trigger refuses changes of weight or section only: voting still marks the roll."""
    ballot = open_card_vote(party)
    entry = RollEntry.objects.get(ballot=ballot, person__ref="D00001")
    assert RollEntry.objects.filter(pk=entry.pk, voted=False).update(voted=True) == 1


# --- proxies ----------------------------------------------------------------------------------------


@pytest.fixture
def meeting(db: None) -> tuple[Party, dict[str, User], Ballot]:
    party = make_party()
    users = members_with_accounts(party)
    return party, users, open_meeting_vote(party)


def test_a_proxy_where_the_rulebook_forbids_it_is_refused(db: None) -> None:
    party = make_party()
    users = members_with_accounts(party)
    ballot = open_meeting_vote(party, "delegate_card_vote")
    with pytest.raises(svc.ProxyRefused, match=r"do not allow proxies \(rule BR/no-proxies-on-cards\)"):
        svc.appoint_proxy(users["P00001"], ballot, "P00002")
    assert not ProxyAppointment.objects.exists()


def test_a_rulebook_silent_on_proxies_allows_none(db: None) -> None:
    party = make_party()
    ada = party.users["member"]
    ballot = open_leadership_ballot(party, "Leader", ["Ann", "Bob"])
    with pytest.raises(svc.ProxyRefused, match="do not allow proxies"):
        svc.appoint_proxy(ada, ballot, "L000001")


@pytest.mark.django_db(transaction=POSTGRESQL)
def test_max_held_holds_when_many_appoint_one_proxy_at_once() -> None:
    """Three members appoint the same proxy at once (threads on PostgreSQL): the proxy's roll entry
    is locked, so no more than `max_held` (2) appointments stand."""
    party = make_party()
    users = members_with_accounts(party)
    ballot = open_meeting_vote(party)
    calls = [lambda ref=ref: svc.appoint_proxy(users[ref], ballot, "P00006") for ref in MEMBERS[:3]]
    outcomes = run_together(calls)
    assert sum(isinstance(o, ProxyAppointment) for o in outcomes) == 2, outcomes
    assert sum(isinstance(o, svc.ProxyRefused) for o in outcomes) == 1, outcomes
    assert ProxyAppointment.objects.filter(ballot=ballot, revoked=False).count() == 2


def test_casting_twice_via_proxy_and_self_stores_one_ballot(meeting: tuple[Party, dict[str, User], Ballot]) -> None:
    party, users, ballot = meeting
    svc.appoint_proxy(users["P00001"], ballot, "P00002")
    codes = svc.issue_credentials(party.users["returning_officer"], ballot)
    svc.cast_as_proxy(users["P00002"], ballot.pk, "P00001", ["Bob"])
    with pytest.raises(svc.AlreadyVoted):
        svc.cast(ballot.pk, codes["P00001"], ["Ann"], "own")
    with pytest.raises(svc.AlreadyVoted):
        svc.cast_as_proxy(users["P00002"], ballot.pk, "P00001", ["Ann"])
    assert BoxEntry.objects.filter(ballot=ballot).count() == 1


def test_casting_for_someone_who_appointed_another_is_refused(meeting: tuple[Party, dict[str, User], Ballot]) -> None:
    _, users, ballot = meeting
    svc.appoint_proxy(users["P00001"], ballot, "P00002")
    with pytest.raises(svc.ProxyRefused, match="no proxy for P00001"):
        svc.cast_as_proxy(users["P00003"], ballot.pk, "P00001", ["Ann"])
    assert not BoxEntry.objects.filter(ballot=ballot).exists()


def test_another_organisations_member_cannot_be_or_appoint_a_proxy(
    meeting: tuple[Party, dict[str, User], Ballot],
) -> None:
    _, users, ballot = meeting
    other = Organisation.objects.create(slug="other", name="Another Union")
    unit = Unit.objects.create(organisation=other, code="o-1", name="Elsewhere", kind="branch")
    outsider = Person.objects.create(ref="X00001", name="Outsider")
    outsider.user = User.objects.create_user("outsider", password=None)
    outsider.save(update_fields=["user"])
    membership = Membership.objects.create(person=outsider, unit=unit, category=Category.MEMBER)
    StatusChange.objects.create(membership=membership, status=Status.JOINED, on=dt.date(2020, 1, 1))
    with pytest.raises(svc.ProxyRefused, match="not an eligible voter"):
        svc.appoint_proxy(users["P00001"], ballot, "X00001")
    with pytest.raises(svc.ProxyRefused, match="not an eligible voter"):
        svc.appoint_proxy(outsider.user, ballot, "P00002")
    with pytest.raises(svc.ProxyRefused, match="not an eligible voter"):
        svc.cast_as_proxy(outsider.user, ballot.pk, "P00001", ["Ann"])
    assert not ProxyAppointment.objects.exists()


# --- the same attacks through the API (docs/api.md, "Weights and proxies") ------------------------


def _api(user: User | None, method: str, path: str, body: dict[str, object] | None = None) -> tuple[int, Any]:
    client = Client()
    if user is not None:
        client.force_login(user)
    response = client.generic(method, f"/api/ballots/{path}", json.dumps(body or {}), content_type="application/json")
    return response.status_code, response.json()


def _outsiders() -> tuple[User, User]:
    """Another organisation's returning officer, and a member of it with an account."""
    other = Organisation.objects.create(slug="other", name="Another Union")
    unit = Unit.objects.create(organisation=other, code="o-1", name="Elsewhere", kind="branch")
    officer = User.objects.create_user("other-ro", password=None)
    Role.objects.create(user=officer, kind=RoleKind.RETURNING_OFFICER, organisation=other)
    outsider = Person.objects.create(ref="X00001", name="Outsider", user=User.objects.create_user("outsider"))
    membership = Membership.objects.create(person=outsider, unit=unit, category=Category.MEMBER)
    StatusChange.objects.create(membership=membership, status=Status.JOINED, on=dt.date(2020, 1, 1))
    assert outsider.user is not None
    return officer, outsider.user


def test_another_organisations_officer_and_member_find_no_ballot_through_the_api(
    meeting: tuple[Party, dict[str, User], Ballot],
) -> None:
    _, users, ballot = meeting
    svc.appoint_proxy(users["P00001"], ballot, "P00002")
    for intruder in _outsiders():
        assert _api(intruder, "GET", f"{ballot.pk}/roll")[0] == 404
        assert _api(intruder, "GET", f"{ballot.pk}/proxy")[0] == 404
        assert _api(intruder, "POST", f"{ballot.pk}/proxy", {"proxy": "P00003"})[0] == 404
        assert _api(intruder, "DELETE", f"{ballot.pk}/proxy")[0] == 404
        cast = {"appointer": "P00001", "preferences": ["Ann"]}
        assert _api(intruder, "POST", f"{ballot.pk}/proxy/cast", cast)[0] == 404
    assert _api(None, "GET", f"{ballot.pk}/proxy")[0] == 401
    assert list(ProxyAppointment.objects.values_list("appointer__person__ref", "revoked")) == [("P00001", False)]
    assert not BoxEntry.objects.filter(ballot=ballot).exists()


def test_a_member_cannot_appoint_for_someone_else_through_the_api(
    meeting: tuple[Party, dict[str, User], Ballot],
) -> None:
    """The appointer is always the caller: a body naming another appointer is not read."""
    _, users, ballot = meeting
    status, body = _api(users["P00003"], "POST", f"{ballot.pk}/proxy", {"proxy": "P00002", "appointer": "P00001"})
    assert status == 201 and body["appointed"] == "Member P00002 (P00002)"
    assert list(ProxyAppointment.objects.values_list("appointer__person__ref", "proxy__person__ref")) == [
        ("P00003", "P00002")
    ]
    assert _api(users["P00001"], "GET", f"{ballot.pk}/proxy")[1]["appointed"] is None
    assert _api(users["P00001"], "DELETE", f"{ballot.pk}/proxy") == (400, {"detail": "you have no proxy to revoke"})
    assert ProxyAppointment.objects.get().revoked is False


def test_appointing_over_the_limit_through_the_api_is_refused_with_the_rule(
    meeting: tuple[Party, dict[str, User], Ballot],
) -> None:
    _, users, ballot = meeting
    for ref in ("P00001", "P00002"):
        assert _api(users[ref], "POST", f"{ballot.pk}/proxy", {"proxy": "P00006"})[0] == 201
    status, body = _api(users["P00003"], "POST", f"{ballot.pk}/proxy", {"proxy": "P00006"})
    assert status == 400 and "already holds 2 proxies, the most the rules allow (rule" in body["detail"]
    assert ProxyAppointment.objects.filter(proxy__person__ref="P00006", revoked=False).count() == 2
    held = _api(users["P00006"], "GET", f"{ballot.pk}/proxy")[1]["held"]
    assert held == [
        {"ref": "P00001", "name": "Member P00001", "voted": False},
        {"ref": "P00002", "name": "Member P00002", "voted": False},
    ]


def test_after_voting_no_appointment_no_revocation_and_no_second_cast_through_the_api(
    meeting: tuple[Party, dict[str, User], Ballot],
) -> None:
    party, users, ballot = meeting
    codes = svc.issue_credentials(party.users["returning_officer"], ballot)
    svc.cast(ballot.pk, codes["P00004"], ["Ann"], "own")
    status, body = _api(users["P00004"], "POST", f"{ballot.pk}/proxy", {"proxy": "P00005"})
    assert (status, body["detail"]) == (400, "you have already voted in this ballot")
    assert _api(users["P00001"], "POST", f"{ballot.pk}/proxy", {"proxy": "P00002"})[0] == 201
    cast = {"appointer": "P00001", "preferences": ["Bob"]}
    status, receipt = _api(users["P00002"], "POST", f"{ballot.pk}/proxy/cast", cast)
    assert status == 200 and receipt["tracking_code"]
    status, body = _api(users["P00001"], "DELETE", f"{ballot.pk}/proxy")
    assert status == 400 and "the appointment stands" in body["detail"]
    assert _api(users["P00002"], "POST", f"{ballot.pk}/proxy/cast", cast)[0] == 409
    assert _api(users["P00003"], "POST", f"{ballot.pk}/proxy/cast", cast)[0] == 400  # holds no proxy for P00001
    with pytest.raises(svc.AlreadyVoted):
        svc.cast(ballot.pk, codes["P00001"], ["Ann"], "own")
    assert BoxEntry.objects.filter(ballot=ballot).count() == 2
    assert ProxyAppointment.objects.get(appointer__person__ref="P00001").revoked is False


def test_a_closed_ballot_takes_no_proxy_through_the_api(meeting: tuple[Party, dict[str, User], Ballot]) -> None:
    party, users, ballot = meeting
    svc.close_ballot(party.users["returning_officer"], ballot)
    status, body = _api(users["P00001"], "POST", f"{ballot.pk}/proxy", {"proxy": "P00002"})
    assert status == 410 and "not open" in body["detail"]
    assert not ProxyAppointment.objects.exists()


def test_the_roll_summary_is_for_the_ballots_officers_and_holds_counts_only(party: Party) -> None:
    ballot = open_card_vote(party)
    delegate = Person.objects.get(ref="D00001")
    delegate.user = User.objects.create_user("d00001", password=None)
    delegate.save(update_fields=["user"])
    assert _api(delegate.user, "GET", f"{ballot.pk}/roll")[0] == 403
    assert _api(party.users["right_officer"], "GET", f"{ballot.pk}/roll")[0] == 403
    status, body = _api(party.users["returning_officer"], "GET", f"{ballot.pk}/roll")
    assert status == 200
    assert body["classes"] == [
        {"section": "", "weight": "40", "voters": 1},
        {"section": "", "weight": "75.5", "voters": 3},
        {"section": "", "weight": "120", "voters": 2},
    ]
    assert body["sections"][0] | {"name": ""} == {
        "name": "",
        "title": "",
        "weight": "1",
        "voters": 6,
        "voted": 0,
        "total_weight": "506.5",
    }
    assert body["small_classes"] == 3 and body["weighted"] is True
    text = json.dumps(body)
    assert not any(ref in text for ref in CARDS)  # nobody on the roll is named
