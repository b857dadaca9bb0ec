"""A college ballot's results page (docs/ballots.md, "Weighted voters and colleges"): the round
table gives the combined percentages, each section has its own table and Sankey diagram, and the
combined Sankey carries the excluded candidate's percentage points to the others."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from tests.services.test_ballots_weights import COLLEGE_VOTES, college_party, count_and_publish, open_college
from tests.web.visitors import Party, make_party

from hustings.services import ballots as svc
from hustings.web.ballots.college import college_rows

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def party(db: None) -> Party:
    return make_party()


def _svgs(page: str) -> list[ET.Element]:
    return [ET.fromstring(svg) for svg in re.findall(r"<svg .*?</svg>", page, re.S)]


def _titles(svg: ET.Element) -> list[str]:
    return [t.text or "" for t in svg.iter(f"{SVG}title")]


def test_the_results_page_shows_every_section_and_the_combined_result(party: Party) -> None:
    refs = college_party(party)
    ballot = open_college(party)
    codes = svc.issue_credentials(party.users["returning_officer"], ballot)
    for section, votes in COLLEGE_VOTES.items():
        for ref, ranking in zip(refs[section], votes, strict=True):
            svc.cast(ballot.pk, codes[ref], ranking, f"s-{ref}")
    ballot = count_and_publish(ballot, party)
    page = Client().get(f"/ballots/{ballot.pk}/results/").content.decode()
    # The combined result: Bob (30%) excluded, Ann elected with 52.78% of the college.
    rounds = page[page.index('id="rounds"') : page.index("</table>", page.index('id="rounds"'))]
    assert "38.888888889" in rounds and "52.777777778" in rounds
    assert '<dd id="elected">Ann</dd>' in page
    # Every section: its title and weight, its votes and percentages round by round.
    assert page.count('class="scroll college-section"') == 3
    assert "MPs and MEPs (weight 1/3)" in page and "individual members (weight 1/3)" in page
    mps = page[page.index('data-section="mps_meps"') : page.index('data-section="members"')]
    cell = '<td class="num">'
    assert f'<th scope="row">Ann</th>{cell}3 (60.00%)</td>{cell}3 (75.00%)</td>' in mps
    assert f'<th scope="row">Bob</th>{cell}1 (20.00%)</td>{cell}</td>' in mps  # excluded after round 1
    members = page[page.index('data-section="members"') : page.index('data-section="affiliates"')]
    assert "2 (66.67%)" in members  # Cat, round 2: 2 of the 3 members' ballots still in the count
    # A Sankey diagram for each section (ballots) and the combined one (percentage points), ids distinct.
    svgs = [s for s in _svgs(page) if "sankey" in s.get("class", "")]
    assert len(svgs) == 4
    ids = [e.get("id") for s in svgs for e in s.iter() if e.get("id")]
    assert len(ids) == len(set(ids))
    titles = [_titles(s) for s in svgs]
    assert any("Bob to exhausted: 1" in t and "Round 1: Ann 3" in t for t in titles)  # MPs: Bob's one ballot ends
    assert any("Bob to exhausted: 3" in t for t in titles)  # members: Bob's three ballots have no next preference
    combined = next(t for t in titles if "Transfers between rounds: the combined result (percentage points)" in t)
    assert "Bob to Ann: 13.8889" in combined and "Bob to Cat: 16.1111" in combined
    assert not any("exhausted" in t for t in combined)


def test_other_results_have_no_college_part() -> None:
    record = {"candidates": ["A", "B"], "rounds": [{"round": 1, "tally": {"A": "2", "B": "1"}, "actions": []}]}
    assert college_rows(record) == {}
