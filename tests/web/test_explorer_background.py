"""The count page's large files and RCTab contests.

A file over `background_counts.BACKGROUND_FROM_BYTES` (lowered here) is not counted in the request:
the page moves to the count's own page, `/count/jobs/<key>/`, which shows its progress (a progress
bar, a meta refresh and a link: no script) until the worker (drained here) has counted it, then the
same result an inline count shows, or the command line's one-line refusal. Only the link finds it.

An RCTab contest zip is counted under its configuration's rules, whatever the form asks, and the
page's URCVT summary is RCTab's own expected report (tests/data/rctab); `POST /api/count` counts
it the same way, and refuses a method or options other than the default with one line.
"""

from __future__ import annotations

import base64
import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from hustings.cli.main import main
from hustings.services import background_counts, counting
from hustings.services.jobs import worker

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[1] / "data"
BLT = DATA / "scotland" / "blt" / "highland_2012_ward7.blt"
CASE = DATA / "rctab" / "test_set_6_duplicate_exhaust"
"""A contest whose rules (a duplicated candidate exhausts the ballot) elect another winner than a
plain instant-runoff count of its ballots would: Candidate B, not Candidate A."""


@pytest.fixture(autouse=True)
def _fresh_rate_counts() -> None:
    cache.clear()


@pytest.fixture
def background(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(background_counts, "BACKGROUND_FROM_BYTES", 0)


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def downloads(html: str) -> dict[str, str]:
    links = re.findall(r'href="data:[^;]+;charset=utf-8;base64,([^"]+)" download="([^"]+)"', html)
    return {name: base64.b64decode(data).decode() for data, name in links}


def test_a_large_file_is_counted_in_the_background_with_progress_then_its_result(
    background: None, capsys: pytest.CaptureFixture[str]
) -> None:
    visitor = Client()
    response = visitor.post("/count/", {"file": upload(BLT.name, BLT.read_bytes()), "method": "scottish-stv"})
    assert response.status_code == 302
    link = response["Location"]
    key = link.removeprefix("/count/jobs/").rstrip("/")
    assert re.fullmatch(r"/count/jobs/[A-Za-z0-9_-]{22,}/", link)

    waiting = visitor.get(link)
    html = waiting.content.decode()
    assert waiting.status_code == 200
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in html
    assert '<progress id="count-bar" max="3" value="0">' in html
    assert "Waiting for a worker to take the count" in html and f'href="http://testserver{link}"' in html
    assert 'id="rounds"' not in html

    assert worker.drain() == 1
    done = Client().get(link)  # anyone with the link: it is the only way to the count
    html = done.content.decode()
    assert done.status_code == 200 and 'http-equiv="refresh"' not in html and "<progress" not in html
    assert 'id="rounds"' in html and 'id="elected"' in html and "Transfers" in html
    assert main(["count", str(BLT), "--method", "scottish-stv", "--format", "json"]) == 0
    record = json.loads(capsys.readouterr().out)
    record["source"] = BLT.name
    assert json.loads(downloads(html)[BLT.stem + ".result.json"]) == record

    assert Client().get(f"/count/jobs/{key[:-2]}xx/").status_code == 404
    assert Client().get("/count/jobs/1/").status_code == 404


def test_a_bad_large_file_shows_the_command_lines_message(
    background: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "short.blt").write_text("3 1\n1 1 2 0\n1 2\n")
    monkeypatch.chdir(tmp_path)
    assert main(["count", "short.blt"]) == 2
    message = capsys.readouterr().err.removeprefix("hustings: error: ").strip()
    response = Client().post("/count/", {"file": upload("short.blt", b"3 1\n1 1 2 0\n1 2\n"), "method": "irv"})
    assert response.status_code == 302
    worker.drain()
    html = Client().get(response["Location"]).content.decode()
    assert f'<p class="notice error" role="alert" id="count-error">{message}</p>' in html


def test_a_saved_large_count_moves_to_its_permalink(background: None) -> None:
    client = Client()
    client.force_login(get_user_model().objects.create_user("ada", password="pw-ada-2016!"))
    response = client.post(
        "/count/", {"file": upload(BLT.name, BLT.read_bytes()), "method": "scottish-stv", "save": "on"}
    )
    worker.drain()
    moved = Client().get(response["Location"])
    assert moved.status_code == 302 and moved["Location"].startswith("/count/saved/")


def test_a_small_file_is_still_counted_in_the_request() -> None:
    response = Client().post("/count/", {"file": upload(BLT.name, BLT.read_bytes()), "method": "scottish-stv"})
    assert response.status_code == 200 and 'id="rounds"' in response.content.decode()
    assert len(BLT.read_bytes()) <= background_counts.BACKGROUND_FROM_BYTES


def contest_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in ("test_set_6_duplicate_exhaust_config.json", "test_set_6_duplicate_exhaust_cvr.json"):
            archive.write(CASE / name, name)
    return buffer.getvalue()


def expected_report() -> dict[str, Any]:
    report: dict[str, Any] = json.loads(
        (CASE / "test_set_6_duplicate_exhaust_expected_detailed_report.json").read_text()
    )
    report["config"].pop("generatedBy")
    return report


def _summary_of(html: str) -> dict[str, Any]:
    summary: dict[str, Any] = json.loads(downloads(html)["contest.summary.json"])
    summary["config"].pop("generatedBy")
    return summary


@pytest.mark.parametrize("in_background", [False, True])
def test_an_rctab_contest_is_counted_under_its_own_rules_whatever_the_form_asks(
    in_background: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if in_background:
        monkeypatch.setattr(background_counts, "BACKGROUND_FROM_BYTES", 0)
    fields = {"method": "scottish-stv", "seats": "2", "tie_break": "forward", "options": "quota=hare"}
    response = Client().post("/count/", {"file": upload("contest.zip", contest_zip()), **fields})
    if in_background:
        assert response.status_code == 302
        worker.drain()
        response = Client().get(response["Location"])
    html = response.content.decode()
    assert response.status_code == 200, html
    assert 'id="contest-rules">Counted under the contest\'s own rules' in html
    assert _summary_of(html) == expected_report()  # RCTab's own report, round by round
    assert '<dd id="elected">Candidate B Name</dd>' in html
    assert "contest.blt" not in downloads(html)


def test_the_api_counts_an_rctab_contest_under_its_rules_and_refuses_other_options(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "contest.zip").write_bytes(contest_zip())
    monkeypatch.chdir(tmp_path)
    assert main(["count", "contest.zip", "--format", "json"]) == 0
    out = capsys.readouterr().out
    response = Client().post("/api/count", {"file": upload("contest.zip", contest_zip())})
    assert response.status_code == 200 and response.content.decode() + "\n" == out
    assert json.loads(out)["elected"] == ["Candidate B Name"]

    assert main(["count", "contest.zip", "--method", "meek", "--seats", "2"]) == 2
    err = capsys.readouterr().err
    refused = Client().post("/api/count", {"file": upload("contest.zip", contest_zip()), "method": "meek", "seats": 2})
    assert refused.status_code == 400
    assert f"hustings: error: {refused.json()['detail']}\n" == err
    assert refused.json()["detail"] == f"contest.zip: {counting.CONTEST_RULES}"


def test_a_multi_pass_contest_offers_each_pass_as_rctab_reports_it() -> None:
    """Multi-pass IRV (one count per seat): the record joins the passes, and the page offers one
    summary per pass, each RCTab's expected report (the configuration's `filePath` pointed into the
    archive, the only change)."""
    case = DATA / "rctab" / "sequential_with_batch"
    config = (case / "sequential_with_batch_config.json").read_text(encoding="utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("config.json", config.replace("../_shared/simple_sequential_cvr.xlsx", "cvr.xlsx"))
        archive.write(DATA / "rctab" / "_shared" / "simple_sequential_cvr.xlsx", "cvr.xlsx")
    response = Client().post("/count/", {"file": upload("sequential.zip", buffer.getvalue())})
    html = response.content.decode()
    assert response.status_code == 200, html
    files = downloads(html)
    for seat in (1, 2, 3):
        expected = json.loads((case / f"sequential_with_batch_{seat}_expected_detailed_report.json").read_text())
        ours = json.loads(files[f"sequential.summary_{seat}.json"])
        expected["config"].pop("generatedBy")
        ours["config"].pop("generatedBy")
        assert ours == expected, seat
    record = json.loads(files["sequential.result.json"])
    assert len(record["elected"]) == 3
    assert record["elected"] == [
        json.loads(files[f"sequential.summary_{s}.json"])["results"][-1]["tallyResults"][0]["elected"]
        for s in (1, 2, 3)
    ]


def test_a_saved_contest_gives_back_its_zip_byte_for_byte() -> None:
    client = Client()
    client.force_login(get_user_model().objects.create_user("ada", password="pw-ada-2016!"))
    archive = contest_zip()
    response = client.post("/count/", {"file": upload("contest.zip", archive), "save": "on"})
    assert response.status_code == 302 and response["Location"].startswith("/count/saved/")
    html = Client().get(response["Location"]).content.decode()
    found = re.search(r'href="data:application/zip;base64,([^"]+)" download="contest.zip"', html)
    assert found is not None and base64.b64decode(found.group(1)) == archive
    assert _summary_of(html) == expected_report()  # `hustings rctab`'s file, as counted, not remade
