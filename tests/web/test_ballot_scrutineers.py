"""The scrutineers' page and API: open a ballot with scrutineers, list them with fingerprints,
upload a signature record (anyone may: only a valid signature is stored)."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from tests.web.visitors import VISITORS, Matrix, Party

from hustings.board import signatures
from hustings.services import ballots as svc
from hustings.store.ballots.models import Ballot, ScrutineerSignature

KEY = signatures.read_key(json.dumps(signatures.new_key()))
PUBLIC = signatures.public_of(KEY)


@pytest.fixture
def ballot(party: Party) -> Ballot:
    client = Client()
    client.force_login(party.users["returning_officer"])
    data = {
        "organisation": party.organisation.slug,
        "title": "Chair",
        "rulebook": "labour-2016",
        "process_kind": "leadership_challenge",
        "method": "irv",
        "seats": "1",
        "candidates": "Ann\nBob",
        "scrutineers": f"Sam Scrutineer {PUBLIC}\n",
    }
    assert client.post("/ballots/new/", data).status_code == 302
    return Ballot.objects.get(title="Chair")


def signed(ballot: Ballot, stage: str = "opened") -> dict[str, object]:
    entry = next(e for e in svc.bulletin_board(ballot)["entries"] if e["kind"] == stage)
    return signatures.sign(KEY, f"party/{ballot.pk}", stage, entry["seq"], entry["digest"])


def test_the_open_form_registers_scrutineers(ballot: Ballot) -> None:
    assert [(s.name, s.public_key) for s in ballot.scrutineers.all()] == [("Sam Scrutineer", PUBLIC)]


def test_the_open_form_explains_a_bad_key(party: Party) -> None:
    client = Client()
    client.force_login(party.users["returning_officer"])
    data = {"organisation": party.organisation.slug, "title": "T", "rulebook": "labour-2016"}
    data |= {"process_kind": "leadership_challenge", "method": "irv", "seats": "1", "candidates": "A\nB"}
    response = client.post("/ballots/new/", {**data, "scrutineers": "Sam not-a-key"})
    assert response.status_code == 200 and b"not base64" in response.content
    assert not Ballot.objects.exists()


def test_the_scrutineers_page_is_public(ballot: Ballot, matrix: Matrix) -> None:
    matrix.check(f"/ballots/{ballot.pk}/scrutineers/", set(VISITORS))
    page = Client().get(f"/ballots/{ballot.pk}/scrutineers/").content.decode()
    assert "Sam Scrutineer" in page and signatures.fingerprint(PUBLIC) in page and "nothing yet" in page


def test_anyone_uploads_a_valid_signature_through_the_page(ballot: Ballot) -> None:
    client = Client(enforce_csrf_checks=False)
    response = client.post(f"/ballots/{ballot.pk}/scrutineers/", {"record": json.dumps(signed(ballot))})
    assert response.status_code == 302
    assert ScrutineerSignature.objects.get().stage == "opened"
    assert "nothing yet" not in client.get(f"/ballots/{ballot.pk}/scrutineers/").content.decode()


@pytest.mark.parametrize("text", ["{not json", '{"stage": "opened"}', "[" * 5000])
def test_a_bad_upload_is_refused_with_the_reason(ballot: Ballot, text: str) -> None:
    response = Client().post(f"/ballots/{ballot.pk}/scrutineers/", {"record": text})
    assert response.status_code == 400 and b"errorlist" in response.content
    assert not ScrutineerSignature.objects.exists()


def test_a_forged_signature_is_refused_through_the_page(ballot: Ballot) -> None:
    record = {**signed(ballot), "signature": signed(ballot)["signature"][:-4] + "AAA="}
    response = Client().post(f"/ballots/{ballot.pk}/scrutineers/", {"record": json.dumps(record)})
    assert response.status_code == 400 and b"does not verify" in response.content


def test_the_api_takes_a_signature_record(ballot: Ballot) -> None:
    client = Client()
    url = f"/api/ballots/{ballot.pk}/signatures"
    response = client.post(url, signed(ballot), content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["scrutineer"] == "Sam Scrutineer" and response.json()["stage"] == "opened"
    bad = {**signed(ballot), "public_key": signatures.new_key()["public_key"]}
    assert client.post(url, bad, content_type="application/json").status_code == 400
    missing = client.post("/api/ballots/99999/signatures", signed(ballot), content_type="application/json")
    assert missing.status_code == 404
    board = client.get(f"/ballots/{ballot.pk}/board.json").json()
    assert board["scrutineers"][0]["signatures"][0]["signature"] == signed(ballot)["signature"]
