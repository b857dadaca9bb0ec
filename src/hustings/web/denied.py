"""The 403 page in plain words. The services refuse with messages written for the API and the
logs ("you do not have the ballots.run permission over Highbury", docs/api.md); a person reading
the page is told instead who may do it ("Only a returning officer can do this, over Highbury"),
from the roles that hold the permission (`hustings.services.access.PERMISSIONS`)."""

from __future__ import annotations

import re

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from hustings.services.access import PERMISSIONS

_CODE = re.compile(r"(?:you do not have the|needs an organisation-wide) ([a-z_]+\.[a-z_]+) (?:permission|role)")
_OVER = re.compile(r" over (?P<where>.+)$|acting on (?P<whole>the whole of .+?) needs")


def plain(message: str) -> str:
    """The refusal in words with no permission code; a message with none is kept as it is."""
    found = _CODE.search(message)
    if found is None:
        return message[:1].upper() + message[1:] if message else ""
    kinds = sorted(str(kind.label) for kind in PERMISSIONS.get(found.group(1), ()))
    who = " or ".join(f"an {k}" if k[0] in "aeiou" else f"a {k}" for k in kinds) or _("an officer")
    place = _OVER.search(message)
    where = (place.group("where") or place.group("whole")) if place else ""
    if where and where != "here":
        return _("Only %(who)s can do this, over %(where)s.") % {"who": who, "where": where}
    return _("Only %(who)s can do this.") % {"who": who}


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Django's `handler403`: the page of 403.html, its reason in plain words."""
    reason = plain(str(exception or ""))
    return render(request, "403.html", {"reason": reason}, status=403)
