"""`parallel.chunked`: the parts' results joined in order are the whole's, on one process or several."""

from __future__ import annotations

from hustings.e2e import parallel


def _squares(task: tuple[int, int]) -> list[int]:
    start, end = task
    return [n * n for n in range(start, end)]


def test_chunked_joins_the_parts_in_order_whatever_the_workers() -> None:
    whole = [n * n for n in range(1000)]
    for workers in (1, 2, 3):
        assert parallel.chunked(_squares, 1000, lambda a, b: (a, b), workers, small=10) == whole


def test_few_items_are_done_here_in_one_part() -> None:
    parts: list[tuple[int, int]] = []

    def task(a: int, b: int) -> tuple[int, int]:
        parts.append((a, b))
        return a, b

    assert parallel.chunked(_squares, 5, task, workers=4) == [0, 1, 4, 9, 16]
    assert parts == [(0, 5)]
