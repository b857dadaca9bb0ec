"""Use case: may this person on the register vote in this ballot on this day, and why? And the
same judgement for each process of the rulebook in force for a person's organisation (their
record page)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from hustings.rules import Ballot, Decision, Rulebook, eligibility, load_rulebook
from hustings.services import rulebooks
from hustings.services.register import person_history, to_history
from hustings.store.members.models import Person
from hustings.store.processes.models import Process


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


def in_force(organisation_id: int) -> rulebooks.Version | None:
    """The rulebook in force for an organisation (issue #14, "the rulebook in force only"): the
    version it adopted last (`rulebooks.current`), else the shipped rulebook its latest process
    runs under, else none. A rulebook another organisation follows (the Australian one, say) is
    never the measure of this organisation's members."""
    adopted = rulebooks.current(organisation_id)
    if adopted is not None:
        return adopted
    latest = Process.objects.filter(organisation_id=organisation_id).order_by("-opened_at", "-id").first()
    if latest is None:
        return None
    try:
        return rulebooks.version(latest.rulebook_name)
    except rulebooks.UnknownRulebook:
        return None


def judged_rulebooks(person: Person) -> list[rulebooks.Version]:
    """The rulebooks a person is judged by: the one in force for each of their organisations."""
    organisations = {m.unit.organisation_id for m in person.memberships.all()}
    found = [v for v in (in_force(org) for org in sorted(organisations)) if v is not None]
    return list({v.key: v for v in found}.values())


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
