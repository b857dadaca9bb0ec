"""The columns of a member import file and how each cell is read (docs/import.md).

A header names each column; names are matched without regard to case, spaces, hyphens or
underscores, and each column has a few aliases ("membership number", "member no", "ref"...).
Every reader here takes the cell's text and returns the value or raises `CellError` with the
reason in words ("31/02/2016 is not a date"), which the report shows as it is.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from django.utils import timezone
from django.utils.translation import gettext

from hustings.rules import Category, Status
from hustings.services.members import MAX_PENCE

REQUIRED = ("ref", "name", "unit", "category", "joined")
OPTIONAL = ("email", "status", "status_date", "affiliate_member_since", "paid_pence", "paid_at")
COLUMNS = REQUIRED + OPTIONAL

# Each column's accepted header names, in the normalised form of `normalise`.
ALIASES: dict[str, tuple[str, ...]] = {
    "ref": ("ref", "membershipnumber", "membershipno", "memberno", "membernumber", "number", "id"),
    "name": ("name", "fullname", "membername"),
    "email": ("email", "emailaddress", "mail"),
    "unit": ("unit", "unitcode", "branch", "branchcode", "code"),
    "category": ("category", "membershipcategory", "type", "membershiptype"),
    "joined": ("joined", "joinedon", "joindate", "datejoined", "joiningdate", "since"),
    "status": ("status", "laststatus"),
    "status_date": ("statusdate", "statuson", "statussince", "statuschanged", "statuseffective"),
    "affiliate_member_since": ("affiliatemembersince", "affiliatesince", "affiliatejoined"),
    "paid_pence": ("paidpence", "pence", "paid", "amountpence"),
    "paid_at": ("paidat", "paidon", "paymentdate", "datepaid"),
}
_HEADER_OF = {alias: column for column, aliases in ALIASES.items() for alias in aliases}

_CATEGORIES = {
    **{c.value: c for c in Category},
    **{c.value.replace("_", " "): c for c in Category},
    **{c.value.replace("_", "-"): c for c in Category},
}
_STATUSES = {s.value: s for s in Status}
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_UK = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class CellError(ValueError):
    """A cell that cannot be read, in words for the officer."""


def normalise(header: str) -> str:
    """'Membership Number' and 'membership_number' both as 'membershipnumber'."""
    return re.sub(r"[\s_\-.#/]+", "", header.strip().lower())


def column_of(header: str) -> str | None:
    return _HEADER_OF.get(normalise(header))


@lru_cache(maxsize=1 << 16)
def read_date(text: str) -> dt.date:
    """ISO 8601 (2016-01-12) or day/month/year (12/01/2016); anything else is refused. (Cached: a
    register's join dates repeat, so a large file reads each distinct date once.)"""
    match = _ISO.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
    elif match := _UK.match(text):
        day, month, year = (int(g) for g in match.groups())
    else:
        raise CellError(gettext("{text} is not a date (write 2016-01-12 or 12/01/2016)").format(text=text))
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise CellError(gettext("{text} is not a date").format(text=text)) from None


@lru_cache(maxsize=1 << 16)
def read_moment(text: str) -> dt.datetime:
    """A date, or a date and a time ('2016-07-19 14:30', '2016-07-19T14:30:00', '19/07/2016 14:30'),
    in the organisation's time zone (a date alone is midnight)."""
    day_text, _, time_text = text.replace("T", " ", 1).partition(" ")
    day = read_date(day_text)
    hour = minute = second = 0
    if time_text.strip():
        match = _TIME.match(time_text.strip())
        if not match:
            raise CellError(gettext("{text} is not a date and time (write 2016-07-19 14:30)").format(text=text))
        hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
        if hour > 23 or minute > 59 or second > 59:
            raise CellError(gettext("{text} is not a time of day").format(text=text))
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour, minute, second))


def read_category(text: str) -> Category:
    found = _CATEGORIES.get(text.strip().lower())
    if found is None:
        known = ", ".join(c.value.replace("_", " ") for c in Category)
        raise CellError(gettext("unknown category {text!r} (one of: {known})").format(text=text, known=known))
    return found


def read_status(text: str) -> Status:
    found = _STATUSES.get(text.strip().lower())
    if found is None:
        raise CellError(
            gettext("unknown status {text!r} (one of: {STATUSES})").format(text=text, STATUSES=", ".join(_STATUSES))
        )
    return found


def read_pence(text: str) -> int:
    if not text.isdigit():
        raise CellError(gettext("paid_pence {text!r} is not a whole number of pence").format(text=text))
    pence = int(text)
    if pence <= 0 or pence > MAX_PENCE:
        raise CellError(
            gettext("paid_pence {text} is not between 1 and {MAX_PENCE}").format(text=text, MAX_PENCE=MAX_PENCE)
        )
    return pence


def read_email(text: str) -> str:
    if not _EMAIL.match(text) or len(text) > 254:
        raise CellError(gettext("{text!r} is not an e-mail address").format(text=text))
    return text


@dataclass(frozen=True, slots=True)
class Row:
    """One accepted line of the file, its cells read."""

    line: int
    ref: str
    name: str
    email: str
    unit: str
    category: Category
    joined: dt.date
    status: Status | None = None
    status_date: dt.date | None = None
    affiliate_member_since: dt.date | None = None
    paid_pence: int | None = None
    paid_at: dt.datetime | None = None
