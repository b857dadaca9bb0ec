"""The ballots service: the roll, credentials, casting (once, idempotently), the board, counting,
publishing, verification and paper batches (docs/ballots.md)."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from tests.web.visitors import Party, make_party

from hustings.board.verify import verify_board
from hustings.count.profile import Profile
from hustings.count.registry import run
from hustings.rules import Category, Status
from hustings.services import ballots as svc
from hustings.store.audit.models import AuditEntry
from hustings.store.ballots.models import Ballot, BoxEntry, RollEntry
from hustings.store.members.models import Membership, Person, StatusChange

pytestmark = pytest.mark.django_db

CANDIDATES = ["Jeremy Corbyn", "Owen Smith", "Angela Eagle"]


def add_member(party: Party, ref: str, joined: dt.date, status: str = Status.JOINED) -> Person:
    person = Person.objects.create(ref=ref, name=f"Member {ref}", email=f"{ref.lower()}@example.org")
    membership = Membership.objects.create(person=person, unit=party.branch, category=Category.MEMBER)
    StatusChange.objects.create(membership=membership, status=Status.JOINED, on=joined)
    return person


@pytest.fixture
def party(db: None) -> Party:
    party = make_party()
    for n in range(2, 8):
        add_member(party, f"L00000{n}", dt.date(2012, 1, n))
    add_member(party, "L000099", dt.date(2016, 3, 1))  # joined after the freeze date
    return party


def open_ballot(party: Party, **changes: object) -> Ballot:
    values: dict[str, object] = {
        "organisation": party.organisation.slug,
        "title": "Leader 2016",
        "rulebook": "labour-2016",
        "process_kind": "leadership_challenge",
        "method": "irv",
        "seats": 1,
        "candidates": CANDIDATES,
        "on_date": dt.date(2016, 8, 22),
    }
    values.update(changes)
    return svc.open_ballot(party.users["returning_officer"], **values)  # type: ignore[arg-type]


def test_open_ballot_freezes_the_roll_with_reasons(party: Party) -> None:
    ballot = open_ballot(party)
    assert ballot.roll_size == 7
    assert sum(ballot.excluded.values()) == 1
    late = RollEntry.objects.get(ballot=ballot, person__ref="L000099")
    assert not late.eligible and "after" in late.reason
    assert AuditEntry.objects.filter(action="ballot.open", object_id=str(ballot.pk)).exists()
    assert svc.bulletin_board(ballot)["entries"][0]["kind"] == "opened"


def test_only_a_returning_officer_opens_a_ballot(party: Party) -> None:
    for visitor in ("member", "right_officer", "general_secretary", "auditor"):
        with pytest.raises(PermissionDenied):
            svc.open_ballot(
                party.users[visitor],
                organisation=party.organisation.slug,
                title="T",
                rulebook="labour-2016",
                process_kind="leadership_challenge",
                method="irv",
                seats=1,
                candidates=CANDIDATES,
            )
    assert not Ballot.objects.exists()


def test_bad_contests_are_refused_with_a_reason(party: Party) -> None:
    with pytest.raises(svc.BallotError, match="at least two"):
        open_ballot(party, candidates=["Only One"])
    with pytest.raises(svc.BallotError, match="once"):
        open_ballot(party, candidates=["A", "A"])
    with pytest.raises(svc.BallotError, match="unknown method"):
        open_ballot(party, method="nonsense")
    with pytest.raises(svc.BallotError, match="no unit nowhere"):
        open_ballot(party, units=["nowhere"])
    assert not Ballot.objects.exists()


def test_open_ballots_for_shows_eligibility_and_the_reason(party: Party) -> None:
    open_ballot(party)
    late = Person.objects.get(ref="L000099")
    (mine,) = svc.open_ballots_for(party.person, dt.date(2016, 8, 23))
    (theirs,) = svc.open_ballots_for(late, dt.date(2016, 8, 23))
    assert mine.decision.eligible and mine.ballot_id == Ballot.objects.get().pk
    assert not theirs.decision.eligible and "2016-03-01" in theirs.decision.reason


def test_credentials_are_shown_once_and_only_hashed(party: Party) -> None:
    ballot = open_ballot(party)
    codes = svc.issue_credentials(party.users["returning_officer"], ballot)
    assert set(codes) == set(
        RollEntry.objects.filter(ballot=ballot, eligible=True).values_list("person__ref", flat=True)
    )
    stored = set(RollEntry.objects.filter(ballot=ballot).values_list("credential_hash", flat=True))
    assert not stored & set(codes.values())
    assert "L000099" not in codes
    sheet = svc.printed_codes_csv(ballot, codes)
    assert sheet.splitlines()[0] == "ref,name,code" and codes["L000001"] in sheet


def test_credentials_by_email(party: Party, mailoutbox: list) -> None:
    ballot = open_ballot(party)
    codes = svc.issue_credentials(party.users["returning_officer"], ballot)
    sent = svc.email_credentials(party.users["returning_officer"], ballot, codes)
    assert sent == len(codes) == len(mailoutbox)
    assert any(codes["L000001"] in m.body and m.to == ["ada@example.org"] for m in mailoutbox)


def test_cast_once_then_refused_and_retry_is_idempotent(party: Party) -> None:
    ballot = open_ballot(party)
    code = svc.issue_credentials(party.users["returning_officer"], ballot)["L000001"]
    receipt = svc.cast(ballot.pk, code, ["Owen Smith", "Jeremy Corbyn"], "sub-1")
    again = svc.cast(ballot.pk, code.lower().replace("-", " "), ["Owen Smith", "Jeremy Corbyn"], "sub-1")
    assert again.tracking_code == receipt.tracking_code and again.repeated
    with pytest.raises(svc.AlreadyVoted, match="already been used"):
        svc.cast(ballot.pk, code, ["Jeremy Corbyn"], "sub-2")
    assert BoxEntry.objects.filter(ballot=ballot).count() == 1
    assert RollEntry.objects.get(ballot=ballot, person=party.person).voted


def test_cast_refuses_bad_credentials_and_preferences(party: Party) -> None:
    ballot = open_ballot(party)
    code = svc.issue_credentials(party.users["returning_officer"], ballot)["L000001"]
    with pytest.raises(svc.InvalidCredential):
        svc.cast(ballot.pk, "AAAA-BBBB-CCCC-DDDD-EEEE", ["Owen Smith"], "s")
    with pytest.raises(svc.InvalidPreferences, match="not a candidate"):
        svc.cast(ballot.pk, code, ["Nobody"], "s")
    with pytest.raises(svc.InvalidPreferences, match="more than once"):
        svc.cast(ballot.pk, code, ["Owen Smith", "Owen Smith"], "s")
    with pytest.raises(svc.InvalidPreferences, match="at least one"):
        svc.cast(ballot.pk, code, [], "s")
    assert not BoxEntry.objects.exists()
    assert not RollEntry.objects.filter(voted=True).exists()


def test_reissued_credentials_replace_the_old_ones(party: Party) -> None:
    ballot = open_ballot(party)
    old = svc.issue_credentials(party.users["returning_officer"], ballot)["L000002"]
    new = svc.issue_credentials(party.users["returning_officer"], ballot)["L000002"]
    with pytest.raises(svc.InvalidCredential):
        svc.cast(ballot.pk, old, ["Owen Smith"], "s")
    assert svc.cast(ballot.pk, new, ["Owen Smith"], "s").tracking_code


def cast_all(party: Party, ballot: Ballot, votes: list[list[str]]) -> list[svc.Receipt]:
    codes = list(svc.issue_credentials(party.users["returning_officer"], ballot).values())
    return [
        svc.cast(ballot.pk, code, prefs, f"s{i}") for i, (code, prefs) in enumerate(zip(codes, votes, strict=False))
    ]


VOTES = [
    ["Jeremy Corbyn"],
    ["Jeremy Corbyn", "Owen Smith"],
    ["Owen Smith", "Jeremy Corbyn"],
    ["Angela Eagle", "Owen Smith"],
    ["Angela Eagle", "Jeremy Corbyn"],
    ["Owen Smith"],
    ["Jeremy Corbyn", "Angela Eagle"],
]


def counted(party: Party, **changes: object) -> tuple[Ballot, list[svc.Receipt]]:
    ballot = open_ballot(party, **changes)
    receipts = cast_all(party, ballot, VOTES)
    officer = party.users["returning_officer"]
    svc.close_ballot(officer, ballot)
    svc.count_ballot(officer, ballot)
    svc.publish(officer, ballot)
    return Ballot.objects.get(pk=ballot.pk), receipts


def test_count_matches_the_counting_core_on_the_same_ballots(party: Party) -> None:
    ballot, _ = counted(party)
    expected = run("irv", Profile.from_lists(CANDIDATES, VOTES), seats=1)
    assert ballot.result["elected"] == list(expected.elected) == ["Jeremy Corbyn"]
    assert [r["tally"] for r in ballot.result["rounds"]] == [r["tally"] for r in expected.to_dict()["rounds"]]
    assert ballot.result["total"] == "7"


def test_count_with_stv_for_several_seats(party: Party) -> None:
    ballot, _ = counted(party, method="scottish-stv", seats=2)
    expected = run("scottish-stv", Profile.from_lists(CANDIDATES, VOTES), seats=2)
    assert ballot.result["elected"] == list(expected.elected)


def test_officer_actions_in_order_only(party: Party) -> None:
    ballot = open_ballot(party)
    officer = party.users["returning_officer"]
    code = svc.issue_credentials(officer, ballot)["L000001"]
    with pytest.raises(svc.BallotError, match="must be closed"):
        svc.count_ballot(officer, ballot)
    with pytest.raises(PermissionDenied):
        svc.close_ballot(party.users["general_secretary"], ballot)
    svc.close_ballot(officer, ballot)
    with pytest.raises(svc.NotOpen):
        svc.cast(ballot.pk, code, ["Owen Smith"], "s")
    assert [a.action for a in AuditEntry.objects.filter(object_id=str(ballot.pk)).order_by("pk")][-1] == "ballot.close"


def test_board_lists_every_tracking_code_and_verifies(party: Party) -> None:
    ballot, receipts = counted(party)
    board = svc.bulletin_board(ballot)
    assert sorted(b["tracking_code"] for b in board["ballots"]) == sorted(r.tracking_code for r in receipts)
    assert [e["kind"] for e in board["entries"]] == ["opened", "credentials issued", "closed", "counted", "published"]
    verdict = verify_board(board)
    assert verdict.verified, verdict.problems
    assert verdict.recount == board["result"]


@pytest.mark.parametrize(
    "tamper", ["ballot", "removed entry", "removed last entry", "result", "export", "board ballot"]
)
def test_verify_detects_a_tampered_board(party: Party, tamper: str) -> None:
    ballot, _ = counted(party)
    board = copy.deepcopy(svc.bulletin_board(ballot))
    if tamper == "ballot":  # one ballot changed in the export: Corbyn's first preference to Smith
        lines = board["export"].splitlines()
        first = next(i for i, line in enumerate(lines) if line.startswith("1 1 0"))
        lines[first] = "1 2 0"
        board["export"] = "\n".join(lines) + "\n"
    elif tamper == "removed entry":
        del board["entries"][1]
    elif tamper == "removed last entry":
        del board["entries"][-1]
    elif tamper == "result":
        board["result"]["elected"] = ["Owen Smith"]
    elif tamper == "export":
        board["export"] = board["export"].replace('"Owen Smith"', '"Owen Smyth"')
    else:
        del board["ballots"][0]
    assert not verify_board(board).verified


def test_paper_batches_need_two_agreeing_entries_by_two_officers(party: Party) -> None:
    from django.contrib.auth.models import User

    from hustings.store.accounts.models import Role, RoleKind

    second = User.objects.create_user("second_ro")
    Role.objects.create(user=second, kind=RoleKind.RETURNING_OFFICER, organisation=party.organisation)
    ballot = open_ballot(party)
    first = party.users["returning_officer"]
    batch = [["Owen Smith", "Jeremy Corbyn"], ["Angela Eagle"]]
    assert svc.enter_paper_batch(first, ballot, "Box 1", batch, 1).status == "waiting"
    with pytest.raises(svc.BallotError, match="different officers"):
        svc.enter_paper_batch(first, ballot, "Box 1", batch, 2)
    outcome = svc.enter_paper_batch(second, ballot, "Box 1", [["Owen Smith", "Jeremy Corbyn"], ["Jeremy Corbyn"]], 2)
    assert outcome.status == "mismatch"
    assert [(d.line, d.first, d.second) for d in outcome.differences] == [(2, ["Angela Eagle"], ["Jeremy Corbyn"])]
    assert not BoxEntry.objects.exists()
    assert svc.enter_paper_batch(second, ballot, "Box 1", batch, 2).status == "accepted"
    assert BoxEntry.objects.filter(paper=True).count() == 2
    cast_all(party, ballot, VOTES)
    svc.close_ballot(first, ballot)
    result = svc.count_ballot(first, ballot)
    assert result.total == 9
    with pytest.raises(svc.BallotError):
        svc.enter_paper_batch(second, ballot, "Box 2", batch, 1)


def test_members_of_a_unit_suspended_with_their_votes_are_left_off_the_roll_with_the_reason(party: Party) -> None:
    from hustings.store.processes.models import Suspension

    Suspension.objects.create(
        unit=party.clp, rule="chapter 1, clause VIII.5", suspended_by="nec", members_keep_votes=False
    )
    ballot = open_ballot(party)
    assert ballot.roll_size == 0  # every member is in Highbury, beneath the suspended CLP
    entry = RollEntry.objects.get(ballot=ballot, person__ref="L000002")
    assert not entry.eligible
    assert entry.reason == (
        "not eligible: Islington North CLP is suspended and its members' votes with it (chapter 1, clause VIII.5)"
    )


def test_members_of_a_unit_suspended_without_losing_their_votes_stay_on_the_roll(party: Party) -> None:
    from hustings.store.processes.models import Suspension

    Suspension.objects.create(unit=party.clp, rule="chapter 1, clause VIII.5", suspended_by="nec")
    assert open_ballot(party).roll_size == 7
