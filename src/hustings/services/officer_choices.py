"""Selectors for the officers' forms: what an officer may choose from, so that no form asks for an
internal key (issue #14). Each list is the officer's own: the organisations where they hold the
permission, the units of their scope, the processes the chosen rulebook defines, the nominees of a
process. The views offer these lists; the services check the posted choice again when they act.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet

from hustings.rules import Rulebook, load_rulebook, shipped_rulebooks
from hustings.rules.processes import KINDS, ProcessKind
from hustings.services import access, roles, rulebooks
from hustings.services.processes import contests
from hustings.store.ballots.models import Ballot
from hustings.store.members.models import Office, Person
from hustings.store.organisations.models import Organisation, Unit
from hustings.store.processes.models import Process

UNITS_SHOWN = 50
"""At most this many units are offered at once; the search box narrows the rest."""


@dataclass(frozen=True)
class RulebookChoice:
    name: str
    title: str
    in_force: bool


@dataclass(frozen=True)
class ProcessChoice:
    key: str
    label: str
    description: str


def organisations_for(user: access.User, permission: str) -> list[Organisation]:
    """The organisations where `user` holds `permission` with a role in force."""
    return [o for o in access.organisations_anywhere(user, permission) if access.has_anywhere(user, permission, o)]


def _shipped(name: str) -> Rulebook:
    return rulebooks.version(name).rulebook


def rulebook_in_force(organisation: Organisation) -> str | None:
    """The shipped rulebook the organisation runs by: the one it adopted last (when it adopted a
    shipped rulebook by name), else the rulebook of its latest process or ballot, else the newest
    shipped rulebook written for an organisation of its name; None when nothing says."""
    adopted = rulebooks.current(organisation.pk)
    if adopted is not None and adopted.rulebook.name in shipped_rulebooks():
        return adopted.rulebook.name
    used = [
        Process.objects.filter(organisation=organisation).order_by("-opened_at", "-pk").values_list("rulebook_name"),
        Ballot.objects.filter(organisation=organisation).order_by("-opened_on", "-pk").values_list("rulebook"),
    ]
    for rows in used:
        name = next((row[0] for row in rows[:1] if row[0] in shipped_rulebooks()), None)
        if name is not None:
            return name
    named = [n for n in shipped_rulebooks() if _shipped(n).organisation.casefold() == organisation.name.casefold()]
    return max(named, key=lambda n: _shipped(n).effective) if named else None


def rulebook_choices(organisation: Organisation | None) -> list[RulebookChoice]:
    """Every shipped rulebook, the one in force for `organisation` first, then the rest by name."""
    in_force = rulebook_in_force(organisation) if organisation is not None else None
    names = sorted(shipped_rulebooks(), key=lambda n: (n != in_force, n))
    return [RulebookChoice(n, _shipped(n).title, n == in_force) for n in names]


def process_choices(rulebook_name: str) -> list[ProcessChoice]:
    """The processes `rulebook_name` defines, each with a readable name and the rulebook's own
    description; none for a rulebook that is not shipped."""
    if rulebook_name not in shipped_rulebooks():
        return []
    processes = load_rulebook(rulebook_name).processes
    return [ProcessChoice(key, _label(key), process.description) for key, process in processes.items()]


def _label(key: str) -> str:
    """`leadership_challenge` reads "Leadership challenge" (the process kind's title where there is one)."""
    kind = KINDS.get(key)
    return kind.title if kind is not None else key.replace("_", " ").capitalize()


def process_kinds(rulebook_name: str) -> list[ProcessKind]:
    """The kinds of process an officer may open under `rulebook_name`: those whose rulebook process it
    defines, and those no rulebook defines (an advisory motion, a branch meeting)."""
    defined = {choice.key for choice in process_choices(rulebook_name)}
    return [k for k in KINDS.values() if k.rulebook_process is None or k.rulebook_process in defined]


def units_for(user: access.User, permission: str, organisation: Organisation, search: str = "") -> QuerySet[Unit]:
    """The units of `organisation` in `user`'s scope for `permission`, by name; `search` keeps those
    whose name or code contains it."""
    units = access.units_in_scope(user, permission).filter(organisation=organisation)
    words = search.strip()
    if words:
        units = units.filter(Q(name__icontains=words) | Q(code__icontains=words))
    return units.order_by("name", "code")


def first_units(
    user: access.User, permission: str, organisation: Organisation, search: str = ""
) -> tuple[list[Unit], bool]:
    """The first `UNITS_SHOWN` of `units_for`, and whether it finds more (the page says so)."""
    found = list(units_for(user, permission, organisation, search)[: UNITS_SHOWN + 1])
    return found[:UNITS_SHOWN], len(found) > UNITS_SHOWN


def every_unit_for(user: access.User, permission: str) -> QuerySet[Unit]:
    """Every unit, of any organisation, in `user`'s scope for `permission`, by name."""
    return access.units_in_scope(user, permission).order_by("name", "code")


def unit_of(organisation: Organisation, code: str) -> Unit | None:
    """The organisation's unit with this code (None for another organisation's): whether the officer
    may act on it is the service's to decide when they act."""
    return Unit.objects.filter(organisation=organisation, code=code.strip()).first()


def withdrawable(process: Process) -> list[str]:
    """The nominees of `process` (`contests.nominees`: in order of their first nomination) who have
    not withdrawn."""
    gone = set(process.withdrawals.values_list("candidate", flat=True))
    return [name for name in contests.nominees(process) if name not in gone]


def ballots_for_debates(user: access.User) -> list[tuple[str, str]]:
    """(id, title) of the ballots, not yet closed, of the organisations where `user` moderates
    debates: those whose voters a debate may be opened to."""
    organisations = access.organisations_anywhere(user, "debates.moderate")
    rows = Ballot.objects.filter(organisation__in=organisations, status__in=["ceremony", "open"])
    return [(str(pk), title) for pk, title in rows.order_by("title", "pk").values_list("pk", "title")]


def candidate_accounts(user: access.User) -> list[tuple[str, str]]:
    """(username, name) of the accounts of people standing, by the register's name, as a nominee of
    an open process or a candidate of a ballot not yet closed, in the organisations where `user`
    moderates debates: who a hustings debate's candidate may be."""
    organisations = access.organisations_anywhere(user, "debates.moderate")
    names = set(
        Process.objects.filter(organisation__in=organisations, state="open").values_list(
            "nominations__nominee", flat=True
        )
    )
    for candidates in Ballot.objects.filter(
        organisation__in=organisations, status__in=["ceremony", "open"]
    ).values_list("candidates", flat=True):
        names.update(candidates)
    people = Person.objects.filter(
        name__in=[n for n in names if n],
        user__isnull=False,
        user__is_active=True,
        memberships__unit__organisation__in=organisations,
    ).distinct()
    return sorted(
        {(p.user.get_username(), p.name) for p in people.select_related("user") if p.user}, key=lambda r: r[1]
    )


def office_holders(process: Process) -> list[tuple[str, str]]:
    """(membership number, "name (office)") of everyone holding an office, not ended, in the
    process's organisation: the MPs and MEPs who may nominate, by name."""
    offices = (
        Office.objects.filter(unit__organisation=process.organisation, end__isnull=True)
        .select_related("person")
        .order_by("person__name", "person__ref")
    )
    found: dict[str, str] = {}
    for office in offices:
        found.setdefault(office.person.ref, f"{office.person.name} ({office.kind})")
    return list(found.items())


@dataclass(frozen=True)
class AccountChoice:
    username: str
    name: str
    ref: str


def accounts_for_roles(user: access.User, organisation: Organisation, search: str = "") -> list[AccountChoice]:
    """The accounts a general secretary may grant a role to, by name (at most `UNITS_SHOWN` + 1, so
    that the page can say there are more): the people with an account who are members of a unit of
    `organisation` in `user`'s scope for `units.manage`, and the accounts already holding a role the
    officer sees there; `search` keeps those whose name, membership number or username contains it."""
    scope = access.units_in_scope(user, "units.manage").filter(organisation=organisation)
    people = Person.objects.filter(user__isnull=False, user__is_active=True, memberships__unit__in=scope)
    holders = User.objects.filter(
        is_active=True, roles__in=roles.visible(user).filter(organisation=organisation), person__isnull=True
    )
    words = search.strip()
    if words:
        people = people.filter(Q(name__icontains=words) | Q(ref__icontains=words) | Q(user__username__icontains=words))
        holders = holders.filter(
            Q(username__icontains=words) | Q(first_name__icontains=words) | Q(last_name__icontains=words)
        )
    found = {
        p.user.get_username(): AccountChoice(p.user.get_username(), p.name, p.ref)
        for p in people.select_related("user").distinct().order_by("name", "ref")[: UNITS_SHOWN + 1]
        if p.user
    }
    for account in holders.distinct().order_by("username")[: UNITS_SHOWN + 1]:
        found.setdefault(
            account.get_username(),
            AccountChoice(account.get_username(), account.get_full_name() or account.get_username(), ""),
        )
    return sorted(found.values(), key=lambda a: (a.name.casefold(), a.ref, a.username))[: UNITS_SHOWN + 1]


@dataclass(frozen=True)
class NominatedProcess:
    pk: int
    title: str
    kind: str
    candidates: tuple[str, ...]

    def runs(self, process_kind: str) -> bool:
        """Whether this process is one of the rulebook process `process_kind`."""
        kind = KINDS.get(self.kind)
        return self.kind == process_kind or (kind is not None and kind.rulebook_process == process_kind)


def nominated_processes(user: access.User, organisation: Organisation) -> list[NominatedProcess]:
    """The open processes of `organisation` that `user` manages, with no ballot yet, whose
    nominations have closed with someone on the ballot: their candidates are those of their valid
    nominations (`contests.candidates`: gate met, not withdrawn), by name, not typed again."""
    rows = Process.objects.filter(
        organisation=organisation,
        state="open",
        ballot_id__isnull=True,
        stages__key="nominations",
        stages__state="closed",
    ).select_related("unit")
    found = []
    for process in rows.order_by("title", "pk"):
        if not access.has(user, "processes.manage", process.unit, organisation):
            continue  # (asked first: reading the candidates costs queries)
        names = contests.candidates(process)
        if names:
            found.append(NominatedProcess(process.pk, process.title, process.kind, tuple(names)))
    return found
