"""The Django app of mail deliveries."""

from __future__ import annotations

from django.apps import AppConfig


class MailConfig(AppConfig):
    name = "hustings.store.mail"
    label = "mail"
    verbose_name = "Mail deliveries"
