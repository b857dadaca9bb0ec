"""The repository stands alone: no tracked file cites design notes or paths outside it.

The design notes the project needs live in docs/ (docs/contracts.md, docs/ballots.md,
docs/architecture.md). RCTab's own test data (tests/data/rctab) has paths such as
``../_shared/...``, RCTab's layout of its suite: those do not match the patterns below.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHECKED = ("src", "docs", "tests", "tools", "README.md", "Makefile", "pyproject.toml")

# The design notes' file name, and a relative path out of the repository into the shared notes.
# Written in pieces, so that this file does not itself cite them.
NOTES = "DESIGN" + ".md"
SHARED = ".." + "/shared"
OUTSIDE = re.compile(rf"{re.escape(NOTES)}|{re.escape(SHARED)}\b")


def tracked_files() -> list[Path]:
    """Git's tracked files, or every file of CHECKED outside a git checkout (an unpacked sdist)."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--", *CHECKED], cwd=ROOT, capture_output=True, check=True
        ).stdout.decode()
    except (OSError, subprocess.CalledProcessError):
        paths = [ROOT / name for name in CHECKED]
        found = [p for top in paths for p in ([top] if top.is_file() else top.rglob("*"))]
        return [p for p in found if "__pycache__" not in p.parts]
    return [ROOT / name for name in listed.split("\0") if name]


def test_no_tracked_file_cites_anything_outside_the_repository() -> None:
    this = Path(__file__).resolve()
    found = []
    for path in tracked_files():
        if path.resolve() == this or not path.is_file():
            continue
        text = path.read_bytes().decode("utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), 1):
            if OUTSIDE.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:120]}")
    assert not found, "cite the repository's own docs/*.md instead:\n" + "\n".join(found)


def test_the_pattern_matches_outside_citations_and_not_rctabs_layout() -> None:
    assert OUTSIDE.search(f"see {NOTES}, Ballot secrecy")
    assert OUTSIDE.search(f"{SHARED}/STYLE.md")
    assert not OUTSIDE.search('"cvrFilePath": "../_shared/cvr.xlsx"')
    assert not OUTSIDE.search("docs/contracts.md")
