"""API endpoint: may this person vote in this ballot on this day, and why? Judged by
`hustings.services.eligibility.eligibility_for` with every rule applied and the reason in words.

A member may ask about themself, an officer about people in their scope (`people.visible_person`).
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router
from ninja.errors import HttpError

from hustings.rules import Ballot
from hustings.services.eligibility import eligibility_for
from hustings.web.api.people import visible_person
from hustings.web.api.rulebooks import shipped
from hustings.web.api.schemas import EligibilityOut, Error, Text, ValidationErrors

router = Router(tags=["eligibility"])


@router.get(
    "/",
    response={200: EligibilityOut, 401: Error, 403: Error, 404: Error, 422: ValidationErrors},
    summary="Check one person's eligibility",
)
def check_eligibility(
    request: HttpRequest,
    person: Text,
    rulebook: Text,
    process: Text,
    date: dt.date,
    freeze_date: dt.date | None = None,
) -> dict[str, object]:
    """`person` (a reference), `rulebook` (a shipped name), `process` (one of the rulebook's
    processes), `date` (the day of the ballot, YYYY-MM-DD) and optionally `freeze_date` (the day by
    which minimum-membership rules are measured, when the rulebook leaves it to the timetable)."""
    row, _ = visible_person(request.user, person)
    book = shipped(rulebook)
    if process not in book.processes:
        raise HttpError(404, f"rulebook {book.name} has no process {process!r} (it has: {', '.join(book.processes)})")
    ballot = Ballot(
        id=f"{book.name}/{process}/{date.isoformat()}", process=process, opens=date, freeze_date=freeze_date
    )
    decision = eligibility_for(row.ref, book, ballot, date)
    return {
        "person": row.ref,
        "rulebook": book.name,
        "process": process,
        "date": date,
        "freeze_date": freeze_date,
        "eligible": decision.eligible,
        "reason": decision.reason,
        "category": decision.category.value if decision.category is not None else None,
        "rules_applied": [
            {
                "rule": r.rule,
                "citation": r.citation,
                "passed": r.passed,
                "reason": r.reason,
                "category": r.category.value if r.category is not None else None,
            }
            for r in decision.rules_applied
        ],
    }
