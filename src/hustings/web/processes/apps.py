from __future__ import annotations

from django.apps import AppConfig


class ProcessesConfig(AppConfig):
    name = "hustings.web.processes"
    label = "web_processes"
    verbose_name = "Processes (pages)"
