"""May this person vote in this ballot on this day, and why? A pure function of the register.

`eligibility(history, rulebook, ballot, on_date)` reads the rulebook's electorate for the ballot's
process: for each category (member, affiliated supporter, registered supporter) a list of
conditions, each citing its source. A person is eligible when one of their memberships in a
category of the electorate meets every condition of that category. Every condition checked is
returned with its outcome and a reason in plain words, and the decision's `reason` is the first
refusal ("not eligible: joined 2016-03-01, after the freeze date 2016-01-12 (rule ...)").
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from hustings.rules.register import Category, Membership, PersonHistory, Standing
from hustings.rules.rulebook import (
    AffiliateMemberBy,
    Condition,
    InStanding,
    JoinedBy,
    MinimumMembership,
    PaidUp,
    Rulebook,
    SupporterWindow,
)


@dataclass(frozen=True, slots=True)
class Ballot:
    """A ballot of a process kind named in the rulebook (`leadership_challenge`, ...).

    `freeze_date` is the day by which minimum-membership rules are measured when the rulebook
    leaves the date to the timetable (Labour 2021: six months' membership by the freeze date).
    """

    id: str
    process: str
    opens: dt.date
    freeze_date: dt.date | None = None


class RuleApplication(NamedTuple):
    """One condition checked: its rule id, the sources it cites, the outcome and why, in plain words.

    Decisions are immutable named tuples rather than dataclasses because a register of 600,000
    makes a million of them per ballot and a tuple is built three times faster.
    """

    rule: str
    citation: str
    passed: bool
    reason: str
    category: Category | None = None


class Decision(NamedTuple):
    person: str
    eligible: bool
    reason: str
    rules_applied: tuple[RuleApplication, ...]
    category: Category | None = None  # the category the vote comes through, when eligible


def eligibility(history: PersonHistory, rulebook: Rulebook, ballot: Ballot, on_date: dt.date) -> Decision:
    """Decide one person's eligibility for `ballot` on `on_date` under `rulebook`."""
    electorate = _electorate(rulebook, ballot.process)
    applied: list[RuleApplication] = []
    first_refusal: RuleApplication | None = None
    for membership in history.memberships:
        checks = electorate.get(membership.category)
        if checks is None:
            continue
        refused = None
        for rule_id, citation, check in checks:
            passed, words = check(membership, ballot, on_date)
            application = RuleApplication(rule_id, citation, passed, words, membership.category)
            applied.append(application)
            if not passed:
                refused = application
                break  # later conditions cannot rescue this membership
        if refused is None:
            reason = _ELIGIBLE_AS[membership.category]
            return Decision(history.person.id, True, reason, tuple(applied), membership.category)
        if first_refusal is None:
            first_refusal = refused
    if first_refusal is None:
        kinds = ", ".join(_CATEGORY_WORDS[category] for category in electorate)
        reason = f"not eligible: no membership in a category that votes in this ballot ({kinds})"
    else:
        reason = f"not eligible: {first_refusal.reason} (rule {first_refusal.rule})"
    return Decision(history.person.id, False, reason, tuple(applied))


Check = Callable[[Membership, Ballot, dt.date], tuple[bool, str]]
Electorate = dict[Category, tuple[tuple[str, str, Check], ...]]

# A rulebook is immutable, so its electorate is prepared once per process kind: each condition
# becomes a check with its citation already written (the whole register is judged by the same rules).
_PREPARED: dict[tuple[int, str], tuple[Rulebook, Electorate]] = {}


def _electorate(rulebook: Rulebook, kind: str) -> Electorate:
    cached = _PREPARED.get((id(rulebook), kind))
    if cached is not None and cached[0] is rulebook:
        return cached[1]
    prepared: Electorate = {
        category: tuple((c.id, rulebook.citation(c), _checker(c)) for c in conditions)
        for category, conditions in rulebook.process(kind).electorate.items()
    }
    if len(_PREPARED) > 64:
        _PREPARED.clear()
    _PREPARED[(id(rulebook), kind)] = (rulebook, prepared)
    return prepared


_CATEGORY_WORDS = {
    Category.MEMBER: "a member",
    Category.AFFILIATED_SUPPORTER: "an affiliated supporter",
    Category.REGISTERED_SUPPORTER: "a registered supporter",
}
_ELIGIBLE_AS = {category: f"eligible as {words}" for category, words in _CATEGORY_WORDS.items()}


def _checker(condition: Condition) -> Check:
    """The condition as a function of one membership, its fixed words written once."""
    if isinstance(condition, InStanding):
        return _in_standing
    if isinstance(condition, JoinedBy):
        return _joined_by(condition)
    if isinstance(condition, MinimumMembership):
        return _minimum_membership(condition)
    if isinstance(condition, AffiliateMemberBy):
        return _affiliate_member_by(condition)
    if isinstance(condition, SupporterWindow):
        return _supporter_window(condition)
    return _paid_up(condition)


class _DayText(dict[dt.date, str]):
    """ISO text of days, remembered: a register's million reasons name a few thousand days."""

    def __missing__(self, day: dt.date) -> str:
        if len(self) > 100_000:
            self.clear()
        text = self[day] = day.isoformat()
        return text


_DAY = _DayText()


def _in_standing(membership: Membership, ballot: Ballot, on_date: dt.date) -> tuple[bool, str]:
    standing = membership.standing(on_date)
    if standing is Standing.ACTIVE:
        return True, f"in good standing on {_DAY[on_date]}"
    return False, f"{standing.value} on {_DAY[on_date]}"


def _joined_by(condition: JoinedBy) -> Check:
    by, after = f"on or before {condition.label} {condition.date}", f"after {condition.label} {condition.date}"
    date = condition.date

    def joined_by(membership: Membership, ballot: Ballot, on_date: dt.date) -> tuple[bool, str]:
        since = membership.continuous_since(on_date)
        if since is None:
            return False, f"not a member on {_DAY[on_date]}"
        if since <= date:
            return True, f"joined {_DAY[since]}, {by}"
        return False, f"joined {_DAY[since]}, {after}"

    return joined_by


def _minimum_membership(condition: MinimumMembership) -> Check:
    months = condition.months

    def minimum_membership(membership: Membership, ballot: Ballot, on_date: dt.date) -> tuple[bool, str]:
        since = membership.continuous_since(on_date)
        if since is None:
            return False, f"not a member on {_DAY[on_date]}"
        by = ballot.freeze_date or on_date
        needed = add_months(since, months)
        if needed <= by:
            return True, f"joined {_DAY[since]}: {months} months' membership by {_DAY[by]}"
        return False, f"joined {_DAY[since]}: {months} months' membership only on {_DAY[needed]}, after {_DAY[by]}"

    return minimum_membership


def _affiliate_member_by(condition: AffiliateMemberBy) -> Check:
    date = condition.date

    def affiliate_member_by(membership: Membership, ballot: Ballot, on_date: dt.date) -> tuple[bool, str]:
        joined = membership.affiliate_member_since
        if joined is None:
            return False, "no date of joining the affiliate on the register"
        if joined <= date:
            return True, f"member of the affiliate since {_DAY[joined]}, on or before {date}"
        return False, f"member of the affiliate since {_DAY[joined]}, after {date}"

    return affiliate_member_by


def _supporter_window(window: SupporterWindow) -> Check:
    opens, closes, fee_pence = window.opens, window.closes, window.fee_pence
    fee = _pounds(fee_pence)
    span = f"{_minute(opens)} to {_minute(closes)}"

    def supporter_window(membership: Membership, ballot: Ballot, on_date: dt.date) -> tuple[bool, str]:
        payments = membership.payments
        for payment in payments:
            if opens <= payment.at <= closes and payment.pence >= fee_pence:
                return True, f"paid {_pounds(payment.pence)} on {_minute(payment.at)}, within {span}"
        if not payments:
            return False, f"no fee of {fee} paid in the window {span}"
        last = payments[-1]
        if last.pence < fee_pence:
            return False, f"paid {_pounds(last.pence)} on {_minute(last.at)}, less than the fee of {fee}"
        return False, f"paid on {_minute(last.at)}, outside the window {span}"

    return supporter_window


def _paid_up(condition: PaidUp) -> Check:
    grace = dt.timedelta(days=condition.grace_days)

    def paid_up(membership: Membership, ballot: Ballot, on_date: dt.date) -> tuple[bool, str]:
        day = condition.on or on_date
        until = membership.paid_up_until(day)
        if until is None:
            return False, f"no dues paid by {_DAY[day]}"
        if until + grace >= day:
            return True, f"paid up until {_DAY[until]}"
        return False, f"in arrears on {day}: paid up only until {until} (grace {condition.grace_days} days)"

    return paid_up


def _minute(moment: dt.datetime) -> str:
    return moment.isoformat(" ", "minutes")


def _pounds(pence: int) -> str:
    pounds, rest = divmod(pence, 100)
    return f"£{pounds}" if rest == 0 else f"£{pounds}.{rest:02d}"


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; the month's last day when it is shorter (31 Aug + 6 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
