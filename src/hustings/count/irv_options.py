"""The options of an instant-runoff count (`Options`, each field the RCTab rule it mirrors) and
their record in a result (`options_record`), shared by the general count (`irv`) and its fast
path for the plain single-winner case (`irv_fast`), so that neither imports the other."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from hustings.count.ties import TiePolicy

WinnerMode = Literal[
    "single-winner-majority",  # RCTab singleWinnerMajority
    "multi-winner-one-per-round",  # multiWinnerAllowOnlyOneWinnerPerRound
    "multi-winner-multiple-per-round",  # multiWinnerAllowMultipleWinnersPerRound
    "bottoms-up",  # bottomsUp
    "bottoms-up-percentage",  # bottomsUpUsingPercentageThreshold
    "multi-pass",  # multiPassIrv (sequential)
]
OvervoteRule = Literal[
    "exhaust-immediately",  # exhaustImmediately
    "always-skip-to-next-rank",  # alwaysSkipToNextRank
    "exhaust-if-multiple-continuing",  # exhaustIfMultipleContinuing
]

NO_RANKINGS = "no_rankings"
"""Inactive cause: the ballot ranked nobody (RCTab's undervotes)."""


@dataclass(frozen=True)
class Options:
    """IRV rules; each field names the RCTab rule it mirrors.

    RCTab refuses some combinations (several seats with ``singleWinnerMajority``, batch elimination
    with several seats...); the configuration reader does too.  Given here, ``seats > 1`` with the
    single-winner mode counts as ``multi-winner-multiple-per-round``.
    """

    seats: int = 1  # numberOfWinners (0 with bottoms-up-percentage)
    winner_mode: WinnerMode = "single-winner-majority"  # winnerElectionMode
    overvote_rule: OvervoteRule = "exhaust-immediately"  # overvoteRule
    max_skipped_ranks: int | None = None  # maxSkippedRanksAllowed (None: unlimited)
    max_rankings: int | None = None  # maxRankingsAllowed (None: max)
    exhaust_on_duplicate: bool = False  # exhaustOnDuplicateCandidate
    minimum_vote_threshold: int = 0  # minimumVoteThreshold (RCTab 1.x)
    decimal_places: int = 4  # decimalPlacesForVoteArithmetic
    batch_elimination: bool = False  # batchElimination
    continue_until_two_remain: bool = False  # continueUntilTwoCandidatesRemain
    hare_quota: bool = False  # hareQuota
    non_integer_threshold: bool = False  # nonIntegerWinningThreshold
    first_round_determines_threshold: bool = False  # doesFirstRoundDetermineThreshold
    bottoms_up_percentage: Fraction | Decimal | None = None  # multiSeatBottomsUpPercentageThreshold / 100
    stop_after_round: int | None = None  # stopTabulationEarlyAfterRound
    tie_break: TiePolicy = field(default_factory=TiePolicy)  # tiebreakMode, randomSeed
    cutoff_elimination: bool = False  # cutoffElimination (bottoms-up percentage)


def options_record(o: Options) -> dict[str, object]:
    record: dict[str, object] = {}
    for f in dataclasses.fields(o):
        v = getattr(o, f.name)
        if isinstance(v, TiePolicy):
            record["tie_break"] = v.mode
            record["seed"] = v.seed
        elif v is not None and v != f.default:
            record[f.name] = v
    return record
