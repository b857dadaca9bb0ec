"""Apply a member import: all or nothing, in one transaction.

The file is checked again inside the transaction (the register may have changed since the dry
run; on PostgreSQL the register's tables are locked against other writers first, so the check
and the writes see the same register). If a single row is refused, `ImportRefused` is raised and
nothing is written. Otherwise the file is read once more, chunk by chunk, and each chunk's work
is written as soon as it is judged, so that memory stays bounded however large the file: new
people, memberships, status changes and payments as plain rows (SQLite's `executemany`,
PostgreSQL's `COPY`, numbered from the tables' next id — the demo loader's writer), changed rows
with `bulk_update`, and the audit log gets one row for the import (actor, file name, digest,
counts) plus one row per changed person with the fields before and after, written with one
`bulk_create` per chunk (created people are covered by the import's row: its digest identifies
the file that created them). The second reading sees the first chunks' writes, but an accepted
file names each person and e-mail once, so each row is judged as in the first.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from django.db import connection, models, transaction

from hustings.rules import Status
from hustings.services import access
from hustings.services.audit import actor_name, record
from hustings.services.bulk import analyse, batches, next_id, reset_sequences, write_rows
from hustings.services.importing.checking import CHUNK, Progress, Work, check
from hustings.services.importing.reading import Source, Table, opener, read_table
from hustings.services.importing.reporting import Report
from hustings.store.audit.models import AuditEntry
from hustings.store.members.models import Membership, Payment, Person, StatusChange
from hustings.store.organisations.models import Unit

BATCH = 5000


class ImportRefused(ValueError):
    """The file has refused rows: nothing was written."""

    def __init__(self, report: Report) -> None:
        super().__init__(f"{report.file_name}: {report.counts['refuse']} rows refused, nothing imported")
        self.report = report


def digest(data: Source) -> str:
    """The file's SHA-256, read a megabyte at a time."""
    found = hashlib.sha256()
    stream = opener(data)()
    try:
        while part := stream.read(1 << 20):
            found.update(part)
    finally:
        stream.close()
    return found.hexdigest()


def dry_run(user: access.User, data: Source, file_name: str, progress: Progress | None = None) -> Report:
    """Read and check the file; write nothing."""
    access.require_anywhere(user, "members.import")
    return check(user, read_table(data, file_name), progress)


def apply(
    user: access.User,
    data: Source,
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
        note = f"imported from {file_name}"[:200]
        statistics = _Statistics()

        def write(work: list[Work]) -> None:
            _write_work(user, work, note)
            statistics.written(len(work))

        report = check(user, table, _writing(progress), write)
        analyse(*REGISTER)
        if not report.accepted:  # another writer got in between (SQLite locks only once it writes)
            raise ImportRefused(report)
        counts = {k: v for k, v in report.counts.items() if k != "refuse"}
        target = subject or _organisation(table)
        record(
            user,
            "import members",
            target,
            None,
            {"file": file_name, "sha256": digest(table.open), "rows": report.total, "counts": counts},
        )
    return report


REGISTER = (Person, Membership, StatusChange, Payment)


class _Statistics:
    """PostgreSQL's planner statistics kept up with a register that grows inside the import's
    transaction (ANALYZE counts the transaction's own rows): each time the rows written double, so
    that the next chunks' look-ups use the indexes rather than scanning tables the planner still
    believes small (about seven times for 600,000 rows; nothing on SQLite)."""

    def __init__(self) -> None:
        self.rows = 0
        self.next = CHUNK

    def written(self, rows: int) -> None:
        self.rows += rows
        if self.rows >= self.next:
            analyse(*REGISTER)
            self.next = 2 * self.rows


def _writing(progress: Progress | None) -> Progress | None:
    """The second reading's progress, named for what it does: "writing" from the first chunk written."""
    if progress is None:
        return None

    def tell(phase: str, done: int, total: int) -> None:
        if phase == "checking":
            phase = "writing" if done else "checking again"
        progress(phase, done, total)

    return tell


def _organisation(table: Table) -> models.Model:
    """The organisation of the first row's unit (every row's unit is known once the file is accepted)."""
    position = table.columns["unit"]
    code = next(iter(table.rows()))[1][position]
    return Unit.objects.select_related("organisation").get(code=code).organisation


def _lock() -> None:
    if connection.vendor == "postgresql":
        tables = ", ".join(
            connection.ops.quote_name(m._meta.db_table) for m in (Person, Membership, StatusChange, Payment)
        )
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {tables} IN SHARE ROW EXCLUSIVE MODE")


def _write_work(user: access.User, work: list[Work], note: str) -> None:
    """One chunk's work: new rows numbered from the tables' next ids, then the changes."""
    day, moment = connection.ops.adapt_datefield_value, connection.ops.adapt_datetimefield_value
    new_people = [w for w in work if w.person_id is None]
    first = next_id(Person)
    for offset, w in enumerate(new_people):
        w.person_id = first + offset
    _insert(
        Person, ("id", "ref", "name", "email"), ((w.person_id, w.row.ref, w.row.name, w.row.email) for w in new_people)
    )
    new_memberships = [w for w in work if w.membership_id is None]
    first = next_id(Membership)
    for offset, w in enumerate(new_memberships):
        w.membership_id = first + offset
    _insert(
        Membership,
        ("id", "person_id", "unit_id", "category", "affiliate_member_since"),
        (
            (w.membership_id, w.person_id, w.unit_id, w.row.category.value, day(w.row.affiliate_member_since))
            for w in new_memberships
        ),
    )
    if new_people or new_memberships:
        reset_sequences(Person, Membership)
    _insert(StatusChange, ("membership_id", "status", "on", "note"), _status_rows(work, note, day))
    _insert(
        Payment,
        ("membership_id", "at", "pence", "covers_until"),
        ((w.membership_id, moment(w.row.paid_at), w.row.paid_pence, None) for w in work if w.add_payment),
    )
    _update_changed(work)
    _audit_changes(user, work)


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
