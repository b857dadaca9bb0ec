"""Pure counting: ballot profiles, methods and the round-by-round record.

No I/O, no clock, no Django: a method is a function ``(profile, options) ->
Result`` with exact arithmetic as its rule prescribes.
"""

from hustings.count.profile import OVERVOTE, UNDECLARED_WRITE_IN, Profile, Rank, Ranking, Weight, ranking
from hustings.count.registry import METHODS, UnknownMethod, run
from hustings.count.result import Action, Result, Round, TieBreak, Votes, decimal_string

__all__ = [
    "METHODS",
    "OVERVOTE",
    "UNDECLARED_WRITE_IN",
    "Action",
    "Profile",
    "Rank",
    "Ranking",
    "Result",
    "Round",
    "TieBreak",
    "UnknownMethod",
    "Votes",
    "Weight",
    "decimal_string",
    "ranking",
    "run",
]
