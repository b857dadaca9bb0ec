"""The 2010 Debian Project Leader election, counted by every Condorcet method.

Debian elects its leader by a Condorcet method (Constitution §A.6, the
Schulze method); the declared winner of the 2010 vote was Stefano
Zacchiroli (https://www.debian.org/vote/2010/vote_001).  The ballots are
PrefLib's copy of Debian's published votes (``tests/data/preflib/README.md``):
the ``.soi`` file has the truncated ballots as cast, the ``.toc`` file the
same ballots with every unranked option added, tied, at the bottom.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hustings.count import Profile, run
from hustings.count.condorcet.pairwise import condorcet_winner, pairwise_matrix
from hustings.formats.preflib import read

DATA = Path(__file__).parent.parent.parent / "data" / "preflib"


@pytest.fixture(scope="module")
def cast() -> Profile:
    return read(DATA / "00002-00000006.soi")


def test_truncated_ballots_read_as_unranked_options_tied_at_the_bottom(cast: Profile) -> None:
    # Our reading of a truncated ballot is exactly PrefLib's "imbued" rendering of it.
    assert pairwise_matrix(cast) == pairwise_matrix(read(DATA / "00002-00000006.toc"))


@pytest.mark.parametrize("method", ["schulze", "ranked-pairs", "copeland", "minimax"])
def test_every_condorcet_method_elects_the_declared_leader(cast: Profile, method: str) -> None:
    result = run(method, cast)
    assert result.elected == ("Stefano Zacchiroli",)
    assert not result.all_tie_breaks or method == "ranked-pairs"


def test_the_declared_leader_beats_none_of_the_above_and_every_candidate(cast: Profile) -> None:
    assert condorcet_winner(pairwise_matrix(cast)) == "Stefano Zacchiroli"
