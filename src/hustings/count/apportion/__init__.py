"""Apportionment: seats for parties in proportion to their votes.

These methods divide a number of seats among lists (parties) given only each
list's vote total, so they do not take a ranked-ballot :class:`Profile` and
are not in the ``METHODS`` registry.  They have their own small typed API::

    from hustings.count.apportion import apportion
    a = apportion({"A": 100_000, "B": 80_000, "C": 30_000, "D": 20_000}, 8, "dhondt")
    a.seats            # {"A": 4, "B": 3, "C": 1, "D": 0}

Every method is exact (integers and :class:`~fractions.Fraction`; the
Huntington-Hill geometric mean is compared by squaring, never with floats;
votes of up to :data:`MAX_VOTE_DIGITS` digits, 400-digit counts included),
and every tie a rule leaves to chance is decided by a stated policy and
recorded in :attr:`Apportionment.ties`.

Modules: :mod:`.divisor` (D'Hondt, Sainte-Laguë, modified Sainte-Laguë,
Huntington-Hill: one engine, one priority function per method),
:mod:`.largest_remainder` (Hare and Droop quotas), :mod:`.compensatory`
(AMS and MMP, where seats already won enter the divisor), :mod:`.college`
(weighted electoral colleges).
"""

from __future__ import annotations

from hustings.count.apportion.model import (
    MAX_SEATS,
    MAX_VOTE_DIGITS,
    METHOD_NAMES,
    Apportionment,
    ApportionmentError,
    apportion,
    canonical_method,
)

__all__ = [
    "MAX_SEATS",
    "MAX_VOTE_DIGITS",
    "METHOD_NAMES",
    "Apportionment",
    "ApportionmentError",
    "apportion",
    "canonical_method",
]
