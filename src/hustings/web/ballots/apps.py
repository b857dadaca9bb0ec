"""The Django app of the pages of ballots: its templates, static files and URLs, no models."""

from __future__ import annotations

from django.apps import AppConfig


class BallotsConfig(AppConfig):
    name = "hustings.web.ballots"
    label = "web_ballots"
    verbose_name = "Ballots (pages)"
