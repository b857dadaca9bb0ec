"""`verify_board` on boards made here without Django: the order of entries, the status, the
warning on a board nobody anchors, and pinned keys."""

from __future__ import annotations

import json
from typing import Any

import pytest

from hustings.board import signatures
from hustings.board.chain import GENESIS, ballot_digest, ballots_digest, canonical, entry_digest, sha256, tracking_code
from hustings.board.verify import BoardFormatError, recount, verify_board

EXPORT = '3 1\n4 1 2 0\n2 2 0\n1 3 2 0\n0\n"Ann"\n"Bob"\n"Cat"\n"Chair"\n'
KEY = signatures.read_key(json.dumps(signatures.new_key()))


def make_board(stages: int = 4, signed: bool = True) -> dict[str, Any]:
    """A board opened with one scrutineer, closed, counted and published (the first `stages` of those)."""
    public = signatures.public_of(KEY)
    ballots = [ballot_digest(1, f"salt{i}", "1 2") for i in range(7)]
    result = recount(EXPORT, "irv", 1)
    opened = {"ballot_id": 1, "title": "Chair", "organisation": "party", "method": "irv", "seats": 1}
    kinds: list[tuple[str, dict[str, Any]]] = [
        (
            "opened",
            {**opened, "candidates": ["Ann", "Bob", "Cat"], "scrutineers": [{"name": "Sam", "public_key": public}]},
        ),
        ("closed", {"ballots": 7, "ballots_digest": ballots_digest(ballots), "export_sha256": sha256(EXPORT)}),
        (
            "counted",
            {
                "export_sha256": sha256(EXPORT),
                "result_sha256": sha256(canonical(result)),
                "method": "irv",
                "seats": 1,
                "elected": result["elected"],
            },
        ),
        ("published", {"result_sha256": sha256(canonical(result))}),
    ][:stages]
    entries, prev = [], GENESIS
    for seq, (kind, data) in enumerate(kinds):
        digest = entry_digest(prev, seq, kind, data)
        entries.append({"seq": seq, "kind": kind, "data": data, "prev": prev, "digest": digest})
        prev = digest
    status = ["open", "closed", "counted", "published"][stages - 1]
    records = [
        {
            k: v
            for k, v in signatures.sign(KEY, "party/1", e["kind"], e["seq"], e["digest"]).items()
            if k in ("stage", "seq", "head", "signature")
        }
        for e in entries
        if e["kind"] in signatures.STAGES and signed
    ]
    return {
        "format": "hustings-board/1",
        "ballot": {
            "id": 1,
            "title": "Chair",
            "organisation": "party",
            "method": "irv",
            "seats": 1,
            "candidates": ["Ann", "Bob", "Cat"],
            "status": status,
        },
        "scrutineers": [{"name": "Sam", "public_key": public, "signatures": records}],
        "entries": entries,
        "head": prev,
        "ballots": [{"tracking_code": tracking_code(d), "digest": d} for d in sorted(ballots)] if stages > 1 else [],
        "export": EXPORT if stages > 2 else None,
        "result": result if stages > 3 else None,
    }


@pytest.mark.parametrize("stages", [1, 2, 3, 4])
def test_a_board_at_each_status_is_verified(stages: int) -> None:
    verdict = verify_board(make_board(stages), [signatures.public_of(KEY)])
    assert verdict.verified, verdict.problems
    assert verdict.status == ["open", "closed", "counted", "published"][stages - 1]


def test_a_status_ahead_of_the_entries_names_the_missing_entries() -> None:
    board = make_board(2)
    board["ballot"]["status"] = "published"
    assert {c.name for c in verify_board(board).failed} == {"entries.counted", "entries.published"}


def test_a_status_behind_the_entries_fails_status() -> None:
    board = make_board(3)
    board["ballot"]["status"] = "open"
    assert {c.name for c in verify_board(board).failed} >= {"status"}


def test_a_scrutineer_who_has_not_signed_fails_the_board() -> None:
    verdict = verify_board(make_board(4, signed=False))
    assert {c.name for c in verdict.failed} == {"scrutineer.unsigned"}


def test_a_board_without_scrutineers_is_verified_with_the_anchor_warning() -> None:
    board = make_board(1)
    board["scrutineers"] = []
    board["entries"][0]["data"]["scrutineers"] = []
    board["entries"][0]["digest"] = board["head"] = entry_digest(GENESIS, 0, "opened", board["entries"][0]["data"])
    verdict = verify_board(board)
    assert verdict.verified and [c.name for c in verdict.checks if c.status == "warning"] == ["anchor"]


def test_a_pinned_key_not_on_the_board_fails() -> None:
    other = signatures.new_key()["public_key"]
    assert {c.name for c in verify_board(make_board(4), [other]).failed} == {"scrutineer.pinned"}


def test_an_export_before_the_count_fails() -> None:
    board = make_board(2)
    board["export"] = EXPORT
    assert {c.name for c in verify_board(board).failed} == {"export"}


def test_an_unrecountable_export_is_a_failed_check() -> None:
    board = make_board(4)
    board["ballot"]["method"] = board["entries"][0]["data"]["method"] = "no-such-method"
    assert "recount" in {c.name for c in verify_board(board).failed}


@pytest.mark.parametrize("board", [[], "x", None, {"entries": {}}])
def test_what_is_not_a_board_is_a_format_error(board: object) -> None:
    with pytest.raises(BoardFormatError):
        verify_board(board)
