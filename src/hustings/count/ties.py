"""Tie-breaking: every tie is decided by a stated policy and recorded.

Policies, by the name used in options and on the command line:

``lot`` (the default)
    By lot, reproducibly from a seed: the n-th draw of a count takes the
    SHA-256 digest of the seed, n and the sorted tied names, and chooses by
    its value modulo the number tied.  Every seed gives an even draw, so a
    returning officer can publish a seed chosen in public (dice, a lottery
    number) before the count and anyone can repeat the draw.
``random``
    By lot, reproducibly from a seed.  The draw follows RCTab's documented
    procedure so that its certified results can be reproduced: the tied
    names are sorted, a ``java.util.Random(seed)`` created at the start of
    the count yields ``nextDouble()``, and the candidate at index
    ``floor(d * len(tied))`` is chosen.
``candidate-order``
    Ballot-paper order: the earliest tied candidate is elected, the latest
    excluded (RCTab ``useCandidateOrder``).
``permutation``
    As ``candidate-order`` but over a given order of names.
``generate-permutation``
    As ``permutation`` over the names sorted and shuffled once with
    ``Collections.shuffle(list, new Random(seed))`` (RCTab).
``previous-round-then-random``
    The candidate with more votes in the previous round is elected (fewer:
    excluded); a tie there too goes to lot (RCTab).
``forward``
    The earliest round at which the tied candidates had unequal votes
    decides (ERS97 rules 5.2.3 and 5.2.5: "at the first stage or at the
    earliest point"); if they were equal at every round, by lot.
``backward``
    The most recent preceding round at which they had unequal votes decides
    (Scottish Local Government Elections Order 2007, Sch. 1, rules 49(2) and
    51(2)); if never, by lot.
``ask`` and ``previous-round-then-ask``
    An operator decides (RCTab ``stopCountingAndAsk`` and
    ``previousRoundCountsThenAsk``).  A count has no operator to ask, so a
    tie that reaches the question stops the count with a :class:`TieError`
    naming the tied candidates; a contest without such a tie counts to the end.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, get_args

from hustings.count.result import TieBreak, Votes

TieMode = Literal[
    "lot",
    "random",
    "candidate-order",
    "permutation",
    "generate-permutation",
    "previous-round-then-random",
    "forward",
    "backward",
    "ask",
    "previous-round-then-ask",
]
TIE_MODES: tuple[TieMode, ...] = get_args(TieMode)


class TieError(ValueError):
    """A tie could not be decided under the chosen policy."""


@dataclass(frozen=True)
class TiePolicy:
    """How ties are decided. ``seed`` feeds the lot; ``order`` the permutation."""

    mode: TieMode = "lot"
    seed: int = 0
    order: tuple[str, ...] = ()


class JavaRandom:
    """``java.util.Random``'s linear congruential generator, bit for bit.

    Needed only to reproduce draws made by tabulators written in Java (RCTab
    documents its use of ``new Random(seed).nextDouble()``).
    """

    _MULT = 0x5DEECE66D
    _MASK = (1 << 48) - 1

    def __init__(self, seed: int) -> None:
        self._seed = (seed ^ self._MULT) & self._MASK

    def _next(self, bits: int) -> int:
        self._seed = (self._seed * self._MULT + 0xB) & self._MASK
        r = self._seed >> (48 - bits)
        # Java ints are signed 32-bit
        if r >= 1 << (bits - 1) and bits == 32:
            r -= 1 << 32
        return r

    def next_double(self) -> float:
        return ((self._next(26) << 27) + self._next(27)) * (1.0 / (1 << 53))

    def next_int(self, bound: int) -> int:
        if bound <= 0:
            raise ValueError("bound must be positive")
        if bound & (bound - 1) == 0:
            return (bound * self._next(31)) >> 31
        while True:
            bits = self._next(31)
            val = bits % bound
            if bits - val + (bound - 1) < (1 << 31):
                return val

    def shuffle(self, items: list[str]) -> None:
        """``java.util.Collections.shuffle(list, rnd)`` for a random-access list."""
        for i in range(len(items), 1, -1):
            j = self.next_int(i)
            items[i - 1], items[j] = items[j], items[i - 1]


class TieBreaker:
    """Decides the ties of one count; keeps the lot's state across rounds."""

    def __init__(self, policy: TiePolicy, candidates: Sequence[str]) -> None:
        self.policy = policy
        self._random = JavaRandom(policy.seed)
        self._draws = 0
        self._order: tuple[str, ...] = tuple(candidates)
        self._place: dict[str, int] | None = None  # each name's place in the order, once a tie asks
        if policy.mode == "permutation":
            if not policy.order:
                raise TieError("tie-break mode 'permutation' needs an order of candidates")
            self._order = policy.order
        elif policy.mode == "generate-permutation":
            names = sorted(candidates)
            self._random.shuffle(names)
            self._order = tuple(names)

    @property
    def order(self) -> tuple[str, ...]:
        """The order consulted by the order-based modes."""
        return self._order

    def decide(
        self,
        tied: Sequence[str],
        purpose: Literal["elect", "exclude"],
        history: Sequence[Mapping[str, Votes]] = (),
    ) -> TieBreak:
        """Choose one of ``tied`` to elect or exclude.

        ``history`` holds earlier rounds' tallies, oldest first (the current
        round excluded); it is consulted by the history-based modes.
        """
        names = tuple(sorted(tied))
        if len(names) < 2:
            raise TieError("a tie needs at least two candidates")
        mode = self.policy.mode
        if mode in ("candidate-order", "permutation", "generate-permutation"):
            return self._by_order(names, purpose)
        pool = list(names)
        if mode in ("forward", "backward"):
            rounds = list(enumerate(history, start=1))
            for n, tally in rounds if mode == "forward" else reversed(rounds):
                pool = _extremes(pool, tally, purpose)
                if len(pool) == 1:
                    return TieBreak(purpose, names, pool[0], _history_reason(pool[0], purpose, n))
        elif mode in ("previous-round-then-random", "previous-round-then-ask"):
            # RCTab looks back round by round, regrouping the names through a
            # java.util.HashSet each time; its lot then draws in that order.
            for n in range(len(history), 0, -1):
                pool = _extremes(java_hashset_order(pool), history[n - 1], purpose)
                if len(pool) == 1:
                    return TieBreak(purpose, names, pool[0], _history_reason(pool[0], purpose, n))
        if mode in ("ask", "previous-round-then-ask"):
            self._ask(pool, purpose)
        if mode in ("random", "previous-round-then-random"):
            # RCTab's draw: java.util.Random's next double scaled to the pool.
            chosen = pool[int(self._random.next_double() * len(pool))]
        else:
            self._draws += 1
            text = "\x00".join([str(self.policy.seed), str(self._draws), *sorted(pool)])
            import hashlib  # here, not at the top: only a lot drawn by seed needs it

            digest = hashlib.sha256(text.encode()).digest()
            chosen = sorted(pool)[int.from_bytes(digest, "big") % len(pool)]
        return TieBreak(purpose, names, chosen, f"by lot (seed {self.policy.seed})")

    def _by_order(self, names: tuple[str, ...], purpose: Literal["elect", "exclude"]) -> TieBreak:
        if self._place is None:
            self._place = {}
            for i, c in enumerate(self._order):
                self._place.setdefault(c, i)  # the first place, as tuple.index finds it
        place = self._place
        missing = [c for c in names if c not in place]
        if missing:
            raise TieError(f"tie between {', '.join(names)}: the tie-break order does not list {', '.join(missing)}")
        ranked = sorted(names, key=place.__getitem__)
        chosen = ranked[0] if purpose == "elect" else ranked[-1]
        what = "ballot-paper order" if self.policy.mode == "candidate-order" else "the tie-break permutation"
        where = "earliest" if purpose == "elect" else "latest"
        return TieBreak(purpose, names, chosen, f"{chosen} appears {where} in {what}")

    @staticmethod
    def _ask(pool: list[str], purpose: str) -> None:
        raise TieError(
            f"tie between {', '.join(sorted(pool))} for who to {purpose}: the tie-break policy asks an operator, "
            "and a count cannot ask; choose a policy that decides ties (e.g. random with a seed)"
        )


def _extremes(pool: Sequence[str], tally: Mapping[str, Votes], purpose: Literal["elect", "exclude"]) -> list[str]:
    """The candidates of ``pool`` with the most (to elect) or fewest (to exclude) votes in ``tally``."""
    values = {c: tally.get(c, 0) for c in pool}
    best = max(values.values()) if purpose == "elect" else min(values.values())
    return [c for c in pool if values[c] == best]


def _history_reason(chosen: str, purpose: Literal["elect", "exclude"], n: int) -> str:
    return f"{chosen} had the {'most' if purpose == 'elect' else 'fewest'} votes in round {n}"


def java_string_hash(s: str) -> int:
    """``String.hashCode()`` in Java (UTF-16 code units), as an unsigned 32-bit value."""
    h = 0
    data = s.encode("utf-16-le")
    for i in range(0, len(data), 2):
        h = (31 * h + (data[i] | data[i + 1] << 8)) & 0xFFFFFFFF
    return h


def java_hashset_order(names: Sequence[str]) -> list[str]:
    """The iteration order of ``new HashSet<>(names)`` in Java (default capacity and load factor)."""
    cap = 1
    while cap < max(int(len(names) / 0.75) + 1, 16):
        cap *= 2
    buckets: dict[int, list[str]] = {}
    for s in names:
        h = java_string_hash(s)
        bucket = buckets.setdefault((h ^ (h >> 16)) & (cap - 1), [])
        if s not in bucket:
            bucket.append(s)
    return [s for i in sorted(buckets) for s in buckets[i]]
