"""The name a debate page shows for an account (issue #14, "names, not usernames"): the member's
name on the register, else the account's full name, else (only when neither is known) its username.

`shown` is the same choice as a database expression, so a page of comments, questions or reports
reads the names in the query that reads the rows.
"""

from __future__ import annotations

from typing import Any

from django.db.models import CharField, Value
from django.db.models.functions import Coalesce, Concat, NullIf, Trim


def shown(account: str) -> Coalesce:
    """The shown name of the account at the lookup path `account` (for example "author")."""
    full = Trim(Concat(f"{account}__first_name", Value(" "), f"{account}__last_name", output_field=CharField()))
    return Coalesce(
        NullIf(f"{account}__person__name", Value("")),
        NullIf(full, Value("")),
        f"{account}__username",
        output_field=CharField(),
    )


def name_of(account: Any) -> str:
    """The shown name of one account (an auth user)."""
    person = getattr(account, "person", None)
    if person is not None and person.name:
        return str(person.name)
    return str(account.get_full_name().strip() or account.get_username())
