"""The Django app of the models of ballots, under the label its tables have always had."""

from __future__ import annotations

from django.apps import AppConfig


class BallotsConfig(AppConfig):
    name = "hustings.store.ballots"
    label = "ballots"
    verbose_name = "Ballots"
