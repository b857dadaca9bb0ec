"""The confirmation step before an officer's drastic step (issue #14): suspending a unit or a
member, revoking a role or an API token. The page's button posts the request; a POST without
`confirmed=yes` changes nothing and answers with a page saying, in plain words, what the step will
do, carrying the same fields back with a button that confirms (like closing and publishing a
ballot, `hustings.web.ballots.views.close`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

CONFIRMED = "confirmed"


def confirmed(request: HttpRequest) -> bool:
    """Whether this POST comes from the confirmation page's button."""
    return request.POST.get(CONFIRMED) == "yes"


def confirmation(
    request: HttpRequest,
    *,
    title: str,
    consequences: Sequence[str],
    fields: Iterable[str],
    button: str,
    back: str,
    back_label: str,
) -> HttpResponse:
    """The page asking to confirm: `consequences` in words, the posted `fields` carried back hidden,
    `button` confirming, a link to `back` cancelling."""
    carried = [(name, value) for name in fields for value in request.POST.getlist(name)]
    context = {
        "title": title,
        "consequences": consequences,
        "carried": carried,
        "action": request.path,
        "button": button,
        "back": back,
        "back_label": back_label,
    }
    return render(request, "confirm_step.html", context)
