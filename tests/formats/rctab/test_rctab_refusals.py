"""Everything RCTab would refuse is refused with a FormatError naming the file, the field and the problem."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from hustings.formats.errors import FormatError
from hustings.formats.rctab import load_contest

DATA = Path(__file__).parents[2] / "data" / "rctab"


def config_of(case: str) -> dict[str, Any]:
    path = DATA / case / f"{case}_config.json"
    config: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    for source in config["cvrFileSources"]:
        source["filePath"] = str((path.parent / source["filePath"]).resolve())
    return config


def write(tmp_path: Path, config: dict[str, Any]) -> str:
    path = tmp_path / "contest_config.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    return str(path)


def refused(path: str) -> FormatError:
    """Load a contest that must be refused; the error must name a file and say what is wrong."""
    with pytest.raises(FormatError) as info:
        load_contest(path)
    error = info.value
    assert error.path and error.message
    assert str(error).startswith(error.path)
    return error


def refused_variant(tmp_path: Path, case: str, change: Callable[[dict[str, Any]], object]) -> FormatError:
    config = config_of(case)
    change(config)
    return refused(write(tmp_path, config))


# The regression suite's own refusals -------------------------------------------


def test_invalid_params_case_lists_every_bad_rule() -> None:
    error = refused(str(DATA / "invalid_params_test" / "invalid_params_test_config.json"))
    assert error.field == "tabulatorVersion"
    for phrase in (
        "tabulatorVersion is required",
        "unknown tiebreakMode 'whatever'",
        "unknown overvoteRule 'invalidOption'",
        "winnerElectionMode is required",
        "maxRankingsAllowed must be",
        "maxSkippedRanksAllowed must be",
        "decimalPlacesForVoteArithmetic must be an integer from 1 to 20",
        "at least one cast vote record file",
    ):
        assert phrase in error.message


def test_invalid_sources_case_names_each_bad_source() -> None:
    error = refused(str(DATA / "invalid_sources_test" / "invalid_sources_test_config.json"))
    for phrase in (
        "cvrFileSources[0].filePath: cast vote record file not found: test_data/nonexistent_path",
        "cvrFileSources[1].firstVoteColumnIndex is required",
        "cvrFileSources[2].filePath is required",
        "cvrFileSources[2].firstVoteRowIndex must be an integer from 1 to 100000, not '0'",
        "precinctColumnIndex is required when tabulateByPrecinct",
        "randomSeed is required",
    ):
        assert phrase in error.message


def test_interactive_tiebreak_stops_the_count_at_the_tie_naming_the_tied() -> None:
    from hustings.count.irv import count
    from hustings.count.ties import TieError

    contest = load_contest(str(DATA / "sample_interactive_tiebreak" / "sample_interactive_tiebreak_config.json"))
    assert contest.options.tie_break.mode == "ask"
    with pytest.raises(TieError, match=r"tie between .* asks an operator"):
        count(contest.profile, contest.options)


def test_ask_modes_count_a_contest_without_ties_to_the_end(tmp_path: Path) -> None:
    from hustings.count.irv import count

    for mode in ("stopCountingAndAsk", "previousRoundCountsThenAsk"):
        case = tmp_path / mode
        shutil.copytree(DATA / "test_set_1_exhaust_at_overvote", case)
        config_path = case / "test_set_1_exhaust_at_overvote_config.json"
        config = json.loads(config_path.read_text())
        config["rules"]["tiebreakMode"] = mode
        config_path.write_text(json.dumps(config))
        contest = load_contest(str(config_path))
        expected = json.loads((case / "test_set_1_exhaust_at_overvote_expected_detailed_report.json").read_text())
        result = count(contest.profile, contest.options)
        assert len(result.rounds) == len(expected["results"])
        assert result.elected == (expected["results"][-1]["tallyResults"][0]["elected"],)


def test_ranking_beyond_max_rankings_is_refused() -> None:
    error = refused(str(DATA / "max_ranking_enforcement" / "max_ranking_enforcement_config.json"))
    assert error.path is not None and error.path.endswith("max_ranking_enforcement/max_ranking_enforcement_cvr.csv")
    assert error.field == "rules.maxRankingsAllowed"
    assert "ranking 4" in error.message and "at most 3" in error.message


def test_tabulate_by_precinct_without_precincts_is_refused() -> None:
    case = "tabulate_by_precinct_without_precincts"
    error = refused(str(DATA / case / f"{case}_config.json"))
    assert error.field == "outputSettings.tabulateByPrecinct"
    assert "name no precinct" in error.message


# Configuration -------------------------------------------------------------------


def test_missing_configuration_file(tmp_path: Path) -> None:
    error = refused(str(tmp_path / "absent.json"))
    assert error.message == "no such file"


def test_malformed_configuration_json(tmp_path: Path) -> None:
    path = tmp_path / "broken_config.json"
    path.write_text('{\n  "tabulatorVersion": "TEST",\n  "rules": {,}\n}', encoding="utf-8")
    error = refused(str(path))
    assert "not valid JSON" in error.message and error.line == 3


def test_unknown_provider(tmp_path: Path) -> None:
    error = refused_variant(tmp_path, "2015_portland_mayor", lambda c: c["cvrFileSources"][0].update(provider="xls"))
    assert error.path == str(tmp_path / "contest_config.json")
    assert error.field == "cvrFileSources[0].provider"
    assert "unknown provider 'xls'" in error.message


def test_missing_cvr_file(tmp_path: Path) -> None:
    error = refused_variant(
        tmp_path, "2015_portland_mayor", lambda c: c["cvrFileSources"][0].update(filePath="nowhere.xlsx")
    )
    assert error.field == "cvrFileSources[0].filePath"
    assert "not found: nowhere.xlsx" in error.message


def test_missing_required_rule(tmp_path: Path) -> None:
    error = refused_variant(tmp_path, "2015_portland_mayor", lambda c: c["rules"].pop("overvoteRule"))
    assert error.field == "rules.overvoteRule"
    assert "required" in error.message


def test_random_tiebreak_without_seed(tmp_path: Path) -> None:
    error = refused_variant(tmp_path, "tiebreak_seed_test", lambda c: c["rules"].update(randomSeed=""))
    assert error.field == "rules.randomSeed"


def test_overvote_label_contradicts_exhaust_if_multiple_continuing(tmp_path: Path) -> None:
    error = refused_variant(
        tmp_path, "skip_to_next_test", lambda c: c["rules"].update(overvoteRule="exhaustIfMultipleContinuing")
    )
    assert error.field == "cvrFileSources[0].overvoteLabel"
    assert "exhaustImmediately or alwaysSkipToNextRank" in error.message


def test_overvote_delimiter_and_label_together(tmp_path: Path) -> None:
    error = refused_variant(
        tmp_path, "skip_to_next_test", lambda c: c["cvrFileSources"][0].update(overvoteDelimiter="|")
    )
    assert error.field == "cvrFileSources[0].overvoteDelimiter"
    assert "can't both be given" in error.message


def test_overvote_delimiter_of_letters_only(tmp_path: Path) -> None:
    error = refused_variant(
        tmp_path, "test_set_overvote_delimiter", lambda c: c["cvrFileSources"][0].update(overvoteDelimiter="and")
    )
    assert error.field == "cvrFileSources[0].overvoteDelimiter"


def test_negative_number_of_winners(tmp_path: Path) -> None:
    error = refused_variant(tmp_path, "2015_portland_mayor", lambda c: c["rules"].update(numberOfWinners="-1"))
    assert error.field == "rules.numberOfWinners"
    assert "'-1'" in error.message


def test_multi_winner_mode_with_one_seat(tmp_path: Path) -> None:
    error = refused_variant(
        tmp_path,
        "2015_portland_mayor",
        lambda c: c["rules"].update(winnerElectionMode="multiWinnerAllowMultipleWinnersPerRound"),
    )
    assert error.field == "rules.winnerElectionMode"
    assert "single-winner contest" in error.message


def test_single_winner_mode_with_several_seats(tmp_path: Path) -> None:
    error = refused_variant(tmp_path, "2015_portland_mayor", lambda c: c["rules"].update(numberOfWinners="3"))
    assert error.field == "rules.winnerElectionMode"


def test_zero_winners_needs_percentage_threshold_mode(tmp_path: Path) -> None:
    error = refused_variant(tmp_path, "2015_portland_mayor", lambda c: c["rules"].update(numberOfWinners="0"))
    assert error.field == "rules.numberOfWinners"
    assert "bottomsUpUsingPercentageThreshold" in error.message


def test_duplicate_candidate_names(tmp_path: Path) -> None:
    def duplicate(c: dict[str, Any]) -> None:
        c["candidates"].append(dict(c["candidates"][0]))

    error = refused_variant(tmp_path, "2015_portland_mayor", duplicate)
    assert "used twice" in error.message


def test_every_candidate_excluded(tmp_path: Path) -> None:
    def exclude_all(c: dict[str, Any]) -> None:
        for candidate in c["candidates"]:
            candidate["excluded"] = True

    error = refused_variant(tmp_path, "2015_portland_mayor", exclude_all)
    assert error.field == "candidates"


def test_boolean_that_is_not_true_or_false(tmp_path: Path) -> None:
    error = refused_variant(tmp_path, "2015_portland_mayor", lambda c: c["rules"].update(batchElimination="yes"))
    assert error.field == "rules.batchElimination"


def test_field_not_used_by_provider(tmp_path: Path) -> None:
    error = refused_variant(
        tmp_path, "dominion_multi_file", lambda c: c["cvrFileSources"][0].update(firstVoteColumnIndex="3")
    )
    assert error.field == "cvrFileSources[0].firstVoteColumnIndex"
    assert "can't be used with provider 'dominion'" in error.message


# Cast vote records -----------------------------------------------------------------


def test_candidate_in_cvr_not_declared(tmp_path: Path) -> None:
    def drop_first(c: dict[str, Any]) -> None:
        c["candidates"].pop(0)

    error = refused_variant(tmp_path, "tiebreak_use_permutation_in_config_test", drop_first)
    assert error.path is not None and error.path.endswith("simple_ess_cvr.xlsx")
    assert "not declared in the configuration" in error.message
    assert "'Mookie Blaylock'" in error.message


def test_alias_missing_for_cdf_candidate(tmp_path: Path) -> None:
    def drop_aliases(c: dict[str, Any]) -> None:
        for candidate in c["candidates"]:
            candidate["aliases"] = []

    error = refused_variant(tmp_path, "aliases_cdf_json", drop_aliases)
    assert "not declared" in error.message


def test_cdf_json_contest_not_found(tmp_path: Path) -> None:
    error = refused_variant(
        tmp_path, "test_set_0_skipped_first_choice", lambda c: c["cvrFileSources"][0].update(contestId="Nope")
    )
    assert error.field == "cvrFileSources[0].contestId"
    assert "contest 'Nope' not found" in error.message and "Nist Test Set 0" in error.message


def test_cdf_xml_contest_not_found(tmp_path: Path) -> None:
    error = refused_variant(tmp_path, "nist_xml_cdf_2", lambda c: c["cvrFileSources"][0].update(contestId="Nope"))
    assert error.field == "cvrFileSources[0].contestId"


def test_dominion_contest_not_found(tmp_path: Path) -> None:
    error = refused_variant(tmp_path, "dominion_multi_file", lambda c: c["cvrFileSources"][0].update(contestId="999"))
    assert error.field == "cvrFileSources[0].contestId"
    assert "ContestManifest.json" in error.message


def test_clear_ballot_contest_not_found(tmp_path: Path) -> None:
    error = refused_variant(
        tmp_path, "clear_ballot_kansas_primary", lambda c: c["cvrFileSources"][0].update(contestId="Nope")
    )
    assert error.field == "cvrFileSources[0].contestId"
    assert "Democratic Primary" in error.message


def test_dominion_candidate_of_another_contest(tmp_path: Path) -> None:
    config = config_of("dominion_multi_file")
    folder = tmp_path / "dominion"
    shutil.copytree(config["cvrFileSources"][0]["filePath"], folder)
    manifest_path = folder / "CandidateManifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    moved = next(c for c in manifest["List"] if str(c["ContestId"]) == config["cvrFileSources"][0]["contestId"])
    moved["ContestId"] = 987654
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    config["cvrFileSources"][0]["filePath"] = str(folder)
    error = refused(write(tmp_path, config))
    assert "is not a candidate of contest" in error.message


def test_malformed_cdf_xml(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xml"
    source = DATA / "nist_xml_cdf_2" / "nist_xml_cdf_2.xml"
    broken.write_text(source.read_text(encoding="utf-8")[:5000], encoding="utf-8")
    error = refused_variant(tmp_path, "nist_xml_cdf_2", lambda c: c["cvrFileSources"][0].update(filePath=str(broken)))
    assert "not valid XML" in error.message and error.line is not None


def test_malformed_cdf_json(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"CVR": [', encoding="utf-8")
    error = refused_variant(
        tmp_path, "test_set_0_skipped_first_choice", lambda c: c["cvrFileSources"][0].update(filePath=str(broken))
    )
    assert "not valid JSON" in error.message


def test_workbook_that_is_not_xlsx(tmp_path: Path) -> None:
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"RowNumber,Choice\n1,A\n")
    error = refused_variant(
        tmp_path, "2015_portland_mayor", lambda c: c["cvrFileSources"][0].update(filePath=str(fake))
    )
    assert "not an Excel workbook" in error.message


def test_ess_row_without_ballot_id(tmp_path: Path) -> None:
    error = refused_variant(
        tmp_path, "tiebreak_use_permutation_in_config_test", lambda c: c["cvrFileSources"][0].update(idColumnIndex="9")
    )
    assert error.line == 2 and "no ballot identifier" in error.message


def test_generic_csv_rank_that_is_not_a_number(tmp_path: Path) -> None:
    cvr = tmp_path / "ranks.csv"
    cvr.write_text("id,Candidate A,Candidate B\n1,1,2\n2,first,\n", encoding="utf-8")
    error = refused_variant(
        tmp_path, "max_ranking_enforcement", lambda c: c["cvrFileSources"][0].update(filePath=str(cvr))
    )
    assert error.line == 3 and "'first'" in error.message


def test_generic_csv_blank_candidate_header(tmp_path: Path) -> None:
    cvr = tmp_path / "ranks.csv"
    cvr.write_text("id,Candidate A,,Candidate B\n1,1,,2\n", encoding="utf-8")
    error = refused_variant(
        tmp_path, "max_ranking_enforcement", lambda c: c["cvrFileSources"][0].update(filePath=str(cvr))
    )
    assert error.line == 1 and "column 3" in error.message


def test_write_in_column_without_its_label_is_an_undeclared_candidate(tmp_path: Path) -> None:
    error = refused_variant(
        tmp_path, "generic_csv_test", lambda c: c["cvrFileSources"][0].update(undeclaredWriteInLabel="")
    )
    lines = (DATA / "generic_csv_test" / "generic_csv_test_cvr.csv").read_text(encoding="utf-8").splitlines()
    marked = sum(1 for line in lines[1:] if line.split(",")[-1].strip())
    assert f"'Write-In' ({marked} times)" in error.message
