"""The main navigation, built per request from what the user may do (links only: every view
checks its own permission on the server)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from hustings.services import access

# (label, path, permission needed or None for every signed-in user)
ITEMS: list[tuple[str, str, str | None]] = [
    ("Home", "/", None),
    ("Units", "/units/", None),
    ("Members", "/members/", "members.view"),
    ("Import", "/imports/", "members.import"),
    ("Rulebooks", "/rulebooks/", None),
    ("Ballots", "/ballots/", None),
    ("Processes", "/processes/", None),
    ("Debates", "/debates/", None),
    ("Audit log", "/audit/", "audit.view"),
    ("Roles", "/accounts/roles/", "units.manage"),
    ("Unlock accounts", "/accounts/unlock/", "accounts.unlock"),
    ("API tokens", "/api/tokens/", None),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    if not user.is_authenticated:
        return {"navigation": []}
    items = []
    for label, path, permission in ITEMS:
        if permission is None or access.has_anywhere(user, permission):
            current = request.path == path if path == "/" else request.path.startswith(path)
            items.append({"label": label, "url": path, "current": current})
    return {"navigation": items}
