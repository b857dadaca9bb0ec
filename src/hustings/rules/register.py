"""The register: units, people, memberships and their histories, dues and offices.

Plain frozen dataclasses with no behaviour beyond reading their own history, so that the
Django models of `hustings.store` can be built from them and back. Dates are `datetime.date`
(a status change takes effect on a day); a supporter's payment carries a `datetime` because
supporter windows open and close at an hour (Labour 2016: 17:00 on 18 July to 17:00 on 20 July).
Money is in whole pence.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


class Category(enum.StrEnum):
    """How a person belongs to the organisation (Labour's three sections since 2014)."""

    MEMBER = "member"
    AFFILIATED_SUPPORTER = "affiliated_supporter"
    REGISTERED_SUPPORTER = "registered_supporter"


class Status(enum.StrEnum):
    """An event in a membership's history, effective from its date."""

    JOINED = "joined"
    LAPSED = "lapsed"
    SUSPENDED = "suspended"
    REINSTATED = "reinstated"  # a suspension lifted
    EXPELLED = "expelled"
    REJOINED = "rejoined"


class Standing(enum.StrEnum):
    """Where a membership stands on a day, read from its history."""

    NOT_YET = "not yet a member"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    LAPSED = "lapsed"
    EXPELLED = "expelled"


class OfficeKind(enum.StrEnum):
    MP = "MP"
    MEP = "MEP"
    LEADER = "leader"
    DEPUTY_LEADER = "deputy leader"
    BRANCH_OFFICER = "branch officer"


@dataclass(frozen=True, slots=True)
class Unit:
    """A node of the organisation's tree: nation, region, constituency party, branch."""

    id: str
    name: str
    kind: str
    parent: str | None = None


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class StatusChange:
    status: Status
    on: dt.date
    note: str = ""


@dataclass(frozen=True, slots=True)
class Payment:
    """Dues or a supporter's fee: `covers_until` is the last day the payment keeps the person paid up."""

    at: dt.datetime
    pence: int
    covers_until: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Membership:
    """One person's belonging to one unit in one category, with its status history (in date order)."""

    person: str
    unit: str
    category: Category
    history: tuple[StatusChange, ...]
    payments: tuple[Payment, ...] = ()
    affiliate_member_since: dt.date | None = None  # an affiliated supporter: when they joined the affiliate

    def changes_until(self, day: dt.date) -> tuple[StatusChange, ...]:
        return tuple(change for change in self.history if change.on <= day)

    def standing(self, day: dt.date) -> Standing:
        """The membership's standing on `day`: the last change on or before it decides."""
        standing = Standing.NOT_YET
        for change in self.history:
            if change.on > day:
                break
            standing = STANDING_AFTER[change.status]
        return standing

    def continuous_since(self, day: dt.date) -> dt.date | None:
        """The day the membership current on `day` began: the last join or rejoin not undone since.

        A lapse or expulsion ends a membership; a suspension does not (the person is still a member,
        without the rights of one). None when the person is not a member on `day`.
        """
        since: dt.date | None = None
        for change in self.history:
            if change.on > day:
                break
            if change.status in (Status.JOINED, Status.REJOINED):
                since = change.on if since is None else since
            elif change.status in (Status.LAPSED, Status.EXPELLED):
                since = None
        return since

    def paid_up_until(self, day: dt.date) -> dt.date | None:
        """The latest day covered by payments made on or before `day` (None if none covers a day)."""
        covered = [p.covers_until for p in self.payments if p.at.date() <= day and p.covers_until is not None]
        return max(covered) if covered else None


STANDING_AFTER: dict[Status, Standing] = {
    Status.JOINED: Standing.ACTIVE,
    Status.REJOINED: Standing.ACTIVE,
    Status.REINSTATED: Standing.ACTIVE,
    Status.SUSPENDED: Standing.SUSPENDED,
    Status.LAPSED: Standing.LAPSED,
    Status.EXPELLED: Standing.EXPELLED,
}


@dataclass(frozen=True, slots=True)
class Office:
    person: str
    kind: OfficeKind
    unit: str
    start: dt.date
    end: dt.date | None = None

    def held_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class PersonHistory:
    """Everything the register knows about one person that a rule may read."""

    person: Person
    memberships: tuple[Membership, ...] = ()
    offices: tuple[Office, ...] = field(default=())

    def in_category(self, category: Category) -> tuple[Membership, ...]:
        return tuple(m for m in self.memberships if m.category is category)


def ancestors(unit_id: str, units: Mapping[str, Unit]) -> tuple[Unit, ...]:
    """The unit and the units above it, nearest first (branch, constituency party, region, nation)."""
    chain: list[Unit] = []
    seen: set[str] = set()
    current: str | None = unit_id
    while current is not None:
        if current in seen:
            raise ValueError(f"the unit tree has a cycle through {current!r}")
        seen.add(current)
        unit = units[current]
        chain.append(unit)
        current = unit.parent
    return tuple(chain)


def office_holders(offices: Iterable[Office], kinds: Iterable[OfficeKind], day: dt.date) -> int:
    """How many people hold an office of one of `kinds` on `day`: the population of a nomination gate
    ("Commons members of the PLP and members of the EPLP" = MPs and MEPs)."""
    wanted = set(kinds)
    return len({office.person for office in offices if office.kind in wanted and office.held_on(day)})
