"""End-to-end verifiable ballots through the services: the officer opens a ballot with three
trustees and a quorum of two; the trustees make the key on their own machines (`e2e_machines`);
members cast ballots encrypted on their devices, one audits first; the officer closes; two
trustees mix (ranked) and decrypt while the third is absent; they sign; the board verifies with
`hustings.e2e.verify.verify_board` and its result is the count of what the voters chose."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from tests.services.e2e_machines import Machine
from tests.services.test_ballots import CANDIDATES, add_member
from tests.web.visitors import Party, make_party

from hustings.count.profile import Profile
from hustings.count.registry import run
from hustings.e2e import ballots
from hustings.e2e import board as boards
from hustings.e2e.group import point_from_hex
from hustings.e2e.verify import verify_board
from hustings.services import ballots as svc
from hustings.services.ballots.e2e import keys, tally, voting
from hustings.services.ballots.e2e.setup import election_row, spec_of
from hustings.store.ballots.models import Ballot, Status

pytestmark = pytest.mark.django_db

TRUSTEES = ("member", "general_secretary", "auditor")


def e2e_party() -> Party:
    """The test party with seven members on the roll; its trustees are `TRUSTEES`."""
    party = make_party()
    for n in range(2, 8):
        add_member(party, f"L00000{n}", dt.date(2012, 1, n))
    return party


@pytest.fixture
def party(db: None) -> Party:
    return e2e_party()


def open_e2e(party: Party, method: str = "irv", candidates: list[str] = CANDIDATES) -> Ballot:
    return svc.open_ballot(
        party.users["returning_officer"],
        organisation=party.organisation.slug,
        title="Leader 2016",
        rulebook="labour-2016",
        process_kind="leadership_challenge",
        method=method,
        seats=1,
        candidates=candidates,
        on_date=dt.date(2016, 8, 22),
        trustees=[(f"Trustee {name}", name) for name in TRUSTEES],
        quorum=2,
    )


def key_ceremony(party: Party, ballot: Ballot, rng: random.Random) -> dict[int, Machine]:
    """Every trustee registers keys, deals, receives and confirms, through the services."""
    machines = {i: Machine(i, rng) for i in range(1, len(TRUSTEES) + 1)}
    election = keys.election_document(ballot)
    for i, name in enumerate(TRUSTEES, 1):
        public, signing = machines[i].keys(election)
        keys.register_keys(party.users[name], ballot, public, signing)
    roster = keys.roster_document(ballot)
    for i, name in enumerate(TRUSTEES, 1):
        keys.upload_dealing(party.users[name], ballot, machines[i].deal(roster))
    dealings = keys.dealing_documents(ballot)
    for i, name in enumerate(TRUSTEES, 1):
        keys.confirm(party.users[name], ballot, machines[i].receive(dealings))
    ballot.refresh_from_db()
    assert ballot.status == Status.OPEN
    return machines


def encrypt(ballot: Ballot, wish: list[int], rng: random.Random) -> tuple[ballots.EncryptedBallot, list[int]]:
    """What the voter's device does: encrypt the choice under the published key, with proofs."""
    row = election_row(ballot)
    spec, key = spec_of(row), point_from_hex(row.public_key)
    if spec.kind == "marks":
        return ballots.encrypt_marks(spec, key, [1 if c in wish else 0 for c in range(1, spec.options + 1)], rng)
    return ballots.encrypt_ranking(spec, key, wish, rng)


def vote(party: Party, ballot: Ballot, wishes: list[list[int]], rng: random.Random) -> list[str]:
    codes = list(svc.issue_credentials(party.users["returning_officer"], ballot).values())
    assert len(codes) >= len(wishes)
    receipts = []
    # The first voter audits an encryption of their choice first, then casts a fresh one.
    spoiled, randomness = encrypt(ballot, wishes[0], rng)
    row = election_row(ballot)
    audited = ballots.audit_ballot(spec_of(row), point_from_hex(row.public_key), spoiled, randomness)
    shown = voting.audit_ballot(ballot.pk, audited)
    assert shown.choice == [ballot.candidates[c - 1] for c in wishes[0]]
    for code, wish in zip(codes, wishes, strict=False):
        encrypted, _ = encrypt(ballot, wish, rng)
        receipt = voting.cast(ballot.pk, code, encrypted.to_json())
        assert receipt.tracking_code == ballots.tracking_code(ballots.ballot_digest(spec_of(row), encrypted))
        receipts.append(receipt.tracking_code)
    return receipts


def tally_with_two(party: Party, ballot: Ballot, machines: dict[int, Machine]) -> dict[str, Any]:
    """Trustees 1 and 3 mix (if ranked), decrypt and sign; trustee 2 is absent."""
    present = (1, 3)
    if spec_of(election_row(ballot)).kind == "ranked":
        for i in present:
            tally.upload_shuffle(party.users[TRUSTEES[i - 1]], ballot, machines[i].mix(tally.mix_document(ballot)))
    for i in present:
        tally.upload_partial(
            party.users[TRUSTEES[i - 1]], ballot, machines[i].decrypt(tally.decryption_document(ballot))
        )
    ballot.refresh_from_db()
    assert ballot.status == Status.COUNTED
    with pytest.raises(svc.BallotError, match="sign"):
        svc.publish(party.users["returning_officer"], ballot)
    board = svc.bulletin_board(ballot)
    for i in present:
        tally.record_signature(party.users[TRUSTEES[i - 1]], ballot, machines[i].sign(board))
    svc.publish(party.users["returning_officer"], ballot)
    return svc.bulletin_board(ballot)


@pytest.mark.parametrize(
    ("method", "wishes"),
    [
        ("irv", [[1, 2], [2], [2, 1, 3], [3, 2], [1], [2, 3]]),
        ("plurality", [[1], [2], [2], [3], [2], [1]]),
    ],
)
def test_an_e2e_ballot_runs_from_key_ceremony_to_a_verified_board(
    party: Party, method: str, wishes: list[list[int]]
) -> None:
    rng = random.Random(16)
    ballot = open_e2e(party, method)
    assert ballot.e2e and ballot.status == Status.CEREMONY
    machines = key_ceremony(party, ballot, rng)
    codes = vote(party, ballot, wishes, rng)
    assert svc.bulletin_board(ballot)["ballots"] == []  # nothing listed while open
    svc.close_ballot(party.users["returning_officer"], ballot)
    board = tally_with_two(party, ballot, machines)

    verification = verify_board(board)
    assert verification.verified, verification.problems if hasattr(verification, "problems") else verification
    spec = spec_of(election_row(ballot))
    on_board = {
        ballots.tracking_code(ballots.ballot_digest(spec, ballots.EncryptedBallot.from_json(b, spec)))
        for b in board["ballots"]
    }
    assert set(codes) == on_board
    assert len(board["audited"]) == 1
    chosen = Profile.from_lists(CANDIDATES, ([CANDIDATES[c - 1] for c in w] for w in wishes), seats=1)
    expected = run(method, chosen, seats=1).to_dict()
    assert board["result"]["elected"] == expected["elected"]
    assert board["result"]["rounds"] == expected["rounds"]
    assert sorted(s["trustee"] for s in board["signatures"]) == [1, 3]


def test_a_ranked_e2e_ballot_with_no_ballot_cast_is_counted_at_the_close(party: Party) -> None:
    """Nothing to mix or decrypt: the close counts the empty box, and the board, with an empty mix,
    verifies (docs/e2e.md, "Verifying a board", 5); with nobody decrypting, nobody must sign."""
    ballot = open_e2e(party)
    key_ceremony(party, ballot, random.Random(4))
    svc.close_ballot(party.users["returning_officer"], ballot)
    ballot.refresh_from_db()
    assert ballot.status == Status.COUNTED
    with pytest.raises(tally.TallyRefused, match="the ballot is counted"):
        tally.mix_document(ballot)
    svc.publish(party.users["returning_officer"], ballot)
    board = svc.bulletin_board(ballot)
    assert board["ballots"] == [] and board["mix"] == {"shuffles": [], "partials": [], "rankings": []}
    verification = verify_board(board)
    assert verification.verified, [(c.name, c.detail) for c in verification.failed]
    checks = {c.name: c.detail for c in verification.checks}
    assert checks["mix.shuffle"] == "no ballot was cast: nothing to mix"
    assert board["result"]["total"] == "0"

    forged = {**board, "mix": {**board["mix"], "rankings": [[1]]}}
    forged["head"] = boards.head(forged)
    assert [c.name for c in verify_board(forged).failed] == ["mix.shuffle"]


def test_a_counted_board_is_assembled_once_and_shows_each_new_signature(party: Party) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rng = random.Random(12)
    ballot = open_e2e(party, "plurality")
    machines = key_ceremony(party, ballot, rng)
    vote(party, ballot, [[1], [2], [2]], rng)
    svc.close_ballot(party.users["returning_officer"], ballot)
    for i in (1, 3):
        tally.upload_partial(
            party.users[TRUSTEES[i - 1]], ballot, machines[i].decrypt(tally.decryption_document(ballot))
        )
    ballot.refresh_from_db()
    first = svc.bulletin_board(ballot)
    with CaptureQueriesContext(connection) as queries:
        again = svc.bulletin_board(ballot)
    assert again == first
    assert not any("encryptedboxentry" in q["sql"].lower() for q in queries.captured_queries)
    tally.record_signature(party.users[TRUSTEES[0]], ballot, machines[1].sign(first))
    signed = svc.bulletin_board(ballot)
    assert [s["trustee"] for s in signed["signatures"]] == [1] and first["signatures"] == []
    assert {k: v for k, v in signed.items() if k != "signatures"} == {
        k: v for k, v in first.items() if k != "signatures"
    }
