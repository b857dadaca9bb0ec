"""The Django app of the models of debates, under the label its tables have always had."""

from __future__ import annotations

from django.apps import AppConfig


class DebatesConfig(AppConfig):
    name = "hustings.store.debates"
    label = "debates"
    verbose_name = "Debates"
