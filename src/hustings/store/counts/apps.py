"""The Django app of saved counts."""

from __future__ import annotations

from django.apps import AppConfig


class CountsConfig(AppConfig):
    name = "hustings.store.counts"
    label = "counts"
    verbose_name = "Saved counts"
