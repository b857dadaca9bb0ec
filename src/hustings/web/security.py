"""Security at the edge: the Content-Security-Policy, the client's address, the sign-in throttle.

The policy is a header built from `settings.CONTENT_SECURITY_POLICY` (a directive to its sources),
sent on every response, HTML or not. It is our own few lines rather than django-csp: no page has
an inline script or style, so there are no nonces or hashes to manage, and a dict in the settings
reads as the header it becomes. A view that needs one source more sets `csp_update` on its
response (`{"img-src": "'self' data:"}` for the API documentation's icons); nothing loosens the
policy of any other page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from axes.backends import AxesStandaloneBackend
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


def client_address(request: HttpRequest) -> str | None:
    """The address the request came from, for counting failed sign-ins. With `HUSTINGS_PROXIES=n`
    reverse proxies in front, the n-th address from the right of `X-Forwarded-For` (the one the
    outermost of our proxies saw; anything left of it the client may have written itself);
    otherwise, or when the header is shorter, the connection's own address."""
    proxies: int = settings.PROXIES
    if proxies:
        header: str = request.META.get("HTTP_X_FORWARDED_FOR", "")
        forwarded = [a.strip() for a in header.split(",") if a.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    address: str | None = request.META.get("REMOTE_ADDR")
    return address


class SignInThrottle(AxesStandaloneBackend):  # type: ignore[misc]  # django-axes ships no type information
    """django-axes's backend, refusing a locked-out account or address before any password is
    checked. Every sign-in over the web passes its request (Django's sign-in and admin views do);
    a call without one (a script or a test calling `authenticate` directly) has no address to count
    and is let through to the password check, where django-axes would raise instead."""

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)  # type: ignore[no-any-return]
