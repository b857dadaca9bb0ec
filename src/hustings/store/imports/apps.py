"""The Django app of the models of member imports, under the label its tables have always had."""

from __future__ import annotations

from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "hustings.store.imports"
    label = "imports"
    verbose_name = "Imports"
