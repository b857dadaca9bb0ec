"""A large upload on the count page counted by the worker (services/background_counts.py), on the
real database queue: drained in this process by `jobs.worker.drain`, as `hustings worker` takes
tasks. The job gives exactly the record the inline count gives, or the command line's one-line
refusal; the upload is emptied when the job ends; a job whose worker died is noticed and run again
(`jobs.recover`), counting once; every row is gone after its expiry, with its job."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django_tasks_db.models import DBTaskResult

from hustings.cli.main import main
from hustings.services import background_counts, counting, jobs
from hustings.services.jobs import worker
from hustings.services.jobs.queue import this_host
from hustings.store.counts.models import BackgroundCount, SavedCount

pytestmark = pytest.mark.django_db

BLT = Path(__file__).resolve().parents[1] / "data" / "scotland" / "blt" / "highland_2012_ward7.blt"
STV = counting.CountRequest("scottish-stv")


def _queue(data: bytes = b"", name: str = BLT.name, **kwargs: object) -> BackgroundCount:
    return background_counts.queue(AnonymousUser(), name, data or BLT.read_bytes(), STV, **kwargs)  # type: ignore[arg-type]


def test_the_worker_counts_the_upload_as_the_page_would_and_keeps_only_the_result() -> None:
    row = _queue()
    assert len(row.key) >= 22 and row.owner is None
    job = jobs.Job.objects.get(pk=row.job_id)
    assert job.kind == "explorer.count" and job.state == "queued" and job.params == {"count": row.pk}
    assert background_counts.under_way(background_counts.find(row.key))

    assert worker.drain() == 1
    row.refresh_from_db()
    inline = counting.count_upload(BLT.name, BLT.read_bytes(), STV)
    assert row.record == inline.record() and not row.error
    assert bytes(row.upload) == b""  # the file is not kept once counted
    assert [d[1] for d in row.downloads] == [BLT.stem + ".result.json"]  # no copy of the ballots
    assert row.downloads[0][3] == inline.record_json() + "\n"
    job.refresh_from_db()
    assert job.state == "done" and (job.done, job.total) == (3, 3)
    assert not background_counts.under_way(background_counts.find(row.key))


def test_a_bad_file_gets_the_command_lines_one_line_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = b"3 1\n1 1 2 0\n1 2\n"
    (tmp_path / "short.blt").write_bytes(bad)
    monkeypatch.chdir(tmp_path)
    assert main(["count", "short.blt", "--method", "scottish-stv"]) == 2
    message = capsys.readouterr().err.removeprefix("hustings: error: ").strip()
    row = _queue(bad, "short.blt")
    assert worker.drain() == 1
    row.refresh_from_db()
    assert row.error == message and row.record is None and bytes(row.upload) == b""
    assert jobs.Job.objects.get(pk=row.job_id).state == "done"  # the file's fault, not the job's


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def _killed(row: BackgroundCount, attempts: int) -> None:
    """As a worker killed mid-count leaves it: its task claimed, the job running, on this host, in
    a process now gone."""
    job = jobs.Job.objects.get(pk=row.job_id)
    DBTaskResult.objects.filter(pk=job.task_id).update(status="RUNNING")
    jobs.Job.objects.filter(pk=job.pk).update(
        state="running", attempts=attempts, worker_host=this_host(), worker_pid=_dead_pid()
    )


def test_a_job_whose_worker_died_is_noticed_and_counted_once() -> None:
    row = _queue()
    _killed(row, 1)
    assert worker.drain() == 1  # recovered (queued again), then run
    job = jobs.Job.objects.get(pk=row.job_id)
    assert job.state == "done" and job.attempts == 2
    row.refresh_from_db()
    assert row.record is not None and row.record["elected"]
    assert worker.drain() == 0


def test_a_job_whose_workers_keep_dying_fails_with_the_reason_and_the_row_expires() -> None:
    row = _queue()
    _killed(row, jobs.MAX_ATTEMPTS)
    assert worker.drain() == 0
    job = jobs.Job.objects.get(pk=row.job_id)
    assert job.state == "failed" and "stopped while running it" in job.error
    found = background_counts.find(row.key)
    assert not background_counts.under_way(found) and found.record is None

    BackgroundCount.objects.filter(pk=row.pk).update(expires=row.created - dt.timedelta(seconds=1))
    with pytest.raises(background_counts.NoSuchCount):
        background_counts.find(row.key)
    assert not BackgroundCount.objects.filter(pk=row.pk).exists()
    assert not jobs.Job.objects.filter(pk=row.job_id).exists()


def test_a_signed_in_user_who_asked_gets_a_saved_count() -> None:
    ada = get_user_model().objects.create_user("ada", password="pw-ada-2016!")
    row = background_counts.queue(ada, BLT.name, BLT.read_bytes(), STV, save=True)
    assert worker.drain() == 1
    row.refresh_from_db()
    saved = SavedCount.objects.get(key=row.saved_key)
    assert saved.owner == ada and bytes(saved.upload) == BLT.read_bytes() and saved.record == row.record
    anonymous = background_counts.queue(AnonymousUser(), BLT.name, BLT.read_bytes(), STV, save=True)
    assert anonymous.save_count is False  # only a signed-in user may save


def test_an_upload_over_the_limit_is_refused_before_anything_is_kept() -> None:
    with pytest.raises(counting.TooLarge, match="over this site's limit"):
        _queue(b"x" * (counting.MAX_UPLOAD_BYTES + 1), "big.csv")
    assert not BackgroundCount.objects.exists() and not jobs.Job.objects.exists()


def test_the_thresholds_by_size_and_for_a_contest_zip() -> None:
    big, contest = background_counts.BACKGROUND_FROM_BYTES, background_counts.CONTEST_FROM_BYTES
    assert contest < big
    assert not background_counts.in_background(big, "ballots.csv")
    assert background_counts.in_background(big + 1, "ballots.csv")
    assert not background_counts.in_background(contest, "contest.zip")
    assert background_counts.in_background(contest + 1, "contest.ZIP")
    assert not background_counts.in_background(contest + 1, "ballots.blt")
