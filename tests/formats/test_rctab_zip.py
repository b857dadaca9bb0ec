"""`hustings count contest.zip` (issue #15): an RCTab contest, configuration and cast vote records in
one zip, counted as the files themselves are by `hustings rctab`'s reader; hostile archives refused
with one line naming the archive."""

from __future__ import annotations

import json
import stat
import zipfile
from pathlib import Path

import pytest

from hustings.cli.main import main
from hustings.formats import rctab_zip
from hustings.formats.detect import read_profile
from hustings.formats.errors import FormatError
from hustings.formats.rctab import load_contest

CASE = Path(__file__).resolve().parents[1] / "data" / "rctab" / "clear_ballot_kansas_primary"
CONFIG = CASE / "clear_ballot_kansas_primary_config.json"
CVR = CASE / "clear_ballot_kansas_primary.cvr.csv"


def contest_zip(path: Path, *, folder: str = "") -> Path:
    """The Kansas primary case zipped, its files under ``folder`` inside the archive."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(CONFIG, folder + CONFIG.name)
        z.write(CVR, folder + CVR.name)
    return path


def test_the_zip_reads_as_the_configuration_does(tmp_path: Path) -> None:
    expected = load_contest(str(CONFIG)).profile
    for folder in ("", "kansas/"):
        profile = read_profile(str(contest_zip(tmp_path / "contest.zip", folder=folder)))
        assert profile.ballots == expected.ballots and sum(profile.ballots.values()) == 50
        assert profile.candidates == expected.candidates
        assert profile.title == "Democratic Primary" and profile.seats == 1


def test_hustings_count_counts_the_zip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = contest_zip(tmp_path / "contest.zip")
    assert main(["count", str(path), "--method", "irv", "--format", "json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["source"] == str(path) and record["title"] == "Democratic Primary"
    assert record["elected"] == ["Amy Klobuchar"]
    assert record["rounds"][0]["tally"]["Amy Klobuchar"] == "20"


def refusal(path: Path) -> str:
    with pytest.raises(FormatError) as caught:
        read_profile(str(path))
    message = str(caught.value)
    assert "\n" not in message and message.startswith(str(path))
    return message


def test_hostile_archives_are_refused_with_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(CONFIG, CONFIG.name)
        z.writestr(CVR.name, b"0" * (3 << 20))
    monkeypatch.setattr(rctab_zip, "MAX_TOTAL_BYTES", 2 << 20)
    assert "expands to more than 2 MiB" in refusal(bomb)

    escape = tmp_path / "escape.zip"
    with zipfile.ZipFile(escape, "w") as z:
        z.writestr("../evil.json", b"{}")
    assert "would leave the archive's folder" in refusal(escape)

    link = tmp_path / "link.zip"
    with zipfile.ZipFile(link, "w") as z:
        info = zipfile.ZipInfo("cvr.csv")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        z.writestr(info, "/etc/passwd")
    assert "symbolic link" in refusal(link)

    outside = tmp_path / "outside.zip"
    config = json.loads(CONFIG.read_text())
    config["cvrFileSources"][0]["filePath"] = "../" + CVR.name
    with zipfile.ZipFile(outside, "w") as z:
        z.writestr("config.json", json.dumps(config))
    assert "is outside the archive" in refusal(outside)

    many = tmp_path / "many.zip"
    with zipfile.ZipFile(many, "w") as z:
        for i in range(5):
            z.writestr(f"{i}.csv", b"")
    monkeypatch.setattr(rctab_zip, "MAX_MEMBERS", 4)
    assert "holds 5 members" in refusal(many)

    none = tmp_path / "none.zip"
    with zipfile.ZipFile(none, "w") as z:
        z.write(CVR, CVR.name)
    assert "no RCTab contest configuration" in refusal(none)

    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    assert "not a readable zip archive" in refusal(bad)


def test_a_missing_record_file_is_named_inside_the_archive(tmp_path: Path) -> None:
    path = tmp_path / "contest.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.write(CONFIG, "kansas/" + CONFIG.name)
    message = refusal(path)
    assert message.startswith(f"{path}/kansas/{CONFIG.name}") and "not found" in message
    assert "hustings-rctab-zip" not in message


def test_a_zip_bomb_is_refused_by_the_command_quickly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(CONFIG, CONFIG.name)
        # A few hundred kilobytes expanding past the limit: refused after 256 MiB at most, never all of it.
        for i in range(3):
            z.writestr(f"pad{i}.bin", b"\0" * (100 << 20))
    assert bomb.stat().st_size < 1 << 20
    assert main(["count", str(bomb)]) == 2
    err = capsys.readouterr().err
    assert err == f"hustings: error: {bomb}: the archive expands to more than 256 MiB (at most 256 MiB are read)\n"
