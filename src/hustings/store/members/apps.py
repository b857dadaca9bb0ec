"""The Django app of the models of the members' register, under the label its tables have always had."""

from __future__ import annotations

from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "hustings.store.members"
    label = "members"
    verbose_name = "Membership register"
