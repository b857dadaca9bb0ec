"""People, memberships (with status changes and payments) and offices in the Django admin, every change audited."""

from __future__ import annotations

from django.contrib import admin

from hustings.store.audit.audited_admin import AuditedAdmin
from hustings.store.members.models import Membership, Office, Payment, Person, StatusChange


class StatusChangeInline(admin.TabularInline):  # type: ignore[type-arg]
    model = StatusChange
    extra = 0


class PaymentInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Payment
    extra = 0


@admin.register(Person)
class PersonAdmin(AuditedAdmin):
    list_display = ["ref", "name", "email"]
    search_fields = ["ref", "name", "email"]


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ["person", "unit", "category"]
    list_filter = ["category"]
    search_fields = ["person__ref", "person__name"]
    inlines = [StatusChangeInline, PaymentInline]


@admin.register(Office)
class OfficeAdmin(AuditedAdmin):
    list_display = ["person", "kind", "unit", "start", "end"]
    list_filter = ["kind"]
