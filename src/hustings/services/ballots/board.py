"""The bulletin board: an append-only hash chain of the ballot's officer actions (opened, paper
batches, closed, counted, published) and the list of ballots in the box by tracking code.

Ballots are not chained in the order they are cast: that order, set beside a web server's log of
who signed in when, could link a ballot to a voter. For the same reason the ballots (tracking code
and hash) are listed only once the box is closed: a watcher polling an open board would see each
appear as it is cast. Closing the box chains one entry committing to the sorted set of all their
hashes (`chain.ballots_digest`).
"""

from __future__ import annotations

from typing import Any

from hustings.board.chain import GENESIS, entry_digest
from hustings.services.ballots import scrutiny
from hustings.store.ballots.models import Ballot, BoardEntry, BoxEntry


def append(ballot: Ballot, kind: str, data: dict[str, Any]) -> BoardEntry:
    """Chain one entry to the ballot's board. Call it inside the officer's transaction, with the
    ballot row locked (`select_for_update`), so two appends cannot take the same place."""
    last = BoardEntry.objects.filter(ballot=ballot).order_by("-seq").values_list("seq", "digest").first()
    seq, prev = (last[0] + 1, last[1]) if last else (0, GENESIS)
    return BoardEntry.objects.create(
        ballot=ballot, seq=seq, kind=kind, data=data, prev=prev, digest=entry_digest(prev, seq, kind, data)
    )


def entries(ballot: Ballot) -> list[dict[str, Any]]:
    return [
        {"seq": e.seq, "kind": e.kind, "data": e.data, "prev": e.prev, "digest": e.digest}
        for e in BoardEntry.objects.filter(ballot=ballot).order_by("seq")
    ]


def ballots(ballot: Ballot) -> list[dict[str, str]]:
    """Every ballot in the box as (tracking code, hash), sorted by tracking code."""
    rows = BoxEntry.objects.filter(ballot=ballot).order_by("tracking_code").values_list("tracking_code", "digest")
    return [{"tracking_code": code, "digest": digest} for code, digest in rows]


def find(ballot: Ballot, code: str) -> BoxEntry | None:
    """The box entry with this tracking code (spaces, case and dashes forgiven), if any."""
    plain = "".join(ch for ch in code.upper() if ch.isalnum())
    if len(plain) != 16:
        return None
    formatted = "-".join(plain[i : i + 4] for i in range(0, 16, 4))
    return BoxEntry.objects.filter(ballot=ballot, tracking_code=formatted).first()


def bulletin_board(ballot: Ballot) -> dict[str, Any]:
    """The public board as JSON data: the contest, its scrutineers and their signatures, the chain,
    the ballots, and (once counted) the anonymised BLT export and the result record.
    `hustings.board.verify.verify_board` checks it from its content alone. (An end-to-end
    ballot's board is `e2e.tally.bulletin_board`'s; `lifecycle` chooses.)"""
    chain = entries(ballot)
    counted = ballot.status in ("counted", "published")
    college = {"exports": ballot.exports if counted else None} if ballot.sections else {}
    return {
        "format": "hustings-board/1",
        "ballot": {
            "id": ballot.pk,
            "title": ballot.title,
            "organisation": ballot.organisation.slug,
            "method": ballot.method,
            "seats": ballot.seats,
            "candidates": list(ballot.candidates),
            "status": ballot.status,
        },
        "scrutineers": scrutiny.board_scrutineers(ballot),
        "entries": chain,
        "head": chain[-1]["digest"] if chain else GENESIS,
        "ballots": ballots(ballot) if ballot.status != "open" else [],  # listed after the close only
        "export": ballot.export if counted else None,
        "result": ballot.result if ballot.status == "published" else None,
        **college,  # an electoral college's export of each section (docs/ballots.md)
    }
