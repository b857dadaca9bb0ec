"""The PrefLib reader: real Debian files checked against preflibtools, and the format's rules."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
from preflibtools.instances import OrdinalInstance

from hustings.count.profile import Profile, Ranking, ranking
from hustings.formats import preflib
from hustings.formats.errors import FormatError

DATA = Path(__file__).resolve().parents[1] / "data" / "preflib"
SOI = DATA / "00002-00000006.soi"
TOC = DATA / "00002-00000006.toc"
OLD_TOC = DATA / "old_format" / "00002-00000006.toc"
DEBIAN = ("Stefano Zacchiroli", "Wouter Verhelst", "Charles Plessy", "Margarita Manterola", "None Of The Above")


def by_preflibtools(path: Path) -> tuple[tuple[str, ...], dict[Ranking, int]]:
    """The same file as PrefLib's own library reads it (an independent reader)."""
    instance = OrdinalInstance(str(path))
    numbers = sorted(instance.alternatives_name)
    names = instance.alternatives_name
    ballots = {
        tuple(frozenset(names[a] for a in group) for group in order): count
        for order, count in instance.multiplicity.items()
    }
    return tuple(names[k] for k in numbers), ballots


@pytest.mark.parametrize("path", [SOI, TOC], ids=["soi", "toc"])
def test_debian_2010_agrees_with_preflibtools(path: Path) -> None:
    profile = preflib.read(path)
    candidates, ballots = by_preflibtools(path)
    assert profile.candidates == candidates == DEBIAN
    assert dict(profile.ballots) == ballots
    assert profile.total == 436  # NUMBER VOTERS
    assert profile.title == "Debian 2010 Leader"
    assert profile.seats is None


def test_debian_2010_header_counts() -> None:
    assert len(preflib.read(SOI)) == 101  # NUMBER UNIQUE ORDERS
    assert len(preflib.read(TOC)) == 82


def test_ties_become_one_rank_of_several_candidates() -> None:
    profile = preflib.read(TOC)
    assert profile.ballots[ranking("Stefano Zacchiroli", set(DEBIAN[1:]))] == 7  # "7: 1,{2,3,4,5}"


def test_old_format_reads_the_same_election() -> None:
    old, new = preflib.read(OLD_TOC), preflib.read(TOC)
    assert old.candidates == new.candidates
    assert dict(old.ballots) == dict(new.ballots)


def test_toc_is_the_soi_with_unranked_options_tied_last() -> None:
    """PrefLib's description of the .toc: 'obtained from the soi by adding the unranked alternatives at the bottom'."""
    soi, toc = preflib.read(SOI), preflib.read(TOC)
    imbued: dict[Ranking, int] = {}
    for rk, w in soi.ballots.items():
        unranked = frozenset(DEBIAN) - frozenset().union(*rk)
        full = (*rk, unranked) if unranked else rk
        imbued[full] = imbued.get(full, 0) + int(w)
    assert imbued == dict(toc.ballots)


def test_pref_voting_example_with_alternatives_numbered_from_zero() -> None:
    pytest.importorskip("pref_voting")
    example = resources.files("pref_voting") / "data" / "examples" / "condorcet_winner" / "minimal_Borda.soc"
    with resources.as_file(example) as path:
        profile = preflib.read(path)
        candidates, ballots = by_preflibtools(path)
    assert profile.candidates == candidates == ("0", "1", "2")
    assert dict(profile.ballots) == ballots == {ranking("1", "2", "0"): 2, ranking("2", "0", "1"): 1}


# --- Hand-written files from the specification's examples -------------------------------------

HEADER = """# FILE NAME: example.{kind}
# TITLE: Example
# DATA TYPE: {kind}
# NUMBER ALTERNATIVES: 4
# NUMBER VOTERS: {voters}
# ALTERNATIVE NAME 1: Alice
# ALTERNATIVE NAME 2: Bob
# ALTERNATIVE NAME 3: Carol
# ALTERNATIVE NAME 4: Dave
"""


def write(tmp_path: Path, kind: str, body: str, voters: int | None = None, header: str = HEADER) -> Path:
    path = tmp_path / f"example.{kind}"
    if voters is None:
        voters = sum(int(line.split(":")[0]) for line in body.splitlines() if line.strip())
    path.write_text(header.format(kind=kind, voters=voters) + body, encoding="utf-8")
    return path


def test_specification_examples_with_spaces_and_ties(tmp_path: Path) -> None:
    # The two examples of the specification: "1: 1, 4, 3, 2" and "13: 1, {4, 3}, 2".
    profile = preflib.read(write(tmp_path, "toc", "1: 1, 4, 3, 2\n13: 1, {4, 3}, 2\n"))
    assert profile.ballots == {
        ranking("Alice", "Dave", "Carol", "Bob"): 1,
        ranking("Alice", {"Dave", "Carol"}, "Bob"): 13,
    }
    assert profile.candidates == ("Alice", "Bob", "Carol", "Dave")
    assert profile.title == "Example"


def test_incomplete_orders_with_ties(tmp_path: Path) -> None:
    profile = preflib.read(write(tmp_path, "toi", "3: {1,2},3\n2: 4\n"))
    assert profile.ballots == {ranking({"Alice", "Bob"}, "Carol"): 3, ranking("Dave"): 2}


def test_repeated_orders_are_added_up(tmp_path: Path) -> None:
    profile = preflib.read(write(tmp_path, "soi", "3: 1,2\n2: 1, 2\n"))
    assert profile.ballots == {ranking("Alice", "Bob"): 5}


def test_names_default_to_numbers_without_alternative_name_lines(tmp_path: Path) -> None:
    path = tmp_path / "bare.soi"
    path.write_text("# NUMBER ALTERNATIVES: 3\n2: 3,1\n", encoding="utf-8")
    assert preflib.read(path) == Profile(("1", "2", "3"), {ranking("3", "1"): 2})


@pytest.mark.parametrize(
    ("kind", "body", "voters", "line", "words"),
    [
        ("soi", "1: 1,{2,3}\n", None, 10, "tie"),
        ("soc", "1: 1,2,3\n", None, 10, "ranks 3 of 4 alternatives"),
        ("toc", "1: 1,{2,3}\n", None, 10, "ranks 3 of 4"),
        ("toi", "1: 1,5\n", None, 10, "alternative 5 is not declared"),
        ("toi", "1: 1,x\n", None, 10, "'x'"),
        ("toi", "1: 1,2\n2: 1,1\n", None, 11, "appears twice"),
        ("toi", "1: 1,{2,3\n", None, 10, "not closed"),
        ("toi", "1: 1,2,\n", None, 10, "ends with a comma"),
        ("toi", "1: 1,2}\n", None, 10, "found '2}'"),
        ("toi", "one: 1,2\n", 1, 10, "count 'one'"),
        ("toi", "-1: 1,2\n", 1, 10, "count '-1'"),
        ("toi", "1 1,2\n", 1, 10, "expected 'count: order'"),
        ("toi", "1: 1,2\n", 5, 5, "NUMBER VOTERS says 5 but the orders count 1"),
    ],
)
def test_bad_input_names_the_line(
    tmp_path: Path, kind: str, body: str, voters: int | None, line: int, words: str
) -> None:
    path = write(tmp_path, kind, body, voters)
    with pytest.raises(FormatError) as caught:
        preflib.read(path)
    assert caught.value.line == line, str(caught.value)
    assert words in caught.value.message, str(caught.value)
    assert str(caught.value).startswith(f"{path}, line {line}: ")


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("", 1, "empty file"),
        ("# DATA TYPE: soi\n# NUMBER ALTERNATIVES: 1\n# ALTERNATIVE NAME 1: A\n1: 1\n", 1, "declares DATA TYPE soi"),
        ("# NUMBER ALTERNATIVES: 3\n# ALTERNATIVE NAME 1: A\n# ALTERNATIVE NAME 2: B\n1: 1\n", 1, "says 3 but 2"),
        ("# ALTERNATIVE NAME 1: A\n# ALTERNATIVE NAME 1: B\n1: 1\n", 2, "named twice"),
        ("2\n1,A\nB\n1,1,1\n1,1,2\n", 3, "expected 'number,name'"),
        ("2\n1,A\n2,B\n1,1\n1,1,2\n", 4, "expected 'voters,sum of counts,unique orders'"),
        ("2\n1,A\n2,B\n2,2,1\n2,1,3\n", 5, "alternative 3 is not declared"),
    ],
)
def test_bad_files(tmp_path: Path, text: str, line: int | None, words: str) -> None:
    path = tmp_path / "bad.toc"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FormatError) as caught:
        preflib.read(path)
    assert caught.value.line == line, str(caught.value)
    assert words in caught.value.message, str(caught.value)


def test_old_format_totals_must_match(tmp_path: Path) -> None:
    path = tmp_path / "old.soi"
    path.write_text("2\n1,A\n2,B\n5,5,2\n2,1,2\n1,2\n", encoding="utf-8")
    with pytest.raises(FormatError, match="totals line says 5 voters but the orders count 3") as caught:
        preflib.read(path)
    assert caught.value.line == 4
