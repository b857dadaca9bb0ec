from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "hustings.web.accounts"
    label = "accounts"
    verbose_name = "Accounts"
