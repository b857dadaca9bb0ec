"""Write ``openstv_stages.json``: OpenSTV 1.7's stage totals for every contest in ``blt/``.

Run::

    python tests/data/scotland/openstv_stages.py PATH_TO_OPENSTV_CHECKOUT PYTHON2

with a checkout of OpenSTV (Jeffrey O'Neill; github.com/OpenTechStrategies/openstv)
at commit ed4a4b4 (version 1.7) and a Python 2.7 interpreter (OpenSTV is Python 2
only and has no dependencies).  Each contest is counted by OpenSTV's
``ScottishSTV`` method plugin (its own defaults: 5 places, static whole Droop
quota, no batch exclusion; "validated against the eSTV program", says its help
text), strong ties broken by candidate index (none arises), exactly as
``runElection.py -t index ScottishSTV FILE`` would, through the same calls.

OpenSTV's BLT reader, like Droop's, wants each name as one quoted string, so
each file is given to it as ``droop_stages.py`` gives it to Droop: header and
ballot lines unchanged, names replaced by ``"1"``, ``"2"``, ...

The output holds, for each contest: the quota, the winners (positions in the
file, from 1), and one row per OpenSTV round (the first preferences, then each
surplus transferred or candidate excluded), giving the candidates' votes in
file order followed by OpenSTV's "exhausted" votes, which are the valid poll
less every candidate's votes (so the non-transferable papers *and* the votes
lost to fractions), all as OpenSTV prints them (5 places; a whole number
without its ``.00000``).  ``tests/count/stv/test_stv_scottish_independent.py``
compares them with Hustings' ``scottish-stv``.
"""

from __future__ import annotations

import json
import subprocess
import sys

from droop_stages import HERE, droop_input

# Run by Python 2.7: reads [[contest, blt text], ...] on stdin, prints the JSON.
OPENSTV = r"""
import json, os, sys, tempfile
sys.path.insert(0, sys.argv[1])
from openstv.ballots import Ballots
from openstv.MethodPlugins.ScottishSTV import ScottishSTV

def short(e, v):
    s = e.displayValue(v)
    return s[:-6] if s.endswith(".00000") else s

out = {}
for name, text in json.load(sys.stdin):
    fd, path = tempfile.mkstemp(suffix=".blt")
    os.write(fd, text.encode("utf-8"))
    os.close(fd)
    dirty = Ballots()
    dirty.loadKnown(path, exclude0=False)
    os.remove(path)
    e = ScottishSTV(dirty.getCleanBallots())
    e.strongTieBreakMethod = "index"
    e.runElection()
    out[name] = {
        "quota": short(e, e.thresh[0]),
        "winners": sorted(c + 1 for c in e.winners),
        "stages": [[short(e, v) for v in e.count[r]] + [short(e, e.exhausted[r])] for r in range(e.numRounds)],
    }
json.dump(out, sys.stdout, sort_keys=True)
"""


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    checkout, python2 = argv[1], argv[2]
    jobs = [[p.stem, droop_input(p)] for p in sorted((HERE / "blt").glob("*.blt"))]
    done = subprocess.run(
        [python2, "-c", OPENSTV, checkout], input=json.dumps(jobs), capture_output=True, text=True, check=True
    )
    out = json.loads(done.stdout)
    with (HERE / "openstv_stages.json").open("w", encoding="utf-8") as f:
        f.write("{\n")
        f.write(",\n".join(f"{json.dumps(k)}: {json.dumps(out[k], separators=(',', ':'))}" for k in sorted(out)))
        f.write("\n}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
