"""`python -m hustings.web debates_closing_soon`: e-mail the speakers of every debate that closes
within a day (once per debate); run it from cron, e.g. hourly."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from hustings.services.debates.notifications import send_closing_soon


class Command(BaseCommand):
    help = "E-mail the members who spoke in debates closing within 24 hours (once per debate)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_closing_soon(timezone.now())
        self.stdout.write(f"{sent} closing-soon message{'s' if sent != 1 else ''} sent")
