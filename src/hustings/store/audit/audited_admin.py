"""`AuditedAdmin`: Django's admin, with every add, change and delete written to the audit log
(who, what, when, the object's fields before and after), in the admin's own transaction."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import admin
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.forms import BaseFormSet, ModelForm
from django.forms.models import model_to_dict
from django.http import HttpRequest

from hustings.store.audit.log import record


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The object's fields as JSON-safe values (dates as ISO strings, related objects as their keys)."""
    fields = model_to_dict(obj)
    for name in ("password",):  # never copy a secret into the log
        if name in fields:
            fields[name] = "(hidden)"
    loaded: dict[str, Any] = json.loads(json.dumps(fields, cls=DjangoJSONEncoder, default=str))
    return loaded


class AuditedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:  # type: ignore[type-arg]
        before = snapshot(type(obj).objects.get(pk=obj.pk)) if change and obj.pk else None
        super().save_model(request, obj, form, change)
        record(request.user, "admin: change" if change else "admin: add", obj, before, snapshot(obj))

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        record(request.user, "admin: delete", obj, snapshot(obj), None)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            record(request.user, "admin: delete", obj, snapshot(obj), None)
        super().delete_queryset(request, queryset)

    def save_formset(self, request: HttpRequest, form: Any, formset: BaseFormSet, change: bool) -> None:  # type: ignore[type-arg]
        before = {
            f.instance.pk: snapshot(type(f.instance).objects.get(pk=f.instance.pk))
            for f in formset.forms
            if f.instance.pk and f.has_changed()
        }
        for deleted in formset.deleted_forms:  # recorded while they still have their keys
            if deleted.instance.pk:
                record(request.user, "admin: delete", deleted.instance, snapshot(deleted.instance), None)
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:  # type: ignore[attr-defined]
            record(request.user, "admin: add", obj, None, snapshot(obj))
        for obj, _fields in formset.changed_objects:  # type: ignore[attr-defined]
            record(request.user, "admin: change", obj, before.get(obj.pk), snapshot(obj))
