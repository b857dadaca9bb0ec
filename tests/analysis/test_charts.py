"""Hemicycle and votes-versus-seats pictures, as SVG and PNG."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from hustings.analysis import analyse
from hustings.analysis.charts import arc_positions, hemicycle, seat_table_figure, seat_table_svg, votes_seats_chart

pytest.importorskip("matplotlib")


def test_arc_has_one_position_per_seat_in_the_upper_half_plane() -> None:
    points = arc_positions(650)
    assert len(points) == 650
    assert all(y >= 0 for _, y in points)
    assert len(set(points)) == 650


def test_arc_runs_from_left_to_right() -> None:
    points = arc_positions(129)
    assert points[0][0] < 0 < points[-1][0]


@pytest.mark.parametrize(
    ("draw", "suffix"), [(hemicycle, "svg"), (votes_seats_chart, "png"), (seat_table_figure, "png")]
)
def test_charts_are_written_in_the_format_of_the_suffix(tmp_path: Path, draw: Any, suffix: str) -> None:
    out = tmp_path / f"chart.{suffix}"
    draw(analyse("sp2011", "ams"), str(out))
    data = out.read_bytes()
    assert (b"<svg" in data[:2000]) if suffix == "svg" else data.startswith(b"\x89PNG")


def test_svg_text_for_the_web_names_the_parties() -> None:
    svg = seat_table_svg(analyse("sp2007", "ams"))
    assert svg.lstrip().startswith("<?xml")
    assert "SNP 47" in svg
