"""The text report of a Condorcet count shows its scores and pairwise grid."""

from __future__ import annotations

from hustings.count import Profile, run
from hustings.count.report import round_table


def test_round_table_shows_scores_pairwise_grid_and_winner() -> None:
    profile = Profile.from_lists("ABC", [["A", "B", "C"]] * 3 + [["B", "C", "A"]] * 2)
    text = round_table(run("schulze", profile))
    assert "Scores:" in text
    assert "Pairwise (row preferred to column):" in text
    # Row A: A over B by 3, over C by 3.
    assert any(line.split() == ["A", "-", "3", "3"] for line in text.splitlines())
    assert "Note: Condorcet winner: A" in text
    assert text.rstrip().endswith("Elected: A")
