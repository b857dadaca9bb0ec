"""The Django app of the pages of adopted rulebooks: its templates, static files and URLs, no models."""

from __future__ import annotations

from django.apps import AppConfig


class RulebooksConfig(AppConfig):
    name = "hustings.web.rulebooks"
    label = "web_rulebooks"
    verbose_name = "Rulebooks (pages)"
