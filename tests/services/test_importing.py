"""Member import (hustings.services.importing): every refusal reason from a real file, CSV and
XLSX, all-or-nothing, the register written (people, memberships, status history, payments), a
re-import reported unchanged and a change reported with its before and after."""

from __future__ import annotations

import csv as csv_module
import datetime as dt
import gzip
import io
import zipfile
from typing import Any
from xml.sax.saxutils import escape

import pytest
from django.contrib.auth.models import User
from tests.web.visitors import Party, make_party

from hustings.rules import Category, Status
from hustings.services import importing
from hustings.services.importing import ImportFileError, ImportRefused, checking, reporting
from hustings.services.importing import jobs as import_jobs
from hustings.store.audit.models import AuditEntry
from hustings.store.members.models import Membership, Payment, Person, StatusChange

pytestmark = pytest.mark.django_db

HEADER = "Membership Number,Name,Email,Unit,Category,Joined,Status,Status Date,Paid Pence,Paid At"
GOOD = [
    "L100,Bea Branch,bea@example.org,isn-hi,member,2015-09-12,,,,",
    "L101,Cal Supporter,cal@example.org,isn-hi,registered supporter,19/07/2016,,,2500,2016-07-19 14:30",
    "L102,Dee Lapsed,dee@example.org,isn-hi,member,2010-01-01,lapsed,2014-01-01,,",
]


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def party(db: None, fast_passwords: None) -> Party:
    return make_party()


def csv_file(*lines: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *lines]) + "\n").encode()


def xlsx_file(rows: list[list[object]]) -> bytes:
    """A minimal real XLSX workbook: strings inline, numbers as numbers, `dt.date` as a date serial
    with a date format (as Excel stores it)."""

    def cell(ref: str, value: object) -> str:
        if isinstance(value, dt.date):
            serial = (value - dt.date(1899, 12, 30)).days
            return f'<c r="{ref}" s="1"><v>{serial}</v></c>'
        if isinstance(value, int | float):
            return f'<c r="{ref}"><v>{value}</v></c>'
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'

    body = "".join(
        f'<row r="{r}">' + "".join(cell(f"{chr(65 + c)}{r}", v) for c, v in enumerate(values) if v != "") + "</row>"
        for r, values in enumerate(rows, start=1)
    )
    sheetml = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{sheetml}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{sheetml}.worksheet+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{sheetml}.styles+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{rel}">'
            '<sheets><sheet name="Members" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/styles" Target="styles.xml"/></Relationships>'
        ),
        "xl/styles.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{main}">'
            '<fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders>'
            '<cellStyleXfs count="1"><xf/></cellStyleXfs>'
            '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>'
        ),
        "xl/worksheets/sheet1.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}"><sheetData>{body}</sheetData></worksheet>'
        ),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return out.getvalue()


def gs(party: Party) -> User:
    return party.users["general_secretary"]


def reasons_of(report: importing.Report) -> dict[int, tuple[str, ...]]:
    return {row.line: row.reasons for row in report.rows if row.outcome == importing.REFUSE}


def test_a_good_csv_is_all_creates_and_applying_writes_the_register(party: Party) -> None:
    data = csv_file(*GOOD)
    report = importing.dry_run(gs(party), data, "good.csv")
    assert [(r.line, r.outcome) for r in report.rows] == [(2, "create"), (3, "create"), (4, "create")]
    assert report.counts == {"refuse": 0, "change": 0, "create": 3, "unchanged": 0}
    assert not Person.objects.filter(ref="L100").exists()  # a dry run writes nothing
    importing.apply(gs(party), data, "good.csv")
    cal = Membership.objects.get(person__ref="L101")
    assert cal.category == Category.REGISTERED_SUPPORTER and cal.unit == party.branch
    assert Person.objects.get(ref="L101").email == "cal@example.org"
    payment = Payment.objects.get(membership=cal)
    assert payment.pence == 2500
    assert payment.at == dt.datetime(2016, 7, 19, 13, 30, tzinfo=dt.UTC)  # 14:30 in London (BST)
    dee = Membership.objects.get(person__ref="L102")
    history = [(c.status, c.on) for c in StatusChange.objects.filter(membership=dee)]
    assert history == [(Status.JOINED, dt.date(2010, 1, 1)), (Status.LAPSED, dt.date(2014, 1, 1))]
    entry = AuditEntry.objects.get(action="import members")
    assert entry.actor == "general_secretary"
    assert entry.after["file"] == "good.csv" and entry.after["counts"]["create"] == 3
    assert entry.after["sha256"] == importing.digest(data)


def test_reimporting_the_same_file_is_all_unchanged(party: Party) -> None:
    data = csv_file(*GOOD)
    importing.apply(gs(party), data, "good.csv")
    again = importing.dry_run(gs(party), data, "good.csv")
    assert [r.outcome for r in again.rows] == ["unchanged"] * 3
    importing.apply(gs(party), data, "good.csv")
    assert StatusChange.objects.filter(membership__person__ref="L102").count() == 2
    assert Payment.objects.count() == 1


@pytest.mark.parametrize("chunk", [checking.CHUNK, 1], ids=["one-chunk", "a-chunk-per-row"])
def test_a_changed_email_is_a_change_with_before_and_after(
    party: Party, chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(checking, "CHUNK", chunk)  # the register is read again for each chunk of rows
    importing.apply(gs(party), csv_file(*GOOD), "good.csv")
    changed = csv_file(GOOD[0].replace("bea@example.org", "bea@new.example.org"), *GOOD[1:])
    report = importing.dry_run(gs(party), changed, "changed.csv")
    assert [r.outcome for r in report.rows] == ["change", "unchanged", "unchanged"]
    assert report.rows[0].changes == (("email", "bea@example.org", "bea@new.example.org"),)
    importing.apply(gs(party), changed, "changed.csv")
    assert Person.objects.get(ref="L100").email == "bea@new.example.org"
    entry = AuditEntry.objects.get(action="import change")
    assert entry.before == {"email": "bea@example.org"} and entry.after == {"email": "bea@new.example.org"}


def test_a_new_status_and_payment_for_an_existing_member_are_changes(party: Party) -> None:
    line = "L000001,Ada Member,ada@example.org,isn-hi,member,2010-05-01,suspended,2016-03-01,2500,2016-03-02"
    report = importing.dry_run(gs(party), csv_file(line), "ada.csv")
    fields = [f for f, _, _ in report.rows[0].changes]
    assert report.rows[0].outcome == "change" and fields == ["status", "payment"]
    importing.apply(gs(party), csv_file(line), "ada.csv")
    history = list(StatusChange.objects.filter(membership__person__ref="L000001").values_list("status", "on"))
    assert history == [("joined", dt.date(2010, 5, 1)), ("suspended", dt.date(2016, 3, 1))]


BAD = {
    2: ("L200,Bad Date,bd@example.org,isn-hi,member,31/02/2016,,,,", "31/02/2016 is not a date"),
    3: ("L201,No Unit,nu@example.org,zz-nowhere,member,2016-01-01,,,,", "unknown unit code 'zz-nowhere'"),
    4: ("L202,Odd,odd@example.org,isn-hi,comrade,2016-01-01,,,,", "unknown category 'comrade'"),
    5: ("L203,,noname@example.org,isn-hi,member,2016-01-01,,,,", "missing name"),
    7: (
        "L100,Twice,twice@example.org,isn-hi,member,2016-01-01,,,,",
        "duplicate membership number L100: also on line 6",
    ),
    8: (
        "L205,Same Mail,BEA@example.org,isn-hi,member,2016-01-01,,,,",
        "duplicate e-mail BEA@example.org: also on line 6",
    ),
    9: (
        "L206,Clash,ada@example.org,isn-hi,member,2016-01-01,,,,",
        "belongs to a different person on the register (L000001)",
    ),
    10: ("L207,Far,far@example.org,isn-fp,member,2016-01-01,,,,", "you may not import into Finsbury Park (isn-fp)"),
    11: ("L208,Rejoin,rj@example.org,isn-hi,member,2016-01-01,rejoined,2016-02-01,,", "status rejoined cannot follow"),
    12: ("L209,Half,half@example.org,isn-hi,member,2016-01-01,lapsed,,,", "status and status_date go together"),
}


def test_every_refusal_reason_and_nothing_is_written(party: Party) -> None:
    lines = [BAD[n][0] if n in BAD else GOOD[0] for n in range(2, 13)]  # line 6 is Bea's good row
    data = csv_file(*lines)
    officer = party.users["right_officer"]
    report = importing.dry_run(officer, data, "bad.csv")
    reasons = reasons_of(report)
    assert sorted(reasons) == sorted(BAD)
    for line, (_, reason) in BAD.items():
        assert any(reason in r for r in reasons[line]), (line, reasons[line])
    assert report.rows[4].outcome == "create" and report.counts["refuse"] == 10 and not report.accepted
    people = Person.objects.count()
    with pytest.raises(ImportRefused):
        importing.apply(officer, data, "bad.csv")
    assert Person.objects.count() == people
    assert not AuditEntry.objects.filter(action="import members").exists()


def test_one_bad_row_writes_nothing(party: Party) -> None:
    data = csv_file(*GOOD, BAD[2][0])
    with pytest.raises(ImportRefused) as refused:
        importing.apply(gs(party), data, "one-bad.csv")
    assert refused.value.report.counts == {"refuse": 1, "change": 0, "create": 3, "unchanged": 0}
    assert not Person.objects.filter(ref__in=["L100", "L101", "L102"]).exists()
    assert not StatusChange.objects.filter(note__contains="one-bad.csv").exists()


def test_the_general_secretary_may_import_into_every_branch(party: Party) -> None:
    data = csv_file("L207,Far,far@example.org,isn-fp,member,2016-01-01,,,,")
    assert importing.dry_run(gs(party), data, "fp.csv").accepted
    assert not importing.dry_run(party.users["right_officer"], data, "fp.csv").accepted


def test_a_member_may_not_import_at_all(party: Party) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        importing.dry_run(party.users["member"], csv_file(*GOOD), "good.csv")


def test_semicolons_a_bom_and_aliases(party: Party) -> None:
    header = "member no;full name;e-mail;branch;type;date joined"
    data = "\ufeff".encode() + csv_file(
        "L300;Eve Semi;eve@example.org;isn-hi;affiliated_supporter;12/01/2016", header=header
    )
    report = importing.dry_run(gs(party), data, "semi.csv")
    assert [r.outcome for r in report.rows] == ["create"]


def test_an_xlsx_file_with_date_cells(party: Party) -> None:
    rows: list[list[object]] = [
        ["ref", "name", "email", "unit", "category", "joined", "paid_pence", "paid_at"],
        [100200, "Xavi Sheet", "x@example.org", "isn-hi", "Member", dt.date(2016, 1, 12), 2500, "2016-07-19 14:30"],
        ["L401", "Yan Sheet", "", "isn-hi", "registered supporter", "31/02/2016", "", ""],
    ]
    data = xlsx_file(rows)
    report = importing.dry_run(gs(party), data, "members.xlsx")
    assert [(r.line, r.ref, r.outcome) for r in report.rows] == [(2, "100200", "create"), (3, "L401", "refuse")]
    assert report.rows[1].reasons == ("31/02/2016 is not a date",)
    importing.apply(gs(party), xlsx_file(rows[:2]), "members.xlsx")
    joined = StatusChange.objects.get(membership__person__ref="100200")
    assert joined.on == dt.date(2016, 1, 12)


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "empty.csv", "empty.csv is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "photo.png", "photo.png is not a CSV or XLSX file"),
        (b"PK\x03\x04not really a zip", "broken.xlsx", "broken.xlsx is not a readable XLSX workbook"),
        (b"colour,size\nred,large\n", "shirts.csv", "shirts.csv, line 1: no recognised column"),
        (b"ref,name,unit,category,joined\n\n", "header.csv", "header.csv, line 1: a header but no rows"),
        (b"ref,name\nL1,Ann\n", "short.csv", "short.csv, line 1: the header has no column for unit, category, joined"),
        (b"ref,name,unit,category,joined\n\xff\xfe,x\n", "latin.csv", "latin.csv, line 2: not UTF-8"),
    ],
)
def test_unreadable_files_get_a_message_naming_the_file(party: Party, data: bytes, name: str, message: str) -> None:
    with pytest.raises(ImportFileError) as problem:
        importing.dry_run(gs(party), data, name)
    assert message in str(problem.value)


def test_moving_a_membership_needs_the_permission_over_both_units(party: Party) -> None:
    line = "L000001,Ada Member,ada@example.org,isn-fp,member,2010-05-01,,,,"
    wrong = importing.dry_run(party.users["wrong_officer"], csv_file(line), "move.csv")
    assert wrong.rows[0].reasons == ("the membership is in isn-hi, where you may not import",)
    right = importing.dry_run(party.users["right_officer"], csv_file(line), "move.csv")
    assert right.rows[0].reasons == ("you may not import into Finsbury Park (isn-fp)",)
    moved = importing.dry_run(gs(party), csv_file(line), "move.csv")
    assert moved.rows[0].changes == (("unit", "isn-hi", "isn-fp"),)
    importing.apply(gs(party), csv_file(line), "move.csv")
    assert Membership.objects.get(person__ref="L000001").unit == party.other_branch
    assert AuditEntry.objects.get(action="import change").after == {"unit": "isn-fp"}


def test_a_stored_upload_read_in_small_slices_and_chunks_gives_the_same_report(
    party: Party, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worker's path: the upload read from the job's row a slice at a time (slices of 7 bytes
    split every line and cell), rows judged a chunk at a time: the report is the one of the bytes
    read whole, duplicates named with their first line across chunks."""
    lines = [BAD[n][0] if n in BAD else GOOD[0] for n in range(2, 13)]
    data = csv_file(*lines)
    officer = party.users["right_officer"]
    whole = importing.dry_run(officer, data, "bad.csv")
    monkeypatch.setattr(import_jobs, "SLICE", 7)
    monkeypatch.setattr(checking, "CHUNK", 2)
    job = import_jobs.create(officer, "bad.csv", data)
    sliced = importing.dry_run(officer, import_jobs.stored_upload(job.pk), "bad.csv")
    assert sliced.rows == whole.rows and sliced.counts == whole.counts
    assert gzip.decompress(sliced.csv_gz) == gzip.decompress(whole.csv_gz)
    assert importing.digest(import_jobs.stored_upload(job.pk)) == importing.digest(data) == job.sha256


def test_the_full_report_is_gzip_csv_of_every_row_and_the_page_keeps_the_first_of_each_outcome(
    party: Party, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reporting, "KEPT_ROWS", 2)
    lines = [f"L7{n:02d},Person {n},p{n}@example.org,isn-hi,member,2016-01-12,,,," for n in range(5)]
    report = importing.dry_run(gs(party), csv_file(*lines, "L700,Again,,isn-hi,member,2016-01-12,,,,"), "five.csv")
    assert [r.line for r in report.rows] == [2, 3, 7] and report.total == 6
    rows = list(csv_module.reader(io.StringIO(gzip.decompress(report.csv_gz).decode())))
    assert rows[0] == list(reporting.CSV_HEADER) and [r[0] for r in rows[1:]] == ["2", "3", "4", "5", "6", "7"]
    assert rows[-1][2:4] == ["refuse", "duplicate membership number L700: also on line 2"]


def test_a_late_line_that_is_not_utf8_is_named(party: Party) -> None:
    good = [f"L8{n:02d},Person {n},,isn-hi,member,2016-01-12,,,," for n in range(50)]
    data = csv_file(*good).replace(b"Person 40", b"Person \xff40")
    with pytest.raises(ImportFileError, match=r"late.csv, line 42: not UTF-8"):
        importing.dry_run(gs(party), data, "late.csv")
