"""The Django app of the models of accounts (roles and API tokens), under the label its tables have always had."""

from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "hustings.store.accounts"
    label = "accounts"
    verbose_name = "Accounts"
