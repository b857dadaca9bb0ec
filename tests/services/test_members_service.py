"""The officers' use cases on the register (hustings.services.members): search within scope, and
edits that write history and an audit row, refuse impossible transitions and bad input."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from tests.web.visitors import Party, make_party

from hustings.rules import Category, Status
from hustings.services import members
from hustings.store.audit.models import AuditEntry
from hustings.store.members.models import Membership, Person, StatusChange

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 25)


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast, for the test only


@pytest.fixture
def party(db: None, fast_passwords: None) -> Party:
    return make_party()


def _person(ref: str, name: str, email: str, unit: object, history: list[tuple[str, dt.date]], **kw: str) -> Person:
    person = Person.objects.create(ref=ref, name=name, email=email)
    membership = Membership.objects.create(person=person, unit=unit, category=kw.get("category", Category.MEMBER))
    for status, on in history:
        StatusChange.objects.create(membership=membership, status=status, on=on)
    return person


@pytest.fixture
def register(party: Party) -> Party:
    _person(
        "L000002",
        "Bob Lapsed",
        "bob@example.org",
        party.branch,
        [("joined", dt.date(2015, 1, 1)), ("lapsed", dt.date(2020, 1, 1))],
    )
    _person("L000003", "Cat Park", "Cat.Park@Example.org", party.other_branch, [("joined", dt.date(2018, 3, 1))])
    _person(
        "L000004",
        "Dan Supporter",
        "",
        party.branch,
        [("joined", dt.date(2016, 7, 19))],
        category=Category.REGISTERED_SUPPORTER,
    )
    return party


def _refs(user: object, **query: object) -> list[str]:
    results = members.search(user, members.Search(**query), TODAY)  # type: ignore[arg-type]
    return [row.person.ref for row in results.rows]


def test_search_finds_by_name_prefix_any_case(register: Party) -> None:
    gs = register.users["general_secretary"]
    assert _refs(gs, text="ada") == ["L000001"]
    assert _refs(gs, text="Bob La") == ["L000002"]
    assert _refs(gs, text="zed") == []


def test_search_finds_by_membership_number_and_its_beginning(register: Party) -> None:
    gs = register.users["general_secretary"]
    assert _refs(gs, text="L000003") == ["L000003"]
    assert _refs(gs, text="L00000") == ["L000001", "L000002", "L000003", "L000004"]


def test_search_finds_by_email_in_any_case(register: Party) -> None:
    gs = register.users["general_secretary"]
    assert _refs(gs, text="cat.park@example.ORG") == ["L000003"]
    assert _refs(gs, text="nobody@example.org") == []


def test_search_shows_only_the_officers_units(register: Party) -> None:
    assert _refs(register.users["right_officer"]) == ["L000001", "L000002", "L000004"]
    assert _refs(register.users["wrong_officer"]) == ["L000003"]
    with pytest.raises(PermissionDenied):
        _refs(register.users["member"])


def test_filter_by_unit_covers_the_units_beneath_it(register: Party) -> None:
    gs = register.users["general_secretary"]
    assert _refs(gs, unit="isn") == ["L000001", "L000002", "L000003", "L000004"]
    assert _refs(gs, unit="isn-fp") == ["L000003"]
    with pytest.raises(PermissionDenied):
        _refs(register.users["wrong_officer"], unit="isn-hi")
    with pytest.raises(members.MemberEditError, match="no unit"):
        _refs(gs, unit="nowhere")


def test_wide_scopes_are_searched_from_the_people_side(register: Party, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(members, "FEW_UNITS", 0)  # every scope is "wide": the other strategy, same answers
    gs = register.users["general_secretary"]
    assert _refs(gs) == ["L000001", "L000002", "L000003", "L000004"]
    assert _refs(gs, unit="isn-fp") == ["L000003"]
    assert _refs(gs, standing="lapsed", unit="isn") == ["L000002"]
    assert _refs(register.users["right_officer"], text="bob") == ["L000002"]
    assert _refs(register.users["wrong_officer"], text="bob") == []


def test_a_long_walk_stops_and_says_how_far_it_searched(register: Party, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in (("FEW_UNITS", 0), ("FIRST_CHUNK", 1), ("MAX_WALK", 1)):
        monkeypatch.setattr(members, name, value)
    gs = register.users["general_secretary"]
    first = members.search(gs, members.Search(standing="lapsed"), TODAY)
    assert (first.rows, first.has_next, first.scanned_to, first.next_after) == ([], True, "L000001", "L000001")
    second = members.search(gs, members.Search(standing="lapsed", after="L000001"), TODAY)
    assert [row.person.ref for row in second.rows] == ["L000002"]


def test_filter_by_category_and_standing_today(register: Party) -> None:
    gs = register.users["general_secretary"]
    assert _refs(gs, category="registered_supporter") == ["L000004"]
    assert _refs(gs, standing="lapsed") == ["L000002"]
    assert _refs(gs, standing="active") == ["L000001", "L000003", "L000004"]
    assert _refs(gs, standing="active", category="member", unit="isn-hi") == ["L000001"]
    with pytest.raises(members.MemberEditError):
        _refs(gs, standing="asleep")


def test_rows_carry_standing_and_a_page_takes_the_same_queries_whatever_its_length(register: Party) -> None:
    gs = register.users["general_secretary"]

    def register_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            members.search(gs, members.Search(), TODAY)
        return len([q for q in queries.captured_queries if "members_" in q["sql"]])

    small = register_queries()
    for n in range(60):
        _person(f"M{n:06d}", f"Member {n}", "", register.branch, [("joined", dt.date(2020, 1, 1))])
    assert register_queries() == small <= 3  # member ids, the page's people, their memberships
    results = members.search(gs, members.Search(), TODAY)
    assert len(results.rows) == members.PAGE_SIZE and results.has_next
    assert results.next_after == results.rows[-1].person.ref
    second = members.search(gs, members.Search(after=results.next_after or ""), TODAY)
    assert not second.has_next and len(second.rows) == 64 - members.PAGE_SIZE
    assert second.rows[0].person.ref > results.rows[-1].person.ref
    bob = next(row for row in members.search(gs, members.Search(text="bob"), TODAY).rows)
    assert [standing.value for _, standing in bob.memberships] == ["lapsed"]


def test_change_contact_writes_the_person_and_an_audit_row(register: Party) -> None:
    officer = register.users["right_officer"]
    members.change_contact(officer, register.person, "Ada Lovelace", "ada@lovelace.org")
    person = Person.objects.get(ref="L000001")
    assert (person.name, person.email) == ("Ada Lovelace", "ada@lovelace.org")
    entry = AuditEntry.objects.get(action="change contact details")
    assert entry.actor == "right_officer"
    assert entry.before == {"name": "Ada Member", "email": "ada@example.org"}
    assert entry.after == {"name": "Ada Lovelace", "email": "ada@lovelace.org"}


def test_change_contact_refuses_bad_input_and_the_wrong_officer(register: Party) -> None:
    officer = register.users["right_officer"]
    with pytest.raises(members.MemberEditError, match="not an e-mail"):
        members.change_contact(officer, register.person, "Ada", "not-an-address")
    with pytest.raises(members.MemberEditError, match="name is required"):
        members.change_contact(officer, register.person, "  ", "")
    with pytest.raises(PermissionDenied):
        members.change_contact(register.users["wrong_officer"], register.person, "Ada X", "")
    assert not AuditEntry.objects.exists()


def test_status_change_is_appended_with_history_before_and_after_in_the_audit(register: Party) -> None:
    membership = register.person.memberships.get()
    members.change_status(
        register.users["right_officer"], membership, "suspended", dt.date(2026, 1, 5), "pending inquiry"
    )
    members.change_status(register.users["right_officer"], membership, "reinstated", dt.date(2026, 3, 1))
    history = list(membership.changes.values_list("status", "on", "note"))
    assert history == [
        ("joined", dt.date(2010, 5, 1), ""),
        ("suspended", dt.date(2026, 1, 5), "pending inquiry"),
        ("reinstated", dt.date(2026, 3, 1), ""),
    ]
    entry = AuditEntry.objects.filter(action="record status reinstated").get()
    assert [c["status"] for c in entry.before["history"]] == ["joined", "suspended"]
    assert [c["status"] for c in entry.after["history"]] == ["joined", "suspended", "reinstated"]
    assert entry.object_type == "members.Membership" and entry.object_id == str(membership.pk)


@pytest.mark.parametrize(
    ("status", "words"),
    [
        ("rejoined", "good standing"),
        ("joined", "good standing"),
        ("reinstated", "good standing"),
        ("archived", "no status"),
    ],
)
def test_impossible_transitions_are_refused_in_words(register: Party, status: str, words: str) -> None:
    membership = register.person.memberships.get()
    with pytest.raises(members.MemberEditError, match=words):
        members.change_status(register.users["right_officer"], membership, status, TODAY)
    assert membership.changes.count() == 1 and not AuditEntry.objects.exists()


def test_a_lapsed_member_may_rejoin_but_not_be_reinstated(register: Party) -> None:
    bob = Membership.objects.get(person__ref="L000002")
    officer = register.users["right_officer"]
    with pytest.raises(members.MemberEditError, match="possible now: expelled, rejoined"):
        members.change_status(officer, bob, Status.REINSTATED, TODAY)
    members.change_status(officer, bob, Status.REJOINED, TODAY)
    assert bob.changes.last().status == "rejoined"


def test_history_is_never_rewritten_by_a_change_dated_before_the_last(register: Party) -> None:
    bob = Membership.objects.get(person__ref="L000002")
    with pytest.raises(members.MemberEditError, match="before the last recorded change"):
        members.change_status(register.users["right_officer"], bob, "rejoined", dt.date(2019, 6, 1))


def test_status_change_needs_members_edit_over_the_unit(register: Party) -> None:
    with pytest.raises(PermissionDenied):
        members.change_status(register.users["wrong_officer"], register.person.memberships.get(), "lapsed", TODAY)
    with pytest.raises(PermissionDenied):
        members.change_status(register.users["auditor"], register.person.memberships.get(), "lapsed", TODAY)


def test_record_payment_and_its_audit_row(register: Party) -> None:
    membership = register.person.memberships.get()
    at = timezone.make_aware(dt.datetime(2026, 4, 1, 10, 30))
    pence = members.parse_pence("£25.00")
    members.record_payment(register.users["right_officer"], membership, pence, at, dt.date(2027, 3, 31))
    payment = membership.payments.get()
    assert (payment.pence, payment.covers_until) == (2500, dt.date(2027, 3, 31))
    entry = AuditEntry.objects.get(action="record payment")
    assert entry.before is None and entry.after["payment"]["pence"] == 2500


@pytest.mark.parametrize("amount", ["", "abc", "0", "-5", "1.234", "1000000", "nan"])
def test_bad_amounts_are_refused_in_words(amount: str) -> None:
    with pytest.raises(members.MemberEditError):
        members.parse_pence(amount)


def test_a_payment_cannot_cover_only_days_before_it(register: Party) -> None:
    at = timezone.make_aware(dt.datetime(2026, 4, 1, 10, 30))
    with pytest.raises(members.MemberEditError, match="before it was made"):
        members.record_payment(
            register.users["right_officer"], register.person.memberships.get(), 100, at, dt.date(2026, 1, 1)
        )


def test_move_needs_members_edit_on_both_units(register: Party) -> None:
    membership = register.person.memberships.get()
    with pytest.raises(PermissionDenied):
        members.move(register.users["right_officer"], membership, "isn-fp")
    members.move(register.users["general_secretary"], membership, "isn-fp")
    membership.refresh_from_db()
    assert membership.unit == register.other_branch
    assert membership.changes.count() == 1  # the history moves with it
    entry = AuditEntry.objects.get(action="move membership")
    assert (entry.before, entry.after) == ({"unit": "isn-hi"}, {"unit": "isn-fp"})


def test_move_refuses_unknown_and_same_units(register: Party) -> None:
    membership = register.person.memberships.get()
    gs = register.users["general_secretary"]
    with pytest.raises(members.MemberEditError, match="no unit"):
        members.move(gs, membership, "nowhere")
    with pytest.raises(members.MemberEditError, match="already in Highbury"):
        members.move(gs, membership, "isn-hi")


def test_trail_lists_the_audit_rows_about_the_person_newest_first(register: Party) -> None:
    officer = register.users["right_officer"]
    members.change_contact(officer, register.person, "Ada B", "")
    members.change_status(officer, register.person.memberships.get(), "lapsed", TODAY)
    other = Person.objects.get(ref="L000002")
    members.change_contact(officer, other, "Bob B", "")
    actions = [entry.action for entry in members.trail(members.record_of("L000001"))]
    assert actions == ["record status lapsed", "change contact details"]
