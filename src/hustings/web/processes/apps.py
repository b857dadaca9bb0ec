"""The Django app of the pages of processes: its templates, static files and URLs, no models."""

from __future__ import annotations

from django.apps import AppConfig


class ProcessesConfig(AppConfig):
    name = "hustings.web.processes"
    label = "web_processes"
    verbose_name = "Processes (pages)"
