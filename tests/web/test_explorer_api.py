"""`GET /api/analysis/{election}` and `POST /api/count` answer exactly what `hustings analyse ...
--format json` and `hustings count ... --format json` print (byte for byte), refuse bad input with
the command line's one-line message, are in the OpenAPI schema, and hold anonymous callers to a rate."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from hustings.cli.main import main
from hustings.services import counting

DATA = Path(__file__).resolve().parents[1] / "data"
BLT = DATA / "scotland" / "blt" / "highland_2012_ward7.blt"
PREFLIB = DATA / "preflib" / "00002-00000006.soi"
RANKINGS = "rank1,rank2,rank3\nAnn,Bob,\nBob,Cat,Ann\nCat,,\nBob,,\nAnn,Cat,\nCat,Bob,\nAnn,,\n"


@pytest.fixture(autouse=True)
def fresh_rate_counts() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize(
    ("election", "options"),
    [
        ("ge2017", {"system": "fptp"}),
        ("ge2017", {"system": "regional-dhondt"}),
        ("ge2019", {"system": "national-sainte-lague", "threshold": "5%"}),
        ("ge2024", {"system": "ams", "constituency_share": "1/2"}),
        ("ge1997", {"system": "regional-sainte-lague"}),
        ("ge2005", {"system": "national-dhondt", "threshold": "0.04"}),
        ("ge1997", {"system": "regional-dhondt", "threshold": "4%"}),
        ("sp2011", {"system": "ams"}),
        ("sp2016", {"system": "ams"}),
        ("sp2016", {"system": "regional-sainte-lague"}),
        ("sp2007", {"system": "fptp"}),
        ("ep2019", {"system": "regional-dhondt"}),
        ("ep2019", {"system": "national-sainte-lague", "threshold": "5%"}),
    ],
)
def test_analysis_is_exactly_what_hustings_analyse_prints(
    capsys: pytest.CaptureFixture[str], election: str, options: dict[str, str]
) -> None:
    argv = ["analyse", election, "--format", "json"]
    for name, value in options.items():
        argv += [f"--{name.replace('_', '-')}", value]
    status, out, _ = cli(capsys, *argv)
    assert status == 0
    response = Client().get(f"/api/analysis/{election}", options)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response.content.decode("utf-8") + "\n" == out
    assert json.loads(response.content)["system"] == options["system"]


@pytest.mark.parametrize(
    ("query", "status", "words"),
    [
        ({"system": "nope"}, 400, "unknown system 'nope'"),
        ({"system": "fptp", "threshold": "5%"}, 400, "threshold does not apply to fptp"),
        ({"system": "ams", "constituency_share": "2"}, 400, "constituency_share must be between 0 and 1"),
        ({"system": "national-dhondt", "threshold": "lots"}, 400, "threshold takes a percentage"),
    ],
)
def test_bad_analysis_options_are_refused_in_one_line(query: dict[str, str], status: int, words: str) -> None:
    response = Client().get("/api/analysis/ge2017", query)
    assert response.status_code == status
    assert words in response.json()["detail"]


def test_an_analysis_the_command_line_refuses_is_a_400_with_its_message(capsys: pytest.CaptureFixture[str]) -> None:
    # No party standing in Wales had 40% of the UK's votes or of Wales's: its seats have no list.
    status, _, err = cli(capsys, "analyse", "ge2024", "--system", "regional-dhondt", "--threshold", "40%")
    response = Client().get("/api/analysis/ge2024", {"system": "regional-dhondt", "threshold": "40%"})
    assert status == 2 and response.status_code == 400
    assert err == f"hustings: error: {response.json()['detail']}\n"


def test_a_system_the_election_was_not_held_with_constituencies_for_is_a_400(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, _, err = cli(capsys, "analyse", "ep2019", "--system", "ams")
    response = Client().get("/api/analysis/ep2019", {"system": "ams"})
    assert status == 2 and response.status_code == 400
    assert err == f"hustings: error: {response.json()['detail']}\n"
    assert "ams does not apply to ep2019" in response.json()["detail"]


def test_an_unknown_election_is_a_404_naming_the_known_ones() -> None:
    response = Client().get("/api/analysis/ge1066", {"system": "fptp"})
    assert response.status_code == 404
    assert "unknown election 'ge1066'" in response.json()["detail"] and "ge2024" in response.json()["detail"]


@pytest.fixture
def ballots(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder holding the test files, made the working directory so the command line names them
    as the API does: by their own names."""
    shutil.copy(BLT, tmp_path / BLT.name)
    shutil.copy(PREFLIB, tmp_path / PREFLIB.name)
    (tmp_path / "ballots.csv").write_text(RANKINGS, encoding="utf-8")
    (tmp_path / "short.blt").write_text("3 1\n1 1 2 0\n1 2\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def post_count(path: Path, **fields: Any) -> Any:
    upload = SimpleUploadedFile(path.name, path.read_bytes(), content_type="application/octet-stream")
    return Client().post("/api/count", {"file": upload, **fields})


@pytest.mark.parametrize(
    ("name", "argv", "fields"),
    [
        (BLT.name, ["--method", "scottish-stv"], {"method": "scottish-stv"}),
        (BLT.name, ["--method", "meek", "--seats", "2"], {"method": "meek", "seats": "2"}),
        ("ballots.csv", [], {}),
        ("ballots.csv", ["--method", "borda"], {"method": "borda"}),
        ("ballots.csv", ["--tie-break", "random", "--seed", "7"], {"tie_break": "random", "seed": "7"}),
        (
            "ballots.csv",
            ["--option", "batch_elimination=true", "--option", "continue_until_two_remain=true"],
            {"option": ["batch_elimination=true", "continue_until_two_remain=true"]},
        ),
        (PREFLIB.name, ["--method", "schulze"], {"method": "schulze"}),
        (PREFLIB.name, ["--method", "irv"], {"method": "irv"}),
        ("ballots.csv", ["--option", "tie_break=forward"], {"option": "tie_break=forward"}),
        (
            BLT.name,
            ["--method", "meek", "-o", "tie_break=backward", "--seed", "4"],
            {"method": "meek", "option": "tie_break=backward", "seed": "4"},
        ),
    ],
)
def test_count_is_exactly_the_record_hustings_count_prints(
    capsys: pytest.CaptureFixture[str], ballots: Path, name: str, argv: list[str], fields: dict[str, Any]
) -> None:
    status, out, err = cli(capsys, "count", name, *argv, "--format", "json")
    assert status == 0, err
    response = post_count(ballots / name, **fields)
    assert response.status_code == 200, response.content
    assert response.content.decode("utf-8") + "\n" == out
    assert json.loads(response.content)["source"] == name


@pytest.mark.parametrize(
    ("name", "argv", "fields"),
    [
        ("short.blt", [], {}),
        ("ballots.csv", ["--method", "nonesuch"], {"method": "nonesuch"}),
        ("ballots.csv", ["--seats", "5"], {"seats": "5"}),
        ("ballots.csv", ["--seats", "0"], {"seats": "0"}),
        ("ballots.csv", ["--option", "batch_elimination=maybe"], {"option": "batch_elimination=maybe"}),
        ("ballots.csv", ["--option", "nonsense"], {"option": "nonsense"}),
        ("ballots.csv", ["--tie-break", "coin"], {"tie_break": "coin"}),
        ("ballots.csv", ["--option", "tie_break=coin"], {"option": "tie_break=coin"}),
        (
            "ballots.csv",
            ["--tie-break", "forward", "--option", "tie_break=lot"],
            {"tie_break": "forward", "option": "tie_break=lot"},
        ),
    ],
)
def test_bad_input_is_a_400_with_the_command_lines_message(
    capsys: pytest.CaptureFixture[str], ballots: Path, name: str, argv: list[str], fields: dict[str, Any]
) -> None:
    status, _, err = cli(capsys, "count", name, *argv, "--format", "json")
    assert status == 2
    response = post_count(ballots / name, **fields)
    assert response.status_code == 400
    assert f"hustings: error: {response.json()['detail']}\n" == err


def test_a_file_of_unknown_kind_is_refused_by_its_name(capsys: pytest.CaptureFixture[str], ballots: Path) -> None:
    (ballots / "votes.txt").write_text("hello\n")
    status, _, err = cli(capsys, "count", "votes.txt")
    response = post_count(ballots / "votes.txt")
    assert status == 2 and response.status_code == 400
    assert f"hustings: error: {response.json()['detail']}\n" == err


def test_a_file_over_the_limit_is_refused_with_the_limit(ballots: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(counting, "MAX_UPLOAD_BYTES", 100)
    response = post_count(ballots / BLT.name)
    assert response.status_code == 413
    detail = response.json()["detail"]
    assert detail.startswith(f"{BLT.name}: the file is ") and "over this site's limit" in detail


def test_an_uploads_name_cannot_leave_its_folder() -> None:
    assert counting.upload_name("../../etc/passwd.blt") == "passwd.blt"
    assert counting.upload_name("C:\\ballots\\ward 1.csv") == "ward 1.csv"
    assert counting.upload_name("..") == "ballots"


def test_both_operations_are_in_the_openapi_schema() -> None:
    schema = Client().get("/api/openapi.json").json()
    analysis = schema["paths"]["/api/analysis/{election}"]["get"]
    assert {p["name"] for p in analysis["parameters"]} >= {"election", "system", "threshold", "constituency_share"}
    assert {"200", "400", "404", "429"} <= set(analysis["responses"])
    count = schema["paths"]["/api/count"]["post"]
    form = count["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert {"file", "method", "seats"} <= set(_properties(schema, form))
    assert {"200", "400", "413", "429"} <= set(count["responses"])


def _properties(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return dict(node.get("properties", {}))


@pytest.mark.django_db
def test_anonymous_callers_are_held_to_the_rate_and_signed_in_ones_are_not(settings: Any) -> None:
    settings.HUSTINGS_ANONYMOUS_API_RATES = {"analysis": "2/min"}
    anonymous = Client()
    answers = [anonymous.get("/api/analysis/ge2017", {"system": "fptp"}).status_code for _ in range(3)]
    assert answers == [200, 200, 429]
    refused = anonymous.get("/api/analysis/ge2017", {"system": "fptp"})
    assert refused.json()["detail"] and int(refused["Retry-After"]) > 0
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert other.get("/api/analysis/ge2017", {"system": "fptp"}).status_code == 200
    signed_in = Client()
    signed_in.force_login(get_user_model().objects.create_user("reader", password="x"))
    assert [signed_in.get("/api/analysis/ge2017", {"system": "fptp"}).status_code for _ in range(3)] == [200] * 3


RCTAB_CASE = DATA / "rctab" / "clear_ballot_kansas_primary"


def test_an_rctab_contest_zip_is_exactly_what_hustings_count_prints(
    capsys: pytest.CaptureFixture[str], ballots: Path
) -> None:
    import zipfile

    with zipfile.ZipFile(ballots / "contest.zip", "w", zipfile.ZIP_DEFLATED) as z:
        for name in ("clear_ballot_kansas_primary_config.json", "clear_ballot_kansas_primary.cvr.csv"):
            z.write(RCTAB_CASE / name, name)
    status, out, err = cli(capsys, "count", "contest.zip", "--method", "irv", "--format", "json")
    assert status == 0, err
    response = post_count(ballots / "contest.zip", method="irv")
    assert response.status_code == 200, response.content
    assert response.content.decode("utf-8") + "\n" == out
    assert json.loads(out)["elected"] == ["Amy Klobuchar"]


def test_a_hostile_zip_is_a_400_with_the_command_lines_message(
    capsys: pytest.CaptureFixture[str], ballots: Path
) -> None:
    import zipfile

    with zipfile.ZipFile(ballots / "escape.zip", "w") as z:
        z.writestr(
            "config.json", json.dumps({"cvrFileSources": [{"filePath": "/etc/passwd", "provider": "genericCsv"}]})
        )
    status, _, err = cli(capsys, "count", "escape.zip")
    assert status == 2 and "is outside the archive" in err
    response = post_count(ballots / "escape.zip")
    assert response.status_code == 400
    assert f"hustings: error: {response.json()['detail']}\n" == err
