"""Proxies (docs/ballots.md, "Proxies"): a member appoints another eligible member of the roll to
vote for them, where the rulebook's process allows it (`Proxies.allowed`, at most `max_held`
appointments held by one person), and may revoke it until their entry has voted.

One ballot per roll entry, whichever path: the proxy's cast marks the appointer's entry with the
same conditional UPDATE a voting code uses (`... WHERE NOT voted`), so of a proxy's cast and the
appointer's own, racing, exactly one marks the entry and drops a ballot in the box. A revocation
and the proxy's cast both lock the appointment row, so one waits for the other: a revoked
appointment casts nothing, and an appointment whose entry has voted cannot be revoked.

Secrecy: the appointment says who may vote for whom, never how. The proxy's ballot goes to the
box like any other, with the appointer's weight class and section and nothing of either person;
officers see counts of appointments (`proxy_counts`), and the audit log records each appointment
and revocation, never a cast.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext

from hustings.rules import load_rulebook
from hustings.rules.rulebook import Proxies
from hustings.services import audit
from hustings.services.access import User, signed_in
from hustings.services.ballots import officers
from hustings.services.ballots.casting import (
    Receipt,
    accepting_votes,
    ballot_for_casting,
    drop_in_box,
    encode_preferences,
)
from hustings.services.ballots.errors import AlreadyVoted, BallotError, NotOpen
from hustings.store.ballots.models import Ballot, ProxyAppointment, RollEntry


class ProxyRefused(BallotError):
    """The rulebook, the roll or the ballot's state does not allow this appointment or cast."""


def rule(ballot: Ballot) -> Proxies | None:
    """The rulebook's proxy rule for the ballot's process, if it has one."""
    return load_rulebook(ballot.rulebook).process(ballot.process_kind).proxies


def _allowed(ballot: Ballot) -> Proxies:
    proxies = rule(ballot)
    if ballot.e2e:
        raise ProxyRefused(
            gettext("an end-to-end verifiable ballot takes no proxies: each voter encrypts their own ballot")
        )
    if proxies is None or not proxies.allowed:
        cited = f" (rule {proxies.id})" if proxies is not None else ""
        raise ProxyRefused(gettext("the rules of this ballot do not allow proxies{cited}").format(cited=cited))
    return proxies


def _open(ballot: Ballot) -> None:
    if not accepting_votes(ballot):
        raise NotOpen(gettext("this ballot is not open: proxies are appointed, revoked and used only while it is"))


def _own(ballot: Ballot, user: User, locked: bool = False) -> RollEntry | None:
    """The user's own eligible entry on the ballot's roll, if they have one."""
    holder = signed_in(user)
    if holder is None:
        return None
    rows = RollEntry.objects.select_related("person")
    if locked:
        rows = rows.select_for_update()
    return rows.filter(ballot=ballot, person__user=holder, eligible=True).first()


def _entry(ballot: Ballot, user: User, locked: bool = False) -> RollEntry:
    """The user's own eligible entry on the ballot's roll; refused if they have none."""
    entry = _own(ballot, user, locked)
    if entry is None:
        raise ProxyRefused(gettext("you are not an eligible voter on this ballot's roll"))
    return entry


def appoint(user: User, ballot: Ballot, proxy_ref: str) -> ProxyAppointment:
    """The signed-in member appoints the member numbered `proxy_ref` as their proxy. Both must be
    eligible on the roll (so another organisation's member never is), the appointer not yet voted
    and holding no standing appointment, and the proxy holding fewer than `max_held`."""
    proxies = _allowed(ballot)
    with transaction.atomic():
        row = Ballot.objects.select_for_update().get(pk=ballot.pk)
        _open(row)
        appointer = _entry(row, user, locked=True)
        if appointer.voted:
            raise ProxyRefused(gettext("you have already voted in this ballot"))
        proxy = (
            RollEntry.objects.select_for_update()
            .select_related("person")
            .filter(ballot=row, person__ref=" ".join(proxy_ref.split()), eligible=True)
            .first()
        )
        if proxy is None:
            raise ProxyRefused(
                gettext("{proxy_ref!r} is not an eligible voter on this ballot's roll").format(proxy_ref=proxy_ref)
            )
        if proxy.pk == appointer.pk:
            raise ProxyRefused(gettext("you cannot be your own proxy"))
        if ProxyAppointment.objects.filter(ballot=row, appointer=appointer, revoked=False).exists():
            raise ProxyRefused(gettext("you have a proxy already: revoke that appointment first"))
        held = ProxyAppointment.objects.filter(ballot=row, proxy=proxy, revoked=False).count()
        if held >= proxies.max_held:
            raise ProxyRefused(
                gettext("{name} already holds {held} proxies, the most the rules allow (rule {id})").format(
                    name=proxy.person.name, held=held, id=proxies.id
                )
            )
        appointment = ProxyAppointment.objects.create(ballot=row, appointer=appointer, proxy=proxy)
        audit.record(
            user,
            "ballot.proxy_appoint",
            row,
            None,
            {"appointer": appointer.person.ref, "proxy": proxy.person.ref, "rule": proxies.id},
        )
    return appointment


def revoke(user: User, ballot: Ballot) -> None:
    """The signed-in member revokes their standing appointment, if their entry has not voted."""
    with transaction.atomic():
        appointer = _entry(ballot, user, locked=True)
        appointment = (
            ProxyAppointment.objects.select_for_update()
            .filter(ballot=ballot, appointer=appointer, revoked=False)
            .select_related("proxy__person")
            .first()
        )
        if appointment is None:
            raise ProxyRefused(gettext("you have no proxy to revoke"))
        _open(Ballot.objects.get(pk=ballot.pk))
        if RollEntry.objects.filter(pk=appointer.pk, voted=True).exists():
            raise ProxyRefused(gettext("your vote has been cast (by you or your proxy): the appointment stands"))
        appointment.revoked = True
        appointment.save(update_fields=["revoked"])
        audit.record(
            user,
            "ballot.proxy_revoke",
            ballot,
            {"appointer": appointer.person.ref, "proxy": appointment.proxy.person.ref},
            None,
        )


def cast_as_proxy(user: User, ballot_id: int, appointer_ref: str, preferences: list[str]) -> Receipt:
    """The signed-in proxy casts the ballot of the member numbered `appointer_ref`. The
    appointer's entry is marked by the conditional UPDATE a voting code uses: of this cast and the
    appointer's own, exactly one counts. Raises `ProxyRefused`, `AlreadyVoted`, `NotOpen` or
    `InvalidPreferences`."""
    with transaction.atomic():
        ballot = ballot_for_casting(ballot_id)
        _open(ballot)
        encoded = encode_preferences(list(ballot.candidates), preferences)
        holder = _entry(ballot, user)
        appointment = (
            ProxyAppointment.objects.select_for_update()
            .filter(ballot_id=ballot_id, proxy=holder, appointer__person__ref=appointer_ref, revoked=False)
            .first()
        )
        if appointment is None:
            raise ProxyRefused(
                gettext("you hold no proxy for {appointer_ref} in this ballot").format(appointer_ref=appointer_ref)
            )
        entry = RollEntry.objects.filter(pk=appointment.appointer_id)
        if entry.filter(eligible=True, voted=False).update(voted=True) != 1:
            raise AlreadyVoted(
                gettext("the vote of {appointer_ref} has already been cast: it stands and cannot be changed").format(
                    appointer_ref=appointer_ref
                )
            )
        weight, section = entry.values_list("weight", "section").get()
        return Receipt(ballot_id, drop_in_box(ballot_id, encoded, weight, section))


@dataclass(frozen=True)
class Held:
    """A proxy the signed-in member holds: whom for, and whether that vote has been cast."""

    ref: str
    name: str
    voted: bool


@dataclass(frozen=True)
class MyProxies:
    """What the proxy page shows a member: the rule, their own appointment, those they hold."""

    allowed: bool
    rule_id: str | None
    max_held: int
    eligible: bool
    appointed: str | None
    """The name and number of the member's proxy, if they have a standing one."""
    voted: bool
    held: tuple[Held, ...]

    def as_dict(self) -> dict[str, object]:
        """As the API and `hustings proxies list --format json` give it."""
        return {
            "allowed": self.allowed,
            "rule": self.rule_id,
            "max_held": self.max_held,
            "eligible": self.eligible,
            "appointed": self.appointed,
            "voted": self.voted,
            "held": [{"ref": h.ref, "name": h.name, "voted": h.voted} for h in self.held],
        }


def mine(user: User, ballot: Ballot) -> MyProxies:
    """The member's side of proxies in this ballot."""
    proxies = rule(ballot)
    allowed = proxies is not None and proxies.allowed and not ballot.e2e
    entry = _own(ballot, user)
    appointed: str | None = None
    held: tuple[Held, ...] = ()
    if entry is not None:
        own = (
            ProxyAppointment.objects.filter(ballot=ballot, appointer=entry, revoked=False)
            .select_related("proxy__person")
            .first()
        )
        if own is not None:
            appointed = f"{own.proxy.person.name} ({own.proxy.person.ref})"
        held = tuple(
            Held(a.appointer.person.ref, a.appointer.person.name, a.appointer.voted)
            for a in ProxyAppointment.objects.filter(ballot=ballot, proxy=entry, revoked=False)
            .select_related("appointer__person")
            .order_by("appointer__person__ref")
        )
    return MyProxies(
        allowed=allowed,
        rule_id=proxies.id if proxies is not None else None,
        max_held=proxies.max_held if proxies is not None else 0,
        eligible=entry is not None,
        appointed=appointed,
        voted=bool(entry and entry.voted),
        held=held,
    )


@dataclass(frozen=True)
class ProxyCounts:
    """What officers see of proxies: counts only, never who voted how."""

    standing: int
    revoked: int
    holders: int
    used: int
    """Standing appointments whose appointer's entry has voted (by proxy or in person)."""


def proxy_counts(actor: User, ballot: Ballot) -> ProxyCounts:
    """Counts of the ballot's appointments for its returning officers (`ballots.run`)."""
    officers.require_for(actor, ballot)
    rows = ProxyAppointment.objects.filter(ballot=ballot)
    standing = rows.filter(revoked=False)
    return ProxyCounts(
        standing=standing.count(),
        revoked=rows.filter(revoked=True).count(),
        holders=standing.values("proxy").distinct().count(),
        used=standing.filter(appointer__voted=True).count(),
    )
