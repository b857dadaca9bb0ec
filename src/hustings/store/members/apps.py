from __future__ import annotations

from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "hustings.store.members"
    label = "members"
    verbose_name = "Membership register"
