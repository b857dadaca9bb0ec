"""Reading RCTab's regression cases: ballots, names and options as RCTab reads them.

Expected figures come from RCTab's own reports in each case folder
(``summary.totalNumBallots``, round-1 tallies and inactive ballots), computed
here from the profile by :mod:`rctab_first_round`, independently of the IRV
engine.
"""

from __future__ import annotations

import functools
import json
import shutil
from fractions import Fraction
from pathlib import Path

import pytest
from tests.formats.rctab.rctab_first_round import expected_first_round, first_round

from hustings.count.irv import Options
from hustings.count.profile import OVERVOTE, UNDECLARED_WRITE_IN, ranking
from hustings.count.ties import TiePolicy
from hustings.formats.rctab import Contest, load_contest
from hustings.formats.rctab.config import read_config

DATA = Path(__file__).parents[2] / "data" / "rctab"

# The two other configurations over the same 80,101-ballot workbook add time, not coverage.
SAME_WORKBOOK = {"2013_minneapolis_park_bottoms_up", "2013_minneapolis_park_sequential"}
CASES = sorted(
    p.name
    for p in DATA.iterdir()
    if p.is_dir() and any(p.glob("*_expected_detailed_report*.json")) and p.name not in SAME_WORKBOOK
)


@functools.cache
def load(case: str, config: str | None = None) -> Contest:
    return load_contest(str(DATA / case / (config or f"{case}_config.json")))


def options(case: str) -> Options:
    """The rules of a case, read without its cast vote records."""
    return read_config(str(DATA / case / f"{case}_config.json")).options


def report(case: str) -> dict:
    first = sorted((DATA / case).glob("*_expected_detailed_report*.json"))[0]
    result: dict = json.loads(first.read_text(encoding="utf-8"))
    return result


def test_every_case_with_a_report_is_covered() -> None:
    assert len(CASES) >= 50


@pytest.mark.parametrize("case", CASES)
def test_ballot_total_and_first_round_match_rctab_report(case: str) -> None:
    contest = load(case)
    expected = report(case)
    assert contest.profile.total == int(expected["summary"]["totalNumBallots"])
    assert first_round(contest) == expected_first_round(expected)


@pytest.mark.parametrize("case", CASES)
def test_metadata_comes_from_output_settings(case: str) -> None:
    contest = load(case)
    config = report(case)["config"]
    assert (contest.name, contest.date, contest.jurisdiction, contest.office) == (
        config["contest"],
        config.get("date", ""),
        config.get("jurisdiction", ""),
        config.get("office", ""),
    )
    assert contest.profile.title == contest.name


def test_minneapolis_2013_mayor_workbook_loads_every_ballot() -> None:
    # How long it takes is measured, not asserted, in benchmarks/readers.py (goal: under 2 s of CPU).
    contest = load_contest(str(DATA / "2013_minneapolis_mayor" / "2013_minneapolis_mayor_config.json"))
    assert contest.profile.total == 80101


# ES&S -----------------------------------------------------------------------


def test_ess_candidates_keep_configuration_order() -> None:
    contest = load("2015_portland_mayor")
    config = json.loads((DATA / "2015_portland_mayor" / "2015_portland_mayor_config.json").read_text())
    assert contest.profile.candidates == tuple(c["name"] for c in config["candidates"])


def test_ess_aliases_are_resolved_to_candidate_names() -> None:
    contest = load("aliases_ess_xlsx")
    names = {name for rk, _ in contest.profile for rank in rk for name in rank}
    assert names == {"A", "B-2", "C", "D"}  # the workbook writes B as "B" and A as "A-2", "A-3"...


def test_ess_excluded_candidates_are_withdrawn() -> None:
    contest = load("excluded_test")
    assert contest.profile.withdrawn == {"Mookie Blaylock", "Yinka Dare", "Sedale Threatt"}
    assert contest.profile.continuing == ("George Gervin",)


def test_ess_overvote_delimiter_splits_a_cell_into_an_overvote() -> None:
    contest = load("test_set_overvote_delimiter")
    assert contest.profile.ballots[ranking("C", {"A", "D"}, "A")] == 2


def test_ess_overvote_label_becomes_the_overvote_marker() -> None:
    contest = load("skip_to_next_test")
    assert contest.profile.ballots[ranking(OVERVOTE, None, "C", "D")] == 1


def test_ess_undeclared_write_in_label() -> None:
    contest = load("uwi_cannot_win_test")
    assert contest.undeclared_write_ins
    assert contest.profile.ballots[ranking(UNDECLARED_WRITE_IN)] == 5
    assert UNDECLARED_WRITE_IN not in contest.profile.candidates


def test_ess_blank_cells_count_as_undeclared_write_ins_when_configured() -> None:
    contest = load("test_set_treat_blank_as_undeclared_write_in")
    with_blank_first = sum(w for rk, w in contest.profile if rk and rk[0] == {UNDECLARED_WRITE_IN})
    assert with_blank_first == 5
    # A cell holding the skipped-rank label is a skipped rank, not a write-in.
    assert contest.profile.ballots[ranking(None, "B", "C", "A")] == 1


def test_ess_rows_present_but_empty_are_ballots_that_rank_nobody() -> None:
    # The sheet holds three empty rows after the data: RCTab counts them (19 ballots, 3 undervotes).
    contest = load("first_round_determines_threshold_test")
    assert contest.profile.ballots[()] == 3
    assert contest.profile.total == 19


def test_ess_columns_beyond_max_rankings_are_ignored() -> None:
    contest = load("continue_tabulation_test")
    assert contest.options.max_rankings is not None
    assert max(len(rk) for rk, _ in contest.profile) <= contest.options.max_rankings


# CDF ------------------------------------------------------------------------


def test_cdf_json_candidates_are_named_through_aliases() -> None:
    contest = load("aliases_cdf_json")
    names = {name for rk, _ in contest.profile for rank in rk for name in rank}
    assert names <= set(contest.profile.candidates)
    assert "Unused Display Name Candidate A" in names


def test_cdf_json_overvote_keeps_both_names_at_one_rank() -> None:
    contest = load("test_set_1_exhaust_at_overvote")
    overvote = ranking({"Candidate A Name", "Candidate B Name"}, None, "Candidate C Name", "Candidate D Name")
    assert contest.profile.ballots[overvote] == 1


def test_cdf_json_two_files_are_read_in_order() -> None:
    assert load("test_set_8_multi_cdf").profile.total == 24


def test_cdf_xml_ignores_unallocable_positions_and_selections_needing_adjudication() -> None:
    contest = load("nist_xml_cdf_2")
    assert dict(contest.profile.ballots) == {(): 1}


def test_cdf_xml_unisyn_export_reads_the_named_contest() -> None:
    a = load("unisyn_xml_cdf_city_coroner")
    b = load("unisyn_xml_cdf_city_council_member")
    assert a.profile.total == b.profile.total == 35
    assert not set(a.profile.candidates) & set(b.profile.candidates)


# Dominion, Hart, Clear Ballot, generic CSV -----------------------------------


def test_dominion_candidate_ids_become_names_and_write_in_id_is_undeclared() -> None:
    contest = load("dominion_alaska")
    names = {name for rk, _ in contest.profile for rank in rk for name in rank}
    assert names == set(contest.profile.candidates) | {UNDECLARED_WRITE_IN}


def test_dominion_reads_every_cvr_export_file() -> None:
    assert load("dominion_multi_file").profile.total == 25


def test_hart_reads_one_ballot_per_xml_file() -> None:
    contest = load("hart_cedar_park_school_board")
    config = json.loads(
        (DATA / "hart_cedar_park_school_board" / "hart_cedar_park_school_board_config.json").read_text()
    )
    contest_id = config["cvrFileSources"][0]["contestId"]
    files = (DATA / "_shared" / "hart_cvr_archive").glob("*.xml")
    holding = [f for f in files if f"<Id>{contest_id}</Id>" in f.read_text(encoding="utf-8")]
    assert contest.profile.total == len(holding) < 18  # other sheets carry other contests
    assert contest.profile.ballots[()] == 2


def test_clear_ballot_reads_only_ranks_allowed() -> None:
    contest = load("clear_ballot_kansas_primary")
    assert contest.options.max_rankings == 5
    assert max(len(rk) for rk, _ in contest.profile) == 5


def test_generic_csv_write_in_column_is_undeclared() -> None:
    contest = load("generic_csv_test")
    assert contest.undeclared_write_ins
    assert any(UNDECLARED_WRITE_IN in rank for rk, _ in contest.profile for rank in rk)


def test_generic_csv_without_a_header_for_the_id_column_is_read() -> None:
    # RCTab tabulates this case: only candidate columns need a header.
    assert load("csv_missing_header_test").profile.total == 26


def test_configuration_with_an_output_directory_under_users_is_read() -> None:
    # RCTab refuses it only on Windows, under its users-directory guard; Hustings writes where told.
    contest = load("invalid_output_directory", "config.json")
    assert contest.profile.total == 1000


# Options ----------------------------------------------------------------------


def test_rules_become_irv_options() -> None:
    o = options("continue_until_two_with_batch_elimination_test")
    assert o.batch_elimination and o.continue_until_two_remain
    o = options("first_round_determines_threshold_test")
    assert (o.first_round_determines_threshold, o.decimal_places, o.max_rankings, o.max_skipped_ranks) == (
        True,
        5,
        15,
        1,
    )


def test_tiebreak_modes_and_seeds() -> None:
    assert options("tiebreak_seed_test").tie_break.mode == "random"
    perm = options("tiebreak_generate_permutation_test").tie_break
    assert (perm.mode, perm.seed) == ("generate-permutation", 12345)
    order = load("tiebreak_use_permutation_in_config_test")
    assert order.options.tie_break == TiePolicy("candidate-order", 0, order.profile.candidates)


def test_multi_seat_modes() -> None:
    o = options("multi_seat_bottoms_up_with_static_threshold")
    assert (o.winner_mode, o.seats, o.bottoms_up_percentage) == ("bottoms-up-percentage", 0, Fraction(15, 100))
    assert options("multi_seat_bottoms_up_with_cutoff_eliminate").cutoff_elimination
    assert options("2013_minneapolis_park_sequential").winner_mode == "multi-pass"
    assert options("2013_minneapolis_park_bottoms_up").winner_mode == "bottoms-up"
    assert options("test_set_allow_only_one_winner_per_round").winner_mode == "multi-winner-one-per-round"


def test_max_rankings_max_is_none() -> None:
    assert options("aliases_ess_xlsx").max_rankings is None
    assert options("2015_portland_mayor").max_rankings == 15


def test_configuration_of_an_older_rctab_is_migrated(tmp_path: Path) -> None:
    case = DATA / "skip_to_next_test"
    config = json.loads((case / "skip_to_next_test_config.json").read_text(encoding="utf-8"))
    config["tabulatorVersion"] = "1.2.0"
    config["rules"].update(winnerElectionMode="standard", tiebreakMode="usePermutationInConfig")
    source = config["cvrFileSources"][0]
    source["filePath"] = str(case / source["filePath"])
    config["rules"]["overvoteLabel"] = source.pop("overvoteLabel")
    source["undervoteLabel"] = source.pop("skippedRankLabel")
    path = tmp_path / "old_config.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    contest = load_contest(str(path))
    assert contest.options.winner_mode == "single-winner-majority"
    assert contest.options.tie_break.mode == "candidate-order"
    assert dict(contest.profile.ballots) == dict(load("skip_to_next_test").profile.ballots)


def _holds(record: dict, contest_id: str) -> int:
    return sum(str(c["Id"]) == contest_id for card in record.get("Cards", [record]) for c in card["Contests"])


def test_dominion_records_rctab_leaves_out_are_set_aside(tmp_path: Path) -> None:
    case = DATA / "dominion_multi_file"
    config = json.loads((case / "dominion_multi_file_config.json").read_text(encoding="utf-8"))
    source = config["cvrFileSources"][0]
    folder = tmp_path / "export"
    shutil.copytree(case / source["filePath"], folder)
    source["filePath"] = str(folder)
    export = json.loads((folder / "CvrExport_1.json").read_text(encoding="utf-8"))
    sessions = [s for s in export["Sessions"] if _holds(s["Original"], source["contestId"])]
    unadjudicated, outstacked = sessions[0], sessions[1]
    unadjudicated["Original"]["IsCurrent"] = False
    unadjudicated.pop("Modified", None)
    for card in outstacked["Original"].get("Cards", [outstacked["Original"]]):
        for c in card["Contests"]:
            if str(c["Id"]) == source["contestId"]:
                c["OutstackConditionIds"].append(7)
    (folder / "CvrExport_1.json").write_text(json.dumps(export), encoding="utf-8")
    path = tmp_path / "contest_config.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    contest = load_contest(str(path))
    assert contest.profile.total == 25 - 2
    assert sorted(contest.profile.rejected.values()) == [1, 1]
