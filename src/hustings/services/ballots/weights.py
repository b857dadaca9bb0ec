"""Weighted voters and electoral colleges on a ballot's roll (docs/ballots.md, "Weighted voters and
colleges").

When the roll is frozen each eligible entry gets its weight and its section, and neither changes
after (a database trigger refuses it, migration 0006):

- the weight is 1, unless the process has the rulebook's `card_votes` rule: then it is the card
  vote the officer gives from the register (a delegate's members), a whole number or an exact
  decimal of at most 6 places;
- the section is the rulebook's `college` section the person votes in (`College.section_for`:
  the first whose office they hold on the day, else whose category their vote comes through).

Secrecy. The box keeps each ballot's weight and section (never the voter), and the published
export gives each section's distinct rankings with their summed weights. A weight class (voters
of one section with one weight) of very few voters lets someone who knows the register read those
voters' ballots from the box, and from the export when the sums can be told apart: a section of
one voter publishes that vote. `open_ballot` refuses a roll with a class smaller than
`SMALL_CLASS` unless the officer accepts it (`accept_small_classes`), and the board's `opened`
entry then says how many such classes there are.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext

from hustings.rules.rulebook import Process
from hustings.services.access import User
from hustings.services.ballots import officers
from hustings.services.ballots.errors import BallotError
from hustings.services.ballots.proxies import proxy_counts
from hustings.store.ballots.models import WEIGHT_DIGITS, WEIGHT_PLACES, Ballot, RollEntry
from hustings.store.members.models import Office

SMALL_CLASS = 5
"""Fewer voters than this in one section with one weight is refused unless the officer accepts it."""


def parse_weight(value: object, who: str = "a voter") -> Decimal:
    """An exact positive weight: a whole number or a decimal of at most 6 places (e.g. "1.5")."""
    try:
        weight = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise BallotError(
            gettext("the weight of {who}, {value!r}, is not a number").format(who=who, value=value)
        ) from None
    if not weight.is_finite() or weight <= 0:
        raise BallotError(
            gettext("the weight of {who} must be a positive number, not {value!r}").format(who=who, value=value)
        )
    exponent = weight.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -WEIGHT_PLACES:
        raise BallotError(
            gettext("the weight of {who}, {value!r}, has more than {WEIGHT_PLACES} decimal places").format(
                who=who, value=value, WEIGHT_PLACES=WEIGHT_PLACES
            )
        )
    if weight >= Decimal(10) ** (WEIGHT_DIGITS - WEIGHT_PLACES):
        raise BallotError(gettext("the weight of {who}, {value!r}, is too large").format(who=who, value=value))
    return weight.normalize() if weight != weight.to_integral_value() else weight.quantize(Decimal(1))


def weight_text(weight: Decimal | Fraction | int) -> str:
    """A weight as the board writes it: "3", "1.5" (a stored Decimal loses its trailing zeros)."""
    value = Decimal(weight) if not isinstance(weight, Fraction) else Decimal(weight.numerator) / weight.denominator
    return format(value.normalize(), "f")


def checked_weights(process: Process, weights: Mapping[str, object] | None) -> dict[str, Decimal]:
    """The card votes by membership number, refused unless the rulebook's process allows them."""
    if not weights:
        return {}
    if process.card_votes is None:
        raise BallotError(gettext("this rulebook's process has no card votes: every voter's weight is 1"))
    return {str(ref): parse_weight(value, str(ref)) for ref, value in weights.items()}


def checked(
    process: Process, weights: Mapping[str, object] | None, *, e2e: bool, method: str
) -> tuple[dict[str, Decimal], list[dict[str, str]]]:
    """The card votes and the college's sections for a ballot about to open, refused on an
    end-to-end ballot (weighted encrypted tallies are future work) and a college not counted by
    the alternative vote."""
    card_votes = checked_weights(process, weights)
    sections = college_sections(process)
    if e2e and (card_votes or sections or process.card_votes is not None):
        raise BallotError(
            gettext(
                "an end-to-end verifiable ballot cannot have card votes or college sections yet: "
                "weighted encrypted tallies are future work (docs/ballots.md)"
            )
        )
    if sections and method != "irv":
        raise BallotError(
            gettext("an electoral college is counted by the alternative vote (irv), not {method}").format(method=method)
        )
    return card_votes, sections


def college_sections(process: Process) -> list[dict[str, str]]:
    """The college's sections as the ballot and the board keep them: name, title, weight ("1/3")."""
    if process.college is None:
        return []
    return [{"name": s.name, "title": s.title, "weight": str(s.weight)} for s in process.college.sections]


def offices_on(person_ids: Iterable[int], day: dt.date) -> dict[int, set[str]]:
    """The offices each person holds on `day` (the college's sections by office)."""
    held: dict[int, set[str]] = {}
    rows = Office.objects.filter(person_id__in=list(person_ids), start__lte=day).values_list("person_id", "kind", "end")
    for person, kind, end in rows:
        if end is None or end >= day:
            held.setdefault(person, set()).add(str(kind))
    return held


def assign(
    process: Process, rows: list[RollEntry], refs: Mapping[int, str], weights: Mapping[str, Decimal], day: dt.date
) -> None:
    """Give each eligible entry its weight and section (before the rows are written). An eligible
    voter the college puts in no section cannot vote in it, and is refused here with their number."""
    college = process.college
    eligible = [r for r in rows if r.eligible]
    unknown = sorted(set(weights) - {refs[r.person_id] for r in eligible})
    if unknown:
        raise BallotError(
            gettext("a card vote for {unknown}, who is not an eligible voter on this roll").format(unknown=unknown[0])
        )
    held = offices_on((r.person_id for r in eligible), day) if college is not None else {}
    for row in eligible:
        ref = refs[row.person_id]
        row.weight = weights.get(ref, Decimal(1))
        if college is not None:
            section = college.section_for({row.category}, held.get(row.person_id, set()))
            if section is None:
                raise BallotError(gettext("{ref} is eligible but in none of the college's sections").format(ref=ref))
            row.section = section


def classes(rows: Iterable[RollEntry]) -> Counter[tuple[str, Decimal]]:
    """Eligible voters by (section, weight)."""
    return Counter((r.section, Decimal(r.weight)) for r in rows if r.eligible)


def opened_part(process: Process, rows: list[RollEntry], weighted: bool, accept_small_classes: bool) -> dict[str, Any]:
    """What the board's `opened` entry adds for a weighted or college ballot (nothing otherwise):
    the sections with their voters, whether weights are card votes, and the small classes
    accepted. Refuses small classes the officer has not accepted."""
    sections = college_sections(process)
    if not sections and not weighted:
        return {}
    by_class = classes(rows)
    small = sorted((s, w, n) for (s, w), n in by_class.items() if n < SMALL_CLASS)
    if small and not accept_small_classes:
        section, weight, n = small[0]
        where = f"section {section!r} " if section else ""
        raise BallotError(
            gettext(
                "{count} weight class(es) have fewer than {SMALL_CLASS} voters ({where}weight {weight}: {n}); "
                "their ballots could be told apart in the box. Accept small classes to open it anyway."
            ).format(count=len(small), SMALL_CLASS=SMALL_CLASS, where=where, weight=weight_text(weight), n=n)
        )
    voters = Counter[str]()
    for (section, _), n in by_class.items():
        voters[section] += n
    part: dict[str, Any] = {"weighted": weighted, "small_classes": len(small)}
    if sections:
        part["sections"] = [s | {"voters": voters[s["name"]]} for s in sections]
    return part


@dataclass(frozen=True)
class WeightClass:
    """Eligible voters of one section with one weight: how many, never who or how."""

    section: str
    weight: str
    voters: int


@dataclass(frozen=True)
class RollSummary:
    """What an officer reads of a frozen roll's weights and sections: counts only."""

    ballot_id: int
    weighted: bool
    sections: tuple[dict[str, Any], ...]
    """The college's sections (name, title, weight), each with its eligible `voters`, the `voted`
    among them and their `total_weight`; one nameless section when the ballot has no college."""
    classes: tuple[WeightClass, ...]
    small_classes: int
    """Classes of fewer than `SMALL_CLASS` voters (docs/ballots.md: their ballots could be told apart)."""

    def as_dict(self) -> dict[str, Any]:
        """As the API and `hustings roll weights --format json` give it (without the proxy counts)."""
        return {
            "ballot": self.ballot_id,
            "weighted": self.weighted,
            "sections": list(self.sections),
            "classes": [{"section": c.section, "weight": c.weight, "voters": c.voters} for c in self.classes],
            "small_classes": self.small_classes,
        }


def roll_summary(actor: User, ballot: Ballot) -> RollSummary:
    """The ballot's eligible voters by section and weight, for its returning officers (`ballots.run`
    over the ballot's units): counts per weight class and per section, never a voter or a vote."""
    officers.require_for(actor, ballot)
    rows = (
        RollEntry.objects.filter(ballot=ballot, eligible=True)
        .values("section", "weight")
        .annotate(voters=Count("id"), voted=Count("id", filter=Q(voted=True)))
        .order_by("section", "weight")
    )
    classes = [(r["section"], Decimal(r["weight"]), int(r["voters"]), int(r["voted"])) for r in rows]
    given = college_sections_of(ballot) or [{"name": "", "title": "", "weight": "1"}]
    sections = tuple(
        s
        | {
            "voters": sum(n for name, _, n, _ in classes if name == s["name"]),
            "voted": sum(v for name, _, _, v in classes if name == s["name"]),
            "total_weight": weight_text(sum((w * n for name, w, n, _ in classes if name == s["name"]), Decimal(0))),
        }
        for s in given
    )
    return RollSummary(
        ballot_id=ballot.pk,
        weighted=ballot.weighted,
        sections=sections,
        classes=tuple(WeightClass(s, weight_text(w), n) for s, w, n, _ in classes),
        small_classes=sum(1 for _, _, n, _ in classes if n < SMALL_CLASS),
    )


def roll_record(actor: User, ballot: Ballot) -> dict[str, Any]:
    """The roll summary with the ballot's proxy counts, as the API (`GET /api/ballots/{id}/roll`)
    and `hustings roll weights --format json` give it. Requires `ballots.run` over the ballot."""
    return roll_summary(actor, ballot).as_dict() | {"proxies": vars(proxy_counts(actor, ballot))}


def college_sections_of(ballot: Ballot) -> list[dict[str, str]]:
    """The sections the ballot froze with its roll (name, title, weight), as the board keeps them."""
    return [{k: str(s[k]) for k in ("name", "title", "weight")} for s in ballot.sections or []]
