"""The main navigation, built per request from what the user may do (links only: every view
checks its own permission on the server)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from hustings.services import access

# (label, URL name, permission needed or None for every signed-in user)
ITEMS: list[tuple[str, str, str | None]] = [
    ("Home", "accounts:home", None),
    ("Units", "organisations:tree", None),
    ("Members", "members:search", "members.view"),
    ("Import", "imports:index", "members.import"),
    ("Rulebooks", "rulebooks:index", None),
    ("Ballots", "ballots:list", None),
    ("Processes", "processes:list", None),
    ("Debates", "debates:index", None),
    ("Audit log", "audit:log", "audit.view"),
    ("Roles", "accounts:roles", "units.manage"),
    ("Unlock accounts", "accounts:unlock", "accounts.unlock"),
    ("API tokens", "api:tokens", None),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    if not user.is_authenticated:
        return {"navigation": []}
    items = []
    for label, name, permission in ITEMS:
        if permission is None or access.has_anywhere(user, permission):
            path = reverse(name)
            current = request.path == path if name == "accounts:home" else request.path.startswith(path)
            items.append({"label": label, "url": path, "current": current})
    return {"navigation": items}
