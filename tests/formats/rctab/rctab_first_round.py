"""An independent first-round tally of a profile, as RCTab's documentation describes round 1.

Used to check readers against RCTab's own reports without going through the
IRV engine: with nobody yet elected or eliminated, each ballot counts for the
first continuing candidate it ranks, unless the rules stop it earlier.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from hustings.count.profile import OVERVOTE, UNDECLARED_WRITE_IN
from hustings.formats.rctab import Contest


def first_round(contest: Contest) -> tuple[Counter[str], Counter[str]]:
    """Round-1 tallies and inactive ballots by RCTab's cause names (``undervotes``: ranked nobody)."""
    o = contest.options
    continuing = set(contest.profile.continuing)
    if contest.undeclared_write_ins:
        continuing.add(UNDECLARED_WRITE_IN)
    tally: Counter[str] = Counter()
    inactive: Counter[str] = Counter()
    for ranking, weight in contest.profile:
        if not any(ranking):
            inactive["undervotes"] += weight
            continue
        last = 0
        seen: set[str] = set()
        for position, rank in enumerate(ranking, start=1):
            if not rank:
                continue
            if o.max_skipped_ranks is not None and position - last > o.max_skipped_ranks + 1:
                inactive["skippedRankings"] += weight
                break
            last = position
            if o.exhaust_on_duplicate and rank & seen:
                inactive["repeatedRankings"] += weight
                break
            seen |= rank
            live = rank & continuing
            overvote = OVERVOTE in rank or len(rank) > 1
            if overvote and (
                o.overvote_rule == "exhaust-immediately"
                or (o.overvote_rule == "exhaust-if-multiple-continuing" and len(live) > 1)
            ):
                inactive["overvotes"] += weight
                break
            if overvote and o.overvote_rule == "always-skip-to-next-rank":
                if position == len(ranking):
                    inactive["exhaustedChoices"] += weight
                continue
            if live:
                (name,) = live
                tally[name] += weight
                break
            if position == len(ranking):
                inactive["exhaustedChoices"] += weight
    return tally, inactive


def expected_first_round(report: dict) -> tuple[Counter[str], Counter[str]]:
    """Round-1 tallies and inactive counts from an RCTab summary report (zeros left out)."""
    first = report["results"][0]
    tally = Counter({k: Decimal(v) for k, v in first["tally"].items() if Decimal(v) != 0})
    inactive = Counter({k: Decimal(v) for k, v in first["inactiveBallots"].items() if Decimal(v) != 0})
    if report["summary"].get("undervotes"):
        inactive["undervotes"] = Decimal(report["summary"]["undervotes"])
    return tally, inactive
