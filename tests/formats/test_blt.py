"""The BLT reader and writer: real Scottish files, each quirk of the format, each bad input."""

from __future__ import annotations

import io
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hustings.count.profile import OVERVOTE, Profile, ranking
from hustings.formats import blt
from hustings.formats.errors import FormatError

SCOTLAND = Path(__file__).resolve().parents[1] / "data" / "scotland" / "blt"


def write_file(tmp_path: Path, text: str, name: str = "ballots.blt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


def read_text(tmp_path: Path, text: str) -> Profile:
    return blt.read(write_file(tmp_path, text))


def same(a: Profile, b: Profile) -> bool:
    return (
        a.candidates == b.candidates
        and dict(a.ballots) == dict(b.ballots)
        and a.withdrawn == b.withdrawn
        and a.title == b.title
        and a.seats == b.seats
    )


# --- The Scottish council files ---------------------------------------------------------------


def ballots_end(lines: list[str]) -> int:
    return next(i for i, line in enumerate(lines) if line.strip() == "0")


def naive_ballots(text: str) -> tuple[int, int, list[tuple[int, tuple[int, ...]]]]:
    """Header and ballot lines of a plain BLT file, by the simplest possible reading."""
    lines = text.replace(",", " ").split("\n")
    n, seats = (int(t) for t in lines[0].split())
    out = []
    for line in lines[1 : ballots_end(lines)]:
        tokens = line.split()
        assert tokens[-1] == "0"
        out.append((int(tokens[0]), tuple(int(t) for t in tokens[1:-1])))
    return n, seats, out


def test_scottish_data_is_all_there() -> None:
    assert len(list(SCOTLAND.glob("*.blt"))) == 747


def test_every_scottish_file_reads_with_its_header_and_total() -> None:
    for path in sorted(SCOTLAND.glob("*.blt")):
        text = path.read_text(encoding="utf-8").replace(",", " ")
        lines = text.split("\n")
        n, seats = (int(t) for t in lines[0].split())
        total = sum(int(line.split(None, 1)[0]) for line in lines[1 : ballots_end(lines)])
        profile = blt.read(path)
        assert len(profile.candidates) == n, path.name
        assert len(set(profile.candidates)) == n, path.name
        assert profile.seats == seats, path.name
        assert profile.withdrawn == frozenset(), path.name
        assert profile.total == total, path.name
        for name in (*profile.candidates, profile.title):
            assert name and name == name.strip() and "\n" not in name and "\r" not in name, (path.name, name)


def test_scottish_rankings_are_the_lines_of_the_file() -> None:
    """Every ranking, in file order, agrees with a line-by-line reading (every tenth file)."""
    for path in sorted(SCOTLAND.glob("*.blt"))[::10]:
        _, _, lines = naive_ballots(path.read_text(encoding="utf-8"))
        profile = blt.read(path)
        expected: dict[tuple[frozenset[str], ...], int] = {}
        for w, prefs in lines:
            key = tuple(frozenset((profile.candidates[k - 1],)) for k in prefs)
            expected[key] = expected.get(key, 0) + w
        assert list(profile.ballots.items()) == list(expected.items()), path.name


@pytest.mark.parametrize(
    ("file", "first_name", "title"),
    [
        # 2012, most councils: unquoted "Name (Party)"
        ("east_ayrshire_2012_ward1.blt", "Rose-Ann CUNINGHAME (Con)", "Ward 1 Annick"),
        # 2012 Aberdeen: one quoted string with doubled quotes and a space inside the closing quote
        ("aberdeen_2012_ward1.blt", 'Lab "Barney CROCKETT"', "Ward 1 - Dyce - Bucksburn - Danestone"),
        # 2022: doubled quotes around the party
        ("edinburgh_2022_ward1.blt", 'Annemarie BAILLIE "Workers Party of Britain"', "Ward 1 - Almond"),
        # 2022: the whole line quoted again, so the name itself holds two quoted strings
        ("east_ayrshire_2022_ward1.blt", '"John CAIRNS" "Independent"', '"Ward 1 - Annick"'),
        # 2022 Aberdeenshire: two quoted strings, not one: kept as written
        ("aberdeenshire_2022_ward10.blt", '"Sasha BRYDON" "Scottish Labour Party"', "Ward 10 - West Garioch"),
        # by-elections: plain quoted names, quoted title
        ("aberdeen_2019_by_election_torry-ferryhill.blt", "Roy HILL", "Torry-Ferryhill Ward"),
        ("aberdeenshire_2016_by_election_banff_and_district.blt", "Alistair Mason", "Banff and District Ward"),
        # Glasgow 2007: names given as PrefLib-style "# ALTERNATIVE NAME i:" lines
        ("glasgow_2007_anderston.blt", "Nina Baker (Grn)", "Anderson ward"),
    ],
)
def test_scottish_names_are_the_text_each_line_defines(file: str, first_name: str, title: str) -> None:
    profile = blt.read(SCOTLAND / file)
    assert profile.candidates[0] == first_name
    assert profile.title == title


def test_glasgow_2007_names_come_from_the_alternative_name_lines() -> None:
    profile = blt.read(SCOTLAND / "glasgow_2007_anderston.blt")
    assert profile.candidates == (
        "Nina Baker (Grn)",
        "Erin Boyle (Con)",
        "Philip Braat (Lab)",
        "Dave Holladay (Ind)",
        "Akhtar Khan (Sol)",
        "Ann Laird (LD)",
        "Craig Mackay (SNP)",
        "Gordon Matheson (Lab)",
        "Peter Murray (Soc)",
    )


def test_spreadsheet_export_reads_commas_as_spaces() -> None:
    """perth_kinross_2016_by_election_ward9.blt ends every line with a comma."""
    profile = blt.read(SCOTLAND / "perth_kinross_2016_by_election_ward9.blt")
    assert profile.candidates == (
        "Kathleen BAIRD",
        "Denise BAYKAL",
        "George HAYTON",
        "Wilma LUMSDEN",
        "Dave MACKENZIE",
    )
    assert profile.title == "Ward 9 - Almond and Earn"
    assert profile.seats == 1
    assert profile.ballots[ranking("Kathleen BAIRD")] == 786


def test_line_by_line_reading_agrees_with_the_fast_path() -> None:
    """A comment forces the general parser; it must give the same profile as the fast one."""
    for path in sorted(SCOTLAND.glob("*.blt"))[::50]:
        text = path.read_text(encoding="utf-8")
        header, rest = text.split("\n", 1)
        slow = blt.parse(f"{header}\n# forces the general parser\n{rest}", str(path))
        assert same(slow, blt.read(path)), path.name


def test_scottish_files_round_trip_through_the_writer() -> None:
    for path in sorted(SCOTLAND.glob("*.blt"))[::50]:
        profile = blt.read(path)
        assert same(blt.parse(blt.dumps(profile)), profile), path.name


# --- The format, quirk by quirk ---------------------------------------------------------------

HILL_EXAMPLE = """4 2
-2
3 1 3 4 0
4 1 3 2 0
2 4 1 3 0
1 2 0
2 2 4 3 1 0
1 3 4 2 0
0
"Adam"
"Basil"
"Charlotte"
"Donald"
"Title"
"""


def test_reads_the_example_of_hill_wichmann_and_woodall(tmp_path: Path) -> None:
    """The data example of Algorithm 123 (Computer Journal 30(3), 1987, section 3.1)."""
    p = read_text(tmp_path, HILL_EXAMPLE)
    assert p.candidates == ("Adam", "Basil", "Charlotte", "Donald")
    assert p.seats == 2
    assert p.withdrawn == {"Basil"}
    assert p.continuing == ("Adam", "Charlotte", "Donald")
    assert p.title == "Title"
    assert p.total == 13
    assert p.ballots[ranking("Adam", "Charlotte", "Donald")] == 3
    assert p.ballots[ranking("Basil", "Donald", "Charlotte", "Adam")] == 2
    assert next(iter(p.ballots)) == ranking("Adam", "Charlotte", "Donald")


def test_equal_rankings_keep_every_candidate_at_one_rank(tmp_path: Path) -> None:
    p = read_text(tmp_path, '4 2\n2 4 1=3 0\n2 2=4=3 1 0\n0\n"A"\n"B"\n"C"\n"D"\n"T"\n')
    assert p.ballots == {ranking("D", {"A", "C"}): 2, ranking({"B", "D", "C"}, "A"): 2}


def test_skipped_preference_is_an_empty_rank(tmp_path: Path) -> None:
    p = read_text(tmp_path, "3 1\n1 1 - 2 0\n0\nA\nB\nC\nT\n")
    assert p.ballots == {ranking("A", None, "B"): 1}


def test_repeated_candidate_is_kept_for_the_rule_to_judge(tmp_path: Path) -> None:
    p = read_text(tmp_path, "3 1\n1 1 2 1 0\n0\nA\nB\nC\nT\n")
    assert p.ballots == {ranking("A", "B", "A"): 1}


def test_several_withdrawn_candidates(tmp_path: Path) -> None:
    p = read_text(tmp_path, "4 1\n-2 -4\n1 1 0\n0\nA\nB\nC\nD\nT\n")
    assert p.withdrawn == {"B", "D"}


def test_unquoted_and_quoted_names_mix(tmp_path: Path) -> None:
    p = read_text(tmp_path, '3 1\n1 1 0\n0\nAdam\n"Basil Brush"\n  "Say ""Hi"""  \nThe Title\n')
    assert p.candidates == ("Adam", "Basil Brush", 'Say "Hi"')
    assert p.title == "The Title"


def test_missing_final_newline(tmp_path: Path) -> None:
    p = read_text(tmp_path, '2 1\n5 1 2 0\n0\n"A"\n"B"\n"T"')
    assert p.total == 5
    assert p.title == "T"


def test_decimal_and_ratio_weights_are_exact(tmp_path: Path) -> None:
    p = read_text(tmp_path, "2 1\n1.5 1 0\n0.25 2 0\n1/3 1 2 0\n2.0 2 1 0\n0\nA\nB\nT\n")
    assert p.ballots[ranking("A")] == Fraction(3, 2)
    assert p.ballots[ranking("B")] == Fraction(1, 4)
    assert p.ballots[ranking("A", "B")] == Fraction(1, 3)
    assert p.ballots[ranking("B", "A")] == 2
    assert isinstance(p.ballots[ranking("B", "A")], int)
    assert p.total == Fraction(3, 2) + Fraction(1, 4) + Fraction(1, 3) + 2


def test_ballot_ids_are_read_past(tmp_path: Path) -> None:
    p = read_text(tmp_path, "3 1\n(a1) 1 1 2 3 0\n(a2) 1 1 2 3 0\n(b7) 1 3 0\n0\nA\nB\nC\nT\n")
    assert p.ballots == {ranking("A", "B", "C"): 2, ranking("C"): 1}


def test_comments_blank_lines_and_crlf(tmp_path: Path) -> None:
    text = "# made by hand\r\n3 1  # three candidates\r\n\r\n2 1 2 0 # two ballots\r\n"
    text += "# a comment line\r\n1 3 0\r\n0 # end\r\n"
    text += '"A"\r\n# not a name\r\n"B"\r\n\r\n"C"\r\n"T"\r\n'
    p = read_text(tmp_path, text)
    assert p.candidates == ("A", "B", "C")
    assert p.ballots == {ranking("A", "B"): 2, ranking("C"): 1}
    assert p.title == "T"


def test_repeated_ranking_lines_are_added_up(tmp_path: Path) -> None:
    p = read_text(tmp_path, "2 1\n1 1 2 0\n2 2 0\n3 1 2 0\n0\nA\nB\nT\n")
    assert p.ballots == {ranking("A", "B"): 4, ranking("B"): 2}
    assert list(p.ballots) == [ranking("A", "B"), ranking("B")]


def test_byte_order_mark_and_windows_1252(tmp_path: Path) -> None:
    path = tmp_path / "bom.blt"
    path.write_bytes("\ufeff2 1\n1 1 0\n0\nÉilis\nB\nT\n".encode())
    assert blt.read(path).candidates == ("Éilis", "B")
    path.write_bytes("2 1\n1 1 0\n0\nÉilis\nB\nT\n".encode("cp1252"))
    assert blt.read(path).candidates == ("Éilis", "B")


def test_blank_ballot_is_kept(tmp_path: Path) -> None:
    p = read_text(tmp_path, "2 1\n3 0\n1 1 0\n0\nA\nB\nT\n")
    assert p.ballots == {(): 3, ranking("A"): 1}


# --- Bad input: one FormatError naming the line -----------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("", 1, "empty file"),
        ("\n\n  \n", 1, "empty file"),
        ("4\n0\nA\nB\nC\nD\nT\n", 1, "header"),
        ("four two\n0\n", 1, "header"),
        ("2 3\n1 1 0\n0\nA\nB\nT\n", 1, "3 seats but only 2 candidates"),
        ("2 0\n1 1 0\n0\nA\nB\nT\n", 1, "no seats"),
        ("3 1\n1 1 2 0\n1 4 0\n0\nA\nB\nC\nT\n", 3, "candidate 4"),
        ("3 1\n1 1 0=4 0\n0\nA\nB\nC\nT\n", 2, "candidate 0"),
        ("3 1\n1 1 2 0\n1 2 3 0\nA\nB\nC\nT\n", 4, "found 'A' where a ballot or the line '0' ending the ballots"),
        ("3 1\n1 1 2 0\n1 2 3 0\n", 3, "not ended by a line '0'"),
        ("3 1\n1 1 0\n-1 2 0\n0\nA\nB\nC\nT\n", 3, "negative ballot weight -1"),
        ("3 1\n-1 2 0\n0\nA\nB\nC\nT\n", 2, "negative ballot weight -1"),
        ("3 1\n1 1 2 0\n0\nA\nB\nT\n", 6, "expected 3 candidate names and a title"),
        ("3 1\n1 1 2 0\n0\nA\nB\nC\nT\nExtra\n", 8, "more lines than the 3 candidate names"),
        ("3 1\n1 1 x 0\n0\nA\nB\nC\nT\n", 2, "'x'"),
        ("3 1\n1 1 2 0 3\n0\nA\nB\nC\nT\n", 2, "text after the ballot's closing 0"),
        ("3 1\n1 1 2\n0\nA\nB\nC\nT\n", 2, "does not end with 0"),
        ("3 1\n1.5.2 1 0\n0\nA\nB\nC\nT\n", 2, "weight '1.5.2' is not a number"),
        ("3 1\nabc 1 0\n0\nA\nB\nC\nT\n", 2, "found 'abc 1 0' where a ballot"),
        ("3 1\n-4\n1 1 0\n0\nA\nB\nC\nT\n", 2, "withdrawn candidate 4 does not exist"),
        ("3 1\n(a1 1 1 0\n0\nA\nB\nC\nT\n", 2, "ballot ID"),
        ("3 1\n1 1=  0\n0\nA\nB\nC\nT\n", 2, "malformed equal ranking"),
        ("3 1\n1 1 0\n0\nA\nB\nA\nT\n", 6, "'A' is also on line 4"),
        ('3 1\n1 1 0\n0\nA\n""\nC\nT\n', 5, "empty candidate name"),
    ],
)
def test_bad_input_names_the_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    path = write_file(tmp_path, text)
    with pytest.raises(FormatError) as caught:
        blt.read(path)
    error = caught.value
    assert error.line == line, str(error)
    assert words in error.message, str(error)
    assert str(error).startswith(f"{path}, line {line}: ")


def test_missing_file_is_a_format_error(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="no such file"):
        blt.read(tmp_path / "absent.blt")


# --- The writer -------------------------------------------------------------------------------


def test_writer_output_reads_back_equal_with_every_feature(tmp_path: Path) -> None:
    profile = Profile.from_ballots(
        ["Adam", 'Lab "Barney CROCKETT"', '"Sasha BRYDON" "Lab"', "D"],
        [
            (ranking("Adam", {"D", 'Lab "Barney CROCKETT"'}), 3),
            (ranking(None, "D"), Fraction(1, 3)),
            (ranking("D", "Adam", "D"), Fraction(5, 2)),
            ((), 1),
        ],
        withdrawn=["D"],
        title='The "big" count',
        seats=2,
    )
    path = tmp_path / "out.blt"
    blt.write(profile, path)
    assert same(blt.read(path), profile)
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[:3] == ["4 2", "-4", "3 1 2=4 0"]
    assert "1/3 - 4 0" in text and "2.5 4 1 4 0" in text
    assert '"Lab ""Barney CROCKETT"""' in text


def test_writer_writes_to_a_stream() -> None:
    out = io.StringIO()
    blt.write(Profile.from_lists(["A", "B"], [["A", "B"], ["A", "B"], ["B"]], title="T"), out)
    assert out.getvalue() == '2 1\n2 1 2 0\n1 2 0\n0\n"A"\n"B"\n"T"\n'


@pytest.mark.parametrize(
    ("profile", "words"),
    [
        (Profile.from_ballots(["A"], [(ranking({"A", OVERVOTE}), 1)]), "overvote"),
        (Profile.from_ballots(["A"], [(ranking("Z"), 1)]), "'Z'"),
        (Profile.from_ballots(["A"], [(ranking("A"), -1)]), "negative"),
        (Profile.from_ballots(["A\nB"], [(ranking("A\nB"), 1)]), "line break"),
    ],
)
def test_writer_refuses_what_blt_cannot_hold(profile: Profile, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        blt.dumps(profile)


names = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=12).map(
    str.strip
)


@st.composite
def profiles(draw: st.DrawFn) -> Profile:
    candidates = draw(st.lists(names.filter(bool), min_size=1, max_size=6, unique=True))
    rank = st.frozensets(st.sampled_from(candidates), max_size=3)
    weight = st.one_of(st.integers(0, 10**20), st.fractions(min_value=0, max_value=100))
    ballots = draw(st.lists(st.tuples(st.lists(rank, max_size=6).map(tuple), weight), max_size=8))
    withdrawn = draw(st.frozensets(st.sampled_from(candidates)))
    seats = draw(st.integers(1, len(candidates)))
    title = draw(st.one_of(st.just(""), names))
    return Profile.from_ballots(candidates, ballots, withdrawn=withdrawn, title=title, seats=seats)


@settings(max_examples=60, deadline=None)
@given(profiles())
def test_any_profile_round_trips(profile: Profile) -> None:
    assert same(blt.parse(blt.dumps(profile)), profile)
