"""Attacks on weighted voters, colleges and proxies (docs/ballots.md, "Weighted voters and
colleges" and "Proxies"): changing a weight or a section after the roll is frozen, by any path;
and (below) proxies where the rulebook forbids them, beyond `max_held`, from another
organisation, and casting twice through a proxy and oneself."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction
from tests.services.test_ballots_weights import (
    CARDS,
    college_party,
    open_card_vote,
    open_college,
)
from tests.services.test_ballots_weights import party as party  # the fixture
from tests.web.visitors import Party

from hustings.store.ballots.models import RollEntry

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
