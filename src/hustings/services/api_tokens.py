"""Use case: a signed-in user issues and revokes their own API tokens, each change in the audit log.

The key is returned once, when issued; only its SHA-256 digest is stored (`ApiToken.issue`), so a
lost key cannot be shown again: revoke it and issue another. Revoking deletes the token, so a
request bearing its key is refused (401) from then on.
"""

from __future__ import annotations

from typing import cast

from django.db import transaction
from django.utils.translation import gettext

from hustings.services import access, audit
from hustings.store.accounts.models import ApiToken

NAME_MAX = ApiToken._meta.get_field("name").max_length or 100


class TokenError(ValueError):
    """A token request that cannot be met, in words fit for the person who made it."""


def user_for(key: str) -> access.Account | None:
    """The account whose unrevoked token has this key (None for an unknown or revoked key)."""
    return cast("access.Account | None", ApiToken.user_for(key))


def tokens_of(user: access.Account) -> list[ApiToken]:
    """The user's tokens, newest first."""
    return list(ApiToken.objects.filter(user=user).order_by("-created", "-id"))


def token_of(user: access.Account, token_id: int) -> ApiToken:
    """One of `user`'s own tokens; a token of someone else is refused as if it did not exist."""
    token = ApiToken.objects.filter(pk=token_id, user=user).first()
    if token is None:
        raise TokenError(gettext("no such token of yours (it may already be revoked)"))
    return token


def issue(user: access.Account, name: str) -> tuple[ApiToken, str]:
    """A new token named `name` for `user`; returns the row and the key (shown once, never stored)."""
    name = name.strip()
    if not name:
        raise TokenError(gettext("give the token a name, so that you can tell your tokens apart"))
    if len(name) > NAME_MAX:
        raise TokenError(gettext("a token's name has at most {NAME_MAX} characters").format(NAME_MAX=NAME_MAX))
    with transaction.atomic():
        token, key = ApiToken.issue(user, name)
        audit.record(user, "api token issued", token, None, _state(token))
    return token, key


def revoke(user: access.Account, token_id: int) -> ApiToken:
    """Delete one of `user`'s own tokens; a token of someone else is refused as if it did not exist."""
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().filter(pk=token_id, user=user).first()
        if token is None:
            raise TokenError(gettext("no such token of yours (it may already be revoked)"))
        audit.record(user, "api token revoked", token, _state(token), None)
        token.delete()
    return token


def _state(token: ApiToken) -> dict[str, str | None]:
    return {
        "name": token.name,
        "user": token.user.get_username(),
        "created": token.created.isoformat() if token.created else None,
    }
