from __future__ import annotations

from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "hustings.store.organisations"
    label = "organisations"
    verbose_name = "Organisations and units"
