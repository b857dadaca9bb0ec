"""Roles and API tokens in the Django admin, every change audited."""

from __future__ import annotations

from django.contrib import admin

from hustings.store.accounts.models import ApiToken, Role
from hustings.store.audit.audited_admin import AuditedAdmin


@admin.register(Role)
class RoleAdmin(AuditedAdmin):
    list_display = ["user", "kind", "organisation", "unit"]
    list_filter = ["kind", "organisation"]
    search_fields = ["user__username", "unit__code", "unit__name"]
    autocomplete_fields = ["unit"]


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedAdmin):
    """Tokens can be seen and revoked here; keys are never shown (only their digests are stored)."""

    list_display = ["name", "user", "created", "last_used"]
    readonly_fields = ["digest", "created", "last_used"]

    def has_add_permission(self, request: object) -> bool:
        return False
