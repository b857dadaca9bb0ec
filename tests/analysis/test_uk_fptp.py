"""The declared first-past-the-post outcome of every general election, exactly."""

from __future__ import annotations

import pytest

from hustings.analysis import analyse, load

# House of Commons Library CBP-8647 and CBP-10009 (official declared results).
OFFICIAL = {
    "ge2010": {
        "Conservative": 306,
        "Labour": 258,
        "Liberal Democrat": 57,
        "Democratic Unionist Party": 8,
        "Scottish National Party": 6,
        "Sinn Féin": 5,
        "Plaid Cymru": 3,
        "Social Democratic & Labour Party": 3,
        "Green Party": 1,
        "Alliance": 1,
        "Speaker": 1,
        "Independent": 1,
    },
    "ge2015": {
        "Conservative": 330,
        "Labour": 232,
        "Scottish National Party": 56,
        "Liberal Democrat": 8,
        "Democratic Unionist Party": 8,
        "Sinn Féin": 4,
        "Plaid Cymru": 3,
        "Social Democratic & Labour Party": 3,
        "Ulster Unionist Party": 2,
        "UK Independence Party": 1,
        "Green Party": 1,
        "Speaker": 1,
        "Independent": 1,
    },
    "ge2017": {
        "Conservative": 317,
        "Labour": 262,
        "Scottish National Party": 35,
        "Liberal Democrat": 12,
        "Democratic Unionist Party": 10,
        "Sinn Féin": 7,
        "Plaid Cymru": 4,
        "Green Party": 1,
        "Speaker": 1,
        "Independent": 1,
    },
    "ge2019": {
        "Conservative": 365,
        "Labour": 202,
        "Scottish National Party": 48,
        "Liberal Democrat": 11,
        "Democratic Unionist Party": 8,
        "Sinn Féin": 7,
        "Plaid Cymru": 4,
        "Social Democratic & Labour Party": 2,
        "Green Party": 1,
        "Alliance": 1,
        "Speaker": 1,
    },
    "ge2024": {
        "Labour": 411,
        "Conservative": 121,
        "Liberal Democrat": 72,
        "Scottish National Party": 9,
        "Sinn Féin": 7,
        "Independent": 6,
        "Reform UK": 5,
        "Democratic Unionist Party": 5,
        "Green Party": 4,
        "Plaid Cymru": 4,
        "Social Democratic & Labour Party": 2,
        "Alliance": 1,
        "Ulster Unionist Party": 1,
        "Traditional Unionist Voice": 1,
        "Speaker": 1,
    },
}

# 1997-2005 from the long table, where "Other" sums minor candidates: the main parties
# exactly, and what the source lumps together as the rest.
OFFICIAL_EARLY = {
    "ge1997": ({"Labour": 418, "Conservative": 165, "Liberal Democrat": 46, "Ulster Unionist Party": 10}, 659),
    "ge2001": ({"Labour": 412, "Conservative": 166, "Liberal Democrat": 52, "Ulster Unionist Party": 6}, 659),
    "ge2005": ({"Labour": 355, "Conservative": 198, "Liberal Democrat": 62, "Democratic Unionist Party": 9}, 646),
}


@pytest.mark.parametrize("election", sorted(OFFICIAL))
def test_fptp_reproduces_the_declared_seats(election: str) -> None:
    table = analyse(election, "fptp")
    assert {p: n for p, n in table.seats.items() if n} == OFFICIAL[election]
    assert table.total_seats == 650


@pytest.mark.parametrize("election", sorted(OFFICIAL_EARLY))
def test_fptp_1997_to_2005_main_parties_and_house_size(election: str) -> None:
    expected, house = OFFICIAL_EARLY[election]
    table = analyse(election, "fptp")
    assert table.total_seats == house
    for party, seats in expected.items():
        assert table.seats[party] == seats


def test_1997_speaker_and_martin_bell_are_labelled_as_declared() -> None:
    table = analyse("ge1997", "fptp")
    assert table.seats["Speaker"] == 1  # Betty Boothroyd, West Bromwich West
    assert table.seats["Independent"] == 1  # Martin Bell, Tatton
    assert table.seats["SNP/Plaid Cymru"] == 10  # SNP 6 + Plaid Cymru 4, combined by the source


def test_2005_other_seats_are_the_three_non_party_winners() -> None:
    # Wyre Forest (Richard Taylor), Blaenau Gwent (Peter Law), Bethnal Green & Bow (George Galloway).
    assert analyse("ge2005", "fptp").seats["Other"] == 3


def test_labour_cooperative_candidates_count_as_labour() -> None:
    e = load("ge2017")
    assert not any("Co-operative" in c.party for k in e.constituencies for c in k.candidates)


def test_html_entities_in_party_names_are_decoded() -> None:
    e = load("ge2019")
    assert not any("&amp;" in c.party for k in e.constituencies for c in k.candidates)


def test_every_general_election_has_its_valid_vote_total() -> None:
    # The candidate files' own "Total valid votes in general election" figures.
    totals = {"ge2015": 30_697_525, "ge2017": 32_204_184}
    for name, total in totals.items():
        assert sum(analyse(name, "fptp").votes.values()) == total
