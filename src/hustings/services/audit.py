"""Use cases: write one row of the audit log for an officer's action, with the organisation and unit
of its object (`place`); read the rows an auditor may see (`visible`)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from hustings.services import access
from hustings.store.audit.log import JSON, actor_name, place, record
from hustings.store.audit.models import AuditEntry as AuditEntry

__all__ = ["JSON", "actor_name", "place", "record", "visible"]


def visible(user: access.User) -> QuerySet[AuditEntry]:
    """The rows `user` may read (`audit.view`): every row of an organisation they audit as a whole,
    and the rows of units in their scope; never another organisation's, nor rows of no organisation."""
    whole = access.whole_organisations(user, "audit.view")
    scope = access.units_in_scope(user, "audit.view")
    return AuditEntry.objects.filter(Q(organisation__in=whole) | Q(unit__in=scope))
