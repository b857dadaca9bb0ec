"""The register's tables: a unit tree, memberships with their history in date order, choices from the rules."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from hustings.rules import Category, Status
from hustings.store.members.models import Membership, Person, StatusChange
from hustings.store.organisations.models import Organisation, Unit

pytestmark = pytest.mark.django_db


def test_units_form_a_tree_through_their_parent() -> None:
    party = Organisation.objects.create(slug="party", name="A Party")
    nation = Unit.objects.create(organisation=party, code="eng", name="England", kind="nation")
    region = Unit.objects.create(organisation=party, code="ldn", name="London", kind="region", parent=nation)
    clp = Unit.objects.create(
        organisation=party, code="isn", name="Islington North", kind="constituency", parent=region
    )
    assert clp.parent is not None and clp.parent.parent == nation
    assert list(nation.children.all()) == [region]


def test_unit_codes_are_unique() -> None:
    party = Organisation.objects.create(slug="party", name="A Party")
    Unit.objects.create(organisation=party, code="eng", name="England", kind="nation")
    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.create(organisation=party, code="eng", name="Elsewhere", kind="nation")


def test_status_changes_come_back_in_date_order_whatever_the_order_written() -> None:
    party = Organisation.objects.create(slug="party", name="A Party")
    unit = Unit.objects.create(organisation=party, code="b1", name="Branch 1", kind="branch")
    membership = Membership.objects.create(
        person=Person.objects.create(ref="M1", name="A. Member"), unit=unit, category=Category.MEMBER
    )
    StatusChange.objects.create(membership=membership, status=Status.LAPSED, on=dt.date(2017, 1, 1))
    StatusChange.objects.create(membership=membership, status=Status.JOINED, on=dt.date(2015, 5, 8))
    StatusChange.objects.create(membership=membership, status=Status.REJOINED, on=dt.date(2018, 2, 3))
    assert [c.status for c in membership.changes.all()] == ["joined", "lapsed", "rejoined"]


def test_a_category_the_rules_do_not_know_is_refused_by_validation() -> None:
    party = Organisation.objects.create(slug="party", name="A Party")
    unit = Unit.objects.create(organisation=party, code="b1", name="Branch 1", kind="branch")
    membership = Membership(person=Person.objects.create(ref="M1", name="A. Member"), unit=unit, category="friend")
    with pytest.raises(ValidationError, match="category"):
        membership.full_clean()
