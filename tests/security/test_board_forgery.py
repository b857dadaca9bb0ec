"""Attacks on the bulletin board (docs/ballots.md, "The board's threat model").

A real board is built through the services: opened with three scrutineers whose keys are made by
`hustings scrutineer keygen`, cast, closed, signed at the opening and the close with `hustings
scrutineer sign`, counted and published. Then every leaf of it is altered on its own, every entry
removed, entries reordered, the head removed or cut, and the board rewritten by a forger who swaps
two candidates on every ballot, recounts and recomputes every hash: each is refused with the
failed check named, and a forger's own scrutineer keys are refused when the real keys are pinned.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import io
import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from tests.web.visitors import make_party, open_leadership_ballot

from hustings.board import signatures
from hustings.board.chain import GENESIS, canonical, entry_digest, sha256
from hustings.board.verify import BoardFormatError, recount, verify_board
from hustings.cli.main import main
from hustings.cli.verify import show
from hustings.rules import Category, Status
from hustings.services import ballots as svc
from hustings.store.ballots.models import Ballot
from hustings.store.members.models import Membership, Person, StatusChange

pytestmark = pytest.mark.django_db  # (so the test database is set up for the module's board)

CANDIDATES = ["Ann Archer", "Bob Baker", "Cat Cole"]
SCRUTINEERS = ["Agent of Ann Archer", "Agent of Bob Baker", "Independent scrutineer"]
VOTES = [["Ann Archer", "Bob Baker"]] * 4 + [["Bob Baker"], ["Cat Cole", "Bob Baker"]]
"""Ann wins on first preferences; with Ann and Bob swapped on every ballot, Bob would."""

Path_ = tuple[Any, ...]


def run(*argv: str) -> tuple[int, str]:
    """`hustings ARGV` in this process: exit status and standard output."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        status = main(list(argv))
    return status, out.getvalue()


def sign(ballot: Ballot, key: Path, stage: str, where: Path) -> None:
    """A scrutineer downloads the board, signs it with `hustings scrutineer sign`, uploads the record."""
    board = where / f"board-{stage}.json"
    board.write_text(json.dumps(svc.bulletin_board(Ballot.objects.get(pk=ballot.pk))), encoding="utf-8")
    status, out = run("scrutineer", "sign", str(board), "--key", str(key), "--stage", stage)
    assert status == 0, out
    svc.record_signature(ballot.pk, json.loads(out))


@pytest.fixture(scope="module")
def built(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[dict[str, Any], list[str], list[Path]]]:
    """The published board, the scrutineers' public keys (as they published them) and key files."""
    where = tmp_path_factory.mktemp("scrutineers")
    with django_db_blocker.unblock(), transaction.atomic():
        party = make_party()
        for n in range(2, 7):
            person = Person.objects.create(ref=f"L00000{n}", name=f"Member {n}", email=f"m{n}@example.org")
            membership = Membership.objects.create(person=person, unit=party.branch, category=Category.MEMBER)
            StatusChange.objects.create(membership=membership, status=Status.JOINED, on=dt.date(2012, 1, n))
        files = [where / f"scrutineer-{i}.key" for i in range(len(SCRUTINEERS))]
        keys = []
        for file in files:
            status, out = run("scrutineer", "keygen", "-o", str(file))
            assert status == 0
            keys.append(out.strip())
        officer = party.users["returning_officer"]
        ballot = open_leadership_ballot(
            party, "Leader 2026", CANDIDATES, scrutineers=list(zip(SCRUTINEERS, keys, strict=True))
        )
        for file in files:
            sign(ballot, file, "opened", where)
        codes = svc.issue_credentials(officer, ballot)
        for n, (code, vote) in enumerate(zip(sorted(codes.values()), VOTES, strict=True)):
            svc.cast(ballot.pk, code, vote, f"s{n}")
        svc.close_ballot(officer, ballot)
        for file in files:
            sign(ballot, file, "closed", where)
        svc.count_ballot(officer, ballot)
        svc.publish(officer, ballot)
        board = svc.bulletin_board(Ballot.objects.get(pk=ballot.pk))
        transaction.set_rollback(True)
    yield board, keys, files


@pytest.fixture
def board(built: tuple[dict[str, Any], list[str], list[Path]]) -> dict[str, Any]:
    return copy.deepcopy(built[0])


@pytest.fixture
def keys(built: tuple[dict[str, Any], list[str], list[Path]]) -> list[str]:
    return built[1]


def failed(board: object, pinned: list[str] | tuple[str, ...] = ()) -> set[str]:
    return {c.name for c in verify_board(board, pinned).failed}


def leaves(data: Any, path: Path_ = ()) -> Iterator[Path_]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from leaves(value, (*path, key))
    elif isinstance(data, list) and data:
        for i, value in enumerate(data):
            yield from leaves(value, (*path, i))
    else:
        yield path


def nodes(data: Any, path: Path_ = ()) -> Iterator[Path_]:
    yield path
    if isinstance(data, dict):
        for key, value in data.items():
            yield from nodes(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from nodes(value, (*path, i))


def get(data: Any, path: Path_) -> Any:
    for step in path:
        data = data[step]
    return data


def put(data: Any, path: Path_, value: Any) -> None:
    get(data, path[:-1])[path[-1]] = value


def altered(value: Any) -> Any:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        return value + 1
    if isinstance(value, str):
        return value[:-1] + ("x" if value[-1:] != "x" else "y")
    if value == []:
        return ["x"]
    if value == {}:
        return {"x": 1}
    return "x"


def expected_check(path: Path_) -> set[str]:
    """The checks a change at `path` must fail (one of them at least)."""
    top = path[0]
    if top == "ballot":
        return {"status" if path[1] == "status" else f"opened.{path[1]}"}
    if top == "scrutineers":
        return {"scrutineer.signature" if path[2] == "signatures" else "scrutineers"}
    if top == "ballots":  # a changed hash may keep its tracking code (its first 64 bits)
        return {"ballots", "closed.ballots"}
    return {{"entries": "chain"}.get(top, top)}


def test_the_real_board_is_verified_with_every_scrutineer_pinned(board: dict[str, Any], keys: list[str]) -> None:
    verdict = verify_board(board, keys)
    assert verdict.verified, verdict.problems
    assert [s.signed for s in verdict.signers] == [("opened", "closed")] * 3
    assert verdict.recount is not None and verdict.recount["elected"] == ["Ann Archer"]
    assert not [c for c in verdict.checks if c.status == "warning"]


def test_every_leaf_of_the_board_altered_alone_is_refused_and_named(board: dict[str, Any]) -> None:
    paths = list(leaves(board))
    assert len(paths) > 100 and ("head",) in paths and ("ballot", "title") in paths
    missed = []
    for path in paths:
        forged = copy.deepcopy(board)
        put(forged, path, altered(get(board, path)))
        names = failed(forged)
        if not expected_check(path) & names:
            missed.append((path, names))
    assert not missed  # each: the altered leaf, and the checks that failed instead of the expected one


def test_every_part_of_the_board_given_a_wrong_type_is_refused_without_a_traceback(board: dict[str, Any]) -> None:
    for path in list(nodes(board))[1:]:  # every part, leaf or not, but the board itself
        for wrong in (None, 7, "x", [], {}, True, [1, "x"], {"x": None}):
            if wrong == get(board, path) and type(wrong) is type(get(board, path)):
                continue
            forged = copy.deepcopy(board)
            put(forged, path, wrong)
            try:
                verdict = verify_board(forged)
            except BoardFormatError:
                assert path == ("entries",)
                continue
            assert not verdict.verified, (path, wrong)
            with contextlib.redirect_stdout(io.StringIO()):
                show(verdict)  # what the command prints, in both forms, without a traceback
                json.dumps(verdict.to_dict())


@pytest.mark.parametrize("index", range(5))
def test_each_entry_removed_is_refused(board: dict[str, Any], index: int) -> None:
    assert [e["kind"] for e in board["entries"]] == ["opened", "credentials issued", "closed", "counted", "published"]
    del board["entries"][index]
    assert {"chain", "head"} & failed(board)


def test_the_last_entry_removed_with_the_head_moved_back_is_refused(board: dict[str, Any]) -> None:
    del board["entries"][-1]
    board["head"] = board["entries"][-1]["digest"]
    board["result"] = None
    assert failed(board) == {"entries.published"}


@pytest.mark.parametrize("index", range(4))
def test_two_entries_swapped_are_refused(board: dict[str, Any], index: int) -> None:
    entries = board["entries"]
    entries[index], entries[index + 1] = entries[index + 1], entries[index]
    assert "chain" in failed(board)


def test_entries_reordered_and_rechained_are_refused_by_order(board: dict[str, Any]) -> None:
    entries = board["entries"]
    entries[1], entries[2] = entries[2], entries[1]  # closed before the credentials were issued
    rechain(board)
    assert "entries.order" in failed(board)


def test_a_missing_head_is_refused(board: dict[str, Any]) -> None:
    del board["head"]
    assert "head" in failed(board)


def test_a_truncated_head_is_refused(board: dict[str, Any]) -> None:
    board["head"] = board["head"][:32]
    assert "head" in failed(board)


def rechain(board: dict[str, Any]) -> None:
    """Recompute every entry's hash and the head, as a forger with the server would."""
    prev = GENESIS
    for seq, entry in enumerate(board["entries"]):
        entry.update(seq=seq, prev=prev, digest=entry_digest(prev, seq, entry["kind"], entry["data"]))
        prev = entry["digest"]
    board["head"] = prev


def swap_and_recount(board: dict[str, Any], a: str, b: str) -> dict[str, Any]:
    """The forgery: candidates `a` and `b` swapped on every ballot of the export, recounted, the
    close, count and publication entries rewritten to match, and every hash recomputed."""
    forged = copy.deepcopy(board)
    names = forged["ballot"]["candidates"]
    swap = {str(names.index(a) + 1): str(names.index(b) + 1), str(names.index(b) + 1): str(names.index(a) + 1)}
    lines = forged["export"].split("\n")
    end = lines.index("0", 1)
    for i in range(1, end):
        weight, *prefs = lines[i].split()
        lines[i] = " ".join([weight, *(swap.get(p, p) for p in prefs[:-1]), prefs[-1]])
    forged["export"] = "\n".join(lines)
    result = recount(forged["export"], forged["ballot"]["method"], forged["ballot"]["seats"])
    forged["result"] = result
    kinds = {e["kind"]: e["data"] for e in forged["entries"]}
    kinds["closed"]["export_sha256"] = sha256(forged["export"])
    kinds["counted"].update(
        export_sha256=sha256(forged["export"]), result_sha256=sha256(canonical(result)), elected=result["elected"]
    )
    kinds["published"]["result_sha256"] = sha256(canonical(result))
    rechain(forged)
    return forged


def test_a_rechained_forgery_swapping_two_candidates_is_refused(board: dict[str, Any], keys: list[str]) -> None:
    forged = swap_and_recount(board, "Ann Archer", "Bob Baker")
    assert forged["result"]["elected"] == ["Bob Baker"]
    verdict = verify_board(forged)
    assert {c.name for c in verdict.failed} == {"scrutineer.signature"}
    assert all("closing head" in c.detail for c in verdict.failed) and len(verdict.failed) == 3
    assert verify_board(forged).recount == forged["result"]  # the forgery is internally consistent
    assert failed(forged, keys) == {"scrutineer.signature", "scrutineer.pinned"}


def test_the_forgery_with_the_closing_signatures_dropped_is_refused(board: dict[str, Any]) -> None:
    forged = swap_and_recount(board, "Ann Archer", "Bob Baker")
    for scrutineer in forged["scrutineers"]:
        scrutineer["signatures"] = [s for s in scrutineer["signatures"] if s["stage"] == "opened"]
    assert failed(forged) == {"scrutineer.unsigned"}


def with_forgers_keys(forged: dict[str, Any]) -> list[str]:
    """The forger registers keys of their own under the scrutineers' names and signs with them."""
    made = [signatures.new_key() for _ in forged["scrutineers"]]
    opened = forged["entries"][0]["data"]
    for i, key in enumerate(made):
        opened["scrutineers"][i]["public_key"] = key["public_key"]
        forged["scrutineers"][i]["public_key"] = key["public_key"]
    rechain(forged)
    ballot = signatures.identity(forged["ballot"]["organisation"], forged["ballot"]["id"])
    stages = {e["kind"]: e for e in forged["entries"]}
    for i, key in enumerate(made):
        signing = signatures.read_key(json.dumps(key))
        forged["scrutineers"][i]["signatures"] = [
            {
                k: v
                for k, v in signatures.sign(signing, ballot, stage, e["seq"], e["digest"]).items()
                if k in ("stage", "seq", "head", "signature")
            }
            for stage in ("opened", "closed")
            for e in [stages[stage]]
        ]
    return [key["public_key"] for key in made]


def test_the_forgery_with_the_forgers_own_keys_is_refused_when_the_real_keys_are_pinned(
    board: dict[str, Any], keys: list[str]
) -> None:
    forged = swap_and_recount(board, "Ann Archer", "Bob Baker")
    with_forgers_keys(forged)
    names = failed(forged, keys)
    assert names == {"scrutineer.pinned"}
    assert len(verify_board(forged, keys).failed) == 3


def test_without_pins_the_forgers_fingerprints_are_shown(
    board: dict[str, Any], keys: list[str], tmp_path: Path
) -> None:
    forged = swap_and_recount(board, "Ann Archer", "Bob Baker")
    theirs = with_forgers_keys(forged)
    path = tmp_path / "forged.json"
    path.write_text(json.dumps(forged), encoding="utf-8")
    status, out = run("verify", str(path))
    assert status == 0  # internally consistent: only the keys betray it
    assert "WARNING  scrutineer.keys" in out
    for key in theirs:
        assert signatures.fingerprint(key) in out
    for key in keys:
        assert signatures.fingerprint(key) not in out
    status, out = run("verify", str(path), "--scrutineer", keys[0], "--format", "json")
    record = json.loads(out)
    assert status == 1 and record["verified"] is False
    assert "scrutineer.pinned" in record["failed"]


def test_a_board_without_scrutineers_is_verified_with_a_warning_that_nothing_anchors_it(
    board: dict[str, Any],
) -> None:
    board["scrutineers"] = []
    board["entries"][0]["data"]["scrutineers"] = []
    rechain(board)
    verdict = verify_board(board)
    assert verdict.verified
    assert [c.name for c in verdict.checks if c.status == "warning"] == ["anchor"]


def test_a_pinned_key_on_a_board_without_scrutineers_fails(board: dict[str, Any], keys: list[str]) -> None:
    board["scrutineers"] = []
    board["entries"][0]["data"]["scrutineers"] = []
    rechain(board)
    assert failed(board, keys[:1]) == {"scrutineer.pinned"}


def test_a_signature_for_another_ballot_does_not_verify(board: dict[str, Any]) -> None:
    """The ballot's identity is in the signed message: the same head under another id fails."""
    board["ballot"]["id"] += 1
    board["entries"][0]["data"]["ballot_id"] += 1
    rechain(board)
    assert failed(board) == {"scrutineer.signature"}


# The command's contract


def test_verify_exit_0_and_json_keys(board: dict[str, Any], keys: list[str], tmp_path: Path) -> None:
    path = tmp_path / "board.json"
    path.write_text(json.dumps(board), encoding="utf-8")
    pins = [arg for key in keys for arg in ("--scrutineer", key)]
    status, out = run("verify", str(path), "--format", "json", *pins)
    record = json.loads(out)
    assert status == 0 and record["verified"] is True
    assert {"verified", "checks", "result"} <= set(record)
    assert record["result"] == board["result"]
    assert {c["status"] for c in record["checks"]} == {"ok"}
    assert [s["name"] for s in record["signers"]] == SCRUTINEERS


def test_verify_text_names_each_failed_check(board: dict[str, Any], tmp_path: Path) -> None:
    board["ballot"]["title"] = "Another contest"
    del board["head"]
    path = tmp_path / "board.json"
    path.write_text(json.dumps(board), encoding="utf-8")
    status, out = run("verify", str(path))
    assert status == 1
    assert "FAILED   opened.title:" in out and "FAILED   head:" in out
    assert "Another contest" not in out.split("FAILED")[0]  # an unchecked title is never printed as the ballot's
    assert out.strip().splitlines()[-1].startswith("NOT VERIFIED")


def test_a_pin_read_from_a_file(board: dict[str, Any], keys: list[str], tmp_path: Path) -> None:
    (tmp_path / "ann.pub").write_text(keys[0] + "\n", encoding="utf-8")
    path = tmp_path / "board.json"
    path.write_text(json.dumps(board), encoding="utf-8")
    assert run("verify", str(path), "--scrutineer", str(tmp_path / "ann.pub"))[0] == 0


@pytest.mark.parametrize("pin", ["not-a-key", "AAAA", "/nonexistent/key.pub"])
def test_a_bad_pin_exits_2(board: dict[str, Any], tmp_path: Path, pin: str) -> None:
    path = tmp_path / "board.json"
    path.write_text(json.dumps(board), encoding="utf-8")
    assert run("verify", str(path), "--scrutineer", pin)[0] == 2


@pytest.mark.parametrize(
    "content", ["{not json", "[1, 2]", '{"entries": 3}', "[" * 100_000, '"board"', '{"entries": [' + "9" * 5000 + "]}"]
)
def test_unreadable_boards_exit_2(tmp_path: Path, content: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "board.json"
    path.write_text(content, encoding="utf-8")
    assert main(["verify", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("hustings: error:") and len(err.strip().splitlines()) == 1


# The scrutineer's commands


def test_keygen_writes_a_private_file_and_never_overwrites_it(tmp_path: Path) -> None:
    key = tmp_path / "me.key"
    status, out = run("scrutineer", "keygen", "-o", str(key))
    assert status == 0 and signatures.public_key(out.strip())
    assert stat.S_IMODE(os.stat(key).st_mode) == 0o600
    before = key.read_text()
    assert run("scrutineer", "keygen", "-o", str(key))[0] == 2
    assert key.read_text() == before
    status, again = run("scrutineer", "keygen", "-o", str(key), "--force")
    assert status == 0 and again != out and stat.S_IMODE(os.stat(key).st_mode) == 0o600


def test_the_installed_command_makes_a_key_in_its_own_process(tmp_path: Path) -> None:
    key = tmp_path / "me.key"
    done = subprocess.run(
        [sys.executable, "-m", "hustings.cli.main", "scrutineer", "keygen", "-o", str(key)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert signatures.public_key(done.stdout.strip()) and stat.S_IMODE(os.stat(key).st_mode) == 0o600
    assert signatures.public_of(signatures.read_key(key.read_text())) == done.stdout.strip()


def test_sign_refuses_a_broken_board(board: dict[str, Any], built: Any, tmp_path: Path) -> None:
    board["entries"][2]["data"]["ballots"] += 1
    path = tmp_path / "board.json"
    path.write_text(json.dumps(board), encoding="utf-8")
    assert run("scrutineer", "sign", str(path), "--key", str(built[2][0]))[0] == 1


def test_sign_refuses_a_key_that_is_not_a_scrutineers(board: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "board.json"
    path.write_text(json.dumps(board), encoding="utf-8")
    assert run("scrutineer", "keygen", "-o", str(tmp_path / "other.key"))[0] == 0
    assert run("scrutineer", "sign", str(path), "--key", str(tmp_path / "other.key"))[0] == 2


def test_sign_prints_the_record_of_the_stage_asked_for(board: dict[str, Any], built: Any, tmp_path: Path) -> None:
    path = tmp_path / "board.json"
    path.write_text(json.dumps(board), encoding="utf-8")
    status, out = run("scrutineer", "sign", str(path), "--key", str(built[2][1]), "--stage", "opened")
    record = json.loads(out)
    assert status == 0 and record["stage"] == "opened" and record["seq"] == 0
    assert record["head"] == board["entries"][0]["digest"]
    assert {k: v for k, v in record.items() if k in ("stage", "seq", "head", "signature")} in board["scrutineers"][1][
        "signatures"
    ]
