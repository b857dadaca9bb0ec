"""The Django app of the models of adopted rulebooks, under the label its tables have always had."""

from __future__ import annotations

from django.apps import AppConfig


class RulebooksConfig(AppConfig):
    name = "hustings.store.rulebooks"
    label = "rulebooks"
    verbose_name = "Rulebooks"
