"""Authentication for the REST API: `Authorization: Bearer <key>` (keys from `api_tokens.issue`, only
their SHA-256 digest stored), or the signed-in browser session (Django's, with its CSRF check on
anything but GET, HEAD and OPTIONS). A bad, unknown or revoked key is a 401."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from hustings.services import api_tokens

__all__ = ["SessionAuth", "TokenAuth"]


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_tokens.user_for(token)
        if user is not None:
            request.user = user
        return user
