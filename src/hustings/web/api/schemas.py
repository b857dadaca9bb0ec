"""The API's request and response shapes (pydantic, through Django Ninja's `Schema`).

Dates are ISO 8601 (`2016-01-12`); money is whole pence; a unit is named by its `code` and a
person by their `ref` (membership number), the identifiers the register and the rules use.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Schema
from pydantic import Field

# A text parameter: up to 200 characters, any but NUL, which no database column can hold (a NUL in
# a query string is a 422, not a server error).
Text = Annotated[str, Field(pattern=r"^[^\x00]*$", max_length=200)]


class Error(Schema):
    """Every refusal: 401 (no or bad token), 403 (not allowed), 404 (no such thing, or not yours to see)."""

    detail: str = Field(description="What went wrong, in words.")


class ValidationErrors(Schema):
    """422: a parameter that does not parse (a date that is not YYYY-MM-DD, a page below 1)."""

    detail: list[dict[str, object]]


class OrganisationOut(Schema):
    slug: str
    name: str


class UnitOut(Schema):
    code: str
    name: str
    kind: str
    organisation: str = Field(description="The organisation's slug.")
    parent: str | None = Field(description="The parent unit's code; null at the top of the tree.")


class UnitDetailOut(UnitOut):
    ancestors: list[UnitOut] = Field(description="The unit's parent, its parent's parent ..., nearest first.")
    children: list[UnitOut]


class StatusChangeOut(Schema):
    status: str = Field(description="joined, lapsed, suspended, expelled or rejoined.")
    on: dt.date
    note: str


class PaymentOut(Schema):
    at: dt.datetime
    pence: int
    covers_until: dt.date | None


class MembershipSummary(Schema):
    unit: str = Field(description="The unit's code.")
    unit_name: str
    category: str = Field(description="member, affiliated_supporter or registered_supporter.")
    standing: str = Field(description="The membership's standing today (active, lapsed, suspended, ...).")


class MembershipOut(MembershipSummary):
    affiliate_member_since: dt.date | None
    history: list[StatusChangeOut]
    payments: list[PaymentOut]


class OfficeOut(Schema):
    kind: str
    unit: str
    unit_name: str
    start: dt.date
    end: dt.date | None


class MemberSummary(Schema):
    ref: str
    name: str
    email: str
    memberships: list[MembershipSummary] = Field(description="Memberships in units the caller may see.")


class MemberOut(Schema):
    ref: str
    name: str
    email: str
    memberships: list[MembershipOut]
    offices: list[OfficeOut]


class RuleAppliedOut(Schema):
    rule: str = Field(description="The rule's id in the rulebook.")
    citation: str = Field(description="The sources the rule cites.")
    passed: bool
    reason: str
    category: str | None = Field(description="The membership category the rule was checked for.")


class EligibilityOut(Schema):
    person: str
    rulebook: str
    process: str
    date: dt.date
    freeze_date: dt.date | None
    eligible: bool
    reason: str = Field(description="In plain words, with the rule that refused, if any.")
    category: str | None = Field(description="The category the vote comes through, when eligible.")
    rules_applied: list[RuleAppliedOut]


class RulebookSummary(Schema):
    name: str
    title: str
    organisation: str
    version: str
    effective: dt.date
    processes: list[str]
