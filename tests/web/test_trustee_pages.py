"""A trustee's page, step by step, through the web client: keys, dealing, confirming the key,
mixing, decrypting and signing, each trustee's side done on their own machine (`e2e_machines`)
with the files the page offers. Every refusal (someone not a trustee, a step out of turn, a forged
or malformed upload) answers one clear message and stores nothing."""

from __future__ import annotations

import html
import json
import random
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from tests.services.e2e_machines import Machine
from tests.services.test_ballots_e2e import TRUSTEES, e2e_party, encrypt, open_e2e
from tests.web.visitors import Party

from hustings.e2e import group
from hustings.e2e.verify import verify_board
from hustings.services import ballots as svc
from hustings.services.ballots.e2e import voting
from hustings.store.ballots.models import (
    Ballot,
    Dealing,
    PartialDecryption,
    Shuffle,
    Status,
    Trustee,
    TrusteeSignature,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def party(db: None) -> Party:
    return e2e_party()


def client_of(party: Party, position: int) -> Client:
    client = Client()
    client.force_login(party.users[TRUSTEES[position - 1]])
    return client


def download(client: Client, ballot: Ballot, name: str) -> Any:
    response = client.get(f"/ballots/{ballot.pk}/trustee/{name}")
    assert response.status_code == 200, (name, response.content[:200])
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    return json.loads(response.content)


def upload(client: Client, ballot: Ballot, step: str, document: object, **extra: str) -> Any:
    text = document if isinstance(document, str) else json.dumps(document)
    return client.post(f"/ballots/{ballot.pk}/trustee/", {"step": step, "text": text, **extra})


def accepted(response: Any) -> None:
    """Stored: back to the trustee's page (which then says so)."""
    assert response.status_code == 302, errors(response)
    assert response["Location"].endswith("/trustee/")


def errors(response: Any) -> list[str]:
    """The form's error messages on the page, unescaped."""
    found = re.findall(r'<ul class="errorlist nonfield">(.*?)</ul>', response.content.decode(), re.S)
    return [html.unescape(m) for block in found for m in re.findall(r"<li>(.*?)</li>", block, re.S)]


def refused(response: Any, message: str) -> None:
    """One clear message (the service's words, capitalised), status 400, no traceback."""
    assert response.status_code == 400
    shown = errors(response)
    assert len(shown) == 1 and message.lower() in shown[0].lower(), shown
    assert "Traceback" not in response.content.decode()


def step_of(client: Client, ballot: Ballot) -> str:
    page = client.get(f"/ballots/{ballot.pk}/trustee/")
    assert page.status_code == 200
    return page.content.decode()


def test_each_step_of_the_key_ceremony_through_the_trustee_page(party: Party) -> None:
    rng = random.Random(21)
    ballot = open_e2e(party)
    machines = {i: Machine(i, rng) for i in (1, 2, 3)}
    clients = {i: client_of(party, i) for i in (1, 2, 3)}

    # Someone not a trustee: 403 for the page and the files; a signed-out visitor is sent to sign in.
    officer = Client()
    officer.force_login(party.users["returning_officer"])
    assert officer.get(f"/ballots/{ballot.pk}/trustee/").status_code == 403
    assert officer.get(f"/ballots/{ballot.pk}/trustee/election.json").status_code == 403
    assert Client().get(f"/ballots/{ballot.pk}/trustee/").status_code == 302

    # Keys.
    page = step_of(clients[1], ballot)
    assert f"hustings trustee keygen --election election.json --trustee 1 -o trustee-{ballot.pk}" in page
    election = download(clients[1], ballot, "election.json")
    assert clients[1].get(f"/ballots/{ballot.pk}/trustee/roster.json").status_code == 404  # not everyone yet
    public, signing = machines[2].keys(election)
    refused(upload(clients[1], ballot, "keys", public, signing_key=signing), "for trustee 2, not 1")
    public, signing = machines[1].keys(election)
    refused(upload(clients[1], ballot, "keys", public, signing_key="not a key"), "The signing key")
    refused(upload(clients[1], ballot, "keys", "{not json", signing_key=signing), "Not the JSON file")
    refused(upload(clients[1], ballot, "deal", {"election": election["election"]}), "wait until every trustee")
    refused(upload(clients[1], ballot, "mix", {"context": []}), "mixing and decrypting happen after the close")
    refused(upload(clients[1], ballot, "unheard-of", {}), "No step 'unheard-of'")
    assert not Trustee.objects.filter(ballot=ballot).exclude(box_key="").exists()
    file = SimpleUploadedFile("trustee.json", json.dumps(public).encode(), content_type="application/json")
    response = clients[1].post(
        f"/ballots/{ballot.pk}/trustee/", {"step": "keys", "document": file, "signing_key": signing}
    )
    accepted(response)
    assert "Your keys are registered." in clients[1].get(response["Location"]).content.decode()
    assert "Waiting for the other trustees to register their keys" in step_of(clients[1], ballot)
    refused(upload(clients[2], ballot, "keys", machines[2].keys(election)[0], signing_key=signing), "another trustee")
    for i in (2, 3):
        public, signing = machines[i].keys(election)
        accepted(upload(clients[i], ballot, "keys", public, signing_key=signing))

    # Dealing.
    assert f"hustings trustee deal trustee-{ballot.pk} --roster roster.json -o dealing.json" in step_of(
        clients[1], ballot
    )
    roster = download(clients[1], ballot, "roster.json")
    dealing = machines[1].deal(roster)
    forged = json.loads(json.dumps(dealing))
    forged["dealing"]["commitments"][0] = group.G.hex()
    refused(upload(clients[1], ballot, "deal", forged), "fails its checks")
    refused(upload(clients[1], ballot, "deal", machines[2].deal(roster)), "trustee 2's dealing; you are trustee 1")
    assert not Dealing.objects.exists()
    accepted(upload(clients[1], ballot, "deal", dealing))
    refused(upload(clients[1], ballot, "deal", dealing), "You have dealt already")
    refused(upload(clients[1], ballot, "keys", machines[1].keys(election)[0], signing_key=signing), "started dealing")
    for i in (2, 3):
        accepted(upload(clients[i], ballot, "deal", machines[i].deal(download(clients[i], ballot, "roster.json"))))

    # Confirming the key.
    page = step_of(clients[2], ballot)
    assert f"hustings trustee receive trustee-{ballot.pk} dealing-1.json dealing-2.json dealing-3.json" in page
    dealings = [download(clients[2], ballot, f"dealing-{i}.json") for i in (1, 2, 3)]
    assert clients[2].get(f"/ballots/{ballot.pk}/trustee/dealing-4.json").status_code == 404
    record = machines[2].receive(dealings)
    wrong = {**record, "public_key": group.G.hex()}
    refused(upload(clients[2], ballot, "confirm", wrong), "not the one the dealings make")
    assert not Trustee.objects.filter(confirmed=True).exists()
    for i in (2, 1, 3):
        accepted(upload(clients[i], ballot, "confirm", machines[i].receive(dealings)))
    ballot.refresh_from_db()
    assert ballot.status == Status.OPEN
    assert "voting is open" in step_of(clients[1], ballot)
    refused(upload(clients[1], ballot, "confirm", record), "The key ceremony is over")


@pytest.fixture
def closed(party: Party) -> tuple[Ballot, dict[int, Machine], dict[int, Client]]:
    """A ranked ballot through its ceremony (on the pages), four ballots cast, the box closed."""
    rng = random.Random(22)
    ballot = open_e2e(party)
    machines = {i: Machine(i, rng) for i in (1, 2, 3)}
    clients = {i: client_of(party, i) for i in (1, 2, 3)}
    election = download(clients[1], ballot, "election.json")
    for i in (1, 2, 3):
        public, signing = machines[i].keys(election)
        accepted(upload(clients[i], ballot, "keys", public, signing_key=signing))
    roster = download(clients[1], ballot, "roster.json")
    for i in (1, 2, 3):
        accepted(upload(clients[i], ballot, "deal", machines[i].deal(roster)))
    dealings = [download(clients[1], ballot, f"dealing-{i}.json") for i in (1, 2, 3)]
    for i in (1, 2, 3):
        accepted(upload(clients[i], ballot, "confirm", machines[i].receive(dealings)))
    ballot.refresh_from_db()
    codes = list(svc.issue_credentials(party.users["returning_officer"], ballot).values())
    for code, wish in zip(codes, [[1, 2], [2], [3, 1], [2, 3]], strict=False):
        voting.cast(ballot.pk, code, encrypt(ballot, wish, rng)[0].to_json())
    svc.close_ballot(party.users["returning_officer"], ballot)
    ballot.refresh_from_db()
    return ballot, machines, clients


def test_mixing_decrypting_and_signing_through_the_trustee_page(
    closed: tuple[Ballot, dict[int, Machine], dict[int, Client]],
) -> None:
    ballot, machines, clients = closed

    # Mix: trustee 1, then trustee 3; trustee 2 is absent.
    assert f"hustings trustee mix trustee-{ballot.pk} list.json -o shuffle.json" in step_of(clients[1], ballot)
    refused(upload(clients[1], ballot, "decrypt", {"context": []}), "the mix is not complete: 0 of 2")
    listed = download(clients[1], ballot, "list.json")
    assert listed["context"] == [listed["election"], "mix", 1] and len(listed["rows"]) == 4
    honest = machines[1].mix(listed)
    forged = {**honest, "rows": honest["rows"][1:] + honest["rows"][:1]}
    forged["rows"][0] = listed["rows"][0]
    refused(upload(clients[1], ballot, "mix", forged), "fails its proof")
    refused(upload(clients[1], ballot, "mix", {**honest, "proof": {"nonsense": 1}}), "The shuffle is malformed")
    assert not Shuffle.objects.exists()
    accepted(upload(clients[1], ballot, "mix", honest))
    assert "Waiting for the other trustees to mix" in step_of(clients[1], ballot)
    refused(
        upload(clients[1], ballot, "mix", machines[1].mix(download(clients[1], ballot, "list.json"))),
        "each trustee mixes once",
    )
    refused(upload(clients[3], ballot, "mix", honest), "not of the current list")
    accepted(upload(clients[3], ballot, "mix", machines[3].mix(download(clients[3], ballot, "list.json"))))
    assert clients[2].get(f"/ballots/{ballot.pk}/trustee/list.json").status_code == 404  # the mix is complete

    # Decrypt: trustee 3 first, then trustee 1, whose partial decryption counts the ballot.
    assert f"hustings trustee decrypt trustee-{ballot.pk} ciphertexts.json -o partial.json" in step_of(
        clients[3], ballot
    )
    document = download(clients[3], ballot, "ciphertexts.json")
    assert document["context"][1:] == ["mix"] and len(document["ciphertexts"]) == 4 * 3
    partial = machines[3].decrypt(document)
    shares = partial["partial"]["shares"]
    swapped = {**partial, "partial": {**partial["partial"], "shares": [shares[1], shares[0], *shares[2:]]}}
    refused(upload(clients[3], ballot, "decrypt", swapped), "fails its proof")
    refused(upload(clients[1], ballot, "decrypt", partial), "trustee 3's decryption; you are trustee 1")
    refused(upload(clients[3], ballot, "sign", {"trustee": 3, "signature": "x"}), "signed once it is counted")
    assert not PartialDecryption.objects.exists()
    accepted(upload(clients[3], ballot, "decrypt", partial))
    assert "Waiting for the other trustees to decrypt" in step_of(clients[3], ballot)
    accepted(
        upload(clients[1], ballot, "decrypt", machines[1].decrypt(download(clients[1], ballot, "ciphertexts.json")))
    )
    ballot.refresh_from_db()
    assert ballot.status == Status.COUNTED

    # Sign: the page offers the board and the command; trustee 2, who did not decrypt, is done.
    page = step_of(clients[1], ballot)
    assert f"hustings trustee sign board.json --key trustee-{ballot.pk}-signing.key --trustee 1" in page
    assert "Nothing more to do" in step_of(clients[2], ballot)
    board = json.loads(clients[1].get(f"/ballots/{ballot.pk}/board.json").content)
    refused(upload(clients[1], ballot, "sign", machines[3].sign(board)), "trustee 3's signature; you are trustee 1")
    other = {**machines[1].sign(board), "signature": machines[3].sign(board)["signature"]}
    refused(upload(clients[1], ballot, "sign", other), "does not verify against your signing key")
    assert not TrusteeSignature.objects.exists()
    for i in (1, 3):
        accepted(upload(clients[i], ballot, "sign", machines[i].sign(board)))
    assert "Nothing more to do" in step_of(clients[1], ballot)
    board = json.loads(clients[1].get(f"/ballots/{ballot.pk}/board.json").content)
    assert verify_board(board).verified
