"""ES&S workbook details on small hand-made workbooks: empty rows, blanks, delimiters, numbers, XML prefixes."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from hustings.count.profile import UNDECLARED_WRITE_IN, ranking
from hustings.formats.errors import FormatError
from hustings.formats.rctab import Contest, load_contest

Cell = str | int | None

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<{p}workbook xmlns{x}="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<{p}sheets><{p}sheet name="Ballots" sheetId="1" r:id="rId1"/></{p}sheets></{p}workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)


def _column(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def workbook(path: Path, rows: dict[int, list[Cell]], *, prefix: str = "") -> Path:
    """Write an .xlsx whose first sheet holds ``rows`` (1-based row number -> cells; ``None`` = no cell)."""
    p = f"{prefix}:" if prefix else ""
    body = []
    for number in sorted(rows):
        cells = []
        for j, value in enumerate(rows[number]):
            ref = f"{_column(j)}{number}"
            if value is None:
                continue
            if isinstance(value, int):
                cells.append(f'<{p}c r="{ref}"><{p}v>{value}</{p}v></{p}c>')
            else:
                cells.append(f'<{p}c r="{ref}" t="inlineStr"><{p}is><{p}t>{value}</{p}t></{p}is></{p}c>')
        body.append(f'<{p}row r="{number}">' + "".join(cells) + f"</{p}row>")
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<{p}worksheet xmlns{":" + prefix if prefix else ""}="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<{p}sheetData>" + "".join(body) + f"</{p}sheetData></{p}worksheet>"
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _ROOT_RELS)
        z.writestr("xl/workbook.xml", _WORKBOOK.format(p=p, x=":" + prefix if prefix else ""))
        z.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


def contest(tmp_path: Path, rows: dict[int, list[Cell]], prefix: str = "", **source: Any) -> Contest:
    cvr = workbook(tmp_path / "cvr.xlsx", rows, prefix=prefix)
    rules = {
        "tiebreakMode": "useCandidateOrder",
        "overvoteRule": "alwaysSkipToNextRank",
        "winnerElectionMode": "singleWinnerMajority",
        "numberOfWinners": "1",
        "decimalPlacesForVoteArithmetic": "4",
        "maxSkippedRanksAllowed": "unlimited",
        "maxRankingsAllowed": source.pop("maxRankingsAllowed", "3"),
    }
    config = {
        "tabulatorVersion": "TEST",
        "outputSettings": {"contestName": "Workbook test"},
        "cvrFileSources": [
            {"filePath": str(cvr), "provider": "ess", "firstVoteColumnIndex": "2", "firstVoteRowIndex": "2", **source}
        ],
        "candidates": [{"name": "Ann", "aliases": ["1"]}, {"name": "Bob", "aliases": ["2"]}, {"name": "Cy"}],
        "rules": rules,
    }
    path = tmp_path / "config.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    return load_contest(str(path))


HEADER: list[Cell] = ["id", "Choice 1", "Choice 2", "Choice 3"]


def test_empty_row_in_the_sheet_is_a_ballot_ranking_nobody(tmp_path: Path) -> None:
    rows = {1: HEADER, 2: ["b1", "Ann", "Bob"], 3: [], 5: ["b3", "Cy"]}
    c = contest(tmp_path, rows)
    assert dict(c.profile.ballots) == {ranking("Ann", "Bob"): 1, (): 1, ranking("Cy"): 1}


def test_numbers_in_cells_read_as_excel_shows_them(tmp_path: Path) -> None:
    c = contest(tmp_path, {1: HEADER, 2: ["b1", 2, 1]})
    assert dict(c.profile.ballots) == {ranking("Bob", "Ann"): 1}


def test_prefixed_spreadsheet_xml_is_read(tmp_path: Path) -> None:
    rows = {1: HEADER, 2: ["b1", "Ann"], 3: []}
    c = contest(tmp_path, rows, prefix="x")
    assert dict(c.profile.ballots) == {ranking("Ann"): 1, (): 1}


def test_blank_cells_up_to_max_rankings_become_write_ins(tmp_path: Path) -> None:
    rows = {1: HEADER, 2: ["b1", None, "Bob"], 3: ["b2", "undervote", "Ann"]}
    c = contest(tmp_path, rows, treatBlankAsUndeclaredWriteIn=True, skippedRankLabel="undervote")
    uwi = UNDECLARED_WRITE_IN
    assert dict(c.profile.ballots) == {ranking(uwi, "Bob", uwi): 1, ranking(None, "Ann", uwi): 1}
    assert c.undeclared_write_ins


def test_columns_past_max_rankings_are_not_read(tmp_path: Path) -> None:
    c = contest(tmp_path, {1: HEADER, 2: ["b1", "Ann", "Bob", "Nobody"]}, maxRankingsAllowed="2")
    assert dict(c.profile.ballots) == {ranking("Ann", "Bob"): 1}


def test_overvote_delimiter_with_a_blank_piece_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FormatError) as info:
        contest(tmp_path, {1: HEADER, 2: ["b1", "Ann|Bob"], 3: ["b2", "Ann| |Cy"]}, overvoteDelimiter="|")
    assert info.value.line == 3 and "cell B3" in info.value.message


def test_missing_ballot_id_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FormatError) as info:
        contest(tmp_path, {1: HEADER, 2: ["b1", "Ann"], 3: [None, "Bob"]}, idColumnIndex="1")
    assert info.value.line == 3 and "identifier" in info.value.message
