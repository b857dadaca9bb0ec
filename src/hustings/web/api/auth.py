"""Token authentication for the REST API: `Authorization: Bearer <key>` (keys from `ApiToken.issue`);
a signed-in browser session also works for GET requests made by the pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from hustings.web.accounts.models import ApiToken


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = ApiToken.user_for(token)
        if user is not None:
            request.user = user  # type: ignore[assignment]
        return user
