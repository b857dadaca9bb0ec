"""Use case: the demo's ballots, processes and debates, seeded through the real services.

`seed_demo_content(organisation, register)` is a hook of `hustings.demo.party.SEEDING_HOOKS`:
it runs inside the demo's loading transaction, after the register is written, and adds (every
step through the use case an officer would call, so the audit log and the bulletin boards hold
each action):

- a leadership challenge under labour-2016 (`hustings.services.processes`): the leader on the
  ballot by the rule (`incumbent_automatic`), a challenger nominated by most MPs (over the gate of
  20% of the PLP), another nominee short of it; nominations closed; the ballot opened with the roll
  frozen on 22 August 2016 against the freeze date of 12 January 2016 (so the members who joined
  after it, the supporters who paid outside the window and the lapsed are kept off, each with the
  rule's reason); voting codes issued and some ballots cast;
- a deputy leadership election by instant-runoff, cast, closed, counted and published, so its
  results page has rounds, transfers and a bulletin board to verify;
- a branch suspended under a cited rule with a reason, a trigger ballot (labour-2018) with its
  branches' and affiliates' votes and the decision, and the PLP's advisory motion of no confidence
  of 28 June 2016 (172 to 40);
- debates (`hustings.services.debates`): a threaded one on the leadership contest with hustings
  questions to the challenger, votes and an answer, an edited comment and a hidden one; a closed
  one on the advisory motion; one in the first member's constituency party.

The organisation adopts labour-2016 first (as of 12 July 2016): the rulebook in force for the
story, by which the member records are judged.

The officers acting are the demo logins `returning-officer` and `general-secretary` (created here
with no usable password, and given their roles; `demo_logins()` later sets their passwords and
finds the same roles), and the first person's account `member`. Members who comment get accounts
`demo-<ref>` with no usable password. Everything random comes from one generator seeded by the
register, so the same register gives the same content.

`member_voting_code()` issues fresh voting codes for the open contest (each start of the demo;
only those who have not voted get one) and returns the `member` login's.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass

from django.contrib.auth.models import User

from hustings.demo.party import PARTY, DemoRegister
from hustings.rules import Category, OfficeKind, PersonHistory, Status
from hustings.store.accounts.models import Role, RoleKind
from hustings.store.debates.models import Comment, Debate
from hustings.store.members.models import Person
from hustings.store.organisations.models import Organisation, Unit
from hustings.store.processes.models import Process

RULEBOOK = "labour-2016"
MOTION_RULEBOOK = "labour-2010"  # the rule book in force in June 2016 (labour-2016 took effect on 12 July)
CONTEST_TITLE = "Leadership challenge 2016"
DEPUTY_TITLE = "Deputy leadership election 2016"
ROLL_FROZEN = dt.date(2016, 8, 22)  # ballot papers issued in 2016: the roll is judged on this day
DEPUTY_ROLL_FROZEN = dt.date(2016, 6, 20)
FREEZE = dt.date(2016, 1, 12)
_UTC = dt.UTC
# The story's days (docs/web.md, "The demo's dates"): the challenge of 12 July 2016, the PLP's
# motion of 27 June 2016, the NEC's suspension of a branch in July 2016, and a trigger ballot
# under the 2018 rules in September 2019.
CONTEST_OPENED = dt.datetime(2016, 7, 12, 18, tzinfo=_UTC)  # the NEC's meeting: labour-2016 takes effect
MOTION_OPENED = dt.datetime(2016, 6, 27, 18, tzinfo=_UTC)
SUSPENDED_AT = dt.datetime(2016, 7, 12, 10, tzinfo=_UTC)
TRIGGER_OPENED = dt.datetime(2019, 9, 9, 9, tzinfo=_UTC)
STORY_STEP = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Seeded:
    """What was seeded: the ids an officer (or a test) looks for."""

    contest: int
    contest_ballot: int
    deputy_ballot: int
    debates: tuple[int, ...]


def seed_demo_content(organisation: Organisation, register: DemoRegister) -> Seeded | None:
    """Seed the demo's processes, ballots and debates (see the module docstring); nothing (None)
    for a register without a leader, seven MPs of distinct names and a few steady members to speak."""
    people = _people(register)
    if people is None:
        return None
    rng = random.Random(f"demo-content:{len(register.people)}:{register.people[0].person.name}")
    officer = _officer("returning-officer", RoleKind.RETURNING_OFFICER, organisation)
    secretary = _officer("general-secretary", RoleKind.GENERAL_SECRETARY, organisation)
    _adopt_rulebook(secretary, organisation)
    first = Person.objects.get(ref=register.people[0].person.id)
    if first.user_id is None:
        first.user, _ = User.objects.get_or_create(username="member")
        first.save(update_fields=["user"])
    contest = _contest(officer, organisation, people, rng)
    _suspension(secretary, organisation, people, first)
    trigger = _trigger_ballot(officer, organisation, people, first, rng)
    motion = _advisory_motion(officer, organisation, people)
    deputy = _deputy_election(officer, organisation, people, rng)
    debates = _debates(secretary, organisation, people, first, contest, motion, rng)
    ballot = _open_contest_ballot(officer, contest, first, rng)
    _date_the_story({contest: CONTEST_OPENED, motion: MOTION_OPENED, trigger: TRIGGER_OPENED}, debates)
    return Seeded(contest.pk, ballot, deputy, debates)


def _adopt_rulebook(secretary: User, organisation: Organisation) -> None:
    """The organisation adopts labour-2016 on the day it took effect (the NEC's meeting of 12 July
    2016), so that the rulebook in force for the story (`hustings.services.eligibility.in_force`:
    the version adopted last) is the contest's, not that of the latest process (the 2019 trigger
    ballot, under labour-2018)."""
    from hustings.services import rulebooks

    rulebooks.adopt(
        secretary,
        organisation,
        rulebooks.version(RULEBOOK).text,
        RULEBOOK,
        CONTEST_OPENED.date(),
        "The rule book and procedural guidelines the NEC agreed for the 2016 leadership contest.",
    )


def _date_the_story(processes: dict[Process, dt.datetime], debates: tuple[int, ...]) -> None:
    """Put the story's records on the story's dates (docs/web.md, "The demo's dates"): the services
    stamp what they create with the moment of loading, so each process, its nominations, unit votes
    and decisions, the suspension and the debates are moved to the days they stand for in 2016 (the
    trigger ballot, under the 2018 rules, in 2019). The open contest's box alone stays on today's
    clock, so that the demo can be voted in; the audit log keeps the real moments of loading."""
    from hustings.store.processes.models import Nomination, StageDecision, Suspension, UnitVote, Withdrawal

    for process, opened in processes.items():
        Process.objects.filter(pk=process.pk).update(opened_at=opened)
        for model in (Nomination, Withdrawal, UnitVote):
            model.objects.filter(process=process).update(at=opened + STORY_STEP)
        StageDecision.objects.filter(process=process).update(decided_at=opened + 2 * STORY_STEP)
    Suspension.objects.update(suspended_at=SUSPENDED_AT)
    first_comments = {d: Comment.objects.filter(debate_id=d).order_by("created_at").first() for d in debates}
    for pk, comment in first_comments.items():
        if comment is not None:
            Debate.objects.filter(pk=pk).update(created_at=comment.created_at - STORY_STEP)


# --- who is who ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _People:
    leader: PersonHistory
    mps: list[PersonHistory]  # not the leader
    named: list[PersonHistory]  # MPs whose names no other MP (nor the leader) shares: candidates
    steady: list[PersonHistory]  # members since before 2016, never lapsed: they may speak and vote
    everyone: tuple[PersonHistory, ...]  # the register but its first person (the demo member)


def _people(register: DemoRegister) -> _People | None:
    leader = next((h for h in register.people if any(o.kind == OfficeKind.LEADER for o in h.offices)), None)
    if leader is None or not register.people:
        return None
    mps = [h for h in register.people if h is not leader and any(o.kind == OfficeKind.MP for o in h.offices)]
    steady = [h for h in register.people[1:] if _steady(h)]
    names = Counter(h.person.name for h in [leader, *mps])
    named = [h for h in mps if names[h.person.name] == 1]
    if len(named) < 7 or len(steady) < 3:
        return None
    return _People(leader, mps, named, steady, register.people[1:])


def _steady(history: PersonHistory) -> bool:
    """A plain member since before June 2015 who never lapsed and holds no office."""
    if history.offices or len(history.memberships) != 1:
        return False
    membership = history.memberships[0]
    return (
        membership.category == Category.MEMBER
        and [c.status for c in membership.history] == [Status.JOINED]
        and membership.history[0].on < dt.date(2015, 6, 1)
    )


def _officer(username: str, kind: RoleKind, organisation: Organisation) -> User:
    """A demo login with its organisation-wide role (as `demo_logins()` will find them)."""
    user, created = User.objects.get_or_create(username=username)
    if created:
        user.set_unusable_password()
        user.save()
    Role.objects.get_or_create(user=user, kind=kind, organisation=organisation, unit=None)
    return user


def _account(history: PersonHistory) -> User:
    """The person's account (`demo-<ref>`, no usable password), linked to their register entry."""
    person = Person.objects.get(ref=history.person.id)
    if person.user_id is not None:
        return person.user  # type: ignore[return-value]
    user = User(username=f"demo-{history.person.id.lower()}")
    user.set_unusable_password()
    user.save()
    person.user = user
    person.save(update_fields=["user"])
    return user


def _unit(organisation: Organisation, code: str) -> Unit:
    return Unit.objects.get(organisation=organisation, code=code)


def _at(day: dt.date, hour: int = 9, minutes: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour)).replace(tzinfo=_UTC) + dt.timedelta(minutes=minutes)


# --- processes -----------------------------------------------------------------------------------


def _contest(officer: User, organisation: Organisation, people: _People, rng: random.Random) -> Process:
    """The challenge: the leader placed by the rule, nominations from MPs entered, closed.

    The gate counts MPs and MEPs holding office today; the demo's MEPs left office on 31 January
    2020, so only the MPs nominate."""
    from hustings.services import processes as svc

    challenger, also_ran = (h.person.name for h in rng.sample(people.named, 2))
    mps = [h for h in people.mps if h.person.name not in (challenger, also_ran)]
    rng.shuffle(mps)
    process = svc.open_process(
        officer,
        organisation=organisation,
        kind="leadership_challenge",
        rulebook=RULEBOOK,
        title=CONTEST_TITLE,
        subject=people.leader.person.name,
        trigger=f"challenge: {challenger}, 11 July 2016",
    )
    svc.open_contest(officer, process=process)
    nominators = mps
    share = (len(nominators) * 3) // 4
    for history in nominators[:share]:
        svc.nominate(officer, process, challenger, person=Person.objects.get(ref=history.person.id))
    for history in nominators[share : share + max(1, len(nominators) // 12)]:
        svc.nominate(officer, process, also_ran, person=Person.objects.get(ref=history.person.id))
    svc.close_nominations(officer, process)
    return process


def _open_contest_ballot(officer: User, process: Process, first: Person, rng: random.Random) -> int:
    """The contest's ballot opened (the roll frozen), codes issued, a third of the roll (at most
    600, to keep loading quick) cast, never the demo member, who is left to vote."""
    from hustings.services import ballots
    from hustings.services import processes as svc

    ballot = svc.open_contest_ballot(officer, process, method="irv", on_date=ROLL_FROZEN)
    codes = ballots.issue_credentials(officer, ballot)
    voters = sorted(ref for ref in codes if ref != first.ref)
    names = list(ballot.candidates)
    for n, ref in enumerate(rng.sample(voters, min(600, len(voters) // 3))):
        choice = names[0] if rng.random() < 0.6 else names[1]
        ballots.cast(ballot.pk, codes[ref], [choice], f"demo-contest-{n}")
    return int(ballot.pk)


def _suspension(secretary: User, organisation: Organisation, people: _People, first: Person) -> None:
    """A branch suspended by the national executive (members keep their individual votes)."""
    from hustings.services import processes as svc

    mine = first.memberships.values_list("unit__code", flat=True).first()
    candidates = list(
        Unit.objects.filter(organisation=organisation, kind="branch", code__startswith="wallasey-")
        .exclude(code=mine)
        .order_by("code")
    ) or list(Unit.objects.filter(organisation=organisation, kind="branch").exclude(code=mine).order_by("code")[:1])
    svc.suspend_unit(
        secretary,
        candidates[0],
        rule="Chapter 1, Clause VIII.3 (the NEC's powers over units)",
        reason="Complaints of intimidation at the branch's annual general meeting; "
        "the branch is suspended while the NEC investigates.",
        members_keep_votes=True,
    )


def _trigger_ballot(
    officer: User, organisation: Organisation, people: _People, first: Person, rng: random.Random
) -> Process:
    """A trigger ballot (labour-2018) in an MP's constituency with three or more branches."""
    from hustings.services import processes as svc
    from hustings.services.processes import suspension_over

    mine = first.memberships.values_list("unit__parent__code", flat=True).first()
    for history in sorted(people.mps, key=lambda h: h.person.id):
        seat = next(o.unit for o in history.offices if o.kind == OfficeKind.MP)
        clp = _unit(organisation, seat)
        branches = list(clp.children.order_by("code"))
        if seat != mine and len(branches) >= 3 and not any(suspension_over(b) for b in branches):
            break
    process = svc.open_process(
        officer,
        organisation=organisation,
        kind="trigger_ballot",
        rulebook="labour-2018",
        title=f"Trigger ballot: {clp.name}",
        unit=clp,
        subject=history.person.name,
    )
    for branch in branches:
        svc.record_unit_vote(officer, process, branch, for_selection=rng.random() < 0.4)
    for code in ("unite", "unison", "gmb"):
        svc.record_unit_vote(officer, process, _unit(organisation, code), for_selection=code == "unite")
    svc.decide_trigger(officer, process)
    return process


def _advisory_motion(officer: User, organisation: Organisation, people: _People) -> Process:
    """The PLP's motion of no confidence of 28 June 2016: 172 to 40, advisory."""
    from hustings.services import processes as svc

    process = svc.open_process(
        officer,
        organisation=organisation,
        kind="advisory_confidence",
        rulebook=MOTION_RULEBOOK,
        title="PLP motion of no confidence, June 2016",
        subject=people.leader.person.name,
        trigger="motion tabled at the PLP meeting of 27 June 2016",
    )
    svc.record_advisory_motion(officer, process, 172, 40, 4)
    return process


# --- a finished ballot ---------------------------------------------------------------------------


def _deputy_election(officer: User, organisation: Organisation, people: _People, rng: random.Random) -> int:
    """Five candidates by instant-runoff; a few hundred ranked ballots cast from two slates and a
    spread of others, then closed, counted and published."""
    from hustings.services import ballots

    names = [h.person.name for h in sorted(people.named, key=lambda h: h.person.id)[-5:]]
    ballot = ballots.open_ballot(
        officer,
        organisation=organisation.slug,
        title=DEPUTY_TITLE,
        rulebook=RULEBOOK,
        process_kind="leadership_vacancy",
        method="irv",
        seats=1,
        candidates=names,
        freeze_date=FREEZE,
        on_date=DEPUTY_ROLL_FROZEN,
    )
    codes = ballots.issue_credentials(officer, ballot)
    voters = sorted(codes)
    weights = [0.31, 0.27, 0.19, 0.14, 0.09]
    slates = {0: [0, 3, 1], 1: [1, 4, 2], 2: [2, 1], 3: [3, 0, 2, 4], 4: [4, 1, 3]}
    for n, ref in enumerate(rng.sample(voters, min(400, (len(voters) * 3) // 5))):
        top = rng.choices(range(5), weights)[0]
        order = slates[top][: rng.randint(1, len(slates[top]))]
        if rng.random() < 0.2:
            rest = [i for i in range(5) if i not in order]
            order += rng.sample(rest, rng.randint(0, len(rest)))
        ballots.cast(ballot.pk, codes[ref], [names[i] for i in order], f"demo-deputy-{n}")
    ballots.close_ballot(officer, ballot)
    ballots.count_ballot(officer, ballot)
    ballots.publish(officer, ballot)
    return int(ballot.pk)


# --- debates -------------------------------------------------------------------------------------

_COMMENTS = [
    "We need a leader who can win a general election, not just a leadership contest.",
    "The surge in membership is the story here: hundreds of thousands joined to take part.",
    "Nobody has explained why a vote of the PLP should outweigh the members who elected him.",
    "I joined in 2015 and I'm still waiting for my branch to hold a meeting I can get to.",
    "A challenge this close to conference splits the party when we should be opposing the government.",
    "Both candidates say they want to end austerity. What would each actually do differently?",
    "The freeze date shuts out a lot of new members. That rule deserves its own debate.",
    "Our branch nominated the challenger 23 to 19. It was a good meeting, and a civil one.",
    "Polling is not destiny, but it is not nothing either.",
    "I'd like to hear more about housing and less about who said what to whom.",
    "If the £25 fee is the price of a vote, a lot of people on low pay will not have one.",
    "Registered supporters paid to take part; they deserve a clear answer on the window.",
    "The hustings in our region was packed. Standing room only for the Q&A.",
    "A united front matters more than either candidate. Whoever wins needs the other's people.",
    "What is the plan for Scotland? Neither campaign has said much.",
    "The unions' nominations are worth watching: affiliates count too.",
    "Half my branch had never voted in an internal election before. Make the ballot simple.",
    "I'm voting for policies, not personalities. Both have published platforms; read them.",
    "Let's keep this comradely. People on both sides have given decades to the party.",
    "Who will actually be on the front bench after September? That should be part of the pitch.",
    "The last contest had a turnout of 76%. I hope this one beats it.",
    "Our CLP is suspended from meetings, but we still get our individual votes. That seems right.",
    "Could the campaigns publish their spending? Transparency cuts both ways.",
    "A vote of no confidence of 172 to 40 is hard to ignore, advisory or not.",
    "The rulebook says the leader is on the ballot without nominations. That settles it.",
    "Member-led policy-making was promised last year. What happened to it?",
    "Thanks to the volunteers running the phone banks on both sides.",
    "Local elections next May will be the real test, whoever wins.",
    "I'd like both candidates to commit to open selections before the next election.",
    "Can we have one hustings that is not on a weekday afternoon?",
    "This is the best-attended debate our party has had online.",
    "Tracking codes on the ballot are a good idea. I checked mine last time.",
    "Please stop posting the same article three times.",
    "Anyone organising car shares to the regional hustings on Saturday?",
    "It's about trust: trust in the members, and members' trust in the PLP.",
    "I changed my mind twice reading this thread. That's what a debate is for.",
]
_QUESTIONS = [
    "Will you keep the current shadow cabinet if you win?",
    "What is your position on the £25 fee for registered supporters?",
    "How would you win back the seats we lost in Scotland?",
    "Will you support mandatory reselection of MPs?",
    "What would your first hundred days as leader look like?",
]


def _debates(
    secretary: User,
    organisation: Organisation,
    people: _People,
    first: Person,
    contest: Process,
    motion: Process,
    rng: random.Random,
) -> tuple[int, ...]:
    """The contest's debate, the closed one on the motion and the first member's local one: their ids."""
    party = _unit(organisation, PARTY)
    challenger = next(h for h in people.mps if h.person.name in _nominee_names(contest))
    candidate = _account(challenger)
    speakers = [_account(h) for h in rng.sample(people.steady, min(14, len(people.steady)))]
    debate = _contest_debate(secretary, party, contest, candidate, speakers, rng)
    closed = _motion_debate(secretary, party, motion, speakers, rng)
    local = _local_debate(secretary, people, first, rng)
    return debate.pk, closed.pk, local.pk


def _contest_debate(
    secretary: User, party: Unit, contest: Process, candidate: User, speakers: list[User], rng: random.Random
) -> Debate:
    """The challenge's debate: a thread, an edited comment, a hidden one, questions to the challenger."""
    from hustings.services.debates import moderation, opening, posting
    from hustings.store.debates.models import Subject

    debate = opening.open_debate(
        secretary,
        party,
        f"{CONTEST_TITLE}: the debate",
        intro="Argue the case for your candidate here. Be kind: the **code of conduct** applies.",
        subject=Subject.PROCESS,
        subject_object=contest,
        candidate=candidate,
    )
    start = _at(dt.date(2016, 7, 21))
    posted = _thread(debate, speakers, start, rng)
    edited = posted[5]
    posting.edit(
        edited.author,
        edited,
        edited.body + "\n\n*Edit:* to be fair, both campaigns have now published their platforms.",
        start + dt.timedelta(days=1, hours=3),
    )
    rude = posting.post(
        speakers[-1], debate, "Anyone voting the other way is an idiot and should leave.", start + dt.timedelta(days=2)
    )
    moderation.report(speakers[0], rude, "abusive towards other members")
    moderation.hide(
        secretary, rude, "Abuse of other members (code of conduct, rule 2)", start + dt.timedelta(days=2, hours=1)
    )
    _questions(debate, candidate, speakers, start, rng)
    return debate


def _thread(debate: Debate, speakers: list[User], start: dt.datetime, rng: random.Random) -> list[Comment]:
    """Every demo comment posted in turn, replies at most five deep; the first thread four deep."""
    from hustings.services.debates import posting

    posted: list[Comment] = []
    texts = rng.sample(_COMMENTS, len(_COMMENTS))
    for n, text in enumerate(texts):
        now = start + dt.timedelta(minutes=47 * n)
        parent = posted[-1] if 0 < n < 4 else None  # the first thread runs four deep
        if n >= 4 and rng.random() < 0.6:
            parent = rng.choice(posted)
        if parent is not None and parent.depth >= 5:
            parent = None
        author = speakers[n % len(speakers)]
        posted.append(posting.post(author, debate, text, now, parent=parent))
    return posted


def _questions(debate: Debate, candidate: User, speakers: list[User], start: dt.datetime, rng: random.Random) -> None:
    """Hustings questions asked and voted on; the candidate answers the top one."""
    from hustings.services.debates import questions

    asked = [
        questions.ask(speakers[i % len(speakers)], debate, text, start + dt.timedelta(hours=i))
        for i, text in enumerate(_QUESTIONS)
    ]
    for voter in speakers:
        for question in rng.sample(asked, rng.randint(0, 3)):
            questions.vote(voter, question, start + dt.timedelta(days=3))
    top = questions.top(debate).first()
    assert top is not None
    questions.answer(
        candidate,
        top,
        "Yes: I would ask everyone to serve, whoever they voted for. We win together or not at all.",
        start + dt.timedelta(days=4),
    )


def _motion_debate(secretary: User, party: Unit, motion: Process, speakers: list[User], rng: random.Random) -> Debate:
    """A debate on the PLP's motion, closed once the motion was decided."""
    from hustings.services.debates import moderation, opening, posting
    from hustings.store.debates.models import Subject

    closed = opening.open_debate(
        secretary,
        party,
        "The PLP's motion of no confidence",
        intro="What should members make of the PLP's vote of 28 June 2016?",
        subject=Subject.PROCESS,
        subject_object=motion,
    )
    after = _at(dt.date(2016, 6, 28), 18)
    for n, text in enumerate(rng.sample(_COMMENTS, 5)):
        posting.post(speakers[(n + 3) % len(speakers)], closed, text, after + dt.timedelta(minutes=20 * n))
    moderation.close(secretary, closed, after + dt.timedelta(days=3), "the motion has been decided")
    return closed


def _local_debate(secretary: User, people: _People, first: Person, rng: random.Random) -> Debate:
    """A debate in the first member's constituency party: their note and up to three neighbours' replies."""
    from hustings.services.debates import opening, posting, speaking
    from hustings.store.debates.models import Subject

    clp = first.memberships.select_related("unit__parent").first()
    assert clp is not None and clp.unit.parent is not None
    local = opening.open_debate(
        secretary,
        clp.unit.parent,
        f"{clp.unit.parent.name}: priorities for next May's council elections",
        intro="Which three issues should our leaflets lead on?",
        subject=Subject.UNIT,
    )
    member = User.objects.get(username="member")
    note = posting.post(member, local, "Bus routes and the library closures, in that order.", _at(dt.date(2016, 9, 3)))
    branches = {u.code for u in clp.unit.parent.children.all()}
    neighbours = [
        h
        for h in people.everyone
        if h.memberships[0].unit in branches and h.memberships[0].category == Category.MEMBER and not h.offices
    ]
    replies = 0
    for history in neighbours:
        if replies == 3:
            break
        when = _at(dt.date(2016, 9, 3), 10, 30 * replies)
        if not speaking.is_member(_account(history), local.unit, when.date()):
            continue  # not a member on that day (joined later, lapsed, suspended)
        posting.post(_account(history), local, rng.choice(_COMMENTS), when, parent=note)
        replies += 1
    return local


def _nominee_names(contest: Process) -> set[str]:
    from hustings.services import processes as svc

    return set(svc.candidates(contest))


# --- each start of the demo ----------------------------------------------------------------------


def member_voting_code(username: str = "member") -> tuple[str, str] | None:
    """New voting codes for the open contest's non-voters (earlier ones stop working); the title of
    the ballot and `username`'s code, or None when there is no open ballot or they may not vote."""
    from hustings.services import ballots
    from hustings.store.ballots.models import Ballot, Status

    ballot = Ballot.objects.filter(title=CONTEST_TITLE, status=Status.OPEN).order_by("pk").first()
    person = Person.objects.filter(user__username=username).first()
    officer = User.objects.filter(username="returning-officer").first()
    if ballot is None or person is None or officer is None:
        return None
    codes = ballots.issue_credentials(officer, ballot)
    code = codes.get(person.ref)
    return (ballot.title, code) if code else None


__all__ = ["Seeded", "member_voting_code", "seed_demo_content"]
