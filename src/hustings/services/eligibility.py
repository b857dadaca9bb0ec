"""Use case: may this person on the register vote in this ballot on this day, and why?"""

from __future__ import annotations

import datetime as dt

from hustings.rules import Ballot, Decision, Rulebook, eligibility, load_rulebook
from hustings.services.register import person_history


def eligibility_for(person_ref: str, rulebook: Rulebook | str, ballot: Ballot, on_date: dt.date) -> Decision:
    """The rules' decision, with its reasons, for the person whose reference is `person_ref`.

    `rulebook` is a `Rulebook` or the name of a shipped one (`"labour-2016"`). Raises
    `UnknownPerson` when nobody on the register has that reference.
    """
    rules = load_rulebook(rulebook) if isinstance(rulebook, str) else rulebook
    return eligibility(person_history(person_ref), rules, ballot, on_date)
