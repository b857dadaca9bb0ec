from __future__ import annotations

from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "hustings.web.imports"
    label = "web_imports"
    verbose_name = "Imports (pages)"
