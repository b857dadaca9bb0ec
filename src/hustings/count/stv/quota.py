"""Quotas of the STV rules, each exactly as its rule words it."""

from __future__ import annotations

from fractions import Fraction
from math import floor

from hustings.count.profile import Weight


def droop_whole(valid: Weight, seats: int) -> int:
    """Valid papers divided by seats + 1, decimals ignored, plus one.

    SSI 2007/42, Sch. 1, rule 46 (the Scottish quota; also the Droop quota of
    most Gregory rules).
    """
    return floor(Fraction(valid) / (seats + 1)) + 1


def droop_rounded_up(valid: Weight, seats: int, places: int) -> Fraction:
    """Valid votes divided by seats + 1, worked to ``places`` decimals and rounded up.

    ERS97 rule 5.1.7: "divide the total valid vote by one more than the
    number of places to be filled, ... to two decimal places, ... rounding up"
    (753 / 7 = 107.571... gives 107.58).  Note that an exact quotient is not
    increased: 700 / 7 gives 100.00.
    """
    scale = 10**places
    q = Fraction(valid) * scale / (seats + 1)
    return Fraction(-((-q.numerator) // q.denominator), scale)
