"""``hustings proxies list|appoint|revoke`` and ``hustings roll weights`` on the instance, as the
account ``--as`` names: the same services as the web pages and the API, with exactly that account's
powers (docs/ballots.md, "Proxies" and "Weighted voters and colleges")."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import User
from tests.services.test_ballots_proxies import members_with_accounts, open_meeting_vote
from tests.services.test_ballots_weights import CARDS, open_card_vote
from tests.services.test_ballots_weights import party as party  # the fixture
from tests.web.visitors import Party, make_party

from hustings.cli.main import main
from hustings.services import ballots as svc
from hustings.store.ballots.models import Ballot, ProxyAppointment

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(db: None) -> tuple[Party, dict[str, User], Ballot]:
    party = make_party()
    users = members_with_accounts(party)
    return party, users, open_meeting_vote(party)


def _run(capsys: pytest.CaptureFixture[str], *words: str) -> tuple[int, str, str]:
    code = main(list(words))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_member_appoints_lists_and_revokes_from_the_command_line(
    meeting: tuple[Party, dict[str, User], Ballot], capsys: pytest.CaptureFixture[str]
) -> None:
    _, _, ballot = meeting
    code, out, _ = _run(capsys, "proxies", "appoint", str(ballot.pk), "P00002", "--as", "p00001")
    assert code == 0 and "Your proxy: Member P00002 (P00002)." in out
    code, out, _ = _run(capsys, "proxies", "list", str(ballot.pk), "--as", "p00002", "--format", "json")
    record = json.loads(out)
    assert code == 0 and record["held"] == [{"ref": "P00001", "name": "Member P00001", "voted": False}]
    assert record["allowed"] is True and record["max_held"] == 2
    code, out, _ = _run(capsys, "proxies", "revoke", str(ballot.pk), "--as", "p00001")
    assert code == 0 and "Your proxy: none." in out
    assert list(ProxyAppointment.objects.values_list("revoked", flat=True)) == [True]


def test_refusals_are_one_line_and_change_nothing(
    meeting: tuple[Party, dict[str, User], Ballot], capsys: pytest.CaptureFixture[str]
) -> None:
    party, users, ballot = meeting
    for ref in ("P00001", "P00002"):
        svc.appoint_proxy(users[ref], ballot, "P00006")
    code, _, err = _run(capsys, "proxies", "appoint", str(ballot.pk), "P00006", "--as", "p00003")
    assert code == 1 and err.startswith("hustings: refused: Member P00006 already holds 2 proxies")
    codes = svc.issue_credentials(party.users["returning_officer"], ballot)
    svc.cast_as_proxy(users["P00006"], ballot.pk, "P00001", ["Ann"])
    code, _, err = _run(capsys, "proxies", "revoke", str(ballot.pk), "--as", "p00001")
    assert code == 1 and "the appointment stands" in err
    svc.cast(ballot.pk, codes["P00004"], ["Bob"], "own")
    code, _, err = _run(capsys, "proxies", "appoint", str(ballot.pk), "P00005", "--as", "p00004")
    assert code == 1 and err == "hustings: refused: you have already voted in this ballot\n"
    assert ProxyAppointment.objects.filter(revoked=False).count() == 2 and not ProxyAppointment.objects.filter(
        revoked=True
    )


def test_mistakes_in_the_call_are_usage_errors(
    meeting: tuple[Party, dict[str, User], Ballot], capsys: pytest.CaptureFixture[str]
) -> None:
    _, _, ballot = meeting
    code, _, err = _run(capsys, "proxies", "appoint", str(ballot.pk), "--as", "p00001")
    assert code == 2 and "give REF" in err
    code, _, err = _run(capsys, "proxies", "list", str(ballot.pk), "--as", "nobody")
    assert code == 2 and "no active account 'nobody'" in err
    code, _, err = _run(capsys, "proxies", "list", str(ballot.pk + 100), "--as", "p00001")
    assert code == 2 and f"no ballot {ballot.pk + 100}" in err


def test_roll_weights_for_the_officer_only(party: Party, capsys: pytest.CaptureFixture[str]) -> None:
    ballot = open_card_vote(party)
    code, out, _ = _run(capsys, "roll", "weights", str(ballot.pk), "--as", "returning_officer", "--format", "json")
    record = json.loads(out)
    assert code == 0 and [(c["weight"], c["voters"]) for c in record["classes"]] == [("40", 1), ("75.5", 3), ("120", 2)]
    assert record["sections"][0]["total_weight"] == "506.5" and record["proxies"]["standing"] == 0
    assert not any(ref in out for ref in CARDS)
    code, out, _ = _run(capsys, "roll", "weights", str(ballot.pk), "--as", "returning_officer")
    assert code == 0 and "card votes" in out and "Classes of fewer than 5 voters: 3" in out
    code, _, err = _run(capsys, "roll", "weights", str(ballot.pk), "--as", "right_officer")
    assert code == 1 and err.startswith("hustings: refused:")
