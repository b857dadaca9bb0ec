"""What every apportionment method shares: its error, limits and tie rule."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from hustings.count.result import TieBreak
from hustings.count.ties import TieBreaker

MAX_SEATS = 100_000
"""More seats than any assembly has (the largest, China's NPC, has under 3,000)."""

MAX_VOTE_DIGITS = 4_000
"""The most digits a list's votes may have: far past any electorate, and within
the 4,300 digits Python will write an integer in (every figure is exact up to it)."""


class ApportionmentError(ValueError):
    """Votes or seats no apportionment rule can work with; the message says why."""


def decide(
    tied: Sequence[str],
    needed: int,
    votes: Mapping[str, int],
    breaker: TieBreaker,
    *,
    by_votes: bool,
    what: str,
) -> tuple[list[str], list[TieBreak]]:
    """Choose ``needed`` of ``tied`` (all with an equal claim), recording each decision.

    With ``by_votes`` the list with more votes is preferred first (the rule
    most list-PR laws give before resorting to lot); what is still tied is
    decided by ``breaker``.
    """
    pool = list(tied)
    chosen: list[str] = []
    records: list[TieBreak] = []
    while len(chosen) < needed:
        best = pool
        reason_prefix = ""
        if by_votes:
            top = max(votes[p] for p in pool)
            best = [p for p in pool if votes[p] == top]
            if len(best) == 1:
                records.append(TieBreak("elect", tuple(pool), best[0], f"{what}; more votes: {best[0]} ({top})"))
                chosen.append(best[0])
                pool.remove(best[0])
                continue
            reason_prefix = "equal votes too; "
        if len(best) == 1:
            chosen.append(best[0])
            pool.remove(best[0])
            continue
        tb = breaker.decide(best, "elect")
        records.append(TieBreak("elect", tuple(pool), tb.chosen, f"{what}; {reason_prefix}{tb.reason}"))
        chosen.append(tb.chosen)
        pool.remove(tb.chosen)
    return chosen, records
