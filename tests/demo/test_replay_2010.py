"""The 2010 replay: the electoral college's arithmetic against the published result, pure and
through the services (one college ballot over three sections, its board verified by `hustings
verify`, its result the sections combined round by round)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from hustings.count.apportion.college import Section, count
from hustings.count.profile import Profile, ranking
from hustings.demo import college_2010 as data


def _college(scale: Decimal) -> object:
    ballots = data.section_ballots(scale)
    return count(
        [
            Section(
                s,
                Profile.from_ballots(data.CANDIDATES, [(ranking(*r), n) for r, n in ballots[s].items()]),
                Fraction(1, 3),
            )
            for s in data.SECTIONS
        ]
    )


DATA = Path(__file__).parents[1] / "data" / "labour_2010"


def test_the_mps_ballots_are_the_published_file() -> None:
    names = {"1": data.DA, "2": data.EB, "3": data.AB, "4": data.DM, "5": data.EM}
    rows = [line.split(": ") for line in (DATA / "mps_meps_ballots.soi").read_text().splitlines() if line[0] != "#"]
    assert {tuple(names[c] for c in order.split(",")): int(n) for n, order in rows} == data.mps_meps_ballots()
    assert sum(data.mps_meps_ballots().values()) == 266 and len(rows) == 76


def test_the_published_mps_ballots_give_the_published_first_and_final_rounds() -> None:
    """The ballots are corroborated by two independent published figures: the section's round-1
    points for all five candidates and its final round, 140 to 122."""
    for candidate, points in data.mps_meps_points(1).items():
        assert abs(points - Fraction(data.FIRST_ROUND_POINTS["mps_meps"][candidate])) < Fraction(1, 2000)
    final = data.mps_meps_points(4)
    assert final[data.DM] / final[data.EM] == Fraction(140, 122)


def test_first_round_votes_give_every_published_section_point() -> None:
    for section, votes in data.FIRST_ROUND.items():
        valid = sum(votes.values())
        for candidate, n in votes.items():
            points = Fraction(100, 3) * n / valid
            assert abs(points - Fraction(data.FIRST_ROUND_POINTS[section][candidate])) < Fraction(1, 1000)


@pytest.mark.parametrize("scale", [Decimal(1), Decimal("0.01")])
def test_every_published_round_is_reproduced_within_a_tenth_of_a_point(scale: Decimal) -> None:
    result = _college(scale)
    assert result.elected == (data.EM,)  # type: ignore[attr-defined]
    rounds = result.rounds  # type: ignore[attr-defined]
    assert [a.candidate for r in rounds[:-1] for a in r.actions] == [data.DA, data.AB, data.EB]
    for rd, published in zip(rounds, data.PUBLISHED_ROUNDS, strict=True):
        for candidate, figure in published.items():
            assert abs(Fraction(rd.tally[candidate]) - Fraction(figure)) <= Fraction(1, 10), (rd.number, candidate)


def _section_share(rd: object, section: str) -> dict[str, Fraction]:
    votes = {c: Fraction(rd.extra[f"{section}: {c}"]) for c in rd.tally}  # type: ignore[attr-defined]
    return {c: Fraction(100, 3) * v / sum(votes.values()) for c, v in votes.items()}


@pytest.mark.parametrize("scale", [Decimal(1), Decimal("0.01"), Decimal("0.005")])
def test_every_section_is_within_a_tenth_of_a_point_of_its_published_figures(scale: Decimal) -> None:
    rounds = _college(scale).rounds  # type: ignore[attr-defined]
    for section, points in data.FIRST_ROUND_POINTS.items():  # round 1: the party's points, every section
        got = _section_share(rounds[0], section)
        for candidate, figure in points.items():
            assert abs(got[candidate] - Fraction(figure)) <= Fraction(1, 10), (section, candidate)
    for rd in rounds:  # every round: the MPs' and MEPs' published ballots counted
        assert _section_share(rd, "mps_meps") == data.mps_meps_points(rd.number), rd.number
    final = rounds[-1]
    assert final.extra[f"mps_meps: {data.DM}"] == 140 and final.extra[f"mps_meps: {data.EM}"] == 122
    for section, figures in (
        ("members", data.FINAL_BY_SECTION["members"]),
        ("affiliates", data.FINAL_BY_SECTION["affiliates"]),
    ):
        got = _section_share(final, section)
        for candidate, percent in figures.items():
            assert abs(3 * got[candidate] - Fraction(percent)) <= Fraction(15, 100), (section, candidate)


def test_the_replay_reports_a_section_that_misses_its_published_figure(monkeypatch: pytest.MonkeyPatch) -> None:
    from hustings.demo import replay_2010

    result = _college(Decimal(1))
    assert replay_2010._within(result) == []
    wrong = {s: dict(p) for s, p in data.FIRST_ROUND_POINTS.items()}
    wrong["affiliates"][data.EM] = "13.950"
    monkeypatch.setattr(data, "FIRST_ROUND_POINTS", wrong)
    assert replay_2010._within(result) == [
        "round 1, affiliates: Ed Miliband off by -0.129 against points, party announcement"
    ]


def test_ed_won_the_affiliates_and_lost_the_members_and_the_mps() -> None:
    final = _college(Decimal(1)).rounds[-1].extra  # type: ignore[attr-defined]
    assert final[f"mps_meps: {data.DM}"] == 140 and final[f"mps_meps: {data.EM}"] == 122
    assert final[f"members: {data.DM}"] > final[f"members: {data.EM}"]
    assert final[f"affiliates: {data.EM}"] > final[f"affiliates: {data.DM}"]


def test_the_mps_section_is_never_scaled() -> None:
    assert sum(data.section_ballots(Decimal("0.01"))["mps_meps"].values()) == 266
    assert sum(data.section_ballots(Decimal("0.01"))["members"].values()) == 1269


@pytest.mark.django_db
def test_replay_through_the_services_is_one_college_ballot_that_verifies(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from hustings.cli.main import main
    from hustings.demo.replay_2010 import replay_labour_2010
    from hustings.services.ballots import bulletin_board
    from hustings.store.ballots.models import Ballot

    record = replay_labour_2010(Decimal("0.005"))
    assert record["verified"] is True, record["problems"]
    errors = record["section_errors"]
    assert [sorted(r) for r in errors] == [sorted(data.SECTIONS), ["mps_meps"], ["mps_meps"], sorted(data.SECTIONS)]
    assert all(abs(Decimal(e)) <= Decimal("0.1") for r in errors for s in r.values() for e in s.values())
    assert errors[1]["mps_meps"] == dict.fromkeys([data.EB, data.AB, data.DM, data.EM], "0.000")
    assert record["nominations"]["threshold"] == 33 and record["nominations"]["population"] == 257
    assert record["result"]["elected"] == [data.EM]
    assert [set(r) for r in record["sections"][0].values()] == [set(data.CANDIDATES)] * 3
    sections = record["ballots"]["sections"]
    assert list(sections) == list(data.SECTIONS)
    assert sections["mps_meps"] == {"voters": 270, "ballots": 266, "voters_in_section": 266}
    assert record["ballots"]["voted"] == sum(s["ballots"] for s in sections.values())
    ballot = Ballot.objects.get(pk=record["ballots"]["ballot"])
    assert ballot.result == record["result"] and [s["name"] for s in ballot.sections] == list(data.SECTIONS)
    path = tmp_path / "board.json"
    path.write_text(json.dumps(bulletin_board(ballot)))
    assert main(["verify", str(path)]) == 0, capsys.readouterr().out


def test_the_command_line_form_prints_the_2016_shape(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["PYTHONPATH"] = str(Path(__file__).parents[2] / "src")
    out = subprocess.run(
        [sys.executable, "-m", "hustings.cli.main", "replay", "labour-2010", "--scale", "0.005", "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    record = json.loads(out.stdout)
    assert {"result", "sections", "shares", "published", "verified"} <= set(record)
    assert record["result"]["rounds"][0]["tally"][data.DM].startswith("37.7")
