"""Organisations and units in the Django admin, every change audited."""

from __future__ import annotations

from django.contrib import admin

from hustings.store.audit.audited_admin import AuditedAdmin
from hustings.store.organisations.models import Organisation, Unit


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ["name", "slug"]


@admin.register(Unit)
class UnitAdmin(AuditedAdmin):
    list_display = ["code", "name", "kind", "parent"]
    list_filter = ["kind", "organisation"]
    search_fields = ["code", "name"]
