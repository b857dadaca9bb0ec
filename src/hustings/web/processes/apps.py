from __future__ import annotations

from django.apps import AppConfig


class ProcessesConfig(AppConfig):
    name = "hustings.web.processes"
    label = "processes"
    verbose_name = "Processes"
