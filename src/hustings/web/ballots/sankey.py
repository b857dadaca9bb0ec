"""Inline SVG pictures of a count: a Sankey diagram of the transfers between rounds and bars of
the final round. Pure functions of the result record (`Result.to_dict()`), writing escaped SVG
text with a title and description for screen readers; no JavaScript, no external files.

In the Sankey diagram each round is a column of candidates' piles (height proportional to votes);
a band from one round to the next carries a continuing candidate's own votes straight across, or
an excluded (or surplus-giving) candidate's votes to each receiver, and to "exhausted".
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from html import escape
from typing import Any

WIDTH, HEIGHT = 760, 360
COLUMN, GAP, TOP = 14, 6, 24
EXHAUSTED = "exhausted"


def _num(text: Any) -> Fraction:
    try:
        return Fraction(str(text))
    except (ValueError, ZeroDivisionError):
        return Fraction(0)


def _colours(candidates: Sequence[str]) -> dict[str, str]:
    """One colour per candidate in ballot-paper order (each at least 4.5:1 on white), grey for exhausted."""
    palette = ("#1f5fa8", "#b5179e", "#2a7f3f", "#b35900", "#6a3d9a", "#8c564b", "#0f7c8a", "#7f7f00")
    out = {c: palette[i % len(palette)] for i, c in enumerate(candidates)}
    out[EXHAUSTED] = "#6b6b6b"
    return out


def sankey_svg(result: dict[str, Any], title: str = "Transfers between rounds") -> str:
    """The transfers of a counted result as an SVG Sankey diagram (empty string without rounds)."""
    rounds = result.get("rounds") or []
    if not rounds:
        return ""
    candidates = list(result.get("candidates", []))
    names = [*candidates, EXHAUSTED]
    colours = _colours(candidates)
    columns: list[dict[str, Fraction]] = []
    exhausted = Fraction(0)
    for r in rounds:
        tally = {c: _num(v) for c, v in r.get("tally", {}).items()}
        column = {c: tally.get(c, Fraction(0)) for c in candidates if c in tally}
        if exhausted:
            column[EXHAUSTED] = exhausted
        columns.append(column)
        for action in r.get("actions", []):
            exhausted += _num(action.get("transfers", {}).get(EXHAUSTED, 0))
    biggest = max((sum(c.values()) for c in columns), default=Fraction(1)) or Fraction(1)
    usable = HEIGHT - TOP - 20 - GAP * len(names)
    scale = Fraction(usable) / biggest
    step = (WIDTH - 160 - COLUMN) / max(1, len(columns) - 1)
    parts: list[str] = []
    tops: list[dict[str, float]] = []
    for i, column in enumerate(columns):
        x = 20 + i * step
        y = float(TOP)
        place: dict[str, float] = {}
        for name in names:
            votes = column.get(name)
            if votes is None or votes <= 0:
                continue
            h = float(votes * scale)
            place[name] = y
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{COLUMN}" height="{max(h, 1):.1f}" fill="{colours[name]}">'
                f"<title>Round {i + 1}: {escape(name)} {float(votes):g}</title></rect>"
            )
            y += h + GAP
        tops.append(place)
        parts.append(f'<text x="{x + COLUMN / 2:.1f}" y="14" text-anchor="middle" font-size="11">R{i + 1}</text>')
    for i in range(len(columns) - 1):
        x0, x1 = 20 + i * step + COLUMN, 20 + (i + 1) * step
        out_y = dict(tops[i])
        in_y = dict(tops[i + 1])
        flows: list[tuple[str, str, Fraction]] = []
        moved: dict[str, Fraction] = {}
        for action in rounds[i].get("actions", []):
            giver = action.get("candidate")
            for receiver, votes in action.get("transfers", {}).items():
                v = _num(votes)
                if v > 0 and receiver in colours:
                    flows.append((giver, receiver, v))
                    moved[giver] = moved.get(giver, Fraction(0)) + v
        for name in names:  # what a pile keeps goes straight across
            keep = columns[i].get(name, Fraction(0)) - moved.get(name, Fraction(0))
            if keep > 0 and name in columns[i + 1]:
                flows.insert(0, (name, name, min(keep, columns[i + 1][name])))
        for giver, receiver, v in flows:
            if giver not in out_y or receiver not in in_y:
                continue
            h = float(v * scale)
            a, b = out_y[giver], in_y[receiver]
            mid = (x0 + x1) / 2
            path = (
                f"M{x0:.1f},{a:.1f} C{mid:.1f},{a:.1f} {mid:.1f},{b:.1f} {x1:.1f},{b:.1f} "
                f"L{x1:.1f},{b + h:.1f} C{mid:.1f},{b + h:.1f} {mid:.1f},{a + h:.1f} {x0:.1f},{a + h:.1f} Z"
            )
            parts.append(
                f'<path d="{path}" fill="{colours[giver]}" fill-opacity="0.35">'
                f"<title>{escape(giver)} to {escape(receiver)}: {float(v):g}</title></path>"
            )
            out_y[giver] = a + h
            in_y[receiver] = b + h
    last_x = 20 + (len(columns) - 1) * step + COLUMN + 6
    for name, y in tops[-1].items():
        parts.append(f'<text x="{last_x:.1f}" y="{y + 11:.1f}" font-size="11">{escape(name)}</text>')
    x = 20.0
    for name in names:  # a legend, so piles that leave before the last round are named too
        if not any(name in column for column in columns):
            continue
        parts.append(
            f'<rect x="{x:.1f}" y="{HEIGHT + 8}" width="12" height="12" fill="{colours[name]}"/>'
            f'<text x="{x + 16:.1f}" y="{HEIGHT + 18}" font-size="11">{escape(name)}</text>'
        )
        x += 28 + 6.5 * len(name)
    described = "; ".join(
        f"round {r.get('round')}: " + ", ".join(f"{a.get('candidate')} {a.get('action')}" for a in r.get("actions", []))
        for r in rounds
        if r.get("actions")
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT + 28}" role="img" '
        f'aria-labelledby="sankey-title sankey-desc" class="chart sankey">'
        f'<title id="sankey-title">{escape(title)}</title><desc id="sankey-desc">{escape(described)}</desc>'
        + "".join(parts)
        + "</svg>"
    )


def bars_svg(tally: dict[str, Any], candidates: Sequence[str], title: str = "Final round") -> str:
    """Horizontal bars of one round's tally, largest first, each labelled with its votes."""
    votes = sorted(((c, _num(v)) for c, v in tally.items()), key=lambda cv: -cv[1])
    if not votes:
        return ""
    colours = _colours(list(candidates))
    top = max(v for _, v in votes) or Fraction(1)
    total = sum(v for _, v in votes) or Fraction(1)
    row, label = 28, 170
    height = row * len(votes) + 10
    parts = []
    for i, (name, v) in enumerate(votes):
        w = float(v / top) * (WIDTH - label - 120)
        y = 5 + i * row
        share = float(v / total) * 100
        parts.append(
            f'<text x="{label - 6}" y="{y + 17}" text-anchor="end" font-size="12">{escape(name)}</text>'
            f'<rect x="{label}" y="{y + 4}" width="{max(w, 1):.1f}" height="18" fill="{colours.get(name, "#6b6b6b")}"/>'
            f'<text x="{label + w + 6:.1f}" y="{y + 17}" font-size="12">{float(v):g} ({share:.1f}%)</text>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="{escape(title)}" class="chart bars"><title>{escape(title)}</title>' + "".join(parts) + "</svg>"
    )
