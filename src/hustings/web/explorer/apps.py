"""The Django app of the explorer and the count page: templates, static files, URLs and API
operations, no models."""

from __future__ import annotations

from django.apps import AppConfig


class ExplorerConfig(AppConfig):
    name = "hustings.web.explorer"
    label = "web_explorer"
    verbose_name = "Explorer and counting (pages)"
