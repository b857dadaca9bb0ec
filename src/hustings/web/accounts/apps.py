from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "hustings.web.accounts"
    label = "web_accounts"
    verbose_name = "Accounts (pages)"
