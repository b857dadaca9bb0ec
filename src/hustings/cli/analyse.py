"""``hustings analyse ELECTION --system S [--format text|json] [--chart out.svg]``.

ELECTION is ``ge1997`` ... ``ge2024``, ``sp2007``/``sp2011``/``sp2016`` or ``ep2019``; S is one
of ``fptp``, ``national-dhondt``, ``national-sainte-lague``, ``regional-dhondt``,
``regional-sainte-lague``, ``ams`` (``ep2019``, list PR without constituencies: the four list
systems only).  JSON has ``seats`` (party -> seats),
``votes`` and ``indices`` (``gallagher``, ``loosemore_hanby``, ``enp_votes``,
``enp_seats``, ``winners_below_50pct``).  ``--chart`` draws the hemicycle and
the votes-versus-seats bars into one SVG or PNG file (by its suffix).
Re-counting today's votes under another system is arithmetic, not a forecast.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from hustings.cli.table import aligned


def add_parser(sub: Any) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(
        "analyse",
        aliases=["analyze"],
        help="a real UK election's votes under another electoral system",
        description="Seat table and disproportionality indices of a UK election under an electoral system.",
    )
    p.add_argument("election", metavar="ELECTION", help="ge1997 ... ge2024, sp2007, sp2011, sp2016, ep2019")
    p.add_argument(
        "--system", required=True, help="fptp, national-dhondt, national-sainte-lague, regional-dhondt, ams ..."
    )
    p.add_argument(
        "--threshold",
        default=None,
        help="legal threshold as a share of the national vote (regional systems: or of the region's): 5%% or 0.05",
    )
    p.add_argument(
        "--constituency-share",
        default="3/5",
        help="AMS what-if for general elections: share of seats kept as constituency seats (default 3/5)",
    )
    p.add_argument("--format", "-f", choices=("text", "json"), default="text")
    p.add_argument("--chart", default=None, metavar="OUT.svg", help="also draw the seat table (.svg or .png)")
    return p


def run(args: argparse.Namespace) -> int:
    from hustings.analysis.query import read, seat_table, to_json
    from hustings.cli.main import UsageError

    query = read(args.election, args.system, args.threshold, args.constituency_share)
    if args.chart is not None:
        chart_kind = args.chart.rsplit(".", 1)[-1].lower() if "." in args.chart else ""
        if chart_kind not in ("svg", "png"):
            raise UsageError(f"--chart must name a .svg or .png file, got {args.chart!r}")
    table = seat_table(query)
    if args.chart is not None:
        from hustings.analysis.charts import seat_table_figure

        seat_table_figure(table, args.chart)
    if args.format == "json":
        sys.stdout.write(to_json(table) + "\n")
    else:
        sys.stdout.write(text(table))
    return 0


def text(table: Any) -> str:
    from hustings.analysis.elections import ELECTIONS

    votes_total = sum(table.votes.values()) or 1
    seats_total = table.total_seats or 1
    rows = []
    for party, seats in table.seats.items():
        v = table.votes.get(party, 0)
        if not seats and 1000 * v < 5 * votes_total:
            continue  # parties under 0.5% with no seat are summed below
        rows.append((party, f"{v:,}", f"{100 * v / votes_total:.1f}", str(seats), f"{100 * seats / seats_total:.1f}"))
    small = [p for p, s in table.seats.items() if not s and 1000 * table.votes.get(p, 0) < 5 * votes_total]
    if small:
        v = sum(table.votes.get(p, 0) for p in small)
        rows.append((f"{len(small)} others", f"{v:,}", f"{100 * v / votes_total:.1f}", "0", "0.0"))
    head = ("Party", "Votes", "Votes %", "Seats", "Seats %")
    lines = [f"{ELECTIONS.get(table.election, table.election)}: {table.system}, {table.total_seats} seats"]
    if table.threshold is not None:
        where = "" if table.system.startswith("national") else " or of a region's"
        lines.append(f"threshold {float(100 * table.threshold):g}% of the national vote{where}")
    lines.append("")
    lines.extend(aligned(head, rows))
    i = table.indices
    lines.append("")
    lines.append(f"Gallagher least-squares index   {i.gallagher:.2f}")
    lines.append(f"Loosemore-Hanby index           {i.loosemore_hanby:.2f}")
    lines.append(f"Effective parties (votes)       {i.enp_votes:.2f}")
    lines.append(f"Effective parties (seats)       {i.enp_seats:.2f}")
    if i.winners_below_50pct is not None:
        lines.append(f"Winners under 50% of the vote   {i.winners_below_50pct}")
    for t in table.ties:
        lines.append(f"Tie between {', '.join(t.tied)}: {t.chosen} chosen ({t.reason})")
    for n in table.notes:
        lines.append(f"Note: {n}")
    if _is_what_if(table):
        lines.append(
            "Note: arithmetic on the votes as cast, not a forecast: under another system voters would vote differently."
        )
    return "\n".join(lines) + "\n"


def _is_what_if(table: Any) -> bool:
    """Whether the table re-counts the votes under a system they were not cast for (Holyrood's
    constituency seats alone included); a European Parliament election's regional D'Hondt is not."""
    from hustings.analysis.elections import load

    if load(table.election).is_list_pr:
        return bool(table.system != "regional-dhondt" or table.threshold is not None)
    return bool(table.system != "fptp" or table.election.startswith("sp"))
