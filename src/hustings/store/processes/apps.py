"""The Django app of the models of processes, under the label its tables have always had."""

from __future__ import annotations

from django.apps import AppConfig


class ProcessesConfig(AppConfig):
    name = "hustings.store.processes"
    label = "processes"
    verbose_name = "Processes"
