"""Instant-runoff voting (the alternative vote), with every RCTab option.

(Options agreed for the RCTab work; the count itself is being written.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
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


@dataclass(frozen=True)
class Options:
    """IRV rules; each field names the RCTab rule it mirrors."""

    seats: int = 1  # numberOfWinners
    winner_mode: WinnerMode = "single-winner-majority"  # winnerElectionMode
    overvote_rule: OvervoteRule = "exhaust-immediately"  # overvoteRule
    max_skipped_ranks: int | None = None  # maxSkippedRanksAllowed (None: unlimited)
    max_rankings: int | None = None  # maxRankingsAllowed (None: max)
    exhaust_on_duplicate: bool = False  # exhaustOnDuplicateCandidate
    minimum_vote_threshold: int = 0  # minimumVoteThreshold
    decimal_places: int = 4  # decimalPlacesForVoteArithmetic
    batch_elimination: bool = False  # batchElimination
    continue_until_two_remain: bool = False  # continueUntilTwoCandidatesRemain
    hare_quota: bool = False  # hareQuota
    non_integer_threshold: bool = False  # nonIntegerWinningThreshold
    first_round_determines_threshold: bool = False  # doesFirstRoundDetermineThreshold
    bottoms_up_percentage: Fraction | None = None  # multiSeatBottomsUpPercentageThreshold
    stop_after_round: int | None = None  # stopTabulationEarlyAfterRound
    tie_break: TiePolicy = field(default_factory=TiePolicy)  # tiebreakMode, randomSeed
