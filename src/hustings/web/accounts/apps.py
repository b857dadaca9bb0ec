"""The Django app of sign-in, the member's home, roles and unlocking: templates, static files and URLs, no models."""

from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "hustings.web.accounts"
    label = "web_accounts"
    verbose_name = "Accounts (pages)"

    def ready(self) -> None:
        from hustings.web import checks  # registers Hustings' deployment checks

        del checks
