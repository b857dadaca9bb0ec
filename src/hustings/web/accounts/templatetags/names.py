"""`{% load names %}{{ account|shown_name }}`: the name a page shows for an account (issue #14,
"names, not usernames"): the register's name, else the account's full name, else its username
(`hustings.services.debates.names.name_of`)."""

from __future__ import annotations

from typing import Any

from django import template

from hustings.services.debates import names

register = template.Library()


@register.filter
def shown_name(account: Any) -> str:
    """The shown name of an account; empty for none."""
    return "" if account is None else names.name_of(account)
