"""Every reader and command, fed damaged input, either reads it or refuses it with exit status 2.

Real files from ``tests/data`` and ``src/hustings/examples`` are damaged the ways an attacker or a
broken export would: truncated, bytes flipped, lines duplicated or dropped, numbers made huge, a
declared size inflated, brackets or tags nested deep. Each run of the command must end with
status 0 or 2 (1 only where the command means "not verified"), and standard error must hold no
traceback and no "internal error". Each run is bounded in place: 1 GiB of address space above
what the test process already holds and 10 seconds, so a regression fails the example instead
of eating the machine (the same attacks at full size are in ``test_bad_input_refused.py``,
each in a subprocess). For a longer hunt with fresh examples:
``HYPOTHESIS_PROFILE=explore HUSTINGS_FUZZ_SCALE=20 pytest tests/security``.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import resource
import shutil
import signal
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy  # noqa: F401  (imported before any memory bound, as the readers import it lazily)
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hustings.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
EXAMPLES = ROOT / "src" / "hustings" / "examples"
MEMORY = 1 << 30
SECONDS = 10
SCALE = int(os.environ.get("HUSTINGS_FUZZ_SCALE", "1"))


class Overrun(BaseException):
    """A run took longer than its bound (a BaseException, so the command's handler cannot swallow it)."""


@contextlib.contextmanager
def bounded() -> Iterator[None]:
    """Limit the address space to what the process holds plus 1 GiB, and the time to SECONDS."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    status = Path("/proc/self/status").read_text()
    held = int(re.search(r"VmSize:\s+(\d+) kB", status)[1]) * 1024  # type: ignore[index]
    limit = held + MEMORY if hard == resource.RLIM_INFINITY else min(held + MEMORY, hard)

    def overrun(signum: int, frame: object) -> None:
        raise Overrun(f"over {SECONDS} s")

    previous = signal.signal(signal.SIGALRM, overrun)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    signal.setitimer(signal.ITIMER_REAL, SECONDS)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def run(argv: list[str], allowed: tuple[int, ...] = (0, 2)) -> None:
    """Run ``hustings ARGV`` in process under the bounds; check the exit status and standard error."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), bounded():
        try:
            status = main(argv)
        except SystemExit as exc:  # argparse refusing the command line
            status = exc.code if isinstance(exc.code, int) else 2
    text = err.getvalue()
    assert "Traceback" not in text, text[-2000:]
    assert "internal error" not in text, text[-2000:]
    assert status in allowed, (status, text[-2000:])
    if status == 2:
        assert text.rstrip("\n").splitlines()[-1].startswith("hustings: error: "), text[-2000:]


# Damage --------------------------------------------------------------------------------------

HUGE = [b"9" * 5000, b"1" + b"0" * 20, b"999999999", b"10000000", b"-1", b"1e5000", b"0", b"1/0", b"\xc2\xb2"]


@st.composite
def damaged(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` after one to three random kinds of damage."""
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["truncate", "flip", "repeat", "drop", "number", "inflate", "nest", "insert"]))
        if kind == "truncate":
            data = data[:at]
        elif kind == "flip" and data:
            at = min(at, len(data) - 1)
            data = data[:at] + bytes([data[at] ^ (1 << draw(st.integers(0, 7)))]) + data[at + 1 :]
        elif kind in ("repeat", "drop"):
            lines = data.split(b"\n")
            i = min(at, len(lines) - 1)
            times = draw(st.integers(2, 200)) if kind == "repeat" else 0
            data = b"\n".join(lines[:i] + [lines[i]] * times + lines[i + 1 :])
        elif kind == "number":  # a number somewhere made huge or strange
            numbers = [m.span() for m in re.finditer(rb"\d+", data)]
            if numbers:
                start, end = numbers[min(at, len(numbers) - 1)]
                data = data[:start] + draw(st.sampled_from(HUGE)) + data[end:]
        elif kind == "inflate":  # the first number, often a declared size, made huge
            m = re.search(rb"\d+", data)
            if m:
                data = data[: m.start()] + draw(st.sampled_from(HUGE[:4])) + data[m.end() :]
        elif kind == "nest":
            depth = draw(st.sampled_from([70, 1000, 100_000]))
            opener, closer = draw(st.sampled_from([(b"[", b"]"), (b"{", b"}"), (b"<a>", b"</a>")]))
            data = data[:at] + opener * depth + closer * draw(st.sampled_from([0, depth])) + data[at:]
        else:
            data = data[:at] + draw(st.binary(max_size=16)) + data[at:]
    return data


def _small(n: int) -> Callable[[Callable[..., None]], Callable[..., None]]:
    return settings(max_examples=n * SCALE)


# Ballot files through `hustings count` -------------------------------------------------------

BALLOT_FILES = [
    EXAMPLES / "scotland" / "highland_2022_inverness_ness_side.blt",
    DATA / "droop" / "42.blt",
    DATA / "preflib" / "00002-00000006.soi",
    DATA / "preflib" / "00002-00000006.toc",
    DATA / "preflib" / "old_format" / "00002-00000006.toc",
]
CSV_BALLOTS = b"weight,rank1,rank2,rank3\n3,Ann,Bob,Cy\n2,Bob,Ann=Cy,\n1.5,Cy,,Ann\n4,Ann,Cy,Bob\n"
PLAIN_CSV_BALLOTS = b"rank1,rank2,rank3\n" + b"Ann,Bob,Cy\nBob,Cy,Ann\nCy,Ann,Bob\nAnn,Cy,Bob\n" * 50


COUNT_OPTIONS = [
    [],
    ["--seats", "2"],
    ["--seats", "99999999999"],
    ["--seed", "9" * 50],
    ["--option", "decimal_places=999999999"],
    ["--option", "omega=1e999999999"],
    ["--option", "max_rankings=" + "9" * 5000],
]


@pytest.mark.parametrize("source", BALLOT_FILES, ids=lambda p: p.name)
@_small(30)
@given(data=st.data())
def test_count_reads_or_refuses_damaged_ballot_files(source: Path, data: st.DataObject) -> None:
    content = data.draw(damaged(source.read_bytes()))
    method = data.draw(st.sampled_from(["irv", "scottish-stv", "borda", "plurality"]))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / source.name
        path.write_bytes(content)
        options = data.draw(st.sampled_from(COUNT_OPTIONS))
        run(
            ["count", str(path), "--method", method, "--format", data.draw(st.sampled_from(["text", "json"])), *options]
        )


@pytest.mark.parametrize("original", [CSV_BALLOTS, PLAIN_CSV_BALLOTS], ids=["weighted", "plain"])
@_small(30)
@given(data=st.data())
def test_count_reads_or_refuses_damaged_csv(original: bytes, data: st.DataObject) -> None:
    content = data.draw(damaged(original))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ballots.csv"
        path.write_bytes(content)
        run(["count", str(path)])


@_small(25)
@given(data=st.data(), seats=st.sampled_from(["3", "0", "-2", "100001", "1e5000", "9" * 5000]))
def test_apportion_reads_or_refuses_damaged_votes(data: st.DataObject, seats: str) -> None:
    content = data.draw(damaged(b"party,votes,already_won\nRed,31000,2\nBlue,27000,\nGreen,9000,1\n"))
    method = data.draw(st.sampled_from(["dhondt", "sainte-lague", "huntington-hill", "hare"]))
    threshold = data.draw(st.sampled_from([[], ["--threshold", "5%"], ["--threshold", "1e999999999"]]))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "votes.csv"
        path.write_bytes(content)
        run(["apportion", str(path), "--method", method, "--seats", seats, "--format", "json", *threshold])


@_small(15)
@given(
    election=st.sampled_from(["ge2019", "sp2011", "ge1800", "", "../../etc/passwd", "x" * 5000]),
    system=st.sampled_from(["fptp", "ams", "national-dhondt", "nope", ""]),
    extra=st.sampled_from(
        [[], ["--threshold", "150%"], ["--threshold", "1e999999999"], ["--constituency-share", "9" * 5000]]
    ),
)
def test_analyse_refuses_bad_arguments(election: str, system: str, extra: list[str]) -> None:
    run(["analyse", election, "--system", system, "--format", "json", *extra])


# RCTab configurations and every cast-vote record provider ------------------------------------

RCTAB_CASES = [
    # (case, file to damage relative to the case folder)
    ("test_set_0_skipped_first_choice", "test_set_0_skipped_first_choice_config.json"),
    ("test_set_0_skipped_first_choice", "test_set_0_skipped_first_choice_cvr.json"),  # CDF JSON
    ("nist_xml_cdf_2", "nist_xml_cdf_2.xml"),  # CDF XML
    ("clear_ballot_kansas_primary", "clear_ballot_kansas_primary.cvr.csv"),
    ("generic_csv_test", "generic_csv_test_cvr.csv"),
    ("hart_cedar_park_school_board", "../_shared/hart_cvr_archive/1_0e4cb797-392c-4e64-9034-94694bf97419.xml"),
    ("test_set_overvote_delimiter", "../_shared/simple_ess_cvr.xlsx"),  # ES&S workbook
    ("dominion_no_precinct_data", "dominion_no_precinct_data_input_data/CandidateManifest.json"),
    ("dominion_no_precinct_data", "dominion_no_precinct_data_input_data/CvrExport.json"),
]


@pytest.fixture(scope="module")
def rctab_copy() -> Iterator[Path]:
    """The RCTab cases above (and the shared files they read) copied once, to be damaged in place."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "rctab"
        for case in {case for case, _ in RCTAB_CASES}:
            shutil.copytree(DATA / "rctab" / case, root / case)
        shutil.copytree(
            DATA / "rctab" / "_shared", root / "_shared", ignore=shutil.ignore_patterns("dominion_*", "2013_*")
        )
        # The first 40 of the Dominion case's 1,000 sessions: enough to damage, quick to read.
        export = root / "dominion_no_precinct_data" / "dominion_no_precinct_data_input_data" / "CvrExport.json"
        ballots = json.loads(export.read_text())
        ballots["Sessions"] = ballots["Sessions"][:40]
        export.write_text(json.dumps(ballots, indent=1))
        yield root


@pytest.mark.parametrize(("case", "target"), RCTAB_CASES, ids=[t.rsplit("/", 1)[-1] for _, t in RCTAB_CASES])
@_small(20)
@given(data=st.data())
def test_rctab_reads_or_refuses_damaged_configurations_and_records(
    rctab_copy: Path, case: str, target: str, data: st.DataObject
) -> None:
    folder = rctab_copy / case
    config = next(folder.glob("*config.json"))
    path = folder / target
    original = path.read_bytes()
    path.write_bytes(data.draw(damaged(original)))
    try:
        run(["rctab", str(config), "-o", str(folder / "out"), "--quiet"])
    finally:
        path.write_bytes(original)


# `hustings verify` ---------------------------------------------------------------------------

BOARD = (
    b'{"ballot": {"title": "Chair", "seats": 1, "candidates": ["Ann", "Bob"]},\n'
    b' "entries": [{"seq": 1, "kind": "cast", "hash": "00ff", "previous": ""}],\n'
    b' "close": {"ballots": ["00ff"], "blt_sha256": "ab", "result_sha256": "cd"},\n'
    b' "export": "2 1\\n1 1 0\\n0\\n\\"Ann\\"\\n\\"Bob\\"\\n\\"Chair\\"\\n"}\n'
)


@_small(30)
@given(data=st.data())
def test_verify_reads_or_refuses_damaged_boards(data: st.DataObject) -> None:
    content = data.draw(damaged(BOARD))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "board.json"
        path.write_bytes(content)
        run(["verify", str(path), "--format", data.draw(st.sampled_from(["text", "json"]))], allowed=(0, 1, 2))


@pytest.mark.parametrize("case", sorted({case for case, _ in RCTAB_CASES}))
def test_the_undamaged_rctab_cases_count(rctab_copy: Path, case: str) -> None:
    """The fuzz starts from files that read: damage, not a broken copy, is what the runs above see."""
    config = next((rctab_copy / case).glob("*config.json"))
    run(["rctab", str(config), "-o", str(rctab_copy / case / "out"), "--quiet"], allowed=(0,))
