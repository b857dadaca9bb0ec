"""Starting ``hustings count`` imports only what counting needs."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
from hustings.cli.main import build_parser
build_parser("count").parse_args(["count", "ballots.csv"])
print(",".join(sorted(m for m in sys.modules if m.startswith("hustings.cli."))))
"""


def test_count_builds_only_its_own_subcommand_parser() -> None:
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True).stdout.strip()
    assert out.split(",") == ["hustings.cli.count", "hustings.cli.main"]


def test_full_parser_still_lists_every_subcommand() -> None:
    from hustings.cli.main import SUBCOMMANDS, build_parser

    help_text = build_parser().format_help()
    assert all(name in help_text for name in SUBCOMMANDS)
