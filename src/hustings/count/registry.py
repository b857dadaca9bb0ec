"""The methods Hustings counts with, by name.

Every method is a module exposing ``Options`` (a frozen dataclass whose
defaults are the rule's own) and ``count(profile, options) -> Result``.  The
registry maps a public name to its module and any preset options, and imports
the module only when the method is used, so the command line starts fast.
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from hustings.count.profile import Profile
from hustings.count.result import Result


@dataclass(frozen=True)
class Entry:
    module: str
    summary: str
    preset: Mapping[str, Any] = field(default_factory=dict)


METHODS: dict[str, Entry] = {
    # Single-winner and multi-winner instant runoff with RCTab's options.
    "irv": Entry("hustings.count.irv", "instant-runoff (alternative) vote, RCTab options"),
    # The single transferable vote family (hustings.count.stv).
    "scottish-stv": Entry("hustings.count.stv.scottish", "STV, Scottish local government rules (SSI 2007/42)"),
    "wigm": Entry("hustings.count.stv.wigm", "STV, weighted inclusive Gregory; exact fractions or fixed places"),
    "meek": Entry("hustings.count.stv.meek", "STV by Meek's method (Algorithm 123; NZ variant)"),
    "ers97": Entry("hustings.count.stv.ers97", "STV, Electoral Reform Society rules, 3rd edition (1997)"),
    # Plurality, runoff and scoring methods; Condorcet methods on the pairwise matrix.
    "plurality": Entry("hustings.count.plurality", "first past the post; with seats > 1, single non-transferable vote"),
    "two-round": Entry("hustings.count.two_round", "two-round system: majority, else a runoff of the top two"),
    "supplementary-vote": Entry("hustings.count.supplementary", "supplementary vote (English mayors, PCCs)"),
    "borda": Entry("hustings.count.borda", "Borda count (n-1, n-2, ... points)"),
    "dowdall": Entry("hustings.count.borda", "Dowdall count (1, 1/2, 1/3, ... points; Nauru)", {"points": "dowdall"}),
    "approval": Entry("hustings.count.approval", "approval voting: one point per candidate marked"),
    "exhaustive": Entry("hustings.count.exhaustive", "exhaustive ballot: vote again, fewest out, until a majority"),
    "copeland": Entry("hustings.count.condorcet.copeland", "Copeland: most pairwise wins"),
    "minimax": Entry("hustings.count.condorcet.minimax", "minimax (Simpson-Kramer): weakest worst defeat"),
    "schulze": Entry("hustings.count.condorcet.schulze", "Schulze (beatpath): strongest paths, winning votes"),
    "ranked-pairs": Entry("hustings.count.condorcet.ranked_pairs", "ranked pairs (Tideman): lock defeats by margin"),
}
"""Public method name -> where it lives. Methods add themselves here."""

ALIASES: dict[str, str] = {
    "av": "irv",
    "instant-runoff": "irv",
    "alternative-vote": "irv",
    "fptp": "plurality",
    "first-past-the-post": "plurality",
    "sntv": "plurality",
    "runoff": "two-round",
    "sv": "supplementary-vote",
    "supplementary": "supplementary-vote",
    "beatpath": "schulze",
    "tideman": "ranked-pairs",
}


class UnknownMethod(KeyError):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name

    def __str__(self) -> str:
        return f"unknown method {self.name!r}; known methods: {', '.join(sorted(METHODS))}"


def canonical(name: str) -> str:
    """The registered name for ``name`` or one of its aliases."""
    key = name.strip().lower().replace("_", "-")
    key = ALIASES.get(key, key)
    if key not in METHODS:
        raise UnknownMethod(name)
    return key


def load(name: str) -> tuple[Callable[..., Result], type[Any], Mapping[str, Any]]:
    """The method's ``count`` function, its ``Options`` class and preset."""
    entry = METHODS[canonical(name)]
    module = importlib.import_module(entry.module)
    return module.count, module.Options, entry.preset


def option_names(name: str) -> tuple[str, ...]:
    """Names of the options a method accepts."""
    _, options_cls, _ = load(name)
    return tuple(f.name for f in dataclasses.fields(options_cls))


def run(name: str, profile: Profile, **options: Any) -> Result:
    """Count ``profile`` with method ``name``.

    ``options`` override the method's defaults; unknown option names raise
    ``TypeError`` naming the options the method does accept.  ``seats=None``
    means the profile's own number of seats, or 1.
    """
    count, options_cls, preset = load(name)
    fields = {f.name for f in dataclasses.fields(options_cls)}
    values = {**preset, **options}
    if "seats" in fields:
        values["seats"] = values.get("seats") or profile.seats or 1
    elif (seats := values.pop("seats", None)) not in (None, 1):
        raise ValueError(
            f"method {canonical(name)!r} elects one candidate, but {seats} seats are to be filled; "
            "choose a method that fills several seats (e.g. STV) or set --seats 1"
        )
    unknown = sorted(set(values) - fields)
    if unknown:
        raise TypeError(
            f"method {canonical(name)!r} takes no option {', '.join(unknown)}; "
            f"its options are: {', '.join(sorted(fields)) or 'none'}"
        )
    return count(profile, options_cls(**values))
