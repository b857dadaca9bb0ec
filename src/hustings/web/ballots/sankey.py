"""Inline SVG pictures of a count: a Sankey diagram of the transfers between rounds and bars of
the final round. Pure functions of the result record (`Result.to_dict()`), writing escaped SVG
text with a title and description for screen readers; no JavaScript, no external files. The
diagram's alternative for those who cannot see it is `transfer_rows`, the same transfers as a table.

In the Sankey diagram each round is a column of candidates' piles (height proportional to votes);
a band from one round to the next carries a continuing candidate's own votes straight across, or
an excluded (or surplus-giving) candidate's votes to each receiver, and to "exhausted".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from html import escape
from typing import Any

WIDTH, HEIGHT = 760, 360
COLUMN, GAP, TOP = 14, 6, 24
EXHAUSTED = "exhausted"


def number(text: Any) -> Fraction:
    """A result record's number (a decimal or fraction string) exactly; 0 for anything else."""
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


@dataclass(frozen=True)
class _Layout:
    """Where the diagram's columns sit: one column of piles per round, `scale` pixels a vote."""

    names: list[str]
    colours: dict[str, str]
    columns: list[dict[str, Fraction]]
    scale: Fraction
    step: float

    def x(self, i: int) -> float:
        return 20 + i * self.step


def sankey_svg(result: dict[str, Any], title: str = "Transfers between rounds", ident: str = "sankey") -> str:
    """The transfers of a counted result as an SVG Sankey diagram (empty string without rounds).
    `ident` prefixes the ids of its title and description (one page may show several diagrams)."""
    rounds = result.get("rounds") or []
    if not rounds:
        return ""
    layout = _layout(list(result.get("candidates", [])), rounds)
    parts: list[str] = []
    tops = _columns(layout, parts)
    for i in range(len(layout.columns) - 1):
        _flows(layout, i, _transfers(layout, rounds[i], i), tops, parts)
    _labels(layout, tops[-1], parts)
    _legend(layout, parts)
    described = "; ".join(
        f"round {r.get('round')}: " + ", ".join(f"{a.get('candidate')} {a.get('action')}" for a in r.get("actions", []))
        for r in rounds
        if r.get("actions")
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT + 28}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" class="chart sankey">'
        f'<title id="{ident}-title">{escape(title)}</title><desc id="{ident}-desc">{escape(described)}</desc>'
        + "".join(parts)
        + "</svg>"
    )


def transfer_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The Sankey diagram's alternative as rows (issue #14): every transfer of the count, by round,
    giver and receiver ("exhausted" for votes that leave), with the votes as the record writes them."""
    rows: list[dict[str, Any]] = []
    for r in result.get("rounds") or []:
        for action in r.get("actions", []):
            for receiver, votes in action.get("transfers", {}).items():
                if number(votes) > 0:
                    rows.append(
                        {"round": r.get("round"), "from": action.get("candidate"), "to": receiver, "votes": str(votes)}
                    )
    return rows


def _layout(candidates: list[str], rounds: list[dict[str, Any]]) -> _Layout:
    """Each round's piles (the exhausted votes so far as a pile of their own), and the scale that
    fits the tallest column in the picture."""
    names = [*candidates, EXHAUSTED]
    columns: list[dict[str, Fraction]] = []
    exhausted = Fraction(0)
    for r in rounds:
        tally = {c: number(v) for c, v in r.get("tally", {}).items()}
        column = {c: tally.get(c, Fraction(0)) for c in candidates if c in tally}
        if exhausted:
            column[EXHAUSTED] = exhausted
        columns.append(column)
        for action in r.get("actions", []):
            exhausted += number(action.get("transfers", {}).get(EXHAUSTED, 0))
    biggest = max((sum(c.values()) for c in columns), default=Fraction(1)) or Fraction(1)
    usable = HEIGHT - TOP - 20 - GAP * len(names)
    step = (WIDTH - 160 - COLUMN) / max(1, len(columns) - 1)
    return _Layout(names, _colours(candidates), columns, Fraction(usable) / biggest, step)


def _columns(layout: _Layout, parts: list[str]) -> list[dict[str, float]]:
    """Draw each round's piles and its heading; the top of each pile, by round."""
    tops: list[dict[str, float]] = []
    for i, column in enumerate(layout.columns):
        x = layout.x(i)
        y = float(TOP)
        place: dict[str, float] = {}
        for name in layout.names:
            votes = column.get(name)
            if votes is None or votes <= 0:
                continue
            h = float(votes * layout.scale)
            place[name] = y
            fill = layout.colours[name]
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{COLUMN}" height="{max(h, 1):.1f}" fill="{fill}">'
                f"<title>Round {i + 1}: {escape(name)} {float(votes):g}</title></rect>"
            )
            y += h + GAP
        tops.append(place)
        parts.append(f'<text x="{x + COLUMN / 2:.1f}" y="14" text-anchor="middle" font-size="11">R{i + 1}</text>')
    return tops


def _transfers(layout: _Layout, record: dict[str, Any], i: int) -> list[tuple[str, str, Fraction]]:
    """The bands from round i to the next: what each pile keeps goes straight across (first), then
    the votes the round's actions moved from a giver to each receiver."""
    flows: list[tuple[str, str, Fraction]] = []
    moved: dict[str, Fraction] = {}
    for action in record.get("actions", []):
        giver = action.get("candidate")
        for receiver, votes in action.get("transfers", {}).items():
            v = number(votes)
            if v > 0 and receiver in layout.colours:
                flows.append((giver, receiver, v))
                moved[giver] = moved.get(giver, Fraction(0)) + v
    before, after = layout.columns[i], layout.columns[i + 1]
    for name in layout.names:
        keep = before.get(name, Fraction(0)) - moved.get(name, Fraction(0))
        if keep > 0 and name in after:
            flows.insert(0, (name, name, min(keep, after[name])))
    return flows


def _flows(
    layout: _Layout, i: int, flows: list[tuple[str, str, Fraction]], tops: list[dict[str, float]], parts: list[str]
) -> None:
    """Draw the bands between round i and the next, stacking each down its giver's and receiver's piles."""
    x0, x1 = layout.x(i) + COLUMN, layout.x(i + 1)
    out_y = dict(tops[i])
    in_y = dict(tops[i + 1])
    for giver, receiver, v in flows:
        if giver not in out_y or receiver not in in_y:
            continue
        h = float(v * layout.scale)
        a, b = out_y[giver], in_y[receiver]
        mid = (x0 + x1) / 2
        path = (
            f"M{x0:.1f},{a:.1f} C{mid:.1f},{a:.1f} {mid:.1f},{b:.1f} {x1:.1f},{b:.1f} "
            f"L{x1:.1f},{b + h:.1f} C{mid:.1f},{b + h:.1f} {mid:.1f},{a + h:.1f} {x0:.1f},{a + h:.1f} Z"
        )
        parts.append(
            f'<path d="{path}" fill="{layout.colours[giver]}" fill-opacity="0.35">'
            f"<title>{escape(giver)} to {escape(receiver)}: {float(v):g}</title></path>"
        )
        out_y[giver] = a + h
        in_y[receiver] = b + h


def _labels(layout: _Layout, last: dict[str, float], parts: list[str]) -> None:
    """Name the piles of the last round beside them."""
    last_x = layout.x(len(layout.columns) - 1) + COLUMN + 6
    for name, y in last.items():
        parts.append(f'<text x="{last_x:.1f}" y="{y + 11:.1f}" font-size="11">{escape(name)}</text>')


def _legend(layout: _Layout, parts: list[str]) -> None:
    """A legend, so piles that leave before the last round are named too."""
    x = 20.0
    for name in layout.names:
        if not any(name in column for column in layout.columns):
            continue
        parts.append(
            f'<rect x="{x:.1f}" y="{HEIGHT + 8}" width="12" height="12" fill="{layout.colours[name]}"/>'
            f'<text x="{x + 16:.1f}" y="{HEIGHT + 18}" font-size="11">{escape(name)}</text>'
        )
        x += 28 + 6.5 * len(name)


def bars_svg(tally: dict[str, Any], candidates: Sequence[str], title: str = "Final round") -> str:
    """Horizontal bars of one round's tally, largest first, each labelled with its votes."""
    votes = sorted(((c, number(v)) for c, v in tally.items()), key=lambda cv: -cv[1])
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
