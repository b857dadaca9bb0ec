"""The officers' member pages: search, a person's record, and the edit forms — who may use each
(every view, GET and POST, tried as every visitor), and what they show and write."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from tests.web.visitors import VISITORS, Matrix, Party

from hustings.rules import Category
from hustings.services.processes import open_process
from hustings.services.rulebooks import adopt, version
from hustings.store.audit.models import AuditEntry
from hustings.store.members.models import Membership, Person, StatusChange

pytestmark = pytest.mark.django_db
OFFICERS_HERE = {"right_officer", "general_secretary"}


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast, for the test only


def _client(party: Party, visitor: str) -> Client:
    client = Client()
    client.force_login(party.users[visitor])
    return client


def _membership(party: Party) -> Membership:
    return party.person.memberships.get()


def test_search_page_is_for_officers_only(matrix: Matrix) -> None:
    matrix.check("/members/", {"wrong_officer", "right_officer", "general_secretary"})
    matrix.check("/members/?q=ada", {"wrong_officer", "right_officer", "general_secretary"})


def test_search_and_record_pages_are_read_only_a_post_is_refused_to_everyone(matrix: Matrix) -> None:
    for url in ("/members/", "/members/L000001/"):
        outcomes = {visitor: matrix.status(visitor, url, "post", {"q": "ada"}) for visitor in VISITORS}
        assert outcomes == {visitor: 302 if visitor == "anonymous" else 405 for visitor in VISITORS}, url


def test_unit_pre_filter_is_refused_outside_the_officers_units(matrix: Matrix) -> None:
    matrix.check("/members/?unit=isn-hi", OFFICERS_HERE)


def test_search_page_lists_matches_within_scope(party: Party) -> None:
    stranger = Person.objects.create(ref="L000009", name="Ada Other", email="other@example.org")
    m = Membership.objects.create(person=stranger, unit=party.other_branch, category=Category.MEMBER)
    StatusChange.objects.create(membership=m, status="joined", on=dt.date(2012, 1, 1))
    page = _client(party, "right_officer").get("/members/", {"q": "Ada"}).content.decode()
    assert "L000001" in page and "L000009" not in page
    page = _client(party, "general_secretary").get("/members/", {"q": "ada", "unit": "isn"}).content.decode()
    assert "L000001" in page and "L000009" in page and "active" in page
    page = _client(party, "general_secretary").get("/members/", {"q": "ada@example.org"}).content.decode()
    assert "L000001" in page and "L000009" not in page


def test_next_page_link_follows_on_from_the_last_number_shown(party: Party, monkeypatch: pytest.MonkeyPatch) -> None:
    from hustings.services import members

    monkeypatch.setattr(members, "PAGE_SIZE", 1)
    Person.objects.create(ref="L000002", name="Bob", email="")
    Membership.objects.create(person=Person.objects.get(ref="L000002"), unit=party.branch, category=Category.MEMBER)
    client = _client(party, "right_officer")
    first = client.get("/members/", {"unit": "isn-hi"}).content.decode()
    assert "L000001" in first and "L000002" not in first
    assert 'href="?unit=isn-hi&amp;after=L000001">Next page' in first
    second = client.get("/members/", {"unit": "isn-hi", "after": "L000001"}).content.decode()
    assert "L000002" in second and "/members/L000001/" not in second and "First page" in second


def test_search_with_an_unknown_unit_says_so(party: Party) -> None:
    response = _client(party, "general_secretary").get("/members/", {"unit": "atlantis"})
    assert response.status_code == 200
    assert "there is no unit with the code &#x27;atlantis&#x27;" in response.content.decode()


def test_person_page_is_for_officers_of_the_unit_and_the_person_themself(matrix: Matrix) -> None:
    matrix.check("/members/L000001/", OFFICERS_HERE | {"member"})


def test_person_page_of_someone_else_is_refused_to_a_member(party: Party) -> None:
    Person.objects.create(ref="L000002", name="Bob", email="")
    assert _client(party, "member").get("/members/L000002/").status_code == 403
    assert _client(party, "general_secretary").get("/members/NOBODY/").status_code == 404


def test_own_record_is_read_only_with_no_edit_links_or_trail(party: Party) -> None:
    page = _client(party, "member").get("/members/L000001/").content.decode()
    assert "your own record, read-only" in page
    assert "/contact/" not in page and "/status/" not in page and "Changes to this record" not in page


def _process_under(party: Party, rulebook: str) -> None:
    open_process(
        party.users["general_secretary"],
        organisation=party.organisation,
        kind="leadership_challenge",
        rulebook=rulebook,
        title="Leadership challenge",
        subject="The leader",
    )


def test_person_page_shows_history_payments_eligibility_and_trail(party: Party) -> None:
    client = _client(party, "right_officer")
    _process_under(party, "labour-2016")
    membership = _membership(party)
    client.post(f"/members/L000001/memberships/{membership.pk}/payment/", {"amount": "25", "at": "2026-01-02T10:00"})
    page = client.get("/members/L000001/").content.decode()
    assert "2010-05-01" in page and "joined" in page  # the status history
    assert "£25.00" in page  # the payment
    assert "leadership_challenge" in page and "labour-2016" in page  # eligibility per rulebook process
    assert "Rules applied" in page and "NEC-2016/freeze" in page  # the rules applied and their ids
    assert "Changes to this record" in page and "record payment" in page  # the audit trail


def test_eligibility_is_judged_under_the_rulebook_in_force_only(party: Party) -> None:
    """Issue #14: no rulebook in force, none judged (never the Australian one); then the rulebook of
    the organisation's latest process; then the version it adopted, which takes precedence."""
    client = _client(party, "right_officer")
    page = client.get("/members/L000001/").content.decode()
    assert "No rulebook is in force" in page and "alp-2013" not in page and "labour-2016" not in page
    _process_under(party, "labour-2016")
    page = client.get("/members/L000001/").content.decode()
    assert "labour-2016" in page and "leadership_challenge" in page
    assert "alp-2013" not in page and "labour-2021" not in page and "conservative-2022" not in page
    adopt(
        party.users["general_secretary"], party.organisation, version("labour-2021").text, "2021", dt.date(2021, 9, 26)
    )
    page = client.get("/members/L000001/").content.decode()
    assert "A Party: version 2021" in page and "/rulebooks/labour-2016/" not in page


@pytest.mark.parametrize(
    "suffix", ["contact/", "memberships/{m}/status/", "memberships/{m}/payment/", "memberships/{m}/move/"]
)
def test_edit_forms_are_for_officers_of_the_unit(matrix: Matrix, party: Party, suffix: str) -> None:
    url = "/members/L000001/" + suffix.format(m=_membership(party).pk)
    matrix.check(url, OFFICERS_HERE)


def test_post_contact_by_every_visitor(matrix: Matrix, party: Party) -> None:
    matrix.check("/members/L000001/contact/", OFFICERS_HERE, "post", {"name": "Ada Lovelace", "email": "a@l.org"})
    assert Person.objects.get(ref="L000001").name == "Ada Lovelace"
    assert AuditEntry.objects.filter(action="change contact details").count() == 1  # the second made no change


def test_post_status_by_every_visitor_writes_once_then_refuses(matrix: Matrix, party: Party) -> None:
    url = f"/members/L000001/memberships/{_membership(party).pk}/status/"
    matrix.check(url, OFFICERS_HERE, "post", {"status": "lapsed", "on": "2026-01-01", "note": "dues unpaid"})
    assert list(_membership(party).changes.values_list("status", flat=True)) == ["joined", "lapsed"]
    assert AuditEntry.objects.filter(action="record status lapsed", actor="right_officer").count() == 1


def test_suspending_a_member_says_what_will_happen_then_records_on_confirmation(party: Party) -> None:
    """Issue #14: suspending (or expelling) a member is shown in words first; nothing is written until
    the confirm button posts the same fields with `confirmed`."""
    client = _client(party, "right_officer")
    url = f"/members/L000001/memberships/{_membership(party).pk}/status/"
    data = {"status": "suspended", "on": "2026-03-01", "note": "inquiry"}
    page = client.post(url, data).content.decode()
    assert "Suspend Ada Member in Highbury?" in page and "until they are reinstated they cannot vote" in page
    assert '<input type="hidden" name="note" value="inquiry">' in page
    assert list(_membership(party).changes.values_list("status", flat=True)) == ["joined"]
    assert "Expel Ada Member" in client.post(url, {**data, "status": "expelled"}).content.decode()
    client.post(url, {**data, "confirmed": "yes"})
    assert list(_membership(party).changes.values_list("status", flat=True)) == ["joined", "suspended"]


def test_post_payment_by_every_visitor(matrix: Matrix, party: Party) -> None:
    url = f"/members/L000001/memberships/{_membership(party).pk}/payment/"
    matrix.check(url, OFFICERS_HERE, "post", {"amount": "4.50", "at": "2026-02-01T09:00", "covers_until": "2026-02-28"})
    assert [p.pence for p in _membership(party).payments.all()] == [450, 450]
    assert set(AuditEntry.objects.filter(action="record payment").values_list("actor", flat=True)) == OFFICERS_HERE


def test_post_move_by_every_visitor(matrix: Matrix, party: Party) -> None:
    url = f"/members/L000001/memberships/{_membership(party).pk}/move/"
    matrix.check(url, OFFICERS_HERE, "post", {"unit": "isn-fp"})
    assert _membership(party).unit == party.other_branch  # only the general secretary holds both units
    assert AuditEntry.objects.get(action="move membership").actor == "general_secretary"


def test_an_impossible_transition_is_shown_on_the_form_not_a_traceback(party: Party) -> None:
    url = f"/members/L000001/memberships/{_membership(party).pk}/status/"
    response = _client(party, "right_officer").post(url, {"status": "rejoined", "on": "2026-01-01"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "cannot record &#x27;rejoined&#x27;: the membership is in good standing" in page
    assert _membership(party).changes.count() == 1


def test_bad_input_is_shown_on_the_form(party: Party) -> None:
    client = _client(party, "right_officer")
    m = _membership(party).pk
    page = client.post(f"/members/L000001/memberships/{m}/payment/", {"amount": "lots", "at": "2026-01-01T10:00"})
    assert page.status_code == 200 and "is not an amount of money" in page.content.decode()
    page = client.post(f"/members/L000001/memberships/{m}/status/", {"status": "lapsed", "on": "yesterday"})
    assert page.status_code == 200 and "Enter a valid date" in page.content.decode()
    page = client.post("/members/L000001/contact/", {"name": "Ada", "email": "nope"})
    assert page.status_code == 200 and "is not an e-mail address" in page.content.decode()
    page = client.post(f"/members/L000001/memberships/{m}/move/", {"unit": "isn-fp"})
    assert page.status_code == 200 and "You do not hold members.edit over that unit" in page.content.decode()
    assert not AuditEntry.objects.exists()


def test_unit_page_links_to_the_pre_filtered_search(party: Party) -> None:
    client = _client(party, "right_officer")
    assert "/members/?unit=isn-hi" in client.get("/units/isn-hi/").content.decode()
    page = client.get("/members/?unit=isn-hi").content.decode()
    assert "Members of Highbury" in page and "L000001" in page
