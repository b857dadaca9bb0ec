"""Apply a member import: all or nothing, in one transaction.

The file is checked again inside the transaction (the register may have changed since the dry
run; on PostgreSQL the register's tables are locked against other writers first, so the check
and the writes see the same register). If a single row is refused, `ImportRefused` is raised and
nothing is written. Otherwise new people, memberships, status changes and payments are written as
plain rows in batches (SQLite's `executemany`, PostgreSQL's `COPY`, numbered from the tables'
next id — the demo loader's writer), changed rows with `bulk_update`, and the audit log gets one
row for the import (actor, file name, digest, counts) plus one row per changed person with the
fields before and after, written with one `bulk_create` (created people are covered by the
import's row: its digest identifies the file that created them).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from django.db import connection, models, transaction

from hustings.rules import Status
from hustings.services import access
from hustings.services.audit import actor_name, record
from hustings.services.bulk import batches, next_id, reset_sequences, write_rows
from hustings.services.importing.checking import Progress, Report, Work, check
from hustings.services.importing.reading import Table, read_table
from hustings.store.audit.models import AuditEntry
from hustings.store.members.models import Membership, Payment, Person, StatusChange
from hustings.store.organisations.models import Unit

BATCH = 5000


class ImportRefused(ValueError):
    """The file has refused rows: nothing was written."""

    def __init__(self, report: Report) -> None:
        super().__init__(f"{report.file_name}: {report.counts['refuse']} rows refused, nothing imported")
        self.report = report


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def dry_run(user: access.User, data: bytes, file_name: str, progress: Progress | None = None) -> Report:
    """Read and check the file; write nothing."""
    access.require_anywhere(user, "members.import")
    return check(user, read_table(data, file_name), progress)


def apply(
    user: access.User,
    data: bytes,
    file_name: str,
    progress: Progress | None = None,
    subject: models.Model | None = None,
) -> Report:
    """Check the file and, if every row is accepted, write it all in one transaction; the audit
    row is recorded against `subject` (the import job) or else the organisation imported into."""
    access.require_anywhere(user, "members.import")
    table = read_table(data, file_name)
    with transaction.atomic():
        _lock()
        report = check(user, table, progress)
        if not report.accepted:
            raise ImportRefused(report)
        _write_work(user, report, file_name, progress)
        counts = {k: v for k, v in report.counts.items() if k != "refuse"}
        target = subject or _organisation(table)
        record(
            user,
            "import members",
            target,
            None,
            {"file": file_name, "sha256": digest(data), "rows": len(report.rows), "counts": counts},
        )
    return report


def _organisation(table: Table) -> models.Model:
    """The organisation of the first row's unit (every row's unit is known once the file is accepted)."""
    position = table.columns["unit"]
    code = table.rows[0][1][position]
    return Unit.objects.select_related("organisation").get(code=code).organisation


def _lock() -> None:
    if connection.vendor == "postgresql":
        tables = ", ".join(
            connection.ops.quote_name(m._meta.db_table) for m in (Person, Membership, StatusChange, Payment)
        )
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {tables} IN SHARE ROW EXCLUSIVE MODE")


def _write_work(user: access.User, report: Report, file_name: str, progress: Progress | None) -> None:
    tell = progress or (lambda phase, done, total: None)
    work = report.work
    total = len(work)
    day, moment = connection.ops.adapt_datefield_value, connection.ops.adapt_datetimefield_value
    note = f"imported from {file_name}"[:200]
    new_people = [w for w in work if w.person_id is None]
    first = next_id(Person)
    for offset, w in enumerate(new_people):
        w.person_id = first + offset
    tell("writing people", 0, total)
    _insert(
        Person, ("id", "ref", "name", "email"), ((w.person_id, w.row.ref, w.row.name, w.row.email) for w in new_people)
    )
    new_memberships = [w for w in work if w.membership_id is None]
    first = next_id(Membership)
    for offset, w in enumerate(new_memberships):
        w.membership_id = first + offset
    tell("writing memberships", total // 4, total)
    _insert(
        Membership,
        ("id", "person_id", "unit_id", "category", "affiliate_member_since"),
        (
            (w.membership_id, w.person_id, w.unit_id, w.row.category.value, day(w.row.affiliate_member_since))
            for w in new_memberships
        ),
    )
    reset_sequences(Person, Membership)
    tell("writing histories", total // 2, total)
    _insert(StatusChange, ("membership_id", "status", "on", "note"), _status_rows(work, note, day))
    _insert(
        Payment,
        ("membership_id", "at", "pence", "covers_until"),
        ((w.membership_id, moment(w.row.paid_at), w.row.paid_pence, None) for w in work if w.add_payment),
    )
    tell("writing changes", 3 * total // 4, total)
    _update_changed(work)
    _audit_changes(user, work)
    tell("written", total, total)


def _insert(model: type[models.Model], columns: tuple[str, ...], rows: Iterable[tuple[Any, ...]]) -> None:
    for batch in batches(rows, BATCH):
        write_rows(model, columns, batch)


def _status_rows(work: list[Work], note: str, day: Any) -> Iterable[tuple[Any, ...]]:
    for w in work:
        row = w.row
        if w.add_joined:
            yield (w.membership_id, Status.JOINED.value, day(row.joined), note)
        if w.add_status and row.status is not None:
            yield (w.membership_id, row.status.value, day(row.status_date), note)


def _update_changed(work: list[Work]) -> None:
    people = [Person(pk=w.person_id, name=w.row.name, email=w.email) for w in work if w.person_changed]
    Person.objects.bulk_update(people, ["name", "email"], batch_size=BATCH)
    memberships = [
        Membership(pk=w.membership_id, unit_id=w.unit_id, affiliate_member_since=w.since)
        for w in work
        if w.membership_changed
    ]
    Membership.objects.bulk_update(memberships, ["unit", "affiliate_member_since"], batch_size=BATCH)
    fixes = [StatusChange(pk=w.joined_change_id, on=w.row.joined) for w in work if w.joined_change_id]
    StatusChange.objects.bulk_update(fixes, ["on"], batch_size=BATCH)


def _audit_changes(user: access.User, work: list[Work]) -> None:
    actor = actor_name(user)
    entries = (
        AuditEntry(
            actor=actor,
            action="import change",
            object_type=Person._meta.label,
            object_id=str(w.person_id),
            object_repr=f"{w.row.name} ({w.row.ref})"[:200],
            before=w.before,
            after=w.after,
        )
        for w in work
        if w.after
    )
    for batch in batches(entries, BATCH):
        AuditEntry.objects.bulk_create(batch)
