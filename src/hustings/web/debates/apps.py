"""The Django app of the debate pages; at start it hands the debate services the builder of debate links."""

from __future__ import annotations

from django.apps import AppConfig


class DebatesConfig(AppConfig):
    name = "hustings.web.debates"
    label = "web_debates"
    verbose_name = "Debates (pages)"

    def ready(self) -> None:
        from hustings.services.debates import notifications
        from hustings.web.debates.links import DebateLinks

        notifications.use_links(DebateLinks())
