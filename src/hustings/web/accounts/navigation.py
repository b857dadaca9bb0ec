"""The main navigation, built per request from what the user may do (links only: every view
checks its own permission on the server)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hustings.services import access
from hustings.services.debates import names

# (label, URL name, permission needed or None for every signed-in user)
ITEMS: list[tuple[Promise, str, str | None]] = [
    (_("Home"), "accounts:home", None),
    (_("Units"), "organisations:tree", None),
    (_("Members"), "members:search", "members.view"),
    (_("Import"), "imports:index", "members.import"),
    (_("Rulebooks"), "rulebooks:index", None),
    (_("Ballots"), "ballots:list", None),
    (_("Processes"), "processes:list", None),
    (_("Debates"), "debates:index", None),
    (_("Audit log"), "audit:log", "audit.view"),
    (_("Roles"), "accounts:roles", "units.manage"),
    (_("Unlock accounts"), "accounts:unlock", "accounts.unlock"),
    (_("API tokens"), "api:tokens", None),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    if not user.is_authenticated:
        return {"navigation": []}
    shown = names.name_of(user)  # issue #14: the header names the person, not the username
    items = []
    for label, name, permission in ITEMS:
        if permission is None or access.has_anywhere(user, permission):
            path = reverse(name)
            current = request.path == path if name == "accounts:home" else request.path.startswith(path)
            items.append({"label": label, "url": path, "current": current})
    return {"navigation": items, "signed_in_name": shown}
