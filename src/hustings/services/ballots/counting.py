"""Closing the box, counting it with the counting core, and publishing the result.

The count reads the box grouped by distinct preferences (one `GROUP BY`, whatever the number of
ballots), writes it as the anonymised BLT export (distinct rankings with weights, sorted, so
nothing of the order of casting survives), and counts that export exactly as `hustings verify`
will recount it: `hustings.count.registry.run(method, blt.parse(export), seats=...)`.

Weighted voters and colleges (docs/ballots.md, "Weighted voters and colleges"): a ranking's weight
in the export is the exact sum of the weights of the ballots that gave it; a college's box is
also exported section by section, and counted by `hustings.board.verify.count_college` (the
sections' shares combined round by round with the rulebook's weights), as `hustings verify` does.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Model
from django.utils.translation import gettext

from hustings.board.chain import ballots_digest, canonical, sha256
from hustings.board.verify import count_college
from hustings.count.profile import Profile, Weight
from hustings.count.registry import run
from hustings.count.result import Result
from hustings.formats import blt
from hustings.services import audit
from hustings.services.access import User
from hustings.services.ballots import board, officers
from hustings.services.ballots.errors import BallotError
from hustings.services.ballots.weights import weight_text
from hustings.store.ballots.models import Ballot, BoxEntry, RetryReceipt, RollEntry, Status


def _locked(actor: User, ballot: Ballot, expected: str, action: str) -> Ballot:
    officers.require_for(actor, ballot)
    row = Ballot.objects.select_for_update().get(pk=ballot.pk)
    if row.status != expected:
        raise BallotError(
            gettext("cannot {action} a ballot that is {status}; it must be {expected}").format(
                action=action, status=row.status, expected=expected
            )
        )
    return row


def close_ballot(actor: User, ballot: Ballot) -> Ballot:
    """Close the box: no more casts. The board's "closed" entry commits to the set of ballots and
    to the hash of the anonymised export, so the scrutineers' signature of the closing head covers
    what will be counted (the ballots' salts are secret: the export cannot be checked against them).
    The ballot's retry receipts are deleted and its box and roll rows written again (then, on
    PostgreSQL, the three tables vacuumed), all in the closing transaction."""
    with transaction.atomic():
        row = _locked(actor, ballot, Status.OPEN, "close")
        digests = list(BoxEntry.objects.filter(ballot=row).values_list("digest", flat=True))
        paper = BoxEntry.objects.filter(ballot=row, paper=True).count()
        voted = RollEntry.objects.filter(ballot=row, voted=True).count()
        row.status = Status.CLOSED
        row.save(update_fields=["status"])
        RetryReceipt.objects.filter(ballot=row).delete()  # no retry protection outlives the close
        _rewrite_rows(row)
        profile = box_profile(row)
        closed = {
            "ballots": len(digests),
            "ballots_digest": ballots_digest(digests),
            "export_sha256": sha256(blt.dumps(profile)),
            "electronic": len(digests) - paper,
            "paper": paper,
            "voted_on_roll": voted,
            "roll_size": row.roll_size,
            **_closed_weights(row, profile),
        }
        board.append(row, "closed", closed)
        audit.record(actor, "ballot.close", row, {"status": Status.OPEN}, {"status": Status.CLOSED, **closed})
    ballot.status = row.status
    _vacuum()
    return row


def _closed_weights(ballot: Ballot, profile: Profile) -> dict[str, Any]:
    """What the `closed` entry adds for a weighted or college ballot: the box's total weight (from
    its `profile`), and each section's ballots, weight and export hash (`hustings verify` checks the
    exports by them)."""
    if not ballot.weighted and not ballot.sections:
        return {}
    part: dict[str, Any] = {"weight": weight_text(profile.total)}
    if ballot.sections:
        part["sections"] = {s["name"]: _closed_section(ballot, s["name"]) for s in ballot.sections}
    return part


def _closed_section(ballot: Ballot, section: str) -> dict[str, Any]:
    """One section's ballots, total weight and export hash, from one reading of its part of the box."""
    profile = box_profile(ballot, section)
    return {
        "ballots": BoxEntry.objects.filter(ballot=ballot, section=section).count(),
        "weight": weight_text(profile.total),
        "export_sha256": sha256(blt.dumps(profile)),
    }


def _rewrite_rows(ballot: Ballot, models: tuple[type[Model], ...] = (BoxEntry, RollEntry)) -> None:
    """Write the ballot's box and roll rows again, in key order, inside the closing transaction.

    Rows are stored in the order they were written (SQLite's rowid, PostgreSQL's ctid), and on
    PostgreSQL each row version also records the transaction that wrote it (`xmin`), which a cast's
    roll mark and box row share. Deleting and re-inserting both tables' rows in the order of their
    keys (random for the box) leaves neither order nor transaction to join them by; the deleted
    versions go at the next VACUUM (run after the close on PostgreSQL; see docs/ballots.md).
    """
    for model in models:
        table = model._meta.db_table
        columns = ", ".join(connection.ops.quote_name(f.column) for f in model._meta.concrete_fields)
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMPORARY TABLE hustings_rewrite AS SELECT {columns} FROM {table} WHERE ballot_id = %s",
                [ballot.pk],
            )
            cursor.execute(f"DELETE FROM {table} WHERE ballot_id = %s", [ballot.pk])
            cursor.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM hustings_rewrite ORDER BY id")
            cursor.execute("DROP TABLE hustings_rewrite")


def _vacuum(tables: str = "ballots_boxentry, ballots_rollentry, ballots_retryreceipt") -> None:
    """Reclaim the deleted row versions at once (PostgreSQL; outside any transaction)."""
    if connection.vendor == "postgresql" and connection.get_autocommit():
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM {tables}")


def box_profile(ballot: Ballot, section: str | None = None) -> Profile:
    """The box (or one section of it) as a profile: distinct rankings with their total weight (the
    number of ballots, or the sum of card votes, exact), in sorted order."""
    names = list(ballot.candidates)
    box = BoxEntry.objects.filter(ballot=ballot)
    if section is not None:
        box = box.filter(section=section)
    grouped = box.values_list("preferences", "weight").annotate(n=Count("pk"))
    totals: dict[tuple[int, ...], Fraction] = {}
    for prefs, weight, n in grouped:
        key = tuple(int(x) for x in prefs.split())
        totals[key] = totals.get(key, Fraction(0)) + Fraction(weight) * n
    return Profile.from_ballots(
        names,
        ((tuple(frozenset((names[i - 1],)) for i in prefs), _exact(w)) for prefs, w in sorted(totals.items())),
        title=ballot.title if section is None else f"{ballot.title}: {section}",
        seats=ballot.seats,
    )


def _exact(weight: Fraction) -> Weight:
    return weight.numerator if weight.denominator == 1 else weight


def section_exports(ballot: Ballot) -> dict[str, str]:
    """A college's BLT export of each section (empty for any other ballot)."""
    return {s["name"]: blt.dumps(box_profile(ballot, s["name"])) for s in ballot.sections}


def export_blt(ballot: Ballot) -> str:
    """The anonymised BLT export of the box (the one published once the ballot is counted)."""
    return ballot.export if ballot.export else blt.dumps(box_profile(ballot))


def recount(ballot: Ballot, export: str | None = None, exports: dict[str, str] | None = None) -> Result:
    """The counting core's result on the export (a college's: on each section's export, combined
    by the sections' weights): what `hustings verify` computes."""
    if ballot.sections:
        return count_college(exports if exports is not None else ballot.exports, ballot.sections)
    return run(ballot.method, blt.parse(export or ballot.export, "export.blt"), seats=ballot.seats)


COUNT_STEPS = ("reading the box", "counting", "recording the result")
"""The steps of `count_ballot`, as a background count reports them (`count_jobs`)."""


def count_ballot(actor: User, ballot: Ballot, progress: Callable[[str, int, int], None] | None = None) -> Result:
    """Count the closed box with the ballot's method; the export and result go on the record.
    An end-to-end ballot is counted when a quorum of its trustees has decrypted it (`e2e.tally`).
    `progress(step, done, total)`, if given, hears each of `COUNT_STEPS` as it begins."""
    if ballot.e2e:
        raise BallotError(gettext("an end-to-end verifiable ballot is counted by its trustees' decryption, not here"))
    report = progress or (lambda step, done, total: None)
    with transaction.atomic():
        row = _locked(actor, ballot, Status.CLOSED, "count")
        report(COUNT_STEPS[0], 0, len(COUNT_STEPS))
        export = blt.dumps(box_profile(row))
        exports = section_exports(row)
        report(COUNT_STEPS[1], 1, len(COUNT_STEPS))
        try:
            result = recount(row, export, exports)
        except (ValueError, TypeError) as exc:
            raise BallotError(gettext("the count failed: {exc}").format(exc=exc)) from exc
        report(COUNT_STEPS[2], 2, len(COUNT_STEPS))
        record = result.to_dict()
        row.export, row.exports, row.result, row.status = export, exports, record, Status.COUNTED
        row.save(update_fields=["export", "exports", "result", "status"])
        counted = {
            "export_sha256": sha256(export),
            "result_sha256": sha256(canonical(record)),
            "method": row.method,
            "seats": row.seats,
            "elected": list(result.elected),
        }
        if exports:
            counted["exports_sha256"] = {name: sha256(text) for name, text in exports.items()}
        board.append(row, "counted", counted)
        audit.record(actor, "ballot.count", row, {"status": Status.CLOSED}, {"status": Status.COUNTED, **counted})
    ballot.status, ballot.result, ballot.export = row.status, row.result, row.export
    return result


def publish(actor: User, ballot: Ballot) -> Ballot:
    """Publish the counted result: the board then carries it beside the export."""
    with transaction.atomic():
        row = _locked(actor, ballot, Status.COUNTED, "publish")
        row.status = Status.PUBLISHED
        row.save(update_fields=["status"])
        assert row.result is not None  # a counted ballot holds its result
        published = {"result_sha256": sha256(canonical(row.result)), "elected": list(row.result.get("elected", []))}
        board.append(row, "published", published)
        audit.record(
            actor, "ballot.publish", row, {"status": Status.COUNTED}, {"status": Status.PUBLISHED, **published}
        )
    ballot.status = row.status
    return row
