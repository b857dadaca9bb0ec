"""Attacks on the count page's background counts (`/count/jobs/<key>/`, services/background_counts.py).

A background count holds someone's uploaded ballots and then their result; the only way to it is
its link's key (128 random bits). An attacker who knows a count exists, or has a count of their
own, must not reach another's: not by its row's number, its job's number, a key of their own
altered, a prefix of the key, nor by being signed in (even as the site's superuser); and the
queued upload is gone once counted, so a later leak of the database holds only the result."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from hustings.services import background_counts, counting
from hustings.services.jobs import worker
from hustings.store.counts.models import BackgroundCount

pytestmark = pytest.mark.django_db

BLT = Path(__file__).resolve().parents[1] / "data" / "scotland" / "blt" / "highland_2012_ward7.blt"


def test_a_count_is_reached_only_by_its_own_key() -> None:
    victim = background_counts.queue(AnonymousUser(), "secret.blt", BLT.read_bytes(), counting.CountRequest())
    mine = background_counts.queue(AnonymousUser(), "mine.blt", BLT.read_bytes(), counting.CountRequest())
    worker.drain()
    attacker = Client()
    admin = Client()
    admin.force_login(get_user_model().objects.create_superuser("root", password="pw-root-2016!"))
    guesses = [
        str(victim.pk),
        str(victim.job_id),
        victim.key[:-1],
        victim.key[:11],
        mine.key[:-1] + ("A" if mine.key[-1] != "A" else "B"),
        victim.key.upper() if victim.key.upper() != victim.key else victim.key.lower(),
    ]
    for guess in guesses:
        for client in (attacker, admin):
            response = client.get(f"/count/jobs/{guess}/")
            assert response.status_code == 404, guess
            assert b"secret.blt" not in response.content
    own = attacker.get(f"/count/jobs/{mine.key}/").content.decode()
    assert "mine.blt" in own and "secret.blt" not in own
    assert "secret.blt" in attacker.get(f"/count/jobs/{victim.key}/").content.decode()  # the link itself works


def test_the_keys_are_random_and_long() -> None:
    keys = {
        background_counts.queue(AnonymousUser(), "a.blt", b"2 1\n1 1 0\n0\n", counting.CountRequest()).key
        for _ in range(20)
    }
    assert len(keys) == 20 and all(len(k) >= 22 for k in keys)  # token_urlsafe(16): 128 bits


def test_the_upload_is_not_kept_once_counted_nor_after_a_refusal() -> None:
    counted = background_counts.queue(AnonymousUser(), "a.blt", BLT.read_bytes(), counting.CountRequest())
    refused = background_counts.queue(AnonymousUser(), "b.blt", b"not a ballot file", counting.CountRequest())
    worker.drain()
    for row in BackgroundCount.objects.filter(pk__in=[counted.pk, refused.pk]):
        assert bytes(row.upload) == b""
    assert BackgroundCount.objects.get(pk=refused.pk).error.startswith("b.blt")
