"""Opening a ballot freezes its roll; a member sees the ballots open to them and why.

`open_ballot` judges every person of the organisation (or of the named units and the units beneath
them) with the rulebook's electorate for the process (`hustings.services.electorate.decisions`)
on the day the roll is frozen. The eligible become roll entries that may vote; the excluded are
kept too, each with the rules' reason, so a member can see why they may not vote, and the ballot
counts the excluded by reason.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from hustings.count.registry import canonical as canonical_method
from hustings.rules import Ballot as RulesBallot
from hustings.rules import Decision, load_rulebook
from hustings.services import audit
from hustings.services.access import User
from hustings.services.ballots import board, officers, scrutiny
from hustings.services.ballots import weights as weights_of
from hustings.services.ballots.e2e import setup as e2e_setup
from hustings.services.ballots.errors import BallotError
from hustings.services.electorate import UnknownOrganisation, UnknownUnit, decisions, refusal_kind, refusal_kinds
from hustings.services.units import descendants
from hustings.store.ballots.models import Ballot, RollEntry, Status
from hustings.store.members.models import Membership, Person
from hustings.store.organisations.models import Organisation, Unit

SUSPENDED = "in a suspended unit"
"""The kind of exclusion of a member whose unit is suspended with its members' votes."""


def open_ballot(
    actor: User,
    *,
    organisation: str,
    title: str,
    rulebook: str,
    process_kind: str,
    method: str,
    seats: int,
    candidates: list[str],
    closes: dt.datetime | None = None,
    freeze_date: dt.date | None = None,
    units: list[str] | None = None,
    process_id: int | None = None,
    on_date: dt.date | None = None,
    scrutineers: Iterable[tuple[str, str]] | None = None,
    trustees: Sequence[tuple[str, str]] | None = None,
    quorum: int | None = None,
    weights: Mapping[str, object] | None = None,
    accept_small_classes: bool = False,
) -> Ballot:
    """Open a ballot and freeze its roll as of `on_date` (default: today). Requires `ballots.run`.

    `scrutineers` are (name, Ed25519 public key in base64): the `opened` entry registers them, and
    they sign the board's head at the opening and the close (`scrutiny.record_signature`).

    With `trustees` ((name, username) of accounts of the organisation) and `quorum`, the ballot is
    end-to-end verifiable (docs/ballots.md, "End-to-end verifiable ballots"): it starts in its key
    ceremony (`e2e.keys`) and opens for voting when the trustees have made the election's key.

    `weights` are card votes by membership number, where the rulebook's process has `card_votes`;
    a process with a `college` divides the roll into its sections (`weights.assign`). Both are
    frozen with the roll. A weight class of fewer than `weights.SMALL_CLASS` voters is refused
    unless `accept_small_classes` (docs/ballots.md, "Weighted voters and colleges")."""
    try:
        org = Organisation.objects.get(slug=organisation)
    except Organisation.DoesNotExist:
        raise BallotError(gettext("no organisation {organisation!r}").format(organisation=organisation)) from None
    officers.require(actor, org, units)
    names = _candidates(candidates)
    registered = scrutiny.checked(scrutineers)
    appointed = e2e_setup.checked_trustees(org.pk, trustees, quorum)
    title = " ".join(title.split())
    if not title:
        raise BallotError(gettext("a ballot needs a title"))
    try:
        method = canonical_method(method)
    except KeyError as exc:
        raise BallotError(str(exc)) from None
    if not 1 <= seats < len(names):
        raise BallotError(
            gettext("{seats} seats for {count} candidates: there must be more candidates than seats").format(
                seats=seats, count=len(names)
            )
        )
    rules = load_rulebook(rulebook)
    process = rules.process(process_kind)  # an unknown process is refused here, with the rulebook's words
    card_votes, sections = weights_of.checked(process, weights, e2e=bool(appointed), method=method)
    day = on_date or timezone.localdate()
    with transaction.atomic():
        ballot = Ballot.objects.create(
            organisation=org,
            title=title,
            rulebook=rulebook,
            process_kind=process_kind,
            process_id=process_id,
            method=method,
            seats=seats,
            candidates=names,
            units=list(units or []),
            opened_on=day,
            freeze_date=freeze_date,
            closes=closes,
            credential_key=secrets.token_hex(32),
            e2e=bool(appointed),
            status=e2e_setup.first_status(appointed),
            weighted=process.card_votes is not None,
            sections=sections,
        )
        rules_ballot = RulesBallot(str(ballot.pk), process_kind, day, freeze_date)
        try:
            judged = decisions(org.slug, rules, rules_ballot, day, units=units)
        except (UnknownOrganisation, UnknownUnit) as exc:
            raise BallotError(str(exc).strip("'\"")) from None
        ids = dict(_people(org, units).values_list("ref", "pk"))
        silenced = _silenced(org)
        rows, excluded, by_kind = [], Counter[str](), Counter[str]()
        kinds = refusal_kinds(rules, process_kind)
        for decision in judged:
            pk = ids.get(decision.person)
            if pk is None:
                continue
            kind = refusal_kind(decision, kinds)
            if decision.eligible and pk in silenced:
                decision, kind = decision._replace(eligible=False, reason=silenced[pk]), SUSPENDED
            category = decision.category.value if decision.category is not None else ""
            rows.append(
                RollEntry(
                    ballot=ballot,
                    person_id=pk,
                    eligible=decision.eligible,
                    reason=decision.reason[:300],
                    category=category,
                )
            )
            if not decision.eligible:
                excluded[decision.reason] += 1
                by_kind[kind] += 1
        weights_of.assign(process, rows, {pk: ref for ref, pk in ids.items()}, card_votes, day)
        weighted_part = weights_of.opened_part(process, rows, ballot.weighted, accept_small_classes)
        RollEntry.objects.bulk_create(rows, batch_size=5000)
        ballot.roll_size = sum(1 for r in rows if r.eligible)
        ballot.excluded = dict(excluded.most_common())
        ballot.excluded_kinds = dict(by_kind.most_common())
        ballot.save(update_fields=["roll_size", "excluded", "excluded_kinds"])
        scrutiny.register(ballot, registered)
        opened = {
            "ballot_id": ballot.pk,
            "title": title,
            "organisation": org.slug,
            "rulebook": rulebook,
            "process": process_kind,
            "method": method,
            "seats": seats,
            "candidates": names,
            "roll_size": ballot.roll_size,
            "excluded": sum(excluded.values()),
            "roll_frozen_on": day.isoformat(),
            "freeze_date": freeze_date.isoformat() if freeze_date else None,
            "closes": closes.isoformat() if closes else None,
            "scrutineers": registered,
            **weighted_part,
        }
        e2e_setup.create(ballot, appointed, quorum, opened)
        board.append(ballot, "opened", opened)
        audit.record(actor, "ballot.open", ballot, None, opened)
    return ballot


def _silenced(org: Organisation) -> dict[int, str]:
    """People whose every membership lies in a unit suspended with its members' votes (a suspension
    in force with `members_keep_votes=False`) or beneath one, with the reason in words."""
    from hustings.store.processes.models import Suspension

    suspensions = Suspension.objects.filter(
        unit__organisation=org, lifted_at__isnull=True, members_keep_votes=False
    ).values_list("unit_id", "unit__name", "rule")
    why: dict[int, str] = {}  # unit id -> the reason, for the suspended units and every unit beneath them
    for unit_id, name, rule in suspensions:
        reason = f"not eligible: {name} is suspended and its members' votes with it ({rule})"
        for pk in descendants({unit_id}):
            why.setdefault(pk, reason)
    if not why:
        return {}
    inside: dict[int, str] = {}
    elsewhere: set[int] = set()
    for person, unit in Membership.objects.filter(unit__organisation=org).values_list("person_id", "unit_id"):
        if unit in why:
            inside.setdefault(person, why[unit])
        else:
            elsewhere.add(person)
    return {person: reason for person, reason in inside.items() if person not in elsewhere}


def _candidates(candidates: Iterable[str]) -> list[str]:
    names = [" ".join(str(c).split()) for c in candidates]
    names = [n for n in names if n]
    if len(names) < 2:
        raise BallotError(gettext("a ballot needs at least two candidates"))
    if len(set(names)) != len(names):
        raise BallotError(gettext("each candidate may appear only once"))
    return names


def _people(org: Organisation, codes: list[str] | None) -> QuerySet[Person]:
    memberships = Membership.objects.filter(unit__organisation=org)
    if codes:
        memberships = memberships.filter(unit__in=_subtree(org, codes))
    return Person.objects.filter(pk__in=memberships.values("person_id"))


def _subtree(org: Organisation, codes: list[str]) -> set[int]:
    return descendants(Unit.objects.filter(organisation=org, code__in=codes).values_list("pk", flat=True))


@dataclass(frozen=True)
class OpenBallot:
    """A ballot open to a member, with the decision about them (eligible or the reason not) and
    whether they have voted (the roll's mark: that they voted, never how); the page links to it by
    `ballot_id` (services know no URLs)."""

    title: str
    ballot_id: int
    closes: dt.datetime | None
    decision: Decision
    voted: bool = False


def _standing(person: Person, ballot: Ballot, entry: RollEntry | None) -> OpenBallot:
    if entry is None:
        decision = Decision(person.ref, False, f"not on the roll frozen on {ballot.opened_on.isoformat()}", ())
    else:
        words = "on the roll" + (f": {entry.reason}" if entry.reason else "")
        decision = Decision(person.ref, entry.eligible, words if entry.eligible else entry.reason, ())
    return OpenBallot(ballot.title, ballot.pk, ballot.closes, decision, bool(entry and entry.voted))


def open_ballots_for(person: Person | None, today: dt.date) -> list[OpenBallot]:
    """The open ballots of the person's organisations, each with the person's decision from the
    frozen roll (on the roll and eligible, else the reason stored when the roll was frozen)."""
    if person is None:
        return []
    orgs = Membership.objects.filter(person=person).values("unit__organisation_id")
    ballots = Ballot.objects.filter(organisation_id__in=orgs, status=Status.OPEN, opened_on__lte=today)
    entries = {e.ballot_id: e for e in RollEntry.objects.filter(person=person, ballot__in=ballots)}
    return [_standing(person, ballot, entries.get(ballot.pk)) for ballot in ballots.order_by("closes", "pk")]


def standing_on(person: Person | None, ballot: Ballot) -> OpenBallot | None:
    """The person's place on one ballot's roll (as `open_ballots_for` gives it), or None for an
    account with no membership: what the ballot's page tells its reader first."""
    if person is None:
        return None
    return _standing(person, ballot, RollEntry.objects.filter(person=person, ballot=ballot).first())
