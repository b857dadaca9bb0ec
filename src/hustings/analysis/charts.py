"""Pictures of a seat table: a parliament arc and votes-versus-seats bars.

matplotlib is imported inside each function (it is slow to import and only
needed when a chart is drawn); the format follows the file's suffix (SVG or
PNG).  Seats in the arc are laid out row by row from the inside, parties in
the order of the seat table (largest first), each seat a dot.
"""

from __future__ import annotations

import math
from typing import Any

from hustings.analysis.systems import SeatTable

PARTY_COLOURS = {
    "Conservative": "#0087dc",
    "Labour": "#e4003b",
    "Liberal Democrat": "#faa61a",
    "Scottish National Party": "#fdf38e",
    "SNP": "#fdf38e",
    "SNP/Plaid Cymru": "#fdf38e",
    "Plaid Cymru": "#005b54",
    "Green Party": "#02a95b",
    "Scottish Green Party": "#00b140",
    "Green": "#00b140",
    "GRN": "#00b140",
    "UK Independence Party": "#6d3177",
    "The Brexit Party": "#12b6cf",
    "Reform UK": "#12b6cf",
    "Democratic Unionist Party": "#d46a4c",
    "Sinn Féin": "#326760",
    "Social Democratic & Labour Party": "#2aa82c",
    "Ulster Unionist Party": "#48a5ee",
    "Alliance": "#f6cb2f",
    "Speaker": "#909090",
    "Independent": "#c0c0c0",
    "Other": "#c0c0c0",
    "LAB": "#e4003b",
    "CON": "#0087dc",
    "LD": "#faa61a",
}
_FALLBACK = ("#8c564b", "#9467bd", "#17becf", "#bcbd22", "#7f7f7f", "#e377c2")


def colour(party: str, i: int = 0) -> str:
    return PARTY_COLOURS.get(party, _FALLBACK[i % len(_FALLBACK)])


def arc_positions(seats: int) -> list[tuple[float, float]]:
    """Seat centres for a hemicycle of ``seats``, ordered left to right across rows.

    Rows are concentric half-rings; each row holds seats in proportion to its
    length, so the dots are evenly spaced.
    """
    if seats <= 0:
        return []
    rows = _rows(seats)
    radii = [rows + i for i in range(rows)]  # inner radius = rows: no cramped inner ring
    lengths = sum(radii)
    per_row = [max(1, round(seats * r / lengths)) for r in radii]
    per_row[-1] += seats - sum(per_row)
    points: list[tuple[float, float, float]] = []
    for r, n in zip(radii, per_row, strict=True):
        for j in range(n):
            angle = math.pi * (1 - (j + 0.5) / n)
            points.append((angle, r * math.cos(angle), r * math.sin(angle)))
    points.sort(key=lambda p: -p[0])  # sweep from the left end to the right
    return [(x, y) for _, x, y in points]


def _rows(seats: int) -> int:
    # rows r..2r-1 of unit spacing hold about 1.5 π r² seats
    return max(1, round(math.sqrt(seats / (1.5 * math.pi))))


def _parties(table: SeatTable) -> list[tuple[str, int]]:
    return [(p, s) for p, s in table.seats.items() if s > 0]


def draw_hemicycle(table: SeatTable, ax: Any) -> None:
    parties = _parties(table)
    positions = arc_positions(sum(s for _, s in parties))
    rows = _rows(len(positions))
    points_per_unit = 7 * 72 / (2 * (2 * rows))  # about 7 inches across the outer diameter
    size = (0.8 * points_per_unit) ** 2
    k = 0
    for i, (party, n) in enumerate(parties):
        xs = [positions[k + j][0] for j in range(n)]
        ys = [positions[k + j][1] for j in range(n)]
        ax.scatter(xs, ys, s=size, color=colour(party, i), label=f"{party} {n}", edgecolors="none")
        k += n
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(f"{table.election} {table.system}: {table.total_seats} seats")
    ax.legend(
        loc="upper center",
        bbox_to_anchor=(0.5, -0.02),
        ncol=3,
        fontsize="small",
        frameon=False,
        markerscale=max(0.3, 8 / points_per_unit),
    )


def draw_votes_seats(table: SeatTable, ax: Any, top: int = 10) -> None:
    votes_total = sum(table.votes.values()) or 1
    seats_total = table.total_seats or 1
    ranked = sorted(table.votes, key=lambda p: (-table.seats.get(p, 0), -table.votes[p]))[:top]
    xs = range(len(ranked))
    ax.bar([x - 0.2 for x in xs], [100 * table.votes[p] / votes_total for p in ranked], width=0.4, label="votes %")
    ax.bar(
        [x + 0.2 for x in xs],
        [100 * table.seats.get(p, 0) / seats_total for p in ranked],
        width=0.4,
        label="seats %",
        color=[colour(p, i) for i, p in enumerate(ranked)],
        edgecolor="black",
        linewidth=0.4,
    )
    ax.set_xticks(list(xs))
    ax.set_xticklabels(ranked, rotation=40, ha="right", fontsize="small")
    ax.set_ylabel("per cent")
    ax.set_title(f"Votes and seats (Gallagher {table.indices.gallagher:.2f})")
    ax.legend(fontsize="small")


def _figure(rows: int) -> Any:
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text: smaller, searchable, styleable on the web
    import matplotlib.pyplot as plt

    return plt.subplots(rows, 1, figsize=(8, 5 * rows))


def _save(fig: Any, path: Any, fmt: str | None = None) -> None:
    import matplotlib.pyplot as plt

    svg = fmt == "svg" or (fmt is None and str(path).lower().endswith(".svg"))
    fig.tight_layout()
    fig.savefig(path, format=fmt, metadata={"Date": None} if svg else None)
    plt.close(fig)


def hemicycle(table: SeatTable, path: str) -> None:
    """Write the parliament arc of ``table`` to ``path`` (.svg or .png)."""
    fig, ax = _figure(1)
    draw_hemicycle(table, ax)
    _save(fig, path)


def votes_seats_chart(table: SeatTable, path: str) -> None:
    """Write the votes-versus-seats bars of ``table`` to ``path`` (.svg or .png)."""
    fig, ax = _figure(1)
    draw_votes_seats(table, ax)
    _save(fig, path)


def seat_table_figure(table: SeatTable, path: str) -> None:
    """Both pictures, the arc above the bars, in one file."""
    fig, axes = _figure(2)
    draw_hemicycle(table, axes[0])
    draw_votes_seats(table, axes[1])
    _save(fig, path)


def seat_table_svg(table: SeatTable) -> str:
    """Both pictures as SVG text, for embedding in a web page."""
    import io

    fig, axes = _figure(2)
    draw_hemicycle(table, axes[0])
    draw_votes_seats(table, axes[1])
    buffer = io.StringIO()
    _save(fig, buffer, "svg")
    return buffer.getvalue()


def hemicycle_svg(table: SeatTable, title: str | None = None) -> str:
    """The parliament arc as a small SVG document of its own, without matplotlib: one circle per seat
    (``fill`` attributes, no style sheet, so it shows under a strict Content-Security-Policy), with a
    ``<title>`` and a ``<desc>`` listing the seats for screen readers. The same text is the explorer's
    inline picture and its SVG download."""
    from html import escape

    parties = _parties(table)
    positions = arc_positions(sum(s for _, s in parties))
    rows = _rows(len(positions))
    outer = 2 * rows - 1 + 0.5  # the outer row's radius plus half a seat
    radius = 0.42
    width, height = 2 * outer, outer + 0.5
    heading = title or f"{table.election} {table.system}"
    described = ", ".join(f"{p} {n}" for p, n in parties) or "no seats"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{-outer:.2f} {-outer:.2f} {width:.2f} {height:.2f}" '
        f'role="img" aria-label="{escape(heading)}: {escape(described)}">',
        f"<title>{escape(heading)}</title>",
        f"<desc>{table.total_seats} seats: {escape(described)}</desc>",
    ]
    k = 0
    for i, (party, n) in enumerate(parties):
        out.append(f'<g fill="{colour(party, i)}"><title>{escape(party)}: {n}</title>')
        for x, y in positions[k : k + n]:
            out.append(f'<circle cx="{x:.3f}" cy="{-y:.3f}" r="{radius}"/>')
        out.append("</g>")
        k += n
    out.append(
        f'<text x="0" y="-0.2" text-anchor="middle" font-size="{max(1.0, rows / 5):.2f}" '
        f'font-family="sans-serif" fill="#1b1b1b">{table.total_seats}</text>'
    )
    out.append("</svg>")
    return "\n".join(out) + "\n"


def hemicycle_png(table: SeatTable) -> bytes:
    """The parliament arc drawn by matplotlib as PNG bytes (the explorer's PNG download)."""
    import io

    fig, ax = _figure(1)
    draw_hemicycle(table, ax)
    buffer = io.BytesIO()
    _save(fig, buffer, "png")
    return buffer.getvalue()
