"""Ballot pages: who may see and do what (the permission matrix for every view), the vote form,
the board search, the results page with its rounds, Sankey diagram and bars."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from tests.web.visitors import VISITORS, Matrix, Party

from hustings.board.verify import verify_board
from hustings.services import ballots as svc
from hustings.store.ballots.models import Ballot, BoxEntry, RollEntry
from hustings.web.ballots.forms import CardVoteForm, PaperBatchForm

pytestmark = pytest.mark.django_db

CANDIDATES = ["Jeremy Corbyn", "Owen Smith", "Angela Eagle"]
EVERYONE = set(VISITORS)
SIGNED_IN = EVERYONE - {"anonymous"}
OFFICER = {"returning_officer"}


def open_ballot(party: Party, **changes: object) -> Ballot:
    values: dict[str, object] = {
        "organisation": party.organisation.slug,
        "title": "Leader 2016",
        "rulebook": "labour-2016",
        "process_kind": "leadership_challenge",
        "method": "irv",
        "seats": 1,
        "candidates": CANDIDATES,
        "on_date": dt.date(2016, 8, 22),
    }
    values.update(changes)
    return svc.open_ballot(party.users["returning_officer"], **values)  # type: ignore[arg-type]


def published(party: Party) -> Ballot:
    ballot = open_ballot(party)
    code = svc.issue_credentials(party.users["returning_officer"], ballot)["L000001"]
    svc.cast(ballot.pk, code, ["Owen Smith", "Jeremy Corbyn"], "s")
    for step in (svc.close_ballot, svc.count_ballot, svc.publish):
        step(party.users["returning_officer"], ballot)
    return Ballot.objects.get(pk=ballot.pk)


def test_matrix_of_pages_while_open(party: Party, matrix: Matrix) -> None:
    ballot = open_ballot(party)
    pk = ballot.pk
    matrix.check("/ballots/", SIGNED_IN)
    matrix.check(f"/ballots/{pk}/", SIGNED_IN)
    matrix.check(f"/ballots/{pk}/vote/", EVERYONE)
    matrix.check(f"/ballots/{pk}/board/", EVERYONE)
    matrix.check(f"/ballots/{pk}/board.json", EVERYONE)
    matrix.check(f"/api/ballots/{pk}/board", EVERYONE)  # public API: anyone may check the board
    matrix.check("/ballots/new/", OFFICER)
    matrix.check(f"/ballots/{pk}/credentials/", OFFICER)
    matrix.check(f"/ballots/{pk}/paper/", OFFICER)
    for url in (f"/ballots/{pk}/export.blt", f"/ballots/{pk}/results/"):  # not before the count, for anyone
        assert {matrix.status(v, url) for v in VISITORS} == {404}


def test_matrix_of_officer_actions(party: Party, matrix: Matrix) -> None:
    ballot = open_ballot(party)
    pk = ballot.pk
    matrix.check(f"/ballots/{pk}/credentials/", OFFICER, method="post", data={"delivery": "email"})
    matrix.check(f"/ballots/{pk}/paper/", OFFICER, method="post", data={"label": "B1", "entry": "1", "ballots": "1,2"})
    matrix.check(f"/ballots/{pk}/close/", OFFICER, method="post")
    assert Ballot.objects.get(pk=pk).status == "closed"
    matrix.check(f"/ballots/{pk}/count/", OFFICER, method="post")
    assert Ballot.objects.get(pk=pk).status == "counted"
    matrix.check(f"/ballots/{pk}/results/", OFFICER)  # counted: officers check it before publishing
    matrix.check(f"/ballots/{pk}/publish/", OFFICER, method="post")
    assert Ballot.objects.get(pk=pk).status == "published"
    matrix.check(f"/ballots/{pk}/results/", EVERYONE)
    matrix.check(f"/ballots/{pk}/export.blt", EVERYONE)
    data = {
        "organisation": party.organisation.slug,
        "title": "Chair",
        "rulebook": "labour-2016",
        "process_kind": "leadership_challenge",
        "method": "irv",
        "seats": "1",
        "candidates": "A\nB",
    }
    matrix.check("/ballots/new/", OFFICER, method="post", data=data)
    assert Ballot.objects.filter(title="Chair").count() == 1


def test_vote_through_the_form(party: Party) -> None:
    ballot = open_ballot(party)
    code = svc.issue_credentials(party.users["returning_officer"], ballot)["L000001"]
    client = Client()
    page = client.get(f"/ballots/{ballot.pk}/vote/?credential={code}&submission=chosen").content.decode()
    assert code not in page and "chosen" not in page  # the query string is ignored
    submission = re.search(r'name="submission" value="([^"]+)"', page)
    assert submission is not None and len(submission.group(1)) >= 20  # drawn by the server
    assert "ballots/voting-code.js" in page and "<script>" not in page  # fills the code from #code=
    form = {"credential": code, "submission": submission.group(1), "rank-0": "2", "rank-1": "1", "rank-2": ""}
    review = client.post(f"/ballots/{ballot.pk}/vote/", {**form, "action": "review"})
    assert review.status_code == 200 and "Confirm your vote" in review.content.decode()
    assert not BoxEntry.objects.exists()
    cast = client.post(f"/ballots/{ballot.pk}/vote/", {**form, "action": "cast"})
    assert cast.status_code == 200
    (row,) = BoxEntry.objects.all()
    assert row.tracking_code in cast.content.decode()
    assert row.preferences == "2 1"
    again = client.post(f"/ballots/{ballot.pk}/vote/", {**form, "submission": "form-2", "action": "cast"})
    assert again.status_code == 400 and "already been used" in again.content.decode()
    found = client.post(f"/ballots/{ballot.pk}/board/", {"code": row.tracking_code.lower()})
    assert "Your ballot is on the board" in found.content.decode()
    missing = client.post(f"/ballots/{ballot.pk}/board/", {"code": "0000-0000-0000-0000"})
    assert "No ballot with the tracking code" in missing.content.decode()
    in_the_url = client.get(f"/ballots/{ballot.pk}/board/", {"code": row.tracking_code}).content.decode()
    assert 'id="found"' not in in_the_url  # a lookup is by POST only: no tracking code in a URL


@pytest.mark.parametrize(
    ("ranks", "words"),
    [
        ({"rank-0": "1", "rank-1": "1"}, "both"),
        ({"rank-0": "2"}, "without a gap"),
        ({}, "at least your first preference"),
        ({"rank-0": "9"}, "from 1 to 3"),
    ],
)
def test_vote_form_explains_bad_rankings(party: Party, ranks: dict[str, str], words: str) -> None:
    ballot = open_ballot(party)
    response = Client().post(
        f"/ballots/{ballot.pk}/vote/", {"credential": "X", "submission": "s", "action": "cast", **ranks}
    )
    assert response.status_code == 400 and words in response.content.decode()
    assert not RollEntry.objects.filter(voted=True).exists()


def test_bad_credential_is_a_clear_message(party: Party) -> None:
    ballot = open_ballot(party)
    response = Client().post(
        f"/ballots/{ballot.pk}/vote/", {"credential": "WRONG", "submission": "s", "action": "cast", "rank-0": "1"}
    )
    assert response.status_code == 400 and "not valid for this ballot" in response.content.decode()


def test_results_page_shows_rounds_sankey_and_bars(party: Party) -> None:
    ballot = open_ballot(party)
    codes = list(svc.issue_credentials(party.users["returning_officer"], ballot).values())
    assert len(codes) == 1
    # one voter on this small roll: add paper ballots to make a multi-round count
    from django.contrib.auth.models import User

    from hustings.store.accounts.models import Role, RoleKind

    second = User.objects.create_user("second_ro")
    Role.objects.create(user=second, kind=RoleKind.RETURNING_OFFICER, organisation=party.organisation)
    papers = [["Jeremy Corbyn"]] * 4 + [["Owen Smith"]] * 3 + [["Angela Eagle", "Owen Smith"]]
    svc.enter_paper_batch(party.users["returning_officer"], ballot, "B1", papers, 1)
    assert svc.enter_paper_batch(second, ballot, "B1", papers, 2).status == "accepted"
    svc.cast(ballot.pk, codes[0], ["Angela Eagle", "Owen Smith"], "s")
    for step in (svc.close_ballot, svc.count_ballot, svc.publish):
        step(party.users["returning_officer"], ballot)
    page = Client().get(f"/ballots/{ballot.pk}/results/").content.decode()
    assert 'id="rounds"' in page and "Round 2" in page
    assert "<svg" in page and "sankey" in page and "bars" in page
    assert '<th scope="row">No rankings' not in page and "no_rankings" not in page  # causes that never occurred
    assert "Owen Smith" in page and 'id="elected">Owen Smith<' in page
    # the threshold in words (issue #14), from the record's own figures
    last = sum(int(v) for v in ballot.result["rounds"][-1]["tally"].values())
    quota = ballot.result["quota"]
    assert f'id="quota">Threshold {quota}: more than half of the {last} votes still counting in the last round' in page
    # the Sankey diagram's table alternative (issue #14): every transfer, round by round
    table = page[page.index('<details class="transfers">') : page.index("</details>", page.index("sankey"))]
    assert "<summary>The transfers as a table</summary>" in table and '<table class="scroll">' in table
    assert "<td>1</td><td>Angela Eagle</td><td>Owen Smith</td><td>2</td>" in table, table
    assert table.count("<tr><td>") == 1


def test_export_and_board_json(party: Party) -> None:
    ballot = published(party)
    client = Client()
    export = client.get(f"/ballots/{ballot.pk}/export.blt").content.decode()
    assert export.startswith("3 1\n") and '"Owen Smith"' in export
    board = client.get(f"/ballots/{ballot.pk}/board.json").json()
    assert verify_board(board).verified


def test_credentials_csv_download(party: Party) -> None:
    ballot = open_ballot(party)
    client = Client()
    client.force_login(party.users["returning_officer"])
    response = client.post(f"/ballots/{ballot.pk}/credentials/", {"delivery": "csv"})
    lines = response.content.decode().splitlines()
    assert lines[0] == "ref,name,code" and lines[1].startswith("L000001,Ada Member,")
    code = lines[1].split(",")[2]
    assert svc.cast(ballot.pk, code, ["Owen Smith"], "s").tracking_code


def test_member_home_lists_the_open_ballot(party: Party) -> None:
    ballot = open_ballot(party)
    client = Client()
    client.force_login(party.users["member"])
    page = client.get("/").content.decode()
    assert f"/ballots/{ballot.pk}/vote/" in page and "Leader 2016" in page


def test_cast_through_the_api(party: Party) -> None:
    ballot = open_ballot(party)
    code = svc.issue_credentials(party.users["returning_officer"], ballot)["L000001"]
    client = Client()
    url = f"/api/ballots/{ballot.pk}/cast"
    body = {"credential": code, "preferences": ["Owen Smith"], "submission_id": "api-1"}
    first = client.post(url, body, content_type="application/json")
    assert first.status_code == 200, first.content
    again = client.post(url, body, content_type="application/json")
    assert again.json() == {**first.json(), "repeated": True}
    other = client.post(url, {**body, "submission_id": "api-2"}, content_type="application/json")
    assert other.status_code == 409 and "already been used" in other.json()["detail"]
    wrong = client.post(url, {**body, "credential": "nope"}, content_type="application/json")
    assert wrong.status_code == 403
    bad = client.post(url, {**body, "preferences": ["Nobody"]}, content_type="application/json")
    assert bad.status_code in (400, 409)
    assert client.get(f"/api/ballots/{ballot.pk}/board").json()["ballots"] == []  # listed after the close
    svc.close_ballot(party.users["returning_officer"], ballot)
    board = client.get(f"/api/ballots/{ballot.pk}/board").json()
    assert [b["tracking_code"] for b in board["ballots"]] == [first.json()["tracking_code"]]


@pytest.mark.parametrize("method", ["borda", "schulze", "plurality"])
def test_results_page_for_methods_without_transfers(party: Party, method: str) -> None:
    ballot = open_ballot(party, method=method)
    code = svc.issue_credentials(party.users["returning_officer"], ballot)["L000001"]
    svc.cast(ballot.pk, code, ["Angela Eagle", "Owen Smith"], "s")
    for step in (svc.close_ballot, svc.count_ballot, svc.publish):
        step(party.users["returning_officer"], ballot)
    response = Client().get(f"/ballots/{ballot.pk}/results/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="elected">Angela Eagle<' in page
    assert verify_board(Client().get(f"/ballots/{ballot.pk}/board.json").json()).verified


def test_a_paper_batch_and_a_card_vote_read_numbers_as_places_on_the_paper() -> None:
    candidates = ["Abbott", "Burnham", "Corbyn"]
    batch = PaperBatchForm({"label": "B1", "entry": "1", "ballots": "1, 2\n\n Corbyn ,4\n3"})
    assert batch.is_valid()
    assert batch.papers(candidates) == [["Abbott", "Burnham"], ["Corbyn", "4"], ["Corbyn"]]
    card = CardVoteForm({"delegate": "D00001", "card": "120", "vote": "2,Abbott,0"})
    assert card.is_valid()
    assert card.preferences(candidates) == ["Burnham", "Abbott", "0"]
