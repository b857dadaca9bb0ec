"""The Django app of the pages of member imports: its templates, static files and URLs, no models."""

from __future__ import annotations

from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "hustings.web.imports"
    label = "web_imports"
    verbose_name = "Imports (pages)"
