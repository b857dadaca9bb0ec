"""API endpoints over the register: organisations and the unit tree (the caller's own organisations:
`hustings.services.visible`) and members (officers with `members.view` over the person's units, or
the person themself).

No `from __future__ import annotations` here: Ninja reads the parameters' types when the routes are
declared, the paginated endpoint's from inside its wrapper, where this module's names are unknown."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PaginationBase, paginate
from pydantic import Field

from hustings.rules import Category, Standing
from hustings.services import access, visible
from hustings.services import members as members_service
from hustings.services import units as units_service
from hustings.services.register import MembershipToday, standings
from hustings.services.units import Organisation, Unit
from hustings.web.api.people import scope, visible_person
from hustings.web.api.schemas import (
    Error,
    MemberOut,
    MemberSummary,
    OrganisationOut,
    Text,
    UnitDetailOut,
    UnitOut,
    ValidationErrors,
)

organisations = Router(tags=["register"])
units = Router(tags=["register"])
members = Router(tags=["members"])

_REFUSED = {401: Error, 403: Error}
_MISSING = {401: Error, 404: Error}


def _unit(row: Unit) -> dict[str, object]:
    """A unit row whose organisation and parent are loaded (select_related)."""
    return {
        "code": row.code,
        "name": row.name,
        "kind": row.kind,
        "organisation": row.organisation.slug,
        "parent": row.parent.code if row.parent is not None else None,
    }


def _units() -> QuerySet[Unit]:
    return units_service.tree()


def _readable(request: HttpRequest) -> QuerySet[Unit]:
    """The units of the caller's organisations: those of any other are neither listed nor found."""
    return _units().filter(organisation__in=visible.organisations(request.user))


@organisations.get("/", response={200: list[OrganisationOut], 401: Error}, summary="List organisations")
def list_organisations(request: HttpRequest) -> QuerySet[Organisation]:
    """The organisations the caller belongs to (a membership or a role), by slug."""
    return visible.organisations(request.user).order_by("slug")


@units.get("/", response={200: list[UnitOut], 401: Error, 404: Error}, summary="List units (the tree)")
def list_units(request: HttpRequest, organisation: Text | None = None, parent: Text | None = None) -> list[object]:
    """The unit trees of the caller's organisations, each unit naming its parent's code. `organisation`
    (a slug) and `parent` (a unit code: its children only) narrow the list; an unknown slug or code,
    or another organisation's, is a 404."""
    rows = _readable(request)
    if organisation is not None:
        if not visible.organisations(request.user).filter(slug=organisation).exists():
            raise HttpError(404, f"no organisation {organisation!r}")
        rows = rows.filter(organisation__slug=organisation)
    if parent is not None:
        if not visible.units(request.user).filter(code=parent).exists():
            raise HttpError(404, f"no unit {parent!r}")
        rows = rows.filter(parent__code=parent)
    # plain tuples, not model instances: the whole tree of a large party is thousands of rows
    fields = ("code", "name", "kind", "organisation__slug", "parent__code")
    return [
        {"code": code, "name": name, "kind": kind, "organisation": slug, "parent": parent_code}
        for code, name, kind, slug, parent_code in rows.values_list(*fields)
    ]


@units.get("/{code}/", response={200: UnitDetailOut, **_MISSING}, summary="One unit, its ancestors and children")
def get_unit(request: HttpRequest, code: Text) -> dict[str, object]:
    row = _readable(request).filter(code=code).first()
    if row is None:
        raise HttpError(404, f"no unit {code!r}")
    ancestors = [_unit(u) for u in access.lineage(row)[1:]]
    children = [_unit(u) for u in _units().filter(parent=row)]
    return {**_unit(row), "ancestors": ancestors, "children": children}


class AfterRef(PaginationBase):
    """Ninja pagination by keyset, as the register's search pages (`hustings.services.members`):
    `after` is the last membership number of the page before, and the answer's `next_after` the one
    to ask after next (null on the last page). A page far into a register of 600,000 is as quick as
    the first, which page numbers with a total count are not."""

    class Input(Schema):
        after: Text | None = Field(None, description="The last `ref` of the page before; empty: the first page.")

    class Output(Schema):
        items: list[Any]
        next_after: str | None = Field(description="Pass as `after` for the next page; null on the last.")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(pass_parameter="page")

    def paginate_queryset(self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any) -> Any:
        return queryset  # the search has already cut the page where `after` said


def _summary(row: members_service.Row) -> dict[str, object]:
    person = row.person
    return {
        "ref": person.ref,
        "name": person.name,
        "email": person.email,
        "memberships": [
            {"unit": m.unit.code, "unit_name": m.unit.name, "category": m.category, "standing": standing.value}
            for m, standing in row.memberships
        ],
    }


@members.get(
    "/",
    response={200: list[MemberSummary], **_REFUSED, 404: Error, 422: ValidationErrors},
    summary="Search the register (officers)",
)
@paginate(AfterRef)
def list_members(
    request: HttpRequest,
    unit: Text | None = None,
    category: Category | None = None,
    standing: Standing | None = None,
    q: Text | None = None,
    **kwargs: Any,
) -> dict[str, object]:
    """People with a membership in a unit where the caller holds `members.view`, in membership-number
    order, 50 a page (`hustings.services.members.search`). `unit` (a code within the caller's scope)
    keeps memberships in that unit or beneath it; `category` and `standing` (today) one of each; `q`
    the start of a name, a membership number (or its start) or a whole e-mail address."""
    search = members_service.Search(
        text=q or "",
        unit=unit or "",
        category=category.value if category else "",
        standing=standing.value if standing else "",
        after=kwargs["page"].after or "",
    )
    try:
        results = members_service.search(request.user, search)
    except PermissionDenied as refusal:
        raise HttpError(403, str(refusal)) from None
    except members_service.MemberEditError as error:
        raise HttpError(404, str(error)) from None
    return {"items": [_summary(row) for row in results.rows], "next_after": results.next_after}


def _membership(judged: MembershipToday) -> dict[str, object]:
    m = judged.row
    return {
        "unit": m.unit.code,
        "unit_name": m.unit.name,
        "category": m.category,
        "affiliate_member_since": m.affiliate_member_since,
        "standing": judged.standing.value,
        "history": [{"status": c.status, "on": c.on, "note": c.note} for c in m.changes.all()],
        "payments": [{"at": p.at, "pence": p.pence, "covers_until": p.covers_until} for p in m.payments.all()],
    }


@members.get("/{ref}/", response={200: MemberOut, **_REFUSED, 404: Error}, summary="One person's record")
def get_member(request: HttpRequest, ref: Text) -> dict[str, object]:
    """A person's memberships (with status history and payments) and offices: for the person
    themself (every membership) or an officer (the memberships in units within their scope)."""
    person, themself = visible_person(request.user, ref)
    row = members_service.record_within(person, None if themself else scope(request.user))
    today = dt.date.today()
    return {
        "ref": row.ref,
        "name": row.name,
        "email": row.email,
        "memberships": [_membership(judged) for judged in standings(row, today)],
        "offices": [
            {"kind": o.kind, "unit": o.unit.code, "unit_name": o.unit.name, "start": o.start, "end": o.end}
            for o in row.offices.all()
        ],
    }
