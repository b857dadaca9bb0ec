"""Security at the edge: the Content-Security-Policy.

The policy is a header built from `settings.CONTENT_SECURITY_POLICY` (a directive to its sources),
sent on every response, HTML or not. It is our own few lines rather than django-csp: no page has
an inline script or style, so there are no nonces or hashes to manage, and a dict in the settings
reads as the header it becomes. A view that needs one source more sets `csp_update` on its
response (`{"img-src": "'self' data:"}` for the API documentation's icons); nothing loosens the
policy of any other page.
"""

from __future__ import annotations

from collections.abc import Callable
from django.conf import settings
from django.http import HttpRequest, HttpResponse

HEADER = "Content-Security-Policy"


def policy(update: dict[str, str] | None = None) -> str:
    directives = {**settings.CONTENT_SECURITY_POLICY, **(update or {})}
    return "; ".join(f"{name} {sources}".strip() for name, sources in directives.items())


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if HEADER not in response:
            response[HEADER] = policy(getattr(response, "csp_update", None))
        return response

