"""Work split over processes for the big products of the mix-net and its verification.

libsodium's operations (through `rbcl`) hold Python's interpreter lock, so threads would not help:
`Runner` runs chunk functions on a pool of forked processes when `workers` > 1, or in this process
otherwise. Chunks are contiguous and their results come back in order, so every result is the
same whatever the number of workers (tests check it).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from multiprocessing.pool import Pool
from typing import TypeVar

from hustings.e2e import group
from hustings.e2e.group import Point, Scalar

CHUNKS_PER_WORKER = 4
"""Chunks per process: enough to even out uneven chunks, few enough to keep the sending cheap."""

SMALL = 2048
"""Below this many items a product is computed here: a pool costs more than it saves."""

T = TypeVar("T")
R = TypeVar("R")

_START = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
"""Forked workers need no `if __name__ == "__main__"` guard in the caller's script and start at
once; they only run pure chunk functions on the arguments they are sent."""


def bounds(n: int, parts: int) -> list[tuple[int, int]]:
    """`parts` contiguous (start, end) ranges covering 0..n, as even as can be."""
    parts = max(1, min(parts, n))
    return [(n * k // parts, n * (k + 1) // parts) for k in range(parts)]


class Runner:
    """Runs chunk functions in this process (workers = 1) or on a pool of processes."""

    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)
        self._pool: Pool | None = None

    def __enter__(self) -> Runner:
        if self.workers > 1:
            self._pool = multiprocessing.get_context(_START).Pool(self.workers)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()

    def parts(self, n: int) -> list[tuple[int, int]]:
        return bounds(n, 1 if self._pool is None else self.workers * CHUNKS_PER_WORKER)

    def map(self, fn: Callable[[T], R], tasks: list[T]) -> list[R]:
        if self._pool is None or len(tasks) == 1:
            return [fn(t) for t in tasks]
        return self._pool.map(fn, tasks)


def chunked(
    fn: Callable[[T], list[R]], n: int, task: Callable[[int, int], T], workers: int, small: int = SMALL
) -> list[R]:
    """`fn` over items 0..n, its results joined in order: `fn(task(0, n))` here when `workers` is 1
    or there are fewer than `small` items, else `task(start, end)` of each part on `workers` processes."""
    if workers <= 1 or n < small:
        return fn(task(0, n))
    with Runner(workers) as runner:
        return [item for chunk in runner.map(fn, [task(a, b) for a, b in runner.parts(n)]) for item in chunk]


def power_product(pairs: Sequence[tuple[Scalar, Point]], workers: int = 1) -> Point:
    """∏ pᵢ^kᵢ, its chunks computed on `workers` processes when there are many."""
    if workers <= 1 or len(pairs) < SMALL:
        return group.power_product(list(pairs))
    with Runner(workers) as runner:
        chunks = [list(pairs[a:b]) for a, b in runner.parts(len(pairs))]
        return group.total(runner.map(group.power_product, chunks))
