"""The Django app of the pages of the members' register: its templates, static files and URLs, no models."""

from __future__ import annotations

from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "hustings.web.members"
    label = "web_members"
    verbose_name = "Membership register (pages)"
