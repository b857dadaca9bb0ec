"""The Sankey diagram and bars of a count: each band carries the votes the record says moved."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from hustings.count.profile import Profile
from hustings.count.registry import run
from hustings.web.ballots.sankey import bars_svg, sankey_svg

VOTES = [["A"]] * 40 + [["B", "A"]] * 25 + [["C", "B"]] * 20 + [["D", "C", "B"]] * 15 + [["B"]] * 10


def titles(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return [t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}title")]


def test_bands_carry_the_transfers_of_each_round() -> None:
    result = run("irv", Profile.from_lists(["A", "B", "C", "D"], VOTES), seats=1).to_dict()
    svg = sankey_svg(result, "Transfers <test>")
    names = titles(svg)
    assert "Transfers <test>" in names  # escaped in the text, read back whole
    assert "D to C: 15" in names
    assert "B to A: 25" in names and "B to exhausted: 10" in names
    assert "A to A: 40" in names  # a continuing pile goes straight across
    assert "Round 1: A 40" in names and "Round 3: A 65" in names


def test_one_round_draws_no_sankey_and_bars_are_sorted() -> None:
    result = run("irv", Profile.from_lists(["A", "B"], [["A"]] * 3 + [["B"]]), seats=1).to_dict()
    assert sankey_svg({**result, "rounds": []}) == ""
    bars = bars_svg({"B": "1", "A": "3"}, ["A", "B"])
    assert bars.index(">A<") < bars.index(">B<") and "75.0%" in bars
