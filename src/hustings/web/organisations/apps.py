"""The Django app of the pages of organisations and units: its templates, static files and URLs, no models."""

from __future__ import annotations

from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "hustings.web.organisations"
    label = "web_organisations"
    verbose_name = "Organisations and units (pages)"
