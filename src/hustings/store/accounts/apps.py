from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "hustings.store.accounts"
    label = "accounts"
    verbose_name = "Accounts"
