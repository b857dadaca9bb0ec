"""Ballot secrecy: nothing in the database links a ballot in the box to a voter (docs/ballots.md, "Secrecy").

The test dumps every table (`dumpdata` of every app, and the box table by raw SQL) and checks that
the box has no column naming a voter or a time, no foreign key but to its ballot, no value shared
with any other row, and that its rows, read as stored and in key order, are not in the order cast.
"""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from tests.web.visitors import Party, make_party

from hustings.rules import Category, Status
from hustings.services import ballots as svc
from hustings.store.ballots.models import Ballot, BoxEntry
from hustings.store.members.models import Membership, Person, StatusChange

pytestmark = pytest.mark.django_db

CANDIDATES = ["Ann", "Bob", "Cat", "Dan"]
VOTERS = 40
BOX_COLUMNS = {"id", "ballot_id", "preferences", "salt", "digest", "tracking_code", "paper", "weight", "section"}
"""`weight` and `section` are the voter's weight class and college section, shared by every voter of
the class (docs/ballots.md, "Weighted voters and colleges"), never the voter."""


def cast_in_order(party: Party) -> tuple[Ballot, list[str], dict[str, str]]:
    for n in range(2, VOTERS + 1):
        person = Person.objects.create(ref=f"S{n:05d}", name=f"Voter {n}")
        membership = Membership.objects.create(person=person, unit=party.branch, category=Category.MEMBER)
        StatusChange.objects.create(membership=membership, status=Status.JOINED, on=dt.date(2012, 1, 1))
    ballot = svc.open_ballot(
        party.users["returning_officer"],
        organisation=party.organisation.slug,
        title="Secret",
        rulebook="labour-2016",
        process_kind="leadership_challenge",
        method="irv",
        seats=1,
        candidates=CANDIDATES,
        on_date=dt.date(2016, 8, 22),
    )
    codes = svc.issue_credentials(party.users["returning_officer"], ballot)
    order = []
    for i, (ref, code) in enumerate(sorted(codes.items())):
        prefs = [CANDIDATES[i % 4], CANDIDATES[(i + 1) % 4]]
        order.append(svc.cast(ballot.pk, code, prefs, f"{ref}-form").tracking_code)
    return ballot, order, codes


def dump() -> list[dict]:
    out = io.StringIO()
    call_command("dumpdata", "--natural-foreign", stdout=out)
    return json.loads(out.getvalue())


def raw_box() -> tuple[list[str], list[tuple]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM ballots_boxentry")
        return [c[0] for c in cursor.description], cursor.fetchall()


def test_the_box_has_no_voter_column_no_time_and_no_foreign_key_but_its_ballot() -> None:
    columns = {f.column for f in BoxEntry._meta.concrete_fields}
    assert columns == BOX_COLUMNS
    assert not [
        f
        for f in BoxEntry._meta.concrete_fields
        if f.get_internal_type() in ("DateField", "DateTimeField", "TimeField")
    ]
    with connection.cursor() as cursor:
        relations = connection.introspection.get_relations(cursor, "ballots_boxentry")
    assert {target for _, target in relations.values()} == {"ballots_ballot"}


def test_a_dump_of_every_table_does_not_link_ballots_to_voters() -> None:
    party = make_party()
    ballot, order, codes = cast_in_order(party)
    svc.close_ballot(party.users["returning_officer"], ballot)
    rows = dump()
    box = [r for r in rows if r["model"] == "ballots.boxentry"]
    others = [r for r in rows if r["model"] != "ballots.boxentry"]
    assert len(box) == VOTERS
    assert sum(1 for r in rows if r["model"] == "ballots.rollentry" and r["fields"]["voted"]) == VOTERS
    # No column of the box names a voter, a roll entry or a time.
    assert {f"{k}_id" if k == "ballot" else k for r in box for k in r["fields"]} | {"id"} == BOX_COLUMNS
    # No value of a box row (key, salt, hash, tracking code, preferences aside) is in any other row.
    text_of_others = json.dumps(others)
    for r in box:
        for value in (r["pk"], r["fields"]["salt"], r["fields"]["digest"], r["fields"]["tracking_code"]):
            assert str(value) not in text_of_others
    # Retry receipts are gone with the close: nothing is left that a voting code could find.
    assert not [r for r in rows if r["model"] == "ballots.retryreceipt"]
    assert not set(codes.values()) & {str(v) for r in box for v in r["fields"].values()}
    # Rows as stored and in key order are not the order of casting.
    columns, stored = raw_box()
    code_at = columns.index("tracking_code")
    physical = [row[code_at] for row in stored]
    assert sorted(physical) == sorted(order)
    assert physical != order
    assert [r["fields"]["tracking_code"] for r in box] != order
    # Roll entries carry no time and nothing of the box (weight and section are set at the freeze).
    roll = [r for r in rows if r["model"] == "ballots.rollentry"]
    assert set(roll[0]["fields"]) == {
        "ballot",
        "person",
        "eligible",
        "reason",
        "category",
        "credential_hash",
        "voted",
        "weight",
        "section",
    }
    # The audit log records officer actions only: no cast.
    assert not [r for r in rows if r["model"] == "audit.auditentry" and "cast" in r["fields"]["action"]]


@pytest.mark.django_db(transaction=True)  # each cast commits on its own, as in production
def test_no_cast_transaction_is_left_to_join_on_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row versions record their transaction (xmin) on PostgreSQL only")
    party = make_party()
    ballot, _, _ = cast_in_order(party)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(DISTINCT xmin::text) FROM ballots_boxentry")
        assert cursor.fetchone()[0] == VOTERS  # before the close, each cast wrote its own rows
    svc.close_ballot(party.users["returning_officer"], ballot)
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT xmin::text FROM ballots_boxentry")
        box = {r[0] for r in cursor.fetchall()}
        cursor.execute("SELECT DISTINCT xmin::text FROM ballots_rollentry WHERE voted")
        roll = {r[0] for r in cursor.fetchall()}
    assert len(box) == 1 and box == roll  # all written again by the closing transaction
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM ballots_retryreceipt")
        assert cursor.fetchone()[0] == 0  # and no retry receipt outlives the close
