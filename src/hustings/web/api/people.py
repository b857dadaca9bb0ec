"""Who may see whom through the API: a person themself, or an officer holding `members.view` over a
unit where the person has a membership (`hustings.services.access.units_in_scope`).

Someone who may see nobody's records but their own is refused with 403 whatever the reference; an
officer asking about a person outside their scope gets 404, as for a reference nobody has, so that
the API does not tell them who is on other units' registers.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from ninja.errors import HttpError

from hustings.services import access, members
from hustings.services.members import Person
from hustings.services.units import Unit

VIEW = "members.view"


def scope(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Unit]:
    """The units whose members `user` may see."""
    return access.units_in_scope(user, VIEW)


def visible_person(user: AbstractBaseUser | AnonymousUser, ref: str) -> tuple[Person, bool]:
    """The person with reference `ref` if `user` may see them, and whether it is the user themself.

    Raises `HttpError` 403 (not an officer and not themself) or 404 (no such person in reach)."""
    person = members.person_by_ref(ref)
    if person is not None and access.is_self(user, person):
        return person, True
    if not access.has_anywhere(user, VIEW):
        raise HttpError(403, "only you, or an officer with the members.view permission, may see this record")
    if person is None or not members.has_membership_in(person, scope(user)):
        raise HttpError(404, f"no person {ref!r} on a register you may see")
    return person, False
