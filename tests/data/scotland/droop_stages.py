"""Write ``droop_stages.json``: Droop's stage totals for every contest in ``blt/``.

Run::

    python tests/data/scotland/droop_stages.py PATH_TO_DROOP_CHECKOUT

with a checkout of Droop (Jonathan Lundell, github.com/jklundell/droop) at commit
cf5829307f37c4c794786b66af45f09c15d68de3 (2020-05-16; Python 3, no dependencies).
Each contest is counted by Droop's ``scotland`` rule (SSI 2007/42 Sch. 1 rules
45-52) in fixed-point arithmetic to 5 places, the rule's own default, through
Droop's Python interface (``droop.profile.ElectionProfile``,
``droop.election.Election``), exactly as ``Droop.py scotland`` would.

Droop's BLT reader wants every name as one quoted string, which the councils'
files do not always give (see ``README.md``), so each file is handed to Droop
with its header and ballot lines unchanged (a trailing comma dropped, as in the
Perth and Kinross export) and its names replaced by ``"1"``, ``"2"``, ...: the
totals are recorded by the candidate's position in the file, and nothing of
Hustings is used.

The output holds, for each contest (the file's name without ``.blt``): the
quota, the winners (positions in the file, from 1), and one row per Droop
action that ends a stage (``begin``, the first preferences, then each
``transfer``, a surplus or an exclusion), giving the candidates' votes in
file order followed by the non-transferable votes, as Droop prints them (5
places; a whole number without its ``.00000``).
``tests/count/stv/test_stv_scottish_independent.py`` compares them with
Hustings' ``scottish-stv``.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).parent
COMMIT = "cf5829307f37c4c794786b66af45f09c15d68de3"


def droop_input(path: Path) -> str:
    """The file's header and ballots as they are, its names replaced by numbers."""
    lines = [line.strip().removesuffix(",").strip() for line in path.read_text(encoding="utf-8").splitlines()]
    candidates = int(lines[0].split()[0])
    end = lines.index("0", 1)
    names = [f'"{i}"' for i in range(1, candidates + 1)]
    return "\n".join([*lines[: end + 1], *names, f'"{path.stem}"']) + "\n"


def short(value: object) -> str:
    """Droop's printed value, with a whole number's ``.00000`` dropped to keep the file small."""
    return str(value).removesuffix(".00000")


def count(path: Path) -> dict[str, object]:
    from droop.election import Election
    from droop.profile import ElectionProfile

    with tempfile.NamedTemporaryFile("w", suffix=".blt", encoding="utf-8") as f:
        f.write(droop_input(path))
        f.flush()
        profile = ElectionProfile(path=f.name)
    election = Election(profile, {"rule": "scotland", "arithmetic": "fixed", "precision": "5"})
    stages: list[list[str]] = []
    record = election.logAction

    def log_action(action: str, msg: str) -> None:
        record(action, msg)
        if action in ("begin", "transfer"):
            votes = [c.vote for c in sorted(election.C.select("all"), key=lambda c: c.order)]
            stages.append([short(v) for v in [*votes, election.exhausted]])

    election.logAction = log_action
    election.count()
    winners = sorted(int(c.name) for c in election.C.elected())
    return {"quota": short(election.quota), "winners": winners, "stages": stages}


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    sys.path.insert(0, argv[1])
    out = {p.stem: count(p) for p in sorted((HERE / "blt").glob("*.blt"))}
    with (HERE / "droop_stages.json").open("w", encoding="utf-8") as f:
        f.write("{\n")
        f.write(",\n".join(f"{json.dumps(k)}: {json.dumps(v, separators=(',', ':'))}" for k, v in out.items()))
        f.write("\n}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
