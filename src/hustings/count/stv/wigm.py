"""Weighted inclusive Gregory (WIGM): the Scottish rules at any precision.

The stages, quota, order of surpluses, exclusions and ties are those of
SSI 2007/42, Sch. 1, rules 45-52 (see :mod:`hustings.count.stv.scottish`);
what generalises is rule 48(3)'s arithmetic: transfer values are computed
to ``precision`` decimal places with any remainder ignored, or, with
``precision=None``, as exact fractions with no loss at all.  With
``precision=5`` this *is* the Scottish count.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hustings.count.profile import Profile
from hustings.count.result import Result
from hustings.count.stv import gregory
from hustings.count.stv.papers import check_seats, read_papers, withdrawn_names
from hustings.count.stv.quota import droop_whole
from hustings.count.ties import TiePolicy


@dataclass(frozen=True)
class Options:
    seats: int = 1
    withdrawn: tuple[str, ...] = ()
    precision: int | None = None
    """Decimal places of transfer values (remainder ignored); None: exact fractions."""
    tie_break: TiePolicy = field(default_factory=lambda: TiePolicy(mode="backward"))


def count(profile: Profile, options: Options) -> Result:
    """Count ``profile`` by weighted inclusive Gregory at the chosen precision."""
    if options.precision is not None and options.precision < 0:
        raise ValueError(f"precision must be a number of decimal places, got {options.precision}")
    papers = read_papers(profile, options.withdrawn)
    check_seats(papers.candidates, options.seats)
    tb = options.tie_break
    return gregory.count(
        papers,
        seats=options.seats,
        quota=droop_whole(papers.total, options.seats),
        arithmetic=gregory.Arithmetic(options.precision),
        tie_policy=tb,
        method="wigm",
        options={
            "seats": options.seats,
            "withdrawn": list(withdrawn_names(options.withdrawn)),
            "precision": "exact" if options.precision is None else options.precision,
            "tie_break": tb.mode,
            "seed": tb.seed,
        },
    )
