"""The Django app of the models of organisations and units, under the label its tables have always had."""

from __future__ import annotations

from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "hustings.store.organisations"
    label = "organisations"
    verbose_name = "Organisations and units"
