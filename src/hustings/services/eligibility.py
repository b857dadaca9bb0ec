"""Use case: may this person on the register vote in this ballot on this day, and why? And the
same judgement for each process of the rulebooks that apply to a person (their record page)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from hustings.rules import Ballot, Decision, Rulebook, eligibility, load_rulebook
from hustings.services import rulebooks
from hustings.services.register import person_history, to_history
from hustings.store.members.models import Person


def eligibility_for(person_ref: str, rulebook: Rulebook | str, ballot: Ballot, on_date: dt.date) -> Decision:
    """The rules' decision, with its reasons, for the person whose reference is `person_ref`.

    `rulebook` is a `Rulebook` or the name of a shipped one (`"labour-2016"`). Raises
    `UnknownPerson` when nobody on the register has that reference.
    """
    rules = load_rulebook(rulebook) if isinstance(rulebook, str) else rulebook
    return eligibility(person_history(person_ref), rules, ballot, on_date)


@dataclass(frozen=True)
class ProcessEligibility:
    """The decision, on a day, for one process with an electorate of one rulebook version."""

    version: rulebooks.Version
    process: str
    decision: Decision


def judged_rulebooks(person: Person) -> list[rulebooks.Version]:
    """The rulebooks a person is judged by: their organisations' adopted versions in force, or, if
    none has adopted one, every shipped rulebook."""
    organisations = {m.unit.organisation_id for m in person.memberships.all()}
    adopted = [v for v in (rulebooks.current(org) for org in sorted(organisations)) if v is not None]
    if adopted:
        return adopted
    return [v for versions in rulebooks.families().values() for v in versions]


def eligibility_table(person: Person, today: dt.date) -> list[ProcessEligibility]:
    """Today's eligibility for each process with an electorate in `judged_rulebooks(person)`, judged
    on the history already loaded on the person row (the same judgement as `eligibility_for`)."""
    history = to_history(person)
    table = []
    for version in judged_rulebooks(person):
        rulebook: Rulebook = version.rulebook
        for process, rules in rulebook.processes.items():
            if rules.electorate:
                ballot = Ballot(f"{version.key}:{process}", process, today)
                table.append(ProcessEligibility(version, process, eligibility(history, rulebook, ballot, today)))
    return table
