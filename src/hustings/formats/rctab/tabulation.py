"""Tabulate an RCTab contest as RCTab does, under its configuration's own rules, and write its
Universal RCV Tabulator summaries: the code `hustings rctab`, `hustings count contest.zip`, the
count page and `POST /api/count` share, so that each gives RCTab's result for a contest.

- :func:`tabulate` counts a :class:`Contest` with :mod:`hustings.count.irv` under the
  :class:`~hustings.count.irv.Options` its ``rules`` prescribe (tiebreak mode, overvote and
  skipped-rank rules, maximum rankings, duplicate-candidate rule, winner election mode, number of
  winners, minimum vote threshold...): one result, or one per seat for multi-pass IRV.
- :func:`summaries` writes each result as RCTab's summary JSON, with the contest's name, date,
  jurisdiction and office.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # (imported when used: `hustings` starts without reading the RCTab readers)
    from hustings.count.result import Result
    from hustings.formats.rctab.contest import Contest


def tabulate(contest: Contest) -> list[Result]:
    """Count a contest: one result, or one per seat for multi-pass IRV."""
    from hustings.count import irv
    from hustings.count.profile import UNDECLARED_WRITE_IN

    profile = contest.profile
    if contest.undeclared_write_ins and UNDECLARED_WRITE_IN not in profile.candidates:
        # RCTab tallies undeclared write-ins as a pseudo-candidate whenever a source can report them.
        profile = dataclasses.replace(profile, candidates=(*profile.candidates, UNDECLARED_WRITE_IN))
    if contest.options.winner_mode == "multi-pass":
        return irv.count_sequential(profile, contest.options)
    return [irv.count(profile, contest.options)]


def one_result(contest: Contest, results: list[Result]) -> Result:
    """The tabulation as one record: the result itself, or the passes of multi-pass IRV joined
    (rounds numbered on, each pass's winner elected in order), as `irv.count` joins them."""
    from hustings.count import irv

    return results[0] if len(results) == 1 else irv.joined(results, contest.options)


def summaries(contest: Contest, results: list[Result]) -> list[dict[str, Any]]:
    """The URCVT summary documents of a tabulation, in seat order."""
    from hustings.formats import urcvt

    meta = {"contest": contest.name, "date": contest.date, "jurisdiction": contest.jurisdiction}
    return [urcvt.summary(r, office=contest.office, **meta) for r in results]


def summary_names(n: int) -> list[str]:
    """The summaries' file names, as RCTab names them: `summary.json`, or one per pass."""
    return ["summary.json"] if n == 1 else [f"summary_{i}.json" for i in range(1, n + 1)]
