"""Ballot secrecy, attacked: each test is one row of the threat table in docs/ballots.md, written
as that attacker would try it, with what they hold and nothing more. A row that describes a limit
(something the attacker can do while the ballot is open) shows the limit, then that it ends at the
close.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import itertools
import json
import re
import secrets
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from tests.web.audit_reset import audit_reset  # noqa: F401 (a fixture)
from tests.web.visitors import Party, add_members, make_party, open_leadership_ballot

from hustings.services import ballots as svc
from hustings.services.ballots.casting import retry_key
from hustings.services.ballots.credentials import credential_hash, normalise
from hustings.services.jobs import worker
from hustings.store.ballots.models import Ballot, RetryReceipt, RollEntry

pytestmark = pytest.mark.django_db

CANDIDATES = ["Ann", "Bob", "Cat", "Dan"]
VOTERS = 12
POSTGRESQL = connection.vendor == "postgresql"


# --- the election the attackers watch -----------------------------------------------------------


def open_with_voters(party: Party, voters: int = VOTERS) -> tuple[Ballot, dict[str, str]]:
    """A ballot of `voters` members, and the returning officer's printed code sheet (ref -> code)."""
    add_members(party, voters, "S", email=True)
    ballot = open_leadership_ballot(party, "Secret", CANDIDATES)
    return ballot, svc.issue_credentials(party.users["returning_officer"], ballot)


def ranking(i: int) -> list[str]:
    return [CANDIDATES[i % 4], CANDIDATES[(i + 1) % 4]]


def cast_all(ballot: Ballot, sheet: dict[str, str]) -> list[tuple[str, str, str]]:
    """Every voter casts through the service, each with a server-style random submission id.
    Returns (ref, submission id, tracking code) in the order cast."""
    out = []
    for i, (ref, code) in enumerate(sorted(sheet.items())):
        submission = secrets.token_urlsafe(16)
        out.append((ref, submission, svc.cast(ballot.pk, code, ranking(i), submission).tracking_code))
    return out


def close(party: Party, ballot: Ballot) -> None:
    svc.close_ballot(party.users["returning_officer"], ballot)


Table = list[dict[str, Any]]


def dump_everything() -> tuple[list[dict[str, Any]], dict[str, Table]]:
    """What a database administrator takes home: `dumpdata` of every app and every table by raw SQL
    (rows as stored, column by column)."""
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    tables = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            columns = [c[0] for c in cursor.description]
            tables[table] = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    return json.loads(out.getvalue()), tables


def box_values(tables: dict[str, Table]) -> set[str]:
    columns = ("id", "salt", "digest", "tracking_code")
    return {str(row[c]).replace("-", "").lower() for row in tables["ballots_boxentry"] for c in columns}


def recomputations(code: str, ballot: Ballot, values: Iterator[str]) -> Iterator[str]:
    """Everything one might compute from a voting code and a value: keyed hashes both ways round,
    plain hashes of the two together, the service's own credential hash and retry key."""
    plain = normalise(code)
    for value in values:
        for key, message in ((plain, value), (value, plain), (code, value), (value, code)):
            yield hmac.new(key.encode(), message.encode(), hashlib.sha256).hexdigest()
        yield hashlib.sha256(f"{plain}|{value}".encode()).hexdigest()
        yield hashlib.sha256(f"{ballot.pk}|{value}|{plain}".encode()).hexdigest()
        yield retry_key(ballot.pk, credential_hash(ballot.credential_key, code), value) or ""


def physical_order() -> list[str]:
    """Tracking codes in the order the rows lie on disk (ctid on PostgreSQL, rowid on SQLite)."""
    order = "ctid" if POSTGRESQL else "rowid"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT tracking_code FROM ballots_boxentry ORDER BY {order}")
        return [row[0] for row in cursor.fetchall()]


# --- database administrator ---------------------------------------------------------------------


def test_dba_reading_every_table_while_open_finds_no_column_or_value_joining_a_voter_to_a_ballot() -> None:
    party = make_party()
    ballot, sheet = open_with_voters(party)
    cast_all(ballot, sheet)
    rows, tables = dump_everything()
    box = [r for r in rows if r["model"] == "ballots.boxentry"]
    assert len(box) == VOTERS
    # The box names no voter, roll entry or time, in the dump or in the table itself.
    # Weight class and section are shared by every voter of the class (docs/ballots.md).
    box_fields = {"ballot", "preferences", "salt", "digest", "tracking_code", "paper", "weight", "section"}
    assert set(box[0]["fields"]) == box_fields
    assert set(tables["ballots_boxentry"][0]) == {
        "id",
        "ballot_id",
        "preferences",
        "salt",
        "digest",
        "tracking_code",
        "paper",
        "weight",
        "section",
    }
    # Its values (key, salt, hash, tracking code) are in no other row but a retry receipt's tracking
    # code, and a retry receipt names no voter either: its key is an HMAC under the server's secret.
    others = json.dumps([r for r in rows if r["model"] not in ("ballots.boxentry", "ballots.retryreceipt")])
    for r in box:
        for value in (r["pk"], r["fields"]["salt"], r["fields"]["digest"], r["fields"]["tracking_code"]):
            assert str(value) not in others
    receipts = [r for r in rows if r["model"] == "ballots.retryreceipt"]
    assert len(receipts) == VOTERS and set(receipts[0]["fields"]) == {"ballot", "tracking_code"}
    roll_hashes = {r["fields"]["credential_hash"] for r in rows if r["model"] == "ballots.rollentry"}
    assert not {r["pk"] for r in receipts} & roll_hashes


@pytest.mark.django_db(transaction=True)  # each cast commits on its own, as in production
@pytest.mark.usefixtures("audit_reset")
def test_dba_joining_rows_by_write_order_or_transaction_can_while_open_and_cannot_after_the_close() -> None:
    party = make_party()
    ballot, sheet = open_with_voters(party)
    cast = cast_all(ballot, sheet)
    order = [code for _, _, code in cast]
    # The limit: while open, rows lie in the order written, so a DBA who also knows the order of
    # voting (from watching the roll) can pair them up.
    assert physical_order() == order
    if POSTGRESQL:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM ballots_boxentry b JOIN ballots_rollentry r ON r.xmin::text = b.xmin::text"
                " WHERE r.voted"
            )
            assert cursor.fetchone()[0] == VOTERS  # each box row joins its voter's roll mark
    close(party, ballot)
    # It ends at the close: rows rewritten in random key order by one transaction, receipts gone.
    assert sorted(physical_order()) == sorted(order) and physical_order() != order
    assert not RetryReceipt.objects.exists()
    if POSTGRESQL:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(DISTINCT xmin::text) FROM ballots_boxentry")
            assert cursor.fetchone()[0] == 1
            cursor.execute(
                "SELECT count(*) FROM ballots_boxentry b JOIN ballots_rollentry r ON r.xmin::text = b.xmin::text"
                " WHERE r.voted"
            )
            assert cursor.fetchone()[0] == VOTERS * VOTERS  # every box row joins every mark: no pairing


def test_dba_with_the_code_sheet_while_open_can_cast_for_who_has_not_voted_until_the_close() -> None:
    party = make_party()
    ballot, sheet = open_with_voters(party)
    refs = sorted(sheet)
    voted, not_yet, later = refs[0], refs[1], refs[2]
    svc.cast(ballot.pk, sheet[voted], ["Ann"], secrets.token_urlsafe(16))
    # The limit: a code not yet used casts, whoever types it; the member then learns it was used.
    assert svc.cast(ballot.pk, sheet[not_yet], ["Dan"], "attacker").tracking_code
    with pytest.raises(svc.AlreadyVoted):
        svc.cast(ballot.pk, sheet[not_yet], ["Ann"], secrets.token_urlsafe(16))
    # A used code gives the attacker nothing back: no receipt for any guessed submission id.
    for guess in ("", "1", voted, sheet[voted], "form-1", "api-1", ballot.credential_key):
        with pytest.raises(svc.AlreadyVoted):
            svc.cast(ballot.pk, sheet[voted], ["Ann"], guess)
    close(party, ballot)
    with pytest.raises(svc.NotOpen):  # ends at the close
        svc.cast(ballot.pk, sheet[later], ["Dan"], "attacker")


# --- returning officer with the printed code sheet ----------------------------------------------


def test_officer_with_the_code_sheet_cannot_get_a_voters_receipt_from_the_service() -> None:
    party = make_party()
    ballot, sheet = open_with_voters(party)
    cast = cast_all(ballot, sheet)
    client = Client()
    for ref, _, _ in cast:
        # Every way in that takes a voting code: the vote page and the API. Neither returns a receipt.
        page = client.post(
            f"/ballots/{ballot.pk}/vote/",
            {"credential": sheet[ref], "submission": ref, "action": "cast", "rank-0": "1"},
        )
        assert page.status_code == 400 and "already been used" in page.content.decode()
        api = client.post(
            f"/api/ballots/{ballot.pk}/cast",
            {"credential": sheet[ref], "preferences": ["Ann"], "submission_id": ref},
            content_type="application/json",
        )
        assert api.status_code == 409
    tracking = {code for _, _, code in cast}
    assert not any(code in page.content.decode() or code in api.content.decode() for code in tracking)


def test_officer_with_the_code_sheet_and_a_full_dump_after_the_close_recomputes_nothing() -> None:
    party = make_party()
    ballot, sheet = open_with_voters(party)
    cast_all(ballot, sheet)
    close(party, ballot)
    _, tables = dump_everything()
    assert not tables["ballots_retryreceipt"]  # retry protection did not outlive the close
    box = box_values(tables)
    # Every string anywhere in the dump, and submission ids a client might have chosen, combined
    # with each code on the sheet every way we can think of (the server's SECRET_KEY included).
    found_anywhere = {str(v) for row in itertools.chain.from_iterable(tables.values()) for v in row.values() if v}
    guesses = found_anywhere | {"", "1", "form-1", "api-1", settings.SECRET_KEY} | set(sheet)
    ballot.refresh_from_db()
    for code in sheet.values():
        for value in recomputations(code, ballot, iter(guesses)):
            assert value.lower() not in box
            assert value[:16].lower() not in box  # nor the first 64 bits, as a tracking code is
    # The code sheet finds the voter's roll entry (that they voted, which the roll says anyway) and
    # nothing else: no other table holds the credential's hash.
    hashes = {credential_hash(ballot.credential_key, code) for code in sheet.values()}
    holders = {t for t, table in tables.items() for row in table for v in row.values() if str(v) in hashes}
    assert holders == {"ballots_rollentry"}


# --- reader of web logs and browser history -----------------------------------------------------


class LoggedClient(Client):
    """A test client that writes the access log line of every request it makes."""

    def __init__(self, log: list[str]) -> None:
        super().__init__()
        self.log = log

    def request(self, **request: Any) -> Any:
        query = request.get("QUERY_STRING", "")
        self.log.append(f'"{request["REQUEST_METHOD"]} {request["PATH_INFO"]}{"?" + query if query else ""}"')
        response = super().request(**request)
        self.log.append(f"Location: {response.get('Location', '')} Referer-able links: {links(response)}")
        return response


def links(response: Any) -> str:
    """Every URL the page links to or posts to: what a browser could send as a Referer or request."""
    if not response.get("Content-Type", "").startswith("text/html"):
        return ""
    return " ".join(re.findall(r'(?:href|action|src)="([^"]*)"', response.content.decode()))


def test_log_reader_finds_no_voting_or_tracking_code_in_any_request_url() -> None:
    party = make_party()
    ballot, _ = open_with_voters(party)
    log: list[str] = []
    officer = LoggedClient(log)
    officer.force_login(party.users["returning_officer"])
    mail.outbox.clear()
    officer.post(f"/ballots/{ballot.pk}/credentials/", {"delivery": "email"})
    worker.drain()  # the codes are mailed by the worker
    sheet = {m.to[0]: re.search(r"Your voting code: (\S+)", m.body).group(1) for m in mail.outbox}  # type: ignore[union-attr]
    tracking = []
    for i, message in enumerate(mail.outbox):
        link = re.search(r"(http\S+)", message.body).group(1)  # type: ignore[union-attr]
        url, _, fragment = link.partition("#")
        assert sheet[message.to[0]] not in url and fragment == f"code={sheet[message.to[0]]}"
        voter = LoggedClient(log)
        voter.get(url.removeprefix("http://testserver"))  # what the browser requests: no fragment
        page = voter.get(url.removeprefix("http://testserver")).content.decode()
        # An old-style link with the code in the query string is ignored (that request is the
        # attacker's test, not part of the flow, so it is not logged here).
        old = Client().get(f"{url.removeprefix('http://testserver')}?credential={sheet[message.to[0]]}")
        assert sheet[message.to[0]] not in old.content.decode()
        submission = re.search(r'name="submission" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
        form = {"credential": sheet[message.to[0]], "submission": submission, "rank-0": str(i % 2 + 1)}
        form["rank-1"] = str(2 - i % 2)
        voter.post(url.removeprefix("http://testserver"), {**form, "action": "review"})
        receipt = voter.post(url.removeprefix("http://testserver"), {**form, "action": "cast"}).content.decode()
        code = re.search(r'id="tracking-code"[^>]*>([^<]+)<', receipt).group(1)  # type: ignore[union-attr]
        tracking.append(code)
        voter.post(f"/ballots/{ballot.pk}/board/", {"code": code})  # "Find it on the bulletin board"
        voter.get(f"/ballots/{ballot.pk}/board.json")
    api = LoggedClient(log)
    officer.post(f"/ballots/{ballot.pk}/close/")
    api.get(f"/api/ballots/{ballot.pk}/board")
    api.get(f"/ballots/{ballot.pk}/board/?all=1")
    text = "\n".join(log).upper()
    assert len(tracking) == len(sheet) == VOTERS
    for code in [*sheet.values(), *tracking]:
        assert code.upper() not in text and normalise(code) not in text.replace("-", "")


# --- watcher of the board -----------------------------------------------------------------------


def without_csrf(page: str) -> str:
    """The page without its CSRF token, which is masked afresh for every response."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)


def board_views(client: Client, ballot: Ballot) -> tuple[str, str, str]:
    return (
        without_csrf(client.get(f"/ballots/{ballot.pk}/board/?all=1").content.decode()),
        client.get(f"/ballots/{ballot.pk}/board.json").content.decode(),
        client.get(f"/api/ballots/{ballot.pk}/board").content.decode(),
    )


def test_board_watcher_polling_between_casts_sees_nothing_change_until_the_close() -> None:
    party = make_party()
    ballot, sheet = open_with_voters(party)
    watcher, member = Client(), Client()
    member.force_login(party.users["member"])
    before = board_views(watcher, ballot)
    detail = without_csrf(member.get(f"/ballots/{ballot.pk}/").content.decode())
    assert "Tracking codes appear here after the close" in before[0]
    tracking = []
    for i, (ref, code) in enumerate(sorted(sheet.items())):
        tracking.append(svc.cast(ballot.pk, code, ranking(i), secrets.token_urlsafe(16)).tracking_code)
        assert board_views(watcher, ballot) == before  # not a byte changes on any board
        page = without_csrf(member.get(f"/ballots/{ballot.pk}/").content.decode())
        if ref == "L000001":  # the watching member's own vote: their page says they have voted, no more
            assert "You have voted." in page and "You have voted." not in detail
            detail = page
        assert page == detail  # nor does the ballot's page change when anyone else votes
    assert json.loads(before[1])["ballots"] == json.loads(before[2])["ballots"] == []
    close(party, ballot)
    page, board, api = board_views(watcher, ballot)
    listed = [b["tracking_code"] for b in json.loads(board)["ballots"]]
    assert listed == sorted(tracking) and json.loads(api)["ballots"] == json.loads(board)["ballots"]
    assert all(code in page for code in tracking) and f"{VOTERS} ballots in the box" in page


def test_board_guesser_finds_no_tracking_code_but_a_voter_confirms_their_own() -> None:
    party = make_party()
    ballot, sheet = open_with_voters(party)
    mine = svc.cast(ballot.pk, sheet[sorted(sheet)[0]], ["Ann"], secrets.token_urlsafe(16)).tracking_code
    client = Client()
    found = client.post(f"/ballots/{ballot.pk}/board/", {"code": mine}).content.decode()
    assert "Your ballot is on the board" in found and mine in found
    # The answer is about that code only: no other ballot, no number cast, no time.
    assert "ballots in the box" not in found and not re.search(r"\d{1,2}:\d{2}", found.split("<h1>")[1])
    for _ in range(200):
        guess = "-".join(secrets.token_hex(2).upper() for _ in range(4))
        page = client.post(f"/ballots/{ballot.pk}/board/", {"code": guess}).content.decode()
        assert "No ballot with the tracking code" in page


# --- coercer or vote buyer shown a receipt ------------------------------------------------------


def test_coercer_with_a_voters_tracking_code_and_the_published_board_cannot_tell_the_ranking() -> None:
    party = make_party()
    ballot, sheet = open_with_voters(party)
    cast = cast_all(ballot, sheet)
    for step in (svc.close_ballot, svc.count_ballot, svc.publish):
        step(party.users["returning_officer"], ballot)
    board = Client().get(f"/ballots/{ballot.pk}/board.json").json()
    _, _, shown = cast[0]  # the voter shows the coercer their receipt
    (entry,) = [b for b in board["ballots"] if b["tracking_code"] == shown]
    # The ballot's hash covers a random salt that is on no board: trying every ranking fails.
    text = json.dumps(board)
    candidates = range(1, len(CANDIDATES) + 1)
    rankings = [" ".join(map(str, p)) for n in candidates for p in itertools.permutations(candidates, n)]
    for prefs in rankings:
        for salt in ("", *re.findall(r"[0-9a-f]{32}", text)):
            assert hashlib.sha256(f"{ballot.pk}|{salt}|{prefs}".encode()).hexdigest() != entry["digest"]
    assert shown not in board["export"] and entry["digest"] not in board["export"]


# --- someone with a backup --------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("audit_reset")
def test_backup_taken_while_open_carries_the_open_period_limits_and_one_taken_after_close_does_not() -> None:
    party = make_party()
    ballot, sheet = open_with_voters(party)
    cast = cast_all(ballot, sheet)
    _, during = dump_everything()
    # The limit: a dump taken while open lists the box in the order cast, with its retry receipts.
    assert [row["tracking_code"] for row in during["ballots_boxentry"]] == [code for _, _, code in cast]
    assert len(during["ballots_retryreceipt"]) == VOTERS
    close(party, ballot)
    _, after = dump_everything()
    assert [row["tracking_code"] for row in after["ballots_boxentry"]] != [code for _, _, code in cast]
    assert not after["ballots_retryreceipt"]
    assert RollEntry.objects.filter(ballot=ballot, voted=True).count() == VOTERS


# --- whoever runs the web server ----------------------------------------------------------------


def test_server_operator_with_secret_key_and_a_voters_submission_id_finds_the_receipt_only_while_open() -> None:
    party = make_party()
    ballot, sheet = open_with_voters(party)
    cast = cast_all(ballot, sheet)
    ref, submission, tracking = cast[0]
    # The limit: the server sees the submission id in the POST and holds SECRET_KEY, so while the
    # ballot is open it can find that form's receipt (it saw the ballot arrive anyway).
    key = retry_key(ballot.pk, credential_hash(ballot.credential_key, sheet[ref]), submission)
    assert RetryReceipt.objects.get(key=key).tracking_code == tracking
    assert svc.cast(ballot.pk, sheet[ref], ranking(0), submission).repeated
    close(party, ballot)
    assert not RetryReceipt.objects.filter(key=key).exists()  # ends at the close
    with pytest.raises(svc.NotOpen):
        svc.cast(ballot.pk, sheet[ref], ranking(0), submission)


# --- someone with the database's files ------------------------------------------------------------


def file_holds(table: str, data: bytes) -> bool:
    """Whether the bytes are anywhere in the table's data file (first segment), as a reader of the
    files, not of SQL, would find them. Needs a PostgreSQL superuser."""
    with connection.cursor() as cursor:
        cursor.execute("CHECKPOINT")
        cursor.execute("SELECT position(%s in pg_read_binary_file(pg_relation_filepath(%s))) > 0", [data, table])
        return bool(cursor.fetchone()[0])


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("audit_reset")
def test_file_reader_after_the_close_finds_the_casts_transaction_ids_until_the_tables_are_rewritten() -> None:
    if not POSTGRESQL:
        pytest.skip("row versions record their transaction (xmin) on PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if not cursor.fetchone()[0]:
            pytest.skip("reading a table's data file needs a superuser")
    party = make_party()
    ballot, sheet = open_with_voters(party, voters=150)  # a few pages of box rows
    cast_all(ballot, sheet)
    with connection.cursor() as cursor:
        cursor.execute("SELECT xmin::text::bigint FROM ballots_boxentry")
        casts = [int(row[0]).to_bytes(4, "little") for row in cursor.fetchall()]
    assert all(file_holds("ballots_boxentry", xid) for xid in casts)  # the file, read raw, while open
    close(party, ballot)  # rewrites the rows and runs VACUUM
    # The limit: VACUUM frees the old row versions but does not overwrite a page it empties, so
    # their headers, with each cast's transaction id, are still in the file for someone who reads
    # it raw.
    assert sum(file_holds("ballots_boxentry", xid) for xid in casts) > len(casts) // 2
    # It ends when the tables are written afresh (the step docs/ballots.md asks for after a close).
    with connection.cursor() as cursor:
        cursor.execute("VACUUM FULL ballots_boxentry, ballots_rollentry, ballots_retryreceipt")
    assert not any(file_holds("ballots_boxentry", xid) for xid in casts)
