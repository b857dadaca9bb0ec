"""An electoral college's count as a page shows it: each section's votes round by round, its
Sankey diagram, and the combined result's Sankey. Pure functions of the result record of
`hustings.count.apportion.college` (`Result.to_dict()`), whose rounds give the combined
percentage in `tally` and each section's votes in `extra` as "section: candidate" (Labour Party
Rule Book 2010, Chapter 4, Clause II.2.C: each section's votes a percentage of its valid votes,
the sections' percentages added; an excluded candidate's ballots pass on within their section).

The college's rounds record no transfers (the count decides exclusions on the combined score), so
the diagrams draw them from the rounds: a receiver gets what its pile grew by between the round
that excluded a candidate and the next, and what the excluded pile held beyond that went to
"exhausted". In a section these are ballots; in the combined result percentage points, where a
pile never shrinks (the section's valid votes only fall) and nothing is exhausted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _

from hustings.web.ballots.sankey import EXHAUSTED, number, sankey_svg, transfer_rows


def _text(x: Fraction) -> str:
    """A number as the record writes it: whole, or a decimal of at most 9 places."""
    if x.denominator == 1:
        return str(x.numerator)
    value = (Decimal(x.numerator) / Decimal(x.denominator)).quantize(Decimal("1e-9"), rounding=ROUND_HALF_UP)
    return format(value.normalize(), "f")


def _percent(part: Fraction, whole: Fraction) -> str:
    if not whole:
        return "0.00"
    share = Decimal(part.numerator * 100) / Decimal(part.denominator) / (Decimal(whole.numerator) / whole.denominator)
    return str(share.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def section_names(record: Mapping[str, Any]) -> list[str]:
    """The college's sections in the order of the record (its options, else its first round)."""
    named = (record.get("options") or {}).get("sections")
    if named:
        return [str(s) for s in named]
    first = (record.get("rounds") or [{}])[0].get("extra", {})
    return list(dict.fromkeys(k.split(": ", 1)[0] for k in first if ": " in k))


def with_transfers(rounds: Sequence[dict[str, Any]], tallies: Sequence[Mapping[str, Fraction]]) -> list[dict[str, Any]]:
    """The rounds, with `tallies` as each round's tally and each exclusion's transfers drawn from
    the next round (see the module docstring)."""
    out: list[dict[str, Any]] = []
    for i, (record, tally) in enumerate(zip(rounds, tallies, strict=True)):
        after = tallies[i + 1] if i + 1 < len(tallies) else None
        actions = []
        for action in record.get("actions", []):
            giver = str(action.get("candidate"))
            transfers: dict[str, str] = {}
            if after is not None and action.get("action") == "exclude":
                gained = {c: v - tally.get(c, Fraction(0)) for c, v in after.items() if c != giver}
                for c, v in gained.items():
                    if v > 0:
                        transfers[c] = _text(v)
                rest = tally.get(giver, Fraction(0)) - sum((v for v in gained.values() if v > 0), Fraction(0))
                if rest > 0:
                    transfers[EXHAUSTED] = _text(rest)
            actions.append({**action, "transfers": transfers})
        out.append({**record, "tally": {c: _text(v) for c, v in tally.items()}, "actions": actions})
    return out


def _section(record: Mapping[str, Any], index: int, name: str, title: str, weight: str) -> dict[str, Any]:
    rounds = record.get("rounds") or []
    candidates = list(record.get("candidates", []))
    tallies = [
        {c: number(r["extra"][f"{name}: {c}"]) for c in candidates if f"{name}: {c}" in r.get("extra", {})}
        for r in rounds
    ]
    valid = [sum(t.values(), Fraction(0)) for t in tallies]
    rows = [
        {
            "name": c,
            "cells": [
                {"votes": _text(t[c]), "percent": _percent(t[c], v)} if c in t else None
                for t, v in zip(tallies, valid, strict=True)
            ],
        }
        for c in candidates
    ]
    section_record = {"candidates": candidates, "rounds": with_transfers(rounds, tallies)}
    heading = _("Transfers between rounds: %(section)s") % {"section": title}
    return {
        "name": name,
        "title": title,
        "weight": weight,
        "rows": rows,
        "valid": [_text(v) for v in valid],
        "sankey": sankey_svg(section_record, heading, f"sankey-section-{index}") if len(rounds) > 1 else "",
    }


def college_rows(record: Mapping[str, Any], sections: Sequence[Mapping[str, Any]] = ()) -> dict[str, Any]:
    """The template context of a college's count (empty for any other result): `college`, each
    section's table and Sankey diagram, and `sankey`, the combined result's diagram with its
    transfers. `sections` are the ballot's ({"name", "title", "weight"}), for their titles."""
    rounds = record.get("rounds") or []
    names = section_names(record)
    if not rounds or not names or not any(f"{names[0]}: " in k for k in rounds[0].get("extra", {})):
        return {}
    given = {str(s.get("name")): s for s in sections}
    college = [
        _section(
            record,
            i,
            n,
            str(given.get(n, {}).get("title", n.replace("_", " "))),
            str(given.get(n, {}).get("weight", "")),
        )
        for i, n in enumerate(names)
    ]
    combined = [{c: number(v) for c, v in r.get("tally", {}).items()} for r in rounds]
    combined_record = {"candidates": list(record.get("candidates", [])), "rounds": with_transfers(rounds, combined)}
    heading = _("Transfers between rounds: the combined result (percentage points)")
    return {
        "college": college,
        "sankey": sankey_svg(combined_record, heading) if len(rounds) > 1 else "",
        "transfers": transfer_rows(combined_record),
    }
