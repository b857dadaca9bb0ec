"""A rate limit on the public API operations for visitors who are not signed in.

Counting and re-counting elections cost the server work, and these operations answer anyone; a
visitor with neither a signed-in session nor a valid API token is held to
`HUSTINGS_ANONYMOUS_API_RATES` (a setting; default 60 analyses and 10 counts a minute per address,
the address read as the sign-in throttle reads it, `security.client_address`). Over the limit the
answer is 429 with a `detail` and `Retry-After`. Counts live in Django's cache.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import AnonRateThrottle

from hustings.services import api_tokens
from hustings.web.security import client_address

DEFAULT_RATES = {"analysis": "60/min", "count": "10/min"}


def rate(scope: str) -> str:
    rates: dict[str, str] = {**DEFAULT_RATES, **getattr(settings, "HUSTINGS_ANONYMOUS_API_RATES", {})}
    return rates[scope]


def signed_in(request: HttpRequest) -> bool:
    """A signed-in session, or an `Authorization: Bearer` key of an unrevoked token."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    header: str = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _, key = header.partition(" ")
    return scheme.lower() == "bearer" and bool(key.strip()) and api_tokens.user_for(key.strip()) is not None


class AnonymousRate(AnonRateThrottle):
    """Ninja's throttle for anonymous callers, with its rate read from the settings at each call
    (so a site or a test can change it) and the caller's address found as the site finds it."""

    def __init__(self, scope: str) -> None:
        self.scope = scope
        super().__init__(rate(scope))

    def allow_request(self, request: HttpRequest) -> bool:
        self.rate = rate(self.scope)
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_cache_key(self, request: HttpRequest) -> str | None:
        if signed_in(request):
            return None
        return self.cache_format % {"scope": self.scope, "ident": client_address(request) or "unknown"}
