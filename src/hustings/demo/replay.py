"""Use case: replay Labour's 2016 leadership challenge end to end through the services layer.

`replay_labour_2016(scale)` writes a scaled register of the 2016 electorate into the database,
runs the challenge as a process under the `labour-2016` rulebook (nominations, the incumbent,
a withdrawal, the supporters' window, the freeze date), opens the ballot (which freezes the
roll), issues credentials, casts every ballot with `hustings.services.ballots.cast`, closes,
counts and publishes, then verifies the public bulletin board from its own content. It returns
the record `hustings replay labour-2016 --format json` prints.

Published figures (transcribed in the project's shared reference data, `labour_leadership`):
- Result, 24 September 2016 (LabourList, "Jeremy Corbyn earns refreshed mandate", 24 Sep 2016;
  section breakdown from Total Politics, "Jeremy Corbyn's landslide re-election - breakdown",
  24 Sep 2016): Corbyn 168,216 members / 84,918 registered supporters / 60,075 affiliated
  supporters = 313,209 (61.8%); Smith 116,960 / 36,599 / 39,670 = 193,229 (38.2%); valid votes
  506,438, spoilt 1,042, ballots distributed 654,006, turnout 77.6%.
- Nominations (Press Association, 20 July 2016, "Labour receives 180,000 new applications ahead
  of leadership vote"): Smith had 162 MPs and 10 MEPs by 17:00 on 20 July; the NEC ruled that
  Corbyn, as incumbent, need not meet the threshold of 51 (Foster v McNicol [2016] EWHC 1966 (QB)
  upheld it). The PLP and EPLP numbered 251 (so 231 MPs and 20 MEPs here); Angela Eagle had 72
  (63 MPs, 9 MEPs) when she withdrew on 19 July (The Scotsman, 19 July 2016).
- Excluded members: about 130,000 who joined after the 12 January 2016 freeze date (The Guardian,
  8 August 2016, reporting Evangelou v McNicol; the Court of Appeal upheld the exclusion on 12
  August 2016, [2016] EWCA Civ 817).
- Registered supporters: 183,541 paid £25 in the 48-hour window (Press Association, 20 July 2016).

Choices where the record is silent, stated rather than hidden:
- The 146,526 ballots distributed but not returned as valid or spoilt are shared among the three
  sections in proportion to each section's valid votes (no section figures were published).
- Spoilt papers (1,042) cannot be cast electronically (a cast ranks at least one candidate): those
  voters are on the roll and do not vote; the record says so.
- Exclusions with no published figure are one in a thousand of their section (at least one), so
  every rule of the electorate is exercised: members not in good standing (suspended), registered
  supporters who paid after 17:00 on 20 July, affiliated supporters who joined their affiliate after
  12 January, and affiliated supporters who signed up after 8 August. Each is labelled
  "illustrative" in the record. Registered supporters rejected by the party's vetting (reported as
  up to 40,000, New Statesman, 3 August 2016) are outside the rulebook's conditions and not modelled.
- Each voter ranks only their candidate: with two candidates a second preference never counts.

Counts are scaled by rounding each candidate's total and sharing it among sections by largest
remainder, so the shares match the published ones to within rounding (at scale 0.01: 3,132 to
1,932, 61.85% to 38.15%).
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from hustings.board.verify import verify_board
from hustings.rules import Category, load_rulebook
from hustings.rules.processes import freeze_date, supporter_window
from hustings.store.accounts.models import Role, RoleKind
from hustings.store.members import models as db
from hustings.store.organisations.models import Organisation, Unit

RULEBOOK = "labour-2016"
CORBYN, SMITH, EAGLE = "Jeremy Corbyn", "Owen Smith", "Angela Eagle"
SECTIONS = ("member", "registered_supporter", "affiliated_supporter")
PUBLISHED_VOTES = {
    CORBYN: {"member": 168_216, "registered_supporter": 84_918, "affiliated_supporter": 60_075},
    SMITH: {"member": 116_960, "registered_supporter": 36_599, "affiliated_supporter": 39_670},
}
PUBLISHED_TOTALS = {CORBYN: 313_209, SMITH: 193_229}
PUBLISHED_SHARES = {CORBYN: "61.8", SMITH: "38.2"}
VALID, SPOILT, DISTRIBUTED = 506_438, 1_042, 654_006
EXCLUDED_AFTER_FREEZE = 130_000
MPS, MEPS = 231, 20
SMITH_NOMINATORS = (162, 10)  # MPs, MEPs
EAGLE_NOMINATORS = (63, 9)
BALLOT_ISSUED = dt.date(2016, 8, 22)
ILLUSTRATIVE = Decimal("0.001")


class ReplayError(ValueError):
    """A replay that cannot run as asked (a bad scale)."""


@dataclass(frozen=True)
class Group:
    """People of one kind: their section, whether the rules should let them vote, and why not."""

    key: str
    category: Category
    size: int
    eligible: bool
    source: str
    votes: dict[str, int]  # candidate -> how many of this group vote for them


def _round(x: Decimal) -> int:
    return int(x.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _largest_remainder(total: int, weights: dict[str, int]) -> dict[str, int]:
    whole = sum(weights.values())
    exact = {k: Decimal(total) * w / whole for k, w in weights.items()}
    out = {k: int(v) for k, v in exact.items()}
    for k in sorted(exact, key=lambda k: (-(exact[k] - out[k]), k))[: total - sum(out.values())]:
        out[k] += 1
    return out


def groups(scale: Decimal) -> list[Group]:
    """The scaled electorate, group by group (pure: the same scale gives the same groups)."""
    if not Decimal("0.0001") <= scale <= 1:
        raise ReplayError("--scale must be between 0.0001 and 1")
    votes = {c: _largest_remainder(_round(PUBLISHED_TOTALS[c] * scale), PUBLISHED_VOTES[c]) for c in PUBLISHED_VOTES}
    section_votes = {s: sum(PUBLISHED_VOTES[c][s] for c in PUBLISHED_VOTES) for s in SECTIONS}
    voters = sum(sum(v.values()) for v in votes.values())
    silent = _round(DISTRIBUTED * scale) - voters
    silent_by_section = _largest_remainder(max(silent, 0), section_votes)
    published = "LabourList and Total Politics, 24 September 2016"
    out = [
        Group(
            f"{s}-voting",
            Category(s),
            sum(votes[c][s] for c in votes) + silent_by_section[s],
            True,
            f"{published}; non-returned ballots shared by section votes",
            {c: votes[c][s] for c in votes},
        )
        for s in SECTIONS
    ]
    members = out[0].size

    def illustrative(key: str, category: Category, base: int) -> Group:
        size = max(1, _round(base * ILLUSTRATIVE))
        return Group(key, category, size, False, "illustrative: no published figure (1 in 1,000 of the section)", {})

    out += [
        Group(
            "member-joined-after-freeze",
            Category.MEMBER,
            max(1, _round(EXCLUDED_AFTER_FREEZE * scale)),
            False,
            "The Guardian, 8 August 2016: about 130,000 members who joined after 12 January 2016",
            {},
        ),
        illustrative("member-suspended", Category.MEMBER, members),
        illustrative("supporter-paid-late", Category.REGISTERED_SUPPORTER, out[1].size),
        illustrative("affiliate-joined-affiliate-late", Category.AFFILIATED_SUPPORTER, out[2].size),
        illustrative("affiliate-signed-up-late", Category.AFFILIATED_SUPPORTER, out[2].size),
    ]
    return out


@dataclass
class _Register:
    organisation: Organisation
    officer: User
    mps: list[db.Person]
    meps: list[db.Person]
    groups: dict[str, list[str]]  # group key -> person refs


def _load_register(token: str, parts: list[Group], rng: random.Random) -> _Register:
    """Write the organisation, its units, the PLP and EPLP, and everyone in `parts` (bulk inserts)."""
    org = Organisation.objects.create(slug=f"labour-2016-replay-{token}", name="Labour Party (2016 replay)")
    units = _units(org, token)
    officer = User.objects.create_user(f"replay-{token}", password=None)
    Role.objects.create(user=officer, kind=RoleKind.RETURNING_OFFICER, organisation=org)
    holders = _office_holders(token, units)
    refs, memberships = _members(token, parts, units, rng)
    _histories(memberships, rng)
    return _Register(org, officer, holders[:MPS], holders[MPS:], refs)


@dataclass
class _Units:
    regions: list[Unit]
    clps: list[Unit]
    branches: list[Unit]
    union: Unit


def _units(org: Organisation, token: str) -> _Units:
    """The national party, four regions of two constituency parties of two branches, and a union."""
    top = Unit.objects.create(organisation=org, code=f"{token}-uk", name="Labour Party", kind="national party")
    regions = [
        Unit.objects.create(organisation=org, code=f"{token}-r{i}", name=name, kind="region", parent=top)
        for i, name in enumerate(("London", "North West", "Scotland", "Wales"))
    ]
    clps = [
        Unit.objects.create(
            organisation=org, code=f"{r.code}-c{j}", name=f"{r.name} CLP {j}", kind="constituency party", parent=r
        )
        for r in regions
        for j in range(1, 3)
    ]
    branches = [
        Unit.objects.create(
            organisation=org, code=f"{c.code}-b{k}", name=f"{c.name} branch {k}", kind="branch", parent=c
        )
        for c in clps
        for k in range(1, 3)
    ]
    union = Unit.objects.create(organisation=org, code=f"{token}-union", name="Affiliated union", kind="affiliate")
    return _Units(regions, clps, branches, union)


def _office_holders(token: str, units: _Units) -> list[db.Person]:
    """The PLP (MPS MPs, for constituency parties) then the EPLP (MEPS MEPs, for regions)."""
    holders = db.Person.objects.bulk_create(
        db.Person(ref=f"{token}-{'MP' if i < MPS else 'MEP'}{i:03d}", name=f"{'MP' if i < MPS else 'MEP'} {i + 1}")
        for i in range(MPS + MEPS)
    )
    db.Office.objects.bulk_create(
        db.Office(
            person=p,
            kind="MP" if i < MPS else "MEP",
            unit=units.clps[i % len(units.clps)] if i < MPS else units.regions[i % len(units.regions)],
            start=dt.date(2015, 5, 7) if i < MPS else dt.date(2014, 5, 22),
        )
        for i, p in enumerate(holders)
    )
    return holders


def _members(
    token: str, parts: list[Group], units: _Units, rng: random.Random
) -> tuple[dict[str, list[str]], list[tuple[Group, db.Membership]]]:
    """Everyone in `parts`, in a random branch (affiliated supporters: the union): the refs of each
    group, and each membership with its group."""
    refs: dict[str, list[str]] = {}
    people: list[db.Person] = []
    memberships: list[tuple[Group, db.Membership]] = []
    n = 0
    for group in parts:
        refs[group.key] = []
        for _ in range(group.size):
            n += 1
            ref = f"{token}-L{n:07d}"
            refs[group.key].append(ref)
            person = db.Person(ref=ref, name=f"Replay voter {n}")
            people.append(person)
            unit = units.union if group.category == Category.AFFILIATED_SUPPORTER else rng.choice(units.branches)
            memberships.append((group, db.Membership(person=person, unit=unit, category=group.category.value)))
    db.Person.objects.bulk_create(people, batch_size=5000)
    for (group, membership), person in zip(memberships, people, strict=True):
        membership.person = person
        membership.affiliate_member_since = _affiliate_since(group, rng)
    db.Membership.objects.bulk_create([m for _, m in memberships], batch_size=5000)
    return refs, memberships


def _histories(memberships: list[tuple[Group, db.Membership]], rng: random.Random) -> None:
    """Each membership's joining, any suspension, and any supporter's fee (local time)."""
    zone = timezone.get_current_timezone()
    changes: list[db.StatusChange] = []
    payments: list[db.Payment] = []
    for group, membership in memberships:
        joined, paid_at, suspended = _history(group, rng)
        changes.append(db.StatusChange(membership=membership, status="joined", on=joined))
        if suspended is not None:
            changes.append(db.StatusChange(membership=membership, status="suspended", on=suspended))
        if paid_at is not None:
            payments.append(db.Payment(membership=membership, at=paid_at.replace(tzinfo=zone), pence=2500))
    db.StatusChange.objects.bulk_create(changes, batch_size=5000)
    db.Payment.objects.bulk_create(payments, batch_size=5000)


def _day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randrange((last - first).days + 1))


def _affiliate_since(group: Group, rng: random.Random) -> dt.date | None:
    if group.category != Category.AFFILIATED_SUPPORTER:
        return None
    if group.key == "affiliate-joined-affiliate-late":
        return _day(rng, dt.date(2016, 1, 13), dt.date(2016, 6, 30))
    return _day(rng, dt.date(1985, 1, 1), dt.date(2016, 1, 12))


def _history(group: Group, rng: random.Random) -> tuple[dt.date, dt.datetime | None, dt.date | None]:
    """When they joined, when they paid a supporter's fee (local time), when they were suspended."""
    if group.category == Category.REGISTERED_SUPPORTER:
        if group.key == "supporter-paid-late":
            paid = dt.datetime(2016, 7, 20, 17, 0) + dt.timedelta(minutes=1 + rng.randrange(600))
        else:
            paid = dt.datetime(2016, 7, 18, 17, 0) + dt.timedelta(minutes=rng.randrange(48 * 60 + 1))
        return paid.date(), paid, None
    if group.category == Category.AFFILIATED_SUPPORTER:
        if group.key == "affiliate-signed-up-late":
            return _day(rng, dt.date(2016, 8, 9), dt.date(2016, 8, 20)), None, None
        return _day(rng, dt.date(2014, 3, 1), dt.date(2016, 8, 8)), None, None
    if group.key == "member-joined-after-freeze":
        return _day(rng, dt.date(2016, 1, 13), dt.date(2016, 7, 12)), None, None
    joined = _day(rng, dt.date(1975, 1, 1), dt.date(2016, 1, 12))
    suspended = _day(rng, dt.date(2016, 6, 1), dt.date(2016, 8, 1)) if group.key == "member-suspended" else None
    return joined, None, suspended


def replay_labour_2016(scale: Decimal | float | str = Decimal("0.01"), seed: int = 2016) -> dict[str, Any]:
    """Run the replay on the configured database and return its record (see the module docstring)."""
    from hustings.services import ballots
    from hustings.services import processes as svc
    from hustings.services.electorate import summary
    from hustings.store.ballots.models import Ballot as BallotRow

    scale = Decimal(str(scale))
    parts = groups(scale)
    rng = random.Random(seed)
    token = secrets.token_hex(3)
    rules = load_rulebook(RULEBOOK)
    with transaction.atomic():
        register = _load_register(token, parts, rng)
    officer = register.officer

    # The challenge: the incumbent placed by the rule; Eagle nominated, then withdrawn; Smith nominated.
    process = svc.open_process(
        officer,
        organisation=register.organisation,
        kind="leadership_challenge",
        rulebook=RULEBOOK,
        title="Labour Party leadership challenge 2016",
        subject=CORBYN,
        trigger="challenge: Angela Eagle, 11 July 2016",
    )
    svc.open_contest(officer, process=process)
    eagle = register.mps[: EAGLE_NOMINATORS[0]] + register.meps[: EAGLE_NOMINATORS[1]]
    for person in eagle:
        svc.nominate(officer, process, EAGLE, person=person)
    svc.withdraw(officer, process, EAGLE, "withdrew on 19 July 2016 and nominated Owen Smith")
    smith = register.mps[: SMITH_NOMINATORS[0]] + register.meps[: SMITH_NOMINATORS[1]]
    for person in smith:
        svc.nominate(officer, process, SMITH, person=person)
    final = svc.close_nominations(officer, process)

    ballot = svc.open_contest_ballot(officer, process, method="irv", on_date=BALLOT_ISSUED)
    credentials = ballots.issue_credentials(officer, ballot)
    casts = [
        (ref, candidate)
        for group in parts
        for candidate, ref in zip(_candidates_in_order(group), register.groups[group.key], strict=False)
    ]
    rng.shuffle(casts)
    for n, (ref, candidate) in enumerate(casts):
        ballots.cast(ballot.pk, credentials[ref], [candidate], f"replay-{n}")
    ballots.close_ballot(officer, ballot)
    result = ballots.count_ballot(officer, ballot)
    ballots.publish(officer, ballot)
    svc.record_contest_result(officer, process)
    ballot = BallotRow.objects.get(pk=ballot.pk)
    verification = verify_board(ballots.bulletin_board(ballot))

    rules_ballot = _rules_ballot(ballot)
    judged = summary(register.organisation.slug, rules, rules_ballot, BALLOT_ISSUED)
    tally = {c: int(v) for c, v in result.rounds[0].tally.items()}
    cast_total = sum(tally.values())
    return {
        "contest": "Labour Party leadership election 2016 (challenge)",
        "rulebook": f"{rules.name} {rules.version}",
        "scale": str(scale),
        "nominations": _nominations(process, final),
        "electorate": _electorate(rules, parts, judged, ballot, len(casts), scale),
        "result": result.to_dict(),
        "shares": {c: _percent(v, cast_total) for c, v in tally.items()},
        "published": {
            "votes": PUBLISHED_TOTALS,
            "shares": PUBLISHED_SHARES,
            "source": "LabourList, 24 September 2016",
        },
        "board": {
            "head": ballot.board.order_by("-seq").values_list("digest", flat=True).first(),
            "ballots": cast_total,
        },
        "verified": verification.verified,
        "checks": [f"{c.name}: {c.detail}" for c in verification.checks],
        "problems": list(verification.problems),
    }


def _candidates_in_order(group: Group) -> Iterable[str]:
    for candidate, n in group.votes.items():
        yield from [candidate] * n


def _rules_ballot(ballot: Any) -> Any:
    from hustings.rules import Ballot

    return Ballot(str(ballot.pk), ballot.process_kind, ballot.opened_on, ballot.freeze_date)


def _percent(part: int, whole: int) -> str:
    return str((Decimal(100 * part) / whole).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)) if whole else "0"


def _nominations(process: Any, final: list[Any]) -> dict[str, Any]:
    from hustings.services import processes as svc

    smith = next(d for d in final if d.subject == SMITH)
    incumbent = next(d for d in final if d.subject == CORBYN)
    eagle_withdrawal = process.withdrawals.get(candidate=EAGLE)
    populations = svc.populations(process, on=dt.date(2016, 7, 20))
    return {
        "threshold": smith.required,
        "population": populations["mps_meps"],
        "rule": smith.rule,
        "arithmetic": smith.arithmetic,
        "candidates": [
            {
                "name": CORBYN,
                "nominations": 0,
                "incumbent": True,
                "met": incumbent.met,
                "rule": incumbent.rule,
                "reason": incumbent.reason,
            },
            {
                "name": SMITH,
                "nominations": smith.received,
                "mps": SMITH_NOMINATORS[0],
                "meps": SMITH_NOMINATORS[1],
                "met": smith.met,
                "required": smith.required,
                "rule": smith.rule,
                "reason": smith.reason,
            },
        ],
        "withdrawn": [
            {
                "name": EAGLE,
                "nominations": process.nominations.filter(nominee=EAGLE).count(),
                "reason": eagle_withdrawal.reason,
            }
        ],
        "on_ballot": svc.candidates(process),
    }


def _electorate(rules: Any, parts: list[Group], judged: Any, ballot: Any, voted: int, scale: Decimal) -> dict[str, Any]:
    freeze = freeze_date(rules, "leadership_challenge")
    window = supporter_window(rules, "leadership_challenge")
    assert freeze is not None and window is not None
    eligible = {category.value: n for category, n in judged.eligible.items()}
    return {
        "eligible": {"total": judged.eligible_total, **eligible},
        "excluded": dict(sorted(judged.refused.items())),
        "excluded_total": judged.refused_total,
        "roll_size": ballot.roll_size,
        "voted": voted,
        "did_not_vote": ballot.roll_size - voted,
        "spoilt_not_cast": _round(SPOILT * scale),
        "freeze_date": freeze.date.isoformat(),
        "supporter_window": {
            "opens": window.opens.isoformat(),
            "closes": window.closes.isoformat(),
            "fee_pence": window.fee_pence,
        },
        "roll_frozen_on": ballot.opened_on.isoformat(),
        "groups": [
            {"group": g.key, "category": g.category.value, "people": g.size, "eligible": g.eligible, "source": g.source}
            for g in parts
        ],
    }


__all__ = ["ReplayError", "groups", "replay_labour_2016"]
