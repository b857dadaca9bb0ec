"""The counting methods as officers choose them: a human name and a one-line explanation for each
method of `hustings.count.registry.METHODS` (a test checks that none is missing)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hustings.count.registry import METHODS

NAMES: dict[str, tuple[Promise, Promise]] = {
    "irv": (_("Instant-runoff vote"), _("the last candidate is eliminated and transferred until one has a majority")),
    "scottish-stv": (_("STV, Scottish rules"), _("single transferable vote as in Scottish council elections")),
    "wigm": (
        _("STV, weighted inclusive Gregory"),
        _("single transferable vote, surpluses transferred by exact weights"),
    ),
    "meek": (_("STV, Meek's method"), _("single transferable vote, recomputed each round so transfers are exact")),
    "ers97": (_("STV, Electoral Reform Society 1997"), _("single transferable vote counted by hand-count rules")),
    "plurality": (_("First past the post"), _("most first preferences wins; with several seats, the top few")),
    "two-round": (_("Two-round system"), _("a majority wins, else a runoff between the top two")),
    "supplementary-vote": (
        _("Supplementary vote"),
        _("a first and a second choice; without a majority, the top two gain the second choices"),
    ),
    "borda": (_("Borda count"), _("points for each place on the paper: the most points wins")),
    "dowdall": (_("Dowdall count"), _("1 point for a first place, 1/2 for a second, 1/3 for a third…")),
    "approval": (_("Approval voting"), _("one point for each candidate the voter marks")),
    "exhaustive": (_("Exhaustive ballot"), _("the fewest are eliminated and everyone votes again until a majority")),
    "copeland": (_("Copeland"), _("the candidate who beats the most others head to head")),
    "minimax": (_("Minimax"), _("the candidate whose worst head-to-head defeat is smallest")),
    "schulze": (_("Schulze"), _("head-to-head contests, the strongest chains of wins decide")),
    "ranked-pairs": (_("Ranked pairs"), _("the biggest head-to-head wins are locked in first")),
}


def choices() -> list[tuple[str, str]]:
    """(method, "Name: explanation") for a select, in the registry's order."""
    return [(key, f"{NAMES[key][0]}: {NAMES[key][1]}") for key in METHODS if key in NAMES]
