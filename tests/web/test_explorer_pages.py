"""The explorer (`/elections/`) and the count page (`/count/`), for anyone: the seat tables are the
command line's, the choices live in the URL, the pictures download as SVG and PNG, the embed page
may be framed, and a count shows its rounds and refuses a bad file with the command line's message."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from hustings.analysis import ELECTIONS
from hustings.cli.main import main

BLT = Path(__file__).resolve().parents[1] / "data" / "scotland" / "blt" / "highland_2012_ward7.blt"


def test_the_list_names_every_election_analyse_knows() -> None:
    page = Client().get("/elections/")
    assert page.status_code == 200
    html = page.content.decode()
    for name, title in ELECTIONS.items():
        assert f'href="/elections/{name}/"' in html and title in html
    assert 'href="/elections/sp2016/"' in html  # Holyrood 2016, assembled in tests/data/scotland/sp2016


def test_an_election_compares_three_systems_and_says_what_changed_in_words() -> None:
    page = Client().get("/elections/ge2017/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Under regional D&#x27;Hondt, the Conservatives would have had 280 seats instead of 317" in html
    assert "This is the result as declared: the Conservatives won 317 of 650 seats" in html
    assert html.count('role="img"') >= 3 and html.count('<table class="seats">') == 3
    assert "Gallagher index" in html and "Members elected on under 50%" in html


def test_holyrood_2016_opens_on_the_declared_result() -> None:
    page = Client().get("/elections/sp2016/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Scottish Parliament election, 5 May 2016" in html
    assert "the SNP won 63 of 129 seats" in html


def test_the_european_parliament_2019_offers_only_the_list_systems() -> None:
    page = Client().get("/elections/ep2019/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "European Parliament election in Great Britain, 23 May 2019" in html
    assert "This is the result as declared: the Brexit Party won 29 of 70 seats" in html
    assert "Northern Ireland" in html and html.count('<table class="seats">') == 3
    assert 'value="regional-dhondt"' in html and 'value="fptp"' not in html and 'value="ams"' not in html
    refused = Client().get("/elections/ep2019/", {"system1": "fptp"})
    assert refused.status_code == 400


def test_the_seat_tables_are_the_command_lines(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["analyse", "ge2019", "--system", "national-sainte-lague", "--threshold", "5%", "--format", "json"]) == 0
    )
    seats = json.loads(capsys.readouterr().out)["seats"]
    html = Client().get("/elections/ge2019/", {"system1": "national-sainte-lague", "threshold1": "5%"}).content.decode()
    for party, n in seats.items():
        if n:
            row = re.search(rf"{re.escape(party.replace('&', '&amp;'))}</th>(.*?)</tr>", html)
            assert row is not None, party
            assert f'<td class="num">{n}</td>' in row.group(1), party


def test_the_choices_are_in_the_url_to_share_and_embed() -> None:
    page = Client().get("/elections/ge2024/", {"system1": "ams", "share1": "1/2", "system2": "fptp", "system3": ""})
    html = page.content.decode()
    assert page.status_code == 200
    assert "system1=ams&amp;share1=1%2F2&amp;system2=fptp" in html
    assert "1/2 of each region&#x27;s seats kept as constituency seats" in html
    assert "/elections/ge2024/embed/?system1=ams" in html and "&lt;iframe" in html


def test_a_bad_choice_is_shown_on_the_page_with_the_reason() -> None:
    page = Client().get("/elections/ge2017/", {"system1": "fptp", "threshold1": "5%"})
    assert page.status_code == 400
    assert "threshold does not apply to fptp" in page.content.decode()
    refused = Client().get("/elections/ge2024/", {"system1": "regional-dhondt", "threshold1": "40%"})
    assert refused.status_code == 400
    assert "no party standing in Wales has 40% of the national vote or of Wales" in refused.content.decode()


def test_an_unknown_election_is_not_found() -> None:
    assert Client().get("/elections/ge1066/").status_code == 404


def test_the_hemicycle_downloads_as_svg_with_a_dot_a_seat_and_as_png() -> None:
    svg = Client().get("/elections/ge2017/hemicycle.svg", {"system": "regional-dhondt"})
    assert svg.status_code == 200 and svg["Content-Type"].startswith("image/svg+xml")
    assert "attachment" in svg["Content-Disposition"]
    assert svg.content.decode().count("<circle") == 650
    sp = Client().get("/elections/sp2011/hemicycle.svg")  # the declared system when none is asked for
    assert sp.content.decode().count("<circle") == 129
    png = Client().get("/elections/ge2017/hemicycle.png", {"system": "fptp"})
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG\r\n\x1a\n")


def test_only_the_embed_page_may_be_framed_by_another_site() -> None:
    embed = Client().get("/elections/ge2017/embed/")
    assert embed.status_code == 200
    assert "X-Frame-Options" not in embed and "frame-ancestors *" in embed["Content-Security-Policy"]
    page = Client().get("/elections/ge2017/")
    assert page["X-Frame-Options"] == "DENY" and "frame-ancestors 'none'" in page["Content-Security-Policy"]


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_a_count_shows_its_rounds_and_downloads_the_command_lines_record(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = Client().post("/count/", {"file": upload(BLT.name, BLT.read_bytes()), "method": "scottish-stv"})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="rounds"' in html and 'id="elected"' in html and "Transfers" in html
    (tmp_path / BLT.name).write_bytes(BLT.read_bytes())
    monkeypatch.chdir(tmp_path)
    assert main(["count", BLT.name, "--method", "scottish-stv", "--format", "json"]) == 0
    record = capsys.readouterr().out
    links = dict(re.findall(r'href="data:[^;]+;charset=utf-8;base64,([^"]+)" download="([^"]+)"', html))
    by_name = {name: base64.b64decode(data).decode() for data, name in links.items()}
    assert by_name[BLT.stem + ".result.json"] == record
    figures = json.loads(record)  # the quota in words, from the record's own figures (issue #14)
    assert f'id="quota">Quota {figures["quota"]}: Droop quota, the {figures["total"]} valid votes' in html
    assert by_name[BLT.stem + ".blt"].splitlines()[0] == BLT.read_text().splitlines()[0].strip()


def test_a_bad_file_gets_the_command_lines_message_on_the_page(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "short.blt").write_text("3 1\n1 1 2 0\n1 2\n")
    monkeypatch.chdir(tmp_path)
    assert main(["count", "short.blt"]) == 2
    message = capsys.readouterr().err.removeprefix("hustings: error: ").strip()
    page = Client().post("/count/", {"file": upload("short.blt", b"3 1\n1 1 2 0\n1 2\n"), "method": "irv"})
    assert page.status_code == 400
    assert f'<p class="notice error" role="alert" id="count-error">{message}</p>' in page.content.decode()


def test_the_count_page_asks_for_a_file() -> None:
    page = Client().get("/count/")
    assert page.status_code == 200
    assert 'type="file"' in page.content.decode() and 'enctype="multipart/form-data"' in page.content.decode()
