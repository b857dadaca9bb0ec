"""The quota or threshold of a count in words (issue #14): "Threshold 174: more than half of the
347 votes still counting in the last round", "Quota 107.58: Droop quota, ...". Every number is
read from the result record (`Result.to_dict()`) and the sentence is said only when the record's
own figures give the quota by that rule; otherwise a plain sentence says what a quota is.

The rules the sentences state are those of the counting code: the IRV threshold of
`hustings.count.irv` (valid votes still counting ÷ (seats + 1), rounded down, plus 1; Hare: ÷
seats, rounded up), the whole Droop quota of `hustings.count.stv.quota.droop_whole` (Scottish
STV, WIGM and Gregory), ERS97 rule 5.1.6 and Meek's recalculated quota.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _

from hustings.count.stv.ers97 import quota_hundredths
from hustings.count.stv.quota import droop_whole


@dataclass(frozen=True)
class QuotaWords:
    """The label of the figure ("Quota" or "Threshold") and the sentence explaining it."""

    label: str
    sentence: str


def _number(text: Any) -> Fraction | None:
    try:
        return Fraction(Decimal(str(text)))
    except (InvalidOperation, ValueError, TypeError):
        return None


def _show(value: Fraction) -> str:
    """A figure as the record writes it: whole numbers without decimals."""
    return str(value.numerator) if value.denominator == 1 else f"{Decimal(value.numerator) / value.denominator:.2f}"


def _about(value: Fraction) -> str:
    """A quotient to two decimal places, with "…" when it goes on."""
    hundredths = value * 100
    if hundredths.denominator == 1:
        return _show(value)
    return f"{Decimal(math.floor(hundredths)) / 100:.2f}…"


def _hare_whole(votes: Fraction, seats: int) -> Fraction:
    return Fraction(math.ceil(votes / seats))


def _counting(rounds: list[dict[str, Any]], quota: Fraction, rule: Any, seats: int) -> tuple[int, Fraction] | None:
    """The latest round whose votes still counting give `quota` by `rule`, and those votes."""
    for position in range(len(rounds) - 1, -1, -1):
        votes = sum((_number(v) or Fraction(0) for v in rounds[position].get("tally", {}).values()), Fraction(0))
        if votes and rule(votes, seats) == quota:
            return position, votes
    return None


def _irv(record: dict[str, Any], quota: Fraction) -> str | None:
    """IRV's threshold, from the votes still counting in the round that set it."""
    options = record.get("options") or {}
    if options.get("bottoms_up_percentage") is not None or options.get("non_integer_threshold"):
        return None
    seats = int(record.get("seats") or 1)
    rounds = list(record.get("rounds") or [])
    hare = bool(options.get("hare_quota"))
    found = _counting(rounds, quota, _hare_whole if hare else droop_whole, seats)
    if found is None:
        return None
    position, votes = found
    words = {"quota": str(record["quota"]), "votes": _show(votes), "round": position + 1, "seats": seats}
    last = position == len(rounds) - 1
    if hare:
        return (
            _(
                "Threshold %(quota)s: Hare quota, the %(votes)s votes still counting in round %(round)s "
                "÷ %(seats)s seats, rounded up."
            )
            % words
        )
    if seats == 1 and last:
        return (
            _(
                "Threshold %(quota)s: more than half of the %(votes)s votes still counting in the last round "
                "(%(votes)s ÷ 2, rounded down, plus 1)."
            )
            % words
        )
    if seats == 1:
        return (
            _(
                "Threshold %(quota)s: more than half of the %(votes)s votes still counting in round %(round)s "
                "(%(votes)s ÷ 2, rounded down, plus 1)."
            )
            % words
        )
    return (
        _(
            "Threshold %(quota)s: Droop quota, the %(votes)s votes still counting in round %(round)s ÷ "
            "(%(seats)s seats + 1), rounded down, plus 1."
        )
        % words
    )


def _ers97(total: Fraction, seats: int, quota: Fraction) -> bool:
    """ERS97 rule 5.1.6 in hundredths: exact, else the remainder ignored plus 0.01."""
    return Fraction(quota_hundredths(int(total * 100), seats), 100) == quota


def _stv(record: dict[str, Any], quota: Fraction) -> str | None:
    """The STV quota from the valid votes and the seats."""
    method = str(record.get("method", ""))
    seats = int(record.get("seats") or 1)
    if method == "meek":
        return _(
            "Quota %(quota)s: Meek's quota, the votes held by candidates ÷ (%(seats)s seats + 1), worked out "
            "again at every iteration as votes become non-transferable; this is its final value."
        ) % {"quota": str(record["quota"]), "seats": seats}
    total = _number(record.get("total"))
    if total is None:
        return None
    words = {
        "quota": str(record["quota"]),
        "total": str(record["total"]),
        "seats": seats,
        "exact": _about(total / (seats + 1)),
    }
    if method == "ers97" and _ers97(total, seats, quota):
        return (
            _(
                "Quota %(quota)s: Droop quota, the %(total)s valid votes ÷ (%(seats)s seats + 1) = %(exact)s, "
                "worked to two decimal places, the remainder ignored plus 0.01 (ERS97 rule 5.1.6)."
            )
            % words
        )
    if droop_whole(total, seats) == quota:
        return (
            _(
                "Quota %(quota)s: Droop quota, the %(total)s valid votes ÷ (%(seats)s seats + 1) = %(exact)s, "
                "decimals ignored, plus 1."
            )
            % words
        )
    return None


def quota_words(record: dict[str, Any]) -> QuotaWords | None:
    """The label and sentence of the record's quota, or None when it has none."""
    quota = _number(record.get("quota"))
    if quota is None:
        return None
    irv = str(record.get("method", "")).startswith("irv")
    label = _("Threshold") if irv else _("Quota")
    sentence = _irv(record, quota) if irv else _stv(record, quota)
    if sentence is None:
        sentence = _("%(label)s %(quota)s: the votes a candidate needed to be elected.") % {
            "label": label,
            "quota": record.get("quota"),
        }
    return QuotaWords(label, sentence)
