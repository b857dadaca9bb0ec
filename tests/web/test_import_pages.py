"""The import pages through the views: upload → report → import, the progress endpoint and the
report download, the background path, and the permission matrix of every view."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from tests.web.audit_reset import audit_reset  # noqa: F401 (a fixture)
from tests.web.visitors import Matrix, make_party

from hustings.services.importing import runner
from hustings.services.jobs import worker
from hustings.store.audit.models import AuditEntry
from hustings.store.imports.models import ImportJob
from hustings.store.jobs.models import Job
from hustings.store.members.models import Person, StatusChange

HEADER = "ref,name,email,unit,category,joined"
HIGHBURY = "L500,Hal Highbury,hal@example.org,isn-hi,member,2016-01-12"
FINSBURY = "L501,Fay Finsbury,fay@example.org,isn-fp,member,2016-01-12"


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def upload(client: Client, *lines: str, name: str = "members.csv") -> Any:
    data = ("\n".join([HEADER, *lines]) + "\n").encode()
    return client.post("/imports/", {"file": SimpleUploadedFile(name, data, content_type="text/csv")})


def job_of(response: Any) -> ImportJob:
    assert response.status_code == 302, response.content[:500]
    return ImportJob.objects.get(pk=int(response["Location"].strip("/").split("/")[-1]))


def test_upload_report_and_import(matrix: Matrix) -> None:
    client = matrix.client("right_officer")
    job = job_of(upload(client, HIGHBURY))
    assert job.state == "checked" and job.report["counts"]["create"] == 1
    page = client.get(f"/imports/{job.pk}/").content.decode()
    assert "Import these 1 rows" in page and "L500" in page
    assert not Person.objects.filter(ref="L500").exists()
    response = client.post(f"/imports/{job.pk}/apply")
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.state == "done" and job.finished is not None
    assert Person.objects.get(ref="L500").memberships.get().unit.code == "isn-hi"
    entry = AuditEntry.objects.get(action="import members")
    assert entry.object_type == "imports.ImportJob" and entry.after["sha256"] == job.sha256
    assert "Imported: 1 created" in client.get(f"/imports/{job.pk}/").content.decode()
    # a second import of the file is refused: the job is done
    assert client.post(f"/imports/{job.pk}/apply").status_code == 403


def test_a_row_for_another_branch_is_refused_with_the_reason_and_no_button(matrix: Matrix) -> None:
    client = matrix.client("right_officer")
    job = job_of(upload(client, HIGHBURY, FINSBURY))
    page = client.get(f"/imports/{job.pk}/").content.decode()
    assert "you may not import into Finsbury Park (isn-fp)" in page
    assert "Import these" not in page and "1 row is refused" in page
    assert client.post(f"/imports/{job.pk}/apply").status_code == 403
    assert not Person.objects.filter(ref__in=["L500", "L501"]).exists()
    report = client.get(f"/imports/{job.pk}/report.csv")
    assert report["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(report.content.decode())))
    assert rows[0] == ["line", "membership number", "outcome", "reasons", "changes"]
    assert rows[1][:3] == ["2", "L500", "create"]
    assert rows[2][:4] == ["3", "L501", "refuse", "you may not import into Finsbury Park (isn-fp)"]


def test_an_unreadable_file_fails_with_a_message_naming_it(matrix: Matrix) -> None:
    client = matrix.client("right_officer")
    response = client.post("/imports/", {"file": SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00")})
    job = job_of(response)
    assert job.state == "failed" and "photo.png is not a CSV or XLSX file" in job.error
    assert "photo.png is not a CSV or XLSX file" in client.get(f"/imports/{job.pk}/").content.decode()


def test_progress_is_json(matrix: Matrix) -> None:
    client = matrix.client("right_officer")
    job = job_of(upload(client, HIGHBURY))
    live = client.get(f"/imports/{job.pk}/progress").json()
    assert live == {"state": "checked", "phase": "checked", "done": 1, "total": 1, "running": False}


@pytest.mark.usefixtures("audit_reset")
def test_a_large_file_is_checked_and_imported_by_the_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner, "INLINE_BYTES", 0)
    client = Matrix(make_party()).client("right_officer")
    lines = [f"L6{n:02d},Person {n},p{n}@example.org,isn-hi,member,2016-01-12" for n in range(30)]
    job = job_of(upload(client, *lines))
    assert job.state == "checking"
    assert client.get(f"/imports/{job.pk}/progress").json()["phase"] == "waiting for a worker"
    assert worker.drain() == 1
    job.refresh_from_db()
    assert job.state == "checked" and job.report["counts"]["create"] == 30
    client.post(f"/imports/{job.pk}/apply")
    assert not Person.objects.filter(ref="L600").exists()
    assert worker.drain() == 1
    job.refresh_from_db()
    assert job.state == "done", job.error
    assert [j.state for j in Job.objects.order_by("pk")] == ["done", "done"]
    assert StatusChange.objects.filter(membership__person__ref__startswith="L6").count() == 30


def test_the_page_shows_a_progress_bar_while_running(matrix: Matrix) -> None:
    client = matrix.client("right_officer")
    job = job_of(upload(client, HIGHBURY))
    ImportJob.objects.filter(pk=job.pk).update(state="checking", phase="checking", rows_done=5, rows_total=10)
    page = client.get(f"/imports/{job.pk}/").content.decode()
    assert '<progress id="import-bar" max="10" value="5">' in page
    assert 'http-equiv="refresh"' in page and "imports/progress.js" in page


# --- permissions ---------------------------------------------------------------------------------


def test_matrix_of_the_index(matrix: Matrix) -> None:
    matrix.check("/imports/", {"right_officer", "wrong_officer", "general_secretary"})


def test_matrix_of_a_job_and_its_report(matrix: Matrix) -> None:
    job = job_of(upload(matrix.client("right_officer"), HIGHBURY))
    seen_by = {"right_officer", "general_secretary"}
    for url in (f"/imports/{job.pk}/", f"/imports/{job.pk}/progress", f"/imports/{job.pk}/report.csv"):
        matrix.check(url, seen_by)


def test_matrix_of_apply(matrix: Matrix) -> None:
    job = job_of(upload(matrix.client("right_officer"), HIGHBURY))
    others = ("anonymous", "member", "wrong_officer", "general_secretary", "auditor", "returning_officer")
    for visitor in others:
        status = matrix.status(visitor, f"/imports/{job.pk}/apply", method="post")
        assert status in ((302,) if visitor == "anonymous" else (403,)), (visitor, status)
    assert not Person.objects.filter(ref="L500").exists()
    assert matrix.status("right_officer", f"/imports/{job.pk}/apply", method="post") == 302
    assert Person.objects.filter(ref="L500").exists()


def test_upload_is_refused_to_visitors_without_the_permission(matrix: Matrix) -> None:
    for visitor in ("member", "auditor", "returning_officer"):
        assert upload(matrix.client(visitor), HIGHBURY).status_code == 403
    assert upload(matrix.client("anonymous"), HIGHBURY).status_code == 302
    assert not ImportJob.objects.exists()


def test_the_general_secretary_imports_into_finsbury_park(matrix: Matrix) -> None:
    client = matrix.client("general_secretary")
    job = job_of(upload(client, HIGHBURY, FINSBURY))
    assert job.report["accepted"]
    client.post(f"/imports/{job.pk}/apply")
    assert Person.objects.filter(ref__in=["L500", "L501"]).count() == 2


def test_the_list_shows_only_ones_own_jobs_except_to_the_general_secretary(matrix: Matrix) -> None:
    job_of(upload(matrix.client("right_officer"), HIGHBURY, name="mine.csv"))
    assert "mine.csv" in matrix.client("right_officer").get("/imports/").content.decode()
    assert "mine.csv" not in matrix.client("wrong_officer").get("/imports/").content.decode()
    assert "mine.csv" in matrix.client("general_secretary").get("/imports/").content.decode()


def test_the_upload_form_is_labelled_in_the_visitors_language(matrix: Matrix) -> None:
    """The form's label is chosen per request (a lazy translation), not once when the module loads."""
    client = matrix.client("right_officer")
    assert "Member file (CSV or XLSX)" in client.get("/imports/", HTTP_ACCEPT_LANGUAGE="en-GB").content.decode()
    welsh = client.get("/imports/", HTTP_ACCEPT_LANGUAGE="cy").content.decode()
    assert "Ffeil aelodau (CSV neu XLSX)" in welsh and "Member file (CSV or XLSX)" not in welsh
