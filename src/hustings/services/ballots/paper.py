"""Paper and hybrid ballots: batches typed twice, by two officers, join the box when they agree.

A batch is a list of paper ballots (each a list of names, most preferred first). The first entry
waits; the second, by a different officer, is compared line by line. When the two agree the batch's
ballots go to the box (marked paper, with no link to anyone, like every ballot) and the board
records the batch; when they differ, nothing joins the box and the differing lines are reported,
so either entry can be typed again (an entry not yet accepted is replaced).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext

from hustings.board.chain import ballot_digest, tracking_code
from hustings.services import audit
from hustings.services.access import User
from hustings.services.audit import actor_name
from hustings.services.ballots import board, officers
from hustings.services.ballots.casting import encode_preferences
from hustings.services.ballots.errors import BallotError
from hustings.store.ballots.models import Ballot, BoxEntry, PaperEntry, Status


@dataclass(frozen=True)
class Difference:
    line: int
    first: list[str] | None
    second: list[str] | None


@dataclass(frozen=True)
class BatchOutcome:
    """`waiting` (one entry so far), `accepted` (joined the box) or `mismatch` (see `differences`)."""

    label: str
    status: str
    ballots: int
    differences: list[Difference] = field(default_factory=list)


def enter_paper_batch(
    actor: User, ballot: Ballot, batch_label: str, ballots: list[list[str]], entry: int
) -> BatchOutcome:
    """Record one of the two entries of a paper batch. Requires `ballots.run`."""
    officers.require_for(actor, ballot)
    if ballot.e2e:
        raise BallotError(
            gettext("an end-to-end verifiable ballot takes no paper ballots: every ballot is encrypted by its voter")
        )
    if ballot.weighted or ballot.sections:
        raise BallotError(
            gettext(
                "a ballot with card votes or college sections takes no paper batches: a paper ballot carries no "
                "weight or section"
            )
        )
    label = " ".join(batch_label.split())
    if not label:
        raise BallotError(gettext("a paper batch needs a label (as written on its envelope)"))
    if entry not in (1, 2):
        raise BallotError(gettext("a batch is entered twice: entry 1 or entry 2"))
    officer = actor_name(actor)
    with transaction.atomic():
        row = Ballot.objects.select_for_update().get(pk=ballot.pk)
        if row.status != Status.OPEN:
            raise BallotError(
                gettext("paper batches join the box only while it is open; this ballot is {status}").format(
                    status=row.status
                )
            )
        names = list(row.candidates)
        lines = []
        for number, prefs in enumerate(ballots, 1):
            try:
                lines.append(encode_preferences(names, [" ".join(p.split()) for p in prefs]))
            except BallotError as exc:
                raise BallotError(
                    gettext("ballot {number} of batch {label}: {exc}").format(number=number, label=label, exc=exc)
                ) from None
        if PaperEntry.objects.filter(ballot=row, label=label, accepted=True).exists():
            raise BallotError(gettext("batch {label} has already joined the box").format(label=label))
        other = PaperEntry.objects.filter(ballot=row, label=label, entry=3 - entry).first()
        if other is not None and other.officer == officer:
            raise BallotError(
                gettext("the two entries of batch {label} must be typed by two different officers").format(label=label)
            )
        PaperEntry.objects.update_or_create(
            ballot=row, label=label, entry=entry, defaults={"officer": officer, "lines": lines}
        )
        audit.record(actor, "ballot.paper_entry", row, None, {"batch": label, "entry": entry, "ballots": len(lines)})
        if other is None:
            return BatchOutcome(label, "waiting", len(lines))
        first, second = (lines, other.lines) if entry == 1 else (other.lines, lines)
        if first != second:
            return BatchOutcome(label, "mismatch", len(lines), _differences(names, first, second))
        for line in lines:
            salt = secrets.token_hex(16)
            digest = ballot_digest(row.pk, salt, line)
            BoxEntry.objects.create(
                ballot=row, preferences=line, salt=salt, digest=digest, tracking_code=tracking_code(digest), paper=True
            )
        PaperEntry.objects.filter(ballot=row, label=label).update(accepted=True)
        board.append(row, "paper batch", {"label": label, "ballots": len(lines)})
        audit.record(actor, "ballot.paper_batch", row, None, {"batch": label, "ballots": len(lines), "accepted": True})
    return BatchOutcome(label, "accepted", len(lines))


def _differences(names: list[str], first: list[str], second: list[str]) -> list[Difference]:
    def read(line: str | None) -> list[str] | None:
        return None if line is None else [names[int(i) - 1] for i in line.split()]

    out = []
    for i in range(max(len(first), len(second))):
        a = first[i] if i < len(first) else None
        b = second[i] if i < len(second) else None
        if a != b:
            out.append(Difference(i + 1, read(a), read(b)))
    return out
