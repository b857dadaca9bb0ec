"""Hart Verity cast vote records: a folder of XML files, one ballot sheet each.

``filePath`` names the folder; every ``*.xml`` file in it except signatures
(``*.sig.xml``) is one CVR, read in order of file name (RCTab reads them in
directory order, which does not change any tally).  In each file the
``Contests/Contest`` whose ``Id`` is ``contestId`` is one ballot; its
``Options/Option`` elements give a candidate ``Id`` (the configuration names
candidates by that id as an alias) and a ``Value`` read left to right, one
character per rank, ``1`` where that rank was marked.  An option whose id is
``undeclaredWriteInLabel`` is an undeclared write-in.

RCTab can also require each file to carry a valid RSA signature
(``.sig.xml``) in certified deployments; Hustings does not check signatures.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from hustings.count.profile import UNDECLARED_WRITE_IN
from hustings.formats.errors import FormatError
from hustings.formats.rctab.config import CvrSource, RctabConfig
from hustings.formats.rctab.records import Record


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in element if isinstance(c.tag, str) and etree.QName(c).localname == name]


def _text(element: etree._Element, name: str) -> str | None:
    found = _children(element, name)
    return None if not found else (found[0].text or "")


def read(source: CvrSource, config: RctabConfig) -> list[Record]:
    """Read one Hart folder's ballots for the configured contest."""
    assert source.path is not None
    folder = source.path
    shown = source.shown
    if not folder.is_dir():
        raise FormatError(shown, "a Hart source is a folder of XML cast vote records")
    files = sorted(
        p for p in folder.iterdir() if p.name.lower().endswith("xml") and not p.name.lower().endswith(".sig.xml")
    )
    records: list[Record] = []
    for file in files:
        records.extend(_read_file(file, source))
    return records


def _read_file(file: Path, source: CvrSource) -> list[Record]:
    try:
        root = etree.parse(str(file), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
    except etree.XMLSyntaxError as exc:
        raise FormatError(str(file), f"not valid XML: {exc.msg}", line=exc.lineno) from None
    batch = _text(root, "BatchNumber")
    guid = _text(root, "CvrGuid") or file.stem
    split = _children(root, "PrecinctSplit")
    precinct = _text(split[0], "Name") if split else None
    out: list[Record] = []
    for contests in _children(root, "Contests"):
        for contest in _children(contests, "Contest"):
            if _text(contest, "Id") != source.contest_id:
                continue
            marks: list[tuple[int, str]] = []
            for options in _children(contest, "Options"):
                for option in _children(options, "Option"):
                    code = _text(option, "Id")
                    value = _text(option, "Value")
                    if code is None or value is None:
                        raise FormatError(str(file), "an Option lacks its Id or Value")
                    if code == source.undeclared_write_in_label:
                        code = UNDECLARED_WRITE_IN
                    marks.extend((rank, code) for rank, c in enumerate(value, start=1) if c == "1")
            out.append(Record(tuple(marks), guid, precinct, batch, source.contest_id))
    return out
