"""Scottish STV: The Scottish Local Government Elections Order 2007 (SSI 2007/42).

Schedule 1, rules 45-52, as made (the 2011 Order, SSI 2011/399, under which
the 2012 and 2022 elections were held, carries the same counting rules):

- rule 46: quota = valid papers / (councillors + 1), decimals ignored, + 1;
- rule 47: a candidate whose votes equal or exceed the quota is deemed elected;
- rule 48(3): each of the elected candidate's papers is transferred at
  surplus x (value of the paper when received) / (candidate's votes), "the
  calculation being made to five decimal places (any remainder being
  ignored)"; every paper the candidate holds is examined (inclusive Gregory);
- rule 49: the highest surplus first; equal surpluses by "the highest number
  of votes at the end of the most recent preceding stage at which they had
  unequal numbers of votes"; equal at all stages: by lot;
- rule 50: otherwise the candidate with the lowest votes is excluded, one per
  stage, and each paper passes on at the value it holds;
- rule 51: equal lowest candidates: the lowest at "the most recently
  preceding stage of the count at which they had an unequal number of
  votes"; equal at all stages: by lot;
- rule 52: when the continuing candidates equal the vacancies they are deemed
  elected and no further transfer is made.

Choices the text leaves open, and how they are made here:

- Ties "at the most recent preceding stage": the default tie policy is
  ``backward`` (``hustings.count.ties``), the rule's own words.  Where three or
  more are tied and that stage separates only some, the rest are compared at
  the next earlier stage.  ``--tie-break forward`` (earliest stage) is offered
  for counts that follow another reading.
- "By lot": the tie policy's seeded draw, recorded in the result.
- Non-transferable papers in a surplus transfer are valued like the others
  (surplus x value / votes, truncated); the difference between the surplus
  and what was credited or set aside is the loss by fractions, reported with
  the non-transferable total at every stage.
- Ballot papers: see :mod:`hustings.count.stv.papers` (equal preferences end
  a paper's sequence; an equal or missing first preference voids it).
- Candidates deemed elected at the same stage are listed highest vote first.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hustings.count.profile import Profile
from hustings.count.result import Result
from hustings.count.stv import gregory
from hustings.count.stv.papers import check_seats, read_papers, withdrawn_names
from hustings.count.stv.quota import droop_whole
from hustings.count.ties import TiePolicy

PLACES = 5
"""Rule 48(3): "to five decimal places (any remainder being ignored)"."""


@dataclass(frozen=True)
class Options:
    """The Scottish rules have no options but these facts of the contest."""

    seats: int = 1
    withdrawn: tuple[str, ...] = ()
    tie_break: TiePolicy = field(default_factory=lambda: TiePolicy(mode="backward"))


def count(profile: Profile, options: Options) -> Result:
    """Count ``profile`` under SSI 2007/42, Sch. 1, rules 45-52."""
    papers = read_papers(profile, options.withdrawn)
    check_seats(papers.candidates, options.seats)
    return gregory.count(
        papers,
        seats=options.seats,
        quota=droop_whole(papers.total, options.seats),
        arithmetic=gregory.Arithmetic(PLACES),
        tie_policy=options.tie_break,
        method="scottish-stv",
        options=record(options),
    )


def record(options: Options) -> dict[str, object]:
    """The options as plain values for the result."""
    tb = options.tie_break
    return {
        "seats": options.seats,
        "withdrawn": list(withdrawn_names(options.withdrawn)),
        "tie_break": tb.mode,
        "seed": tb.seed,
    }
