"""The rules' reasons in the reader's language, at the web boundary (issue #14). The pure rules
layer (`hustings.rules.eligibility`) writes each reason in English from a fixed set of sentences
with blanks ("joined 2016-03-01, after the freeze date 2016-01-12"); it imports no Django. Here
each of those sentences is a pattern with named blanks and a translatable string with the same
blanks: a reason is read back into its blanks and written again in the active language. Blanks
that are themselves reasons (the refusal inside "not eligible: …", the standing, the date a
member joined by) are translated in turn; dates, sums and the rulebook's own labels (its YAML,
in the organisation's words) are kept. A reason no pattern reads is shown as it was written.
`tests/web/test_reasons.py` checks that every sentence the rules layer can write has a pattern.
"""

from __future__ import annotations

import re
from functools import cache

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

DAY = r"\d{4}-\d{2}-\d{2}"
MINUTE = r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}(?:[+-]\d{2}:\d{2}|Z)?"
MONEY = r"£\d+(?:\.\d{2})?"
NUMBER = r"\d+"
TEXT = r".+?"
NESTED = r".+?"

BLANKS = {
    "day": DAY,
    "since": DAY,
    "until": DAY,
    "needed": DAY,
    "date": DAY,
    "at": MINUTE,
    "opens": MINUTE,
    "closes": MINUTE,
    "amount": MONEY,
    "fee": MONEY,
    "months": NUMBER,
    "days": NUMBER,
    "rule": TEXT,
    "label": TEXT,
}
"""What each blank may hold; a blank not named here is itself a reason (translated in turn)."""

SENTENCES: dict[str, Promise] = {
    # the ballots service's words around a frozen roll's reason (`hustings.services.ballots.roll`)
    "on the roll: {reason}": _("on the roll: %(reason)s"),
    "on the roll": _("on the roll"),
    "not on the roll frozen on {day}": _("not on the roll frozen on %(day)s"),
    # the rules layer's (`hustings.rules.eligibility`)
    "not eligible: no membership in a category that votes in this ballot ({kinds})": _(
        "not eligible: no membership in a category that votes in this ballot (%(kinds)s)"
    ),
    "not eligible: {reason} (rule {rule})": _("not eligible: %(reason)s (rule %(rule)s)"),
    "eligible as {category}": _("eligible as %(category)s"),
    "a member": _("a member"),
    "an affiliated supporter": _("an affiliated supporter"),
    "a registered supporter": _("a registered supporter"),
    "in good standing on {day}": _("in good standing on %(day)s"),
    "not yet a member": _("not yet a member"),
    "suspended": _("suspended"),
    "lapsed": _("lapsed"),
    "expelled": _("expelled"),
    "not a member on {day}": _("not a member on %(day)s"),
    "{standing} on {day}": _("%(standing)s on %(day)s"),
    "joined {since}: {months} months' membership by {by}": _(
        "joined %(since)s: %(months)s months' membership by %(by)s"
    ),
    "joined {since}: {months} months' membership only on {needed}, after {by}": _(
        "joined %(since)s: %(months)s months' membership only on %(needed)s, after %(by)s"
    ),
    "joined {since}, {by}": _("joined %(since)s, %(by)s"),
    "on or before {label} {date}": _("on or before %(label)s %(date)s"),
    "after {label} {date}": _("after %(label)s %(date)s"),
    "no date of joining the affiliate on the register": _("no date of joining the affiliate on the register"),
    "member of the affiliate since {since}, on or before {date}": _(
        "member of the affiliate since %(since)s, on or before %(date)s"
    ),
    "member of the affiliate since {since}, after {date}": _("member of the affiliate since %(since)s, after %(date)s"),
    "paid {amount} on {at}, within {span}": _("paid %(amount)s on %(at)s, within %(span)s"),
    "no fee of {fee} paid in the window {span}": _("no fee of %(fee)s paid in the window %(span)s"),
    "paid {amount} on {at}, less than the fee of {fee}": _("paid %(amount)s on %(at)s, less than the fee of %(fee)s"),
    "paid on {at}, outside the window {span}": _("paid on %(at)s, outside the window %(span)s"),
    "{opens} to {closes}": _("%(opens)s to %(closes)s"),
    "no dues paid by {day}": _("no dues paid by %(day)s"),
    "paid up until {day}": _("paid up until %(day)s"),
    "in arrears on {day}: paid up only until {until} (grace {days} days)": _(
        "in arrears on %(day)s: paid up only until %(until)s (grace %(days)s days)"
    ),
}
"""Every sentence of `hustings.rules.eligibility` (and the ballots service's words around them),
with `{blank}`s, and its translatable words."""

_BLANK = re.compile(r"\{(\w+)\}")


@cache
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Each sentence as a whole-string pattern with a named group per blank."""
    found = []
    for sentence in SENTENCES:
        parts, last = [], 0
        for blank in _BLANK.finditer(sentence):
            parts.append(re.escape(sentence[last : blank.start()]))
            parts.append(f"(?P<{blank[1]}>{BLANKS.get(blank[1], NESTED)})")
            last = blank.end()
        parts.append(re.escape(sentence[last:]))
        found.append((re.compile("".join(parts) + r"\Z"), sentence))
    return tuple(found)


def translated(reason: str) -> str:
    """`reason`, written by the rules layer in English, in the active language."""
    for pattern, sentence in _patterns():
        match = pattern.match(reason)
        if match is None:
            continue
        blanks = {name: value if name in BLANKS else _nested(name, value) for name, value in match.groupdict().items()}
        words = str(SENTENCES[sentence])
        return words % blanks if blanks else words
    return reason


def _nested(name: str, value: str) -> str:
    """A blank that is a reason in turn: a list of categories is translated item by item."""
    if name == "kinds":
        return ", ".join(translated(kind) for kind in value.split(", "))
    return translated(value)
