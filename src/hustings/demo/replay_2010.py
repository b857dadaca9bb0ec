"""Use case: replay Labour's 2010 leadership election, an electoral college, through the services.

`replay_labour_2010(scale)` writes the three sections' voters into the database (the PLP and EPLP
always at full size, the members and affiliates scaled), opens a `leadership_vacancy` process under
the `labour-2010` rulebook, takes the MPs' nominations against the 12.5% gate (33 of 257 Commons
members of the PLP), then runs ONE ballot over the whole college (Labour Party Rule Book 2010,
Chapter 4, Clause II.2.C): the roll frozen over the three sections' units, the rulebook's college
putting each voter in their section (`hustings.services.ballots.weights.assign`: the MPs and MEPs
by their office, members and affiliates by their category), credentials issued, every ballot cast
with `hustings.services.ballots.cast`, the box closed, counted section by section and combined
with the rulebook's weights (one third each) by `hustings.board.verify.count_college`, published
and its board verified. The ballot's result is the college's result, and every round is checked
against the published result, and each section against its published figures (round 1 for every
section; every round for the MPs and MEPs, whose ballots the party published; the final round for
the members and affiliates).
The ballots themselves, and the choices made where figures were not at hand, are described in
`hustings.demo.college_2010`; the nominations are the MPs' public nominations at the close on
9 June 2010 as reported by Wikipedia's article on the contest (David Miliband 81, Ed Miliband 63,
Ed Balls 33, Andy Burnham 33, Diane Abbott 33; Balls's 33 and the others' progress agree with the
party's count of 8 June reported by the press, the final figures could not be re-read here: see
tests/data/labour_2010/README.md). Only the gate matters to the replay: every one of them reaches 33.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from hustings.board.verify import verify_board
from hustings.demo import college_2010 as data
from hustings.rules import load_rulebook
from hustings.store.accounts.models import Role, RoleKind
from hustings.store.members import models as db
from hustings.store.organisations.models import Organisation, Unit

RULEBOOK = "labour-2010"
MPS, MEPS = 257, 13
NOMINATIONS = {data.DM: 81, data.EM: 63, data.EB: 33, data.AB: 33, data.DA: 33}
NOMINATIONS_CLOSED = dt.date(2010, 6, 9)
BALLOT_ISSUED = dt.date(2010, 9, 1)
TOLERANCE = Decimal("0.1")


def _units(org: Organisation, token: str) -> dict[str, Unit]:
    top = Unit.objects.create(organisation=org, code=f"{token}-uk", name="Labour Party", kind="national party")
    plp = Unit.objects.create(
        organisation=org, code=f"{token}-plp", name="PLP and EPLP", kind="parliamentary party", parent=top
    )
    region = Unit.objects.create(organisation=org, code=f"{token}-r", name="Regions", kind="region", parent=top)
    clp = Unit.objects.create(
        organisation=org, code=f"{token}-c", name="A constituency party", kind="constituency party", parent=region
    )
    union = Unit.objects.create(organisation=org, code=f"{token}-union", name="Affiliated unions", kind="affiliate")
    return {"mps_meps": plp, "members": clp, "affiliates": union, "regions": region}


def _people(token: str, units: dict[str, Unit], sizes: dict[str, int]) -> dict[str, list[str]]:
    """The sections' people (bulk inserts): MPs and MEPs with their offices, members, affiliates."""
    refs: dict[str, list[str]] = {}
    people: list[db.Person] = []
    memberships: list[db.Membership] = []
    for section, n in sizes.items():
        refs[section] = [f"{token}-{section}-{i:07d}" for i in range(n)]
        for ref in refs[section]:
            person = db.Person(ref=ref, name=f"Replay voter {ref}")
            people.append(person)
            category = "affiliated_supporter" if section == "affiliates" else "member"
            since = dt.date(2005, 1, 1) if section == "affiliates" else None
            memberships.append(
                db.Membership(person=person, unit=units[section], category=category, affiliate_member_since=since)
            )
    db.Person.objects.bulk_create(people, batch_size=5000)
    for membership, person in zip(memberships, people, strict=True):
        membership.person = person
    db.Membership.objects.bulk_create(memberships, batch_size=5000)
    db.StatusChange.objects.bulk_create(
        (db.StatusChange(membership=m, status="joined", on=dt.date(2000, 1, 1)) for m in memberships), batch_size=5000
    )
    holders = people[: MPS + MEPS]  # the first section is the PLP and EPLP
    db.Office.objects.bulk_create(
        db.Office(person=p, kind="MP" if i < MPS else "MEP", unit=units["mps_meps"], start=dt.date(2010, 5, 6))
        for i, p in enumerate(holders)
    )
    return refs


def replay_labour_2010(scale: Decimal | float | str = Decimal("0.01"), seed: int = 2010) -> dict[str, Any]:
    """Run the replay on the configured database and return its record (see the module docstring)."""
    from hustings.services import processes as svc

    scale = Decimal(str(scale))
    ballots_by_section = data.section_ballots(scale)
    rules = load_rulebook(RULEBOOK)
    college = rules.process("leadership_vacancy").college
    assert college is not None
    token = secrets.token_hex(3)
    voters = {s: sum(b.values()) for s, b in ballots_by_section.items()}
    sizes = {"mps_meps": MPS + MEPS, "members": voters["members"], "affiliates": voters["affiliates"]}
    with transaction.atomic():
        org = Organisation.objects.create(slug=f"labour-2010-replay-{token}", name="Labour Party (2010 replay)")
        units = _units(org, token)
        officer = User.objects.create_user(f"replay-{token}", password=None)
        Role.objects.create(user=officer, kind=RoleKind.RETURNING_OFFICER, organisation=org)
        refs = _people(token, units, sizes)
    process = svc.open_process(
        officer,
        organisation=org,
        kind="leadership_vacancy",
        rulebook=RULEBOOK,
        title="Labour Party leadership election 2010",
        trigger="vacancy: Gordon Brown resigned on 10 May 2010",
    )
    mps = list(db.Person.objects.filter(ref__in=refs["mps_meps"][:MPS]).order_by("ref"))
    start = 0
    for candidate, n in NOMINATIONS.items():
        for person in mps[start : start + n]:
            svc.nominate(officer, process, candidate, person=person)
        start += n
    decisions = svc.close_nominations(officer, process)
    names = svc.candidates(process)
    rng = random.Random(seed)
    result, outcome = _run_college(officer, org, units, ballots_by_section, refs, process.pk, names, rng)
    return _record(rules, scale, process, decisions, names, result, outcome, voters)


def _run_college(
    officer: User,
    org: Organisation,
    units: dict[str, Unit],
    ballots_by_section: dict[str, dict[tuple[str, ...], int]],
    refs: dict[str, list[str]],
    process_id: int,
    names: list[str],
    rng: random.Random,
) -> tuple[Any, dict[str, Any]]:
    """The college's one ballot: open (freezing the roll, each voter in their section), issue
    credentials, cast every section's ballots in one shuffled order, close, count, publish, verify."""
    from hustings.services import ballots
    from hustings.store.ballots.models import Ballot as BallotRow

    ballot = ballots.open_ballot(
        officer,
        organisation=org.slug,
        title="Labour Party leadership election 2010",
        rulebook=RULEBOOK,
        process_kind="leadership_vacancy",
        method="irv",
        seats=1,
        candidates=[c for c in data.CANDIDATES if c in names],
        units=[units[s].code for s in data.SECTIONS],
        process_id=process_id,
        on_date=BALLOT_ISSUED,
    )
    credentials = ballots.issue_credentials(officer, ballot)
    casts: list[tuple[str, list[str]]] = []
    for section in data.SECTIONS:
        rankings = [list(r) for r, n in sorted(ballots_by_section[section].items()) for _ in range(n)]
        casts += zip(refs[section], rankings, strict=False)
    rng.shuffle(casts)
    for n, (ref, ranking) in enumerate(casts):
        ballots.cast(ballot.pk, credentials[ref], ranking, f"replay-{n}")
    ballots.close_ballot(officer, ballot)
    result = ballots.count_ballot(officer, ballot)
    ballots.publish(officer, ballot)
    ballot = BallotRow.objects.get(pk=ballot.pk)
    board = ballots.bulletin_board(ballot)
    verification = verify_board(board)
    closed = next(e["data"] for e in board["entries"] if e["kind"] == "closed")
    return result, {
        "ballot": ballot.pk,
        "roll_size": ballot.roll_size,
        "voted": len(casts),
        "sections": {
            s["name"]: {"voters": s["voters"], "ballots": closed["sections"][s["name"]]["ballots"]}
            for s in next(e["data"] for e in board["entries"] if e["kind"] == "opened")["sections"]
        },
        "verified": verification.verified,
        "problems": list(verification.problems),
    }


def _two(x: Fraction) -> str:
    return str(Decimal(x.numerator / x.denominator).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _sections_by_round(result: Any) -> list[dict[str, dict[str, str]]]:
    """Each round: each section's votes and percentage of its valid votes still in the count."""
    out = []
    for rd in result.rounds:
        by_section: dict[str, dict[str, str]] = {}
        for section in data.SECTIONS:
            votes = {c: Fraction(rd.extra[f"{section}: {c}"]) for c in rd.tally}
            valid = sum(votes.values())
            by_section[section] = {c: f"{int(v)} ({_two(100 * v / valid)}%)" for c, v in votes.items()}
        out.append(by_section)
    return out


def _within(result: Any) -> list[str]:
    """Every published round's figure the replay misses by more than the tolerance."""
    misses = []
    for rd, published in zip(result.rounds, data.PUBLISHED_ROUNDS, strict=False):
        for candidate, figure in published.items():
            got = Decimal(_two(Fraction(rd.tally.get(candidate, 0))))
            if abs(got - Decimal(figure)) > TOLERANCE + (Decimal("0.05") if len(figure.split(".")[1]) == 1 else 0):
                misses.append(f"round {rd.number}: {candidate} {got}% against the published {figure}%")
    if len(result.rounds) != len(data.PUBLISHED_ROUNDS):
        misses.append(f"{len(result.rounds)} rounds against the published {len(data.PUBLISHED_ROUNDS)}")
    return misses + [
        f"round {n}, {section}: {candidate} off by {error} against {unit}"
        for n, by_section in enumerate(_section_errors(result), 1)
        for section, errors in by_section.items()
        for candidate, (error, unit, allowed) in errors.items()
        if abs(Decimal(error)) > allowed
    ]


def _section_points(rd: Any, section: str) -> dict[str, Fraction]:
    """One section's share of the college in a round, in points (its votes over its valid votes still in the count)."""
    votes = {c: Fraction(rd.extra[f"{section}: {c}"]) for c in rd.tally}
    valid = sum(votes.values())
    return {c: Fraction(100, 3) * v / valid for c, v in votes.items()}


def _three(x: Fraction) -> str:
    d = Decimal(x.numerator / x.denominator).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
    return str(d if d else d.copy_abs())


def _section_errors(result: Any) -> list[dict[str, dict[str, tuple[str, str, Decimal]]]]:
    """Round by round, each section's published figure against the replay: (replay less published,
    the figure's unit, the tolerance). Round 1: every section in points of the college, as the party
    announced it. Rounds 2 to 4, MPs and MEPs: their published ballots counted, in points. Round 4,
    members and affiliates: per cent of the section (one decimal published, so 0.05 more allowed)."""
    out: list[dict[str, dict[str, tuple[str, str, Decimal]]]] = []
    for rd in result.rounds:
        by_section: dict[str, dict[str, tuple[str, str, Decimal]]] = {}
        for section in data.SECTIONS:
            got = _section_points(rd, section)
            errors: dict[str, tuple[str, str, Decimal]] = {}
            if rd.number == 1:
                for c, figure in data.FIRST_ROUND_POINTS[section].items():
                    errors[c] = (_three(got[c] - Fraction(figure)), "points, party announcement", TOLERANCE)
            elif section == "mps_meps":
                for c, want in data.mps_meps_points(rd.number).items():
                    errors[c] = (_three(got.get(c, Fraction(0)) - want), "points, published ballots", TOLERANCE)
            if rd.number == len(data.PUBLISHED_ROUNDS) and section != "mps_meps":
                for c, figure in data.FINAL_BY_SECTION[section].items():
                    error = 3 * got[c] - Fraction(figure)
                    errors[c] = (_three(error), "per cent of the section", TOLERANCE + Decimal("0.05"))
            if errors:
                by_section[section] = errors
        out.append(by_section)
    return out


def _record(
    rules: Any,
    scale: Decimal,
    process: Any,
    decisions: list[Any],
    names: list[str],
    result: Any,
    outcome: dict[str, Any],
    voters: dict[str, int],
) -> dict[str, Any]:
    from hustings.services import processes as svc

    misses = _within(result)
    first = next(d for d in decisions if d.subject == data.DA)
    return {
        "contest": "Labour Party leadership election 2010 (electoral college)",
        "rulebook": f"{rules.name} {rules.version}",
        "scale": str(scale),
        "nominations": {
            "threshold": first.required,
            "population": svc.populations(process, on=NOMINATIONS_CLOSED)["mps"],
            "rule": first.rule,
            "arithmetic": first.arithmetic,
            "candidates": [
                {"name": d.subject, "nominations": d.received, "met": d.met, "reason": d.reason} for d in decisions
            ],
            "on_ballot": names,
        },
        "result": result.to_dict(),
        "sections": _sections_by_round(result),
        "shares": [{c: _two(Fraction(v)) for c, v in rd.tally.items()} for rd in result.rounds],
        "published": {
            "rounds": data.PUBLISHED_ROUNDS,
            "first_round_points_by_section": data.FIRST_ROUND_POINTS,
            "final_round_by_section": data.FINAL_BY_SECTION,
            "mps_meps_points_by_round": [
                {c: _three(v) for c, v in data.mps_meps_points(n).items()}
                for n in range(1, len(data.PUBLISHED_ROUNDS) + 1)
            ],
            "source": "Labour Party announcement, 25 September 2010, as printed by The Guardian and the New Statesman; "
            "the MPs' and MEPs' ballots as the party published them (PrefLib 00030)",
        },
        "section_errors": [
            {s: {c: e[0] for c, e in errors.items()} for s, errors in by_section.items()}
            for by_section in _section_errors(result)
        ],
        "ballots": outcome
        | {"sections": {s: v | {"voters_in_section": voters[s]} for s, v in outcome["sections"].items()}},
        "verified": outcome["verified"] and not misses,
        "problems": outcome["problems"] + misses,
    }


__all__ = ["replay_labour_2010"]
