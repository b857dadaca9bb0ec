"""The links in the debates' e-mails, built from the URL names (`reverse`), handed to the
notifications service when the app starts (services know no URLs)."""

from __future__ import annotations

from django.urls import reverse


class DebateLinks:
    def debate(self, debate_id: int, comment_id: int | None = None) -> str:
        path = reverse("debates:debate", args=[debate_id])
        return f"{path}#c{comment_id}" if comment_id is not None else path

    def preferences(self) -> str:
        return reverse("debates:preferences")
