"""What the REST API's endpoints answer: the unit tree and its filters, the register's search with
its filters and pages, a person's record, eligibility with its reasons and the rulebooks as JSON;
errors in words; list endpoints in a fixed number of queries whatever the number of rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from tests.web.visitors import Party

from hustings.rules import Category, OfficeKind, Status, shipped_rulebooks
from hustings.store.accounts.models import ApiToken
from hustings.store.members.models import Membership, Office, Payment, Person, StatusChange
from hustings.store.organisations.models import Unit


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    """The party's accounts hash their passwords fast: these tests sign in by token only."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class Api:
    """A client that sends one visitor's bearer key with every request."""

    def __init__(self, party: Party, visitor: str) -> None:
        self.key = ApiToken.issue(party.users[visitor], "tests")[1]
        self.client = Client()

    def get(self, url: str, **params: object) -> Any:
        return self.client.get(url, params, HTTP_AUTHORIZATION=f"Bearer {self.key}")


@pytest.fixture
def gs(party: Party) -> Api:
    return Api(party, "general_secretary")


def person(ref: str, name: str, unit: Unit, joined: dt.date, category: str = Category.MEMBER) -> Person:
    row = Person.objects.create(ref=ref, name=name, email=f"{ref.lower()}@example.org")
    membership = Membership.objects.create(person=row, unit=unit, category=category)
    StatusChange.objects.create(membership=membership, status=Status.JOINED, on=joined)
    return row


# --- units ------------------------------------------------------------------------------------


def test_units_form_a_tree_each_naming_its_parent(gs: Api) -> None:
    units = {row["code"]: row for row in gs.get("/api/units/").json()}
    assert units["eng"]["parent"] is None
    assert units["isn-hi"] == {
        "code": "isn-hi",
        "name": "Highbury",
        "kind": "branch",
        "organisation": "party",
        "parent": "isn",
    }


def test_units_filter_by_organisation_and_parent(gs: Api) -> None:
    children = gs.get("/api/units/", organisation="party", parent="isn").json()
    assert [row["code"] for row in children] == ["isn-fp", "isn-hi"]
    assert gs.get("/api/units/", organisation="nobody").json() == {"detail": "no organisation 'nobody'"}
    assert gs.get("/api/units/", parent="nowhere").status_code == 404


def test_a_unit_with_its_ancestors_and_children(gs: Api) -> None:
    body = gs.get("/api/units/isn/").json()
    assert [row["code"] for row in body["ancestors"]] == ["ldn", "eng"]
    assert [row["code"] for row in body["children"]] == ["isn-fp", "isn-hi"]
    missing = gs.get("/api/units/atlantis/")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "no unit 'atlantis'"}


def test_organisations(gs: Api) -> None:
    assert gs.get("/api/organisations/").json() == [{"slug": "party", "name": "A Party"}]


# --- members ----------------------------------------------------------------------------------


@pytest.fixture
def register(party: Party) -> Party:
    person("L000002", "Bea Branch", party.other_branch, dt.date(2016, 3, 1))
    person("S000003", "Cal Supporter", party.branch, dt.date(2016, 7, 18), Category.REGISTERED_SUPPORTER)
    return party


def refs(body: dict[str, Any]) -> list[str]:
    return [row["ref"] for row in body["items"]]


def test_members_filter_by_unit_beneath_category_and_words(gs: Api, register: Party) -> None:
    assert refs(gs.get("/api/members/").json()) == ["L000001", "L000002", "S000003"]
    assert refs(gs.get("/api/members/", unit="isn").json()) == ["L000001", "L000002", "S000003"]
    assert refs(gs.get("/api/members/", unit="isn-fp").json()) == ["L000002"]
    assert refs(gs.get("/api/members/", category="registered_supporter").json()) == ["S000003"]
    assert refs(gs.get("/api/members/", q="bea").json()) == ["L000002"]
    assert refs(gs.get("/api/members/", q="s000003@example.org").json()) == ["S000003"]
    assert refs(gs.get("/api/members/", q="S00").json()) == ["S000003"]
    assert refs(gs.get("/api/members/", standing="active", category="member").json()) == ["L000001", "L000002"]
    assert gs.get("/api/members/", unit="atlantis").json() == {"detail": "there is no unit with the code 'atlantis'"}
    assert gs.get("/api/members/", category="friend").status_code == 422
    assert gs.get("/api/members/", standing="asleep").status_code == 422


def test_members_come_in_pages_of_50_each_after_the_last_ref_of_the_one_before(gs: Api, party: Party) -> None:
    for number in range(2, 62):
        person(f"L{number:06d}", f"Member {number}", party.branch, dt.date(2015, 1, 1))
    first = gs.get("/api/members/").json()
    assert len(first["items"]) == 50 and first["next_after"] == "L000050"
    second = gs.get("/api/members/", after=first["next_after"]).json()
    assert refs(second) == [f"L{number:06d}" for number in range(51, 62)]
    assert second["next_after"] is None


def test_an_officer_sees_only_the_memberships_in_their_scope(party: Party) -> None:
    both = person("L000004", "Dee Both", party.branch, dt.date(2012, 1, 1))
    Membership.objects.create(person=both, unit=party.other_branch, category=Category.REGISTERED_SUPPORTER)
    officer = Api(party, "right_officer")
    row = next(r for r in officer.get("/api/members/").json()["items"] if r["ref"] == "L000004")
    assert row["memberships"] == [
        {"unit": "isn-hi", "unit_name": "Highbury", "category": "member", "standing": "active"}
    ]
    detail = officer.get("/api/members/L000004/").json()
    assert [m["unit"] for m in detail["memberships"]] == ["isn-hi"]
    everything = Api(party, "general_secretary").get("/api/members/L000004/").json()
    assert [m["unit"] for m in everything["memberships"]] == ["isn-hi", "isn-fp"]


def test_a_record_has_history_payments_and_offices(party: Party) -> None:
    membership = party.person.memberships.get()
    StatusChange.objects.create(membership=membership, status=Status.LAPSED, on=dt.date(2014, 1, 1), note="unpaid")
    StatusChange.objects.create(membership=membership, status=Status.REJOINED, on=dt.date(2015, 6, 1))
    Payment.objects.create(
        membership=membership, at=timezone.make_aware(dt.datetime(2015, 6, 1, 12)), pence=4700, covers_until=None
    )
    Office.objects.create(
        person=party.person, kind=OfficeKind.BRANCH_OFFICER, unit=party.branch, start=dt.date(2016, 1, 1)
    )
    body = Api(party, "member").get("/api/members/L000001/").json()
    (only,) = body["memberships"]
    assert only["standing"] == "active"
    assert [(c["status"], c["on"], c["note"]) for c in only["history"]] == [
        ("joined", "2010-05-01", ""),
        ("lapsed", "2014-01-01", "unpaid"),
        ("rejoined", "2015-06-01", ""),
    ]
    assert [p["pence"] for p in only["payments"]] == [4700]
    assert body["offices"] == [
        {"kind": "branch officer", "unit": "isn-hi", "unit_name": "Highbury", "start": "2016-01-01", "end": None}
    ]


def test_listing_members_takes_the_same_queries_for_many_people(
    gs: Api, party: Party, django_assert_max_num_queries: Any
) -> None:
    for number in range(48):
        person(
            f"M{number:06d}",
            f"Member {number}",
            party.branch if number % 2 else party.other_branch,
            dt.date(2015, 1, 1),
        )
    with django_assert_max_num_queries(8):
        body = gs.get("/api/members/").json()
    assert len(body["items"]) == 49
    officer = Api(party, "right_officer")
    # One more than the general secretary's: a unit-scoped role is checked against suspensions in force.
    with django_assert_max_num_queries(10):
        body = officer.get("/api/members/").json()
    assert len(body["items"]) == 25
    with django_assert_max_num_queries(3):
        assert len(gs.get("/api/units/").json()) == 5


# --- eligibility -----------------------------------------------------------------------------


def eligibility(api: Api, ref: str, **extra: str) -> Any:
    params = {"person": ref, "rulebook": "labour-2016", "process": "leadership_challenge", "date": "2016-08-01"}
    return api.get("/api/eligibility/", **(params | extra))


def test_a_member_by_the_freeze_date_is_eligible_with_every_rule_applied(party: Party) -> None:
    body = eligibility(Api(party, "member"), "L000001").json()
    assert body["eligible"] is True
    assert body["category"] == "member"
    assert body["reason"] == "eligible as a member"
    assert body["rules_applied"] and all(rule["passed"] for rule in body["rules_applied"])
    assert all(rule["citation"] and rule["rule"] for rule in body["rules_applied"])


def test_a_member_who_joined_after_the_freeze_date_is_refused_with_the_rule(gs: Api, register: Party) -> None:
    """Evangelou v McNicol [2016] EWCA Civ 817: the 12 January 2016 freeze date stands."""
    body = eligibility(gs, "L000002").json()
    assert body["eligible"] is False
    assert body["category"] is None
    assert "2016-03-01" in body["reason"] and "2016-01-12" in body["reason"]
    assert "(rule NEC-2016/freeze)" in body["reason"]
    assert body["rules_applied"][0]["passed"] is False


def test_eligibility_takes_a_freeze_date(gs: Api) -> None:
    """Labour 2021: six months' membership by the freeze date named by the timetable."""
    params = {"rulebook": "labour-2021", "process": "leadership_vacancy", "date": "2021-09-01"}
    early = eligibility(gs, "L000001", freeze_date="2010-08-01", **params).json()
    late = eligibility(gs, "L000001", freeze_date="2021-08-01", **params).json()
    assert early["freeze_date"] == "2010-08-01"
    assert (early["eligible"], late["eligible"]) == (False, True)
    assert "6 months" in early["reason"] and "(rule 2021/six-months)" in early["reason"]


def test_eligibility_errors_are_clear(gs: Api) -> None:
    rulebook = eligibility(gs, "L000001", rulebook="labour-1900")
    assert rulebook.status_code == 404
    assert rulebook.json()["detail"].startswith("no rulebook 'labour-1900' (shipped: ")
    process = eligibility(gs, "L000001", process="coronation")
    assert process.status_code == 404
    assert "has no process 'coronation'" in process.json()["detail"]
    nobody = eligibility(gs, "X999999")
    assert (nobody.status_code, nobody.json()) == (404, {"detail": "no person 'X999999' on a register you may see"})
    assert eligibility(gs, "L000001", date="1 August 2016").status_code == 422
    assert eligibility(gs, "L000001", date="2016-02-30").status_code == 422
    assert gs.get("/api/eligibility/", person="L000001").status_code == 422


@pytest.mark.parametrize("name", ["../rulebooks/labour-2016", "/etc/hostname", "labour-2016.yaml"])
def test_a_rulebook_is_looked_up_by_shipped_name_never_by_path(gs: Api, name: str) -> None:
    assert eligibility(gs, "L000001", rulebook=name).status_code == 404
    assert gs.get("/api/rulebooks/", name=name).status_code == 200


# --- rulebooks --------------------------------------------------------------------------------


def test_every_shipped_rulebook_is_listed_with_its_processes(gs: Api) -> None:
    rows = gs.get("/api/rulebooks/").json()
    assert [row["name"] for row in rows] == shipped_rulebooks()
    labour = next(row for row in rows if row["name"] == "labour-2016")
    assert "leadership_challenge" in labour["processes"]
    assert labour["effective"] and labour["title"] and labour["version"]


def test_a_rulebook_as_json_keeps_fractions_exact(gs: Api) -> None:
    body = gs.get("/api/rulebooks/labour-2016/").json()
    assert {"name", "version", "title", "sources", "processes"} <= set(body)
    challenge = body["processes"]["leadership_challenge"]
    assert "member" in challenge["electorate"]
    assert any(s["id"] for s in body["sources"])
    assert '"fraction": "1/5"' in gs.get("/api/rulebooks/labour-2016/").content.decode()
    missing = gs.get("/api/rulebooks/labour-1900/")
    assert missing.status_code == 404 and "shipped: " in missing.json()["detail"]


def test_a_nul_character_in_a_parameter_is_refused_not_a_server_error(gs: Api) -> None:
    """PostgreSQL cannot hold a NUL in a string; schemathesis found the 500 this once gave."""
    assert gs.get("/api/members/", q="a\x00b").status_code == 422
    assert gs.get("/api/units/", parent="\x00").status_code == 422
    assert eligibility(gs, "L000001\x00").status_code == 422
    assert gs.get("/api/members/", q="x" * 201).status_code == 422
