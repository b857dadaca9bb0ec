"""Saving a count: only a signed-in user who asks saves one; its permalink (an unguessable key)
shows anyone the same result the count page showed; only its owner deletes it, after confirming."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from hustings.cli.main import main
from hustings.store.counts.models import SavedCount

BLT = Path(__file__).resolve().parents[1] / "data" / "scotland" / "blt" / "highland_2012_ward7.blt"


def _post(client: Client, **fields: Any) -> Any:
    upload = SimpleUploadedFile(BLT.name, BLT.read_bytes(), content_type="application/octet-stream")
    return client.post("/count/", {"file": upload, "method": "scottish-stv", **fields})


def _signed_in(name: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.create_user(name, password=f"pw-{name}-2016!"))
    return client


@pytest.mark.django_db
def test_a_count_is_not_kept_unless_a_signed_in_user_saves_it() -> None:
    anonymous = Client()
    assert "Save this count" not in anonymous.get("/count/").content.decode()
    assert _post(anonymous, save="on").status_code == 200  # the field is not there to tick
    assert _post(_signed_in("ada")).status_code == 200
    assert SavedCount.objects.count() == 0


@pytest.mark.django_db
def test_a_saved_count_has_a_permalink_anyone_can_read(capsys: pytest.CaptureFixture[str]) -> None:
    owner = _signed_in("ada")
    assert "Save this count" in owner.get("/count/").content.decode()
    response = _post(owner, save="on")
    assert response.status_code == 302
    saved = SavedCount.objects.get()
    assert response["Location"] == f"/count/saved/{saved.key}/"
    assert len(saved.key) >= 22 and saved.key not in (str(saved.pk), BLT.stem)  # 128 random bits
    assert bytes(saved.upload) == BLT.read_bytes()
    assert saved.method == "scottish-stv"

    assert main(["count", str(BLT), "--method", "scottish-stv", "--format", "json"]) == 0
    cli_record = json.loads(capsys.readouterr().out)
    cli_record["source"] = BLT.name
    assert saved.record == cli_record

    page = Client().get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    for name in saved.record["elected"]:
        assert name in html
    assert 'id="rounds"' in html and "Delete this saved count" not in html
    assert "Delete this saved count" in owner.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_only_the_owner_deletes_a_saved_count_after_confirming() -> None:
    owner = _signed_in("ada")
    location = _post(owner, save="on")["Location"]
    delete = location + "delete/"
    assert Client().get(delete).status_code == 302  # to sign in
    other = _signed_in("bo")
    assert other.get(delete).status_code == 404
    assert other.post(delete).status_code == 404
    confirm = owner.get(delete)
    assert confirm.status_code == 200 and "cannot be undone" in confirm.content.decode()
    assert SavedCount.objects.count() == 1
    assert owner.post(delete)["Location"] == "/count/"
    assert SavedCount.objects.count() == 0
    assert Client().get(location).status_code == 404


@pytest.mark.django_db
def test_an_unknown_permalink_is_not_found() -> None:
    assert Client().get("/count/saved/not-a-real-key/").status_code == 404
