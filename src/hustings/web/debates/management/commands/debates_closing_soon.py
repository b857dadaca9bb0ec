"""`hustings manage debates_closing_soon`: queue the background job that e-mails the speakers of
every debate closing within a day (once per debate), which `hustings worker` runs; run it hourly
from a timer (docs/deploy.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from hustings.services.debates.notifications import queue_closing_soon


class Command(BaseCommand):
    help = "Queue the e-mail to members who spoke in debates closing within 24 hours (sent by `hustings worker`)."

    def handle(self, *args: Any, **options: Any) -> None:
        job = queue_closing_soon()
        self.stdout.write(f"closing-soon e-mails queued (job {job.pk}); `hustings worker` sends them")
