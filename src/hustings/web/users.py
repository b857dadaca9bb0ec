"""The signed-in user of a request, typed as the user model.

`request.user` is typed as a user or an anonymous visitor; a view behind `login_required` knows it
is a user, and says so by calling `signed_in(request)`, so the services get the type they declare.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest


def signed_in(request: HttpRequest) -> User:
    """The request's user; refused (403) for an anonymous visitor, which `login_required` never lets through."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied("sign in first")
    return user
