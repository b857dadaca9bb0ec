"""Hemicycle and votes-versus-seats pictures, as SVG and PNG."""

from __future__ import annotations

from pathlib import Path

import pytest

from hustings.analysis import analyse
from hustings.analysis.charts import arc_positions, hemicycle, seat_table_figure, votes_seats_chart

pytest.importorskip("matplotlib")


def test_arc_has_one_position_per_seat_in_the_upper_half_plane() -> None:
    points = arc_positions(650)
    assert len(points) == 650
    assert all(y >= 0 for _, y in points)
    assert len(set(points)) == 650


def test_arc_runs_from_left_to_right() -> None:
    points = arc_positions(129)
    assert points[0][0] < 0 < points[-1][0]


@pytest.mark.parametrize("suffix", ["svg", "png"])
def test_charts_are_written_in_the_format_of_the_suffix(tmp_path: Path, suffix: str) -> None:
    table = analyse("sp2011", "ams")
    for draw in (hemicycle, votes_seats_chart, seat_table_figure):
        out = tmp_path / f"{draw.__name__}.{suffix}"
        draw(table, str(out))
        head = out.read_bytes()[:64]
        assert (b"<svg" in out.read_bytes()[:2000]) if suffix == "svg" else head.startswith(b"\x89PNG")
