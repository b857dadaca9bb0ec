"""Scrutineers registered at the opening, and their signatures stored only once they verify
(docs/ballots.md, "Scrutineers sign the head")."""

from __future__ import annotations

import json
from typing import Any

import pytest
from tests.web.visitors import Party, make_party, open_leadership_ballot

from hustings.board import signatures
from hustings.board.verify import verify_board
from hustings.services import ballots as svc
from hustings.store.ballots.models import Ballot, ScrutineerSignature

pytestmark = pytest.mark.django_db

KEYS = [signatures.read_key(json.dumps(signatures.new_key())) for _ in range(2)]


@pytest.fixture
def party(db: None) -> Party:
    return make_party()


def open_ballot(party: Party, scrutineers: Any = None) -> Ballot:
    agents = [("Ann's agent", signatures.public_of(KEYS[0])), ("Bob's agent", signatures.public_of(KEYS[1]))]
    return open_leadership_ballot(
        party, "Chair", ["Ann", "Bob"], scrutineers=agents if scrutineers is None else scrutineers
    )


def record(ballot: Ballot, key: int = 0, stage: str = "opened") -> dict[str, Any]:
    entry = next(e for e in svc.bulletin_board(ballot)["entries"] if e["kind"] == stage)
    return signatures.sign(KEYS[key], f"party/{ballot.pk}", stage, entry["seq"], entry["digest"])


def test_the_opened_entry_registers_the_scrutineers(party: Party) -> None:
    ballot = open_ballot(party)
    board = svc.bulletin_board(ballot)
    opened = board["entries"][0]["data"]
    assert [s["name"] for s in opened["scrutineers"]] == ["Ann's agent", "Bob's agent"]
    assert opened["ballot_id"] == ballot.pk
    assert [s["signatures"] for s in board["scrutineers"]] == [[], []]


@pytest.mark.parametrize(
    ("scrutineers", "words"),
    [
        ([("Sam", "not a key")], "not base64"),
        ([("Sam", "AAAA")], "32 bytes"),
        ([("", signatures.new_key()["public_key"])], "needs a name"),
        ([("Sam", signatures.new_key()["public_key"]), ("Sam", signatures.new_key()["public_key"])], "named twice"),
        ([("Sam", k := signatures.new_key()["public_key"]), ("Kim", k)], "same key"),
    ],
)
def test_bad_scrutineers_are_refused_and_no_ballot_opens(party: Party, scrutineers: Any, words: str) -> None:
    with pytest.raises(svc.BallotError, match=words):
        open_ballot(party, scrutineers)
    assert not Ballot.objects.exists()


def test_a_valid_signature_is_stored_once_and_goes_on_the_board(party: Party) -> None:
    ballot = open_ballot(party)
    first = svc.record_signature(ballot.pk, record(ballot))
    again = svc.record_signature(ballot.pk, record(ballot))
    assert first.pk == again.pk and ScrutineerSignature.objects.count() == 1
    board = svc.bulletin_board(ballot)
    assert board["scrutineers"][0]["signatures"][0]["stage"] == "opened"
    verdict = verify_board(board, [signatures.public_of(KEYS[0])])
    assert {c.name for c in verdict.failed} == {"scrutineer.unsigned"}  # Bob's agent has not signed yet
    svc.record_signature(ballot.pk, record(ballot, key=1))
    assert verify_board(svc.bulletin_board(ballot), [signatures.public_of(k) for k in KEYS]).verified


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"signature": "A" * 88}, "does not verify"),
        ({"signature": None}, "does not verify"),
        ({"public_key": signatures.new_key()["public_key"]}, "not a scrutineer"),
        ({"stage": "counted"}, "stage must be"),
        ({"head": "0" * 64}, "another opened head"),
        ({"seq": 3}, "another opened head"),
    ],
)
def test_a_bad_signature_record_is_refused(party: Party, change: dict[str, Any], words: str) -> None:
    ballot = open_ballot(party)
    with pytest.raises(svc.SignatureRefused, match=words):
        svc.record_signature(ballot.pk, {**record(ballot), **change})
    assert not ScrutineerSignature.objects.exists()


def test_the_closing_head_cannot_be_signed_before_the_close(party: Party) -> None:
    ballot = open_ballot(party)
    opened = record(ballot)
    with pytest.raises(svc.SignatureRefused, match="no 'closed' entry"):
        svc.record_signature(ballot.pk, {**opened, "stage": "closed"})


def test_a_signature_for_another_ballot_is_refused(party: Party) -> None:
    one, two = open_ballot(party), open_ballot(party)
    signed = record(one)
    with pytest.raises(svc.SignatureRefused):
        svc.record_signature(two.pk, {k: v for k, v in signed.items() if k not in ("seq", "head")})


def test_a_record_that_is_not_an_object_is_refused(party: Party) -> None:
    ballot = open_ballot(party)
    with pytest.raises(svc.SignatureRefused):
        svc.record_signature(ballot.pk, ["x"])  # type: ignore[arg-type]
