from __future__ import annotations

from django.apps import AppConfig


class RulebooksConfig(AppConfig):
    name = "hustings.web.rulebooks"
    label = "rulebooks"
    verbose_name = "Rulebooks"
