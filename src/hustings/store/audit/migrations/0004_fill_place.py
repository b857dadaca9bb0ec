"""Fill the organisation and unit of the audit rows written before they were recorded, where the
object still exists and leads to one (the rules of `hustings.store.audit.log.place`, frozen here as
they were, over the historical models). The append-only triggers are lifted for these updates only,
in the same transaction, and put back as migration 0002 wrote them."""

from __future__ import annotations

import importlib
from typing import Any

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

triggers = importlib.import_module("hustings.store.audit.migrations.0002_append_only_triggers")

OWNERS = ("membership", "comment", "debate", "process", "ballot", "person", "user")


def _place(apps: Apps, obj: Any, depth: int = 0) -> tuple[int | None, int | None]:
    label = obj._meta.label
    if label == "organisations.Organisation":
        return obj.pk, None
    if label == "organisations.Unit":
        return obj.organisation_id, obj.pk
    if label == "members.Person":
        units = list(
            apps.get_model("members", "Membership")
            .objects.filter(person=obj)
            .values_list("unit__organisation_id", "unit_id")[:2]
        )
        if not units:
            return None, None
        return units[0][0], units[0][1] if len(units) == 1 else None
    if label == "auth.User":
        person = apps.get_model("members", "Person").objects.filter(user=obj).first()
        if person is not None and (found := _place(apps, person, depth + 1)) != (None, None):
            return found
        role = apps.get_model("accounts", "Role").objects.filter(user=obj, unit__isnull=True).first()
        role = role or apps.get_model("accounts", "Role").objects.filter(user=obj).order_by("pk").first()
        return (role.organisation_id, role.unit_id) if role is not None else (None, None)
    names = {f.name for f in obj._meta.get_fields() if f.many_to_one}
    if "unit" in names and obj.unit_id is not None:
        unit = apps.get_model("organisations", "Unit").objects.filter(pk=obj.unit_id).first()
        if unit is not None:
            return unit.organisation_id, unit.pk
    if "organisation" in names and obj.organisation_id is not None:
        return obj.organisation_id, None
    if depth < 4:
        for name in OWNERS:
            owner = getattr(obj, name, None) if name in names else None
            if owner is not None:
                return _place(apps, owner, depth + 1)
    return None, None


def fill(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    entry = apps.get_model("audit", "AuditEntry")
    rows = entry.objects.filter(organisation__isnull=True)
    if not rows.exists():
        return
    triggers.drop(apps, schema_editor)
    for object_type, object_id in rows.values_list("object_type", "object_id").distinct():
        try:
            model = apps.get_model(object_type)
            obj = model.objects.filter(pk=object_id).first()
        except (LookupError, ValueError):
            continue
        if obj is None:
            continue
        organisation_id, unit_id = _place(apps, obj)
        if organisation_id is not None:
            rows.filter(object_type=object_type, object_id=object_id).update(
                organisation_id=organisation_id, unit_id=unit_id
            )
    triggers.create(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_place"),
        ("accounts", "0001_initial"),
        ("members", "0001_initial"),
        ("ballots", "0001_initial"),
        ("debates", "0001_initial"),
        ("imports", "0001_initial"),
        ("processes", "0002_nominations_renominate_after_withdrawal"),
        ("rulebooks", "0001_initial"),
    ]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
