"""Attacks on end-to-end verifiable ballots through the services and pages (docs/ballots.md,
"End-to-end verifiable ballots"): acting as a trustee one is not, uploading for another trustee,
reading the box for a voter, replaying a ballot or its randomness, and forging a shuffle or a
partial decryption. Each is refused and stores nothing."""

from __future__ import annotations

import random

import pytest
from django.test import Client
from tests.services.e2e_machines import Machine
from tests.services.test_ballots_e2e import TRUSTEES, e2e_party, encrypt, key_ceremony, open_e2e
from tests.web.visitors import Party

from hustings.e2e import ballots
from hustings.e2e.group import point_from_hex
from hustings.services import ballots as svc
from hustings.services.ballots.e2e import keys, tally, voting
from hustings.services.ballots.e2e.setup import NotATrustee, election_row, spec_of
from hustings.store.ballots.models import (
    EncryptedBoxEntry,
    Fingerprint,
    PartialDecryption,
    Shuffle,
    SpoiledBallot,
)
from hustings.store.organisations.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def party(db: None) -> Party:
    return e2e_party()


def _outsider(party: Party) -> object:
    """A returning officer of another organisation."""
    from django.contrib.auth.models import User

    from hustings.store.accounts.models import Role, RoleKind

    other = Organisation.objects.create(name="Other Party", slug="other-party")
    user = User.objects.create_user("outsider", password="pw-outsider-2016!")
    Role.objects.create(user=user, kind=RoleKind.RETURNING_OFFICER, organisation=other)
    return user


def test_another_organisations_officer_can_neither_be_appointed_nor_act_as_trustee(party: Party) -> None:
    outsider = _outsider(party)
    with pytest.raises(svc.BallotError, match="no account 'outsider' in this organisation"):
        svc.open_ballot(
            party.users["returning_officer"],
            organisation=party.organisation.slug,
            title="T",
            rulebook="labour-2016",
            process_kind="leadership_challenge",
            method="irv",
            seats=1,
            candidates=["A", "B"],
            trustees=[("Ann", "member"), ("Out", "outsider")],
            quorum=1,
        )
    ballot = open_e2e(party)
    election = keys.election_document(ballot)
    public, signing = Machine(1, random.Random(1)).keys(election)
    with pytest.raises(NotATrustee):
        keys.register_keys(outsider, ballot, public, signing)  # type: ignore[arg-type]
    client = Client()
    client.force_login(outsider)  # type: ignore[arg-type]
    assert client.get(f"/ballots/{ballot.pk}/trustee/").status_code == 404
    assert client.get(f"/ballots/{ballot.pk}/trustee/roster.json").status_code == 404
    # A member of the organisation who is no trustee is refused too.
    client.force_login(party.users["right_officer"])
    assert client.get(f"/ballots/{ballot.pk}/trustee/").status_code == 403


def test_a_trustee_cannot_upload_for_another_trustee(party: Party) -> None:
    rng = random.Random(2)
    ballot = open_e2e(party)
    machines = {i: Machine(i, rng) for i in (1, 2, 3)}
    election = keys.election_document(ballot)
    for i, name in enumerate(TRUSTEES, 1):
        keys.register_keys(party.users[name], ballot, *machines[i].keys(election))
    roster = keys.roster_document(ballot)
    second = machines[2].deal(roster)
    with pytest.raises(keys.CeremonyRefused, match="trustee 2's dealing; you are trustee 1"):
        keys.upload_dealing(party.users[TRUSTEES[0]], ballot, second)
    public, signing = machines[2].keys(election)
    with pytest.raises(keys.CeremonyRefused, match="trustee"):
        keys.register_keys(party.users[TRUSTEES[0]], ballot, public, signing)


@pytest.fixture
def counted_ranked(party: Party) -> tuple[object, dict[int, Machine], list[str]]:
    rng = random.Random(3)
    ballot = open_e2e(party)
    machines = key_ceremony(party, ballot, rng)
    codes = list(svc.issue_credentials(party.users["returning_officer"], ballot).values())
    for code, wish in zip(codes[:4], [[1, 2], [2], [3, 1], [2, 3]], strict=True):
        voting.cast(ballot.pk, code, encrypt(ballot, wish, rng)[0].to_json())
    return ballot, machines, codes


def test_a_dump_of_the_box_holds_no_voter_link(counted_ranked: tuple[object, dict[int, Machine], list[str]]) -> None:
    """The encrypted box, the fingerprints and the spoiled ballots have no column naming a voter,
    a roll entry or a time; keys are random UUIDs."""
    for model, columns in (
        (EncryptedBoxEntry, {"id", "ballot_id", "content", "digest", "tracking_code"}),
        (Fingerprint, {"id", "ballot_id", "value"}),
        (SpoiledBallot, {"id", "ballot_id", "audited", "digest", "tracking_code"}),
    ):
        assert {f.column for f in model._meta.concrete_fields} == columns
        assert all(f.related_model in (None, type(counted_ranked[0])) for f in model._meta.concrete_fields)
    rows = list(EncryptedBoxEntry.objects.values())
    assert len(rows) == 4 and all(set(r["content"]) == {"ciphertexts", "proof"} for r in rows)


def test_a_replayed_ballot_or_reused_randomness_is_refused(
    party: Party, counted_ranked: tuple[object, dict[int, Machine], list[str]]
) -> None:
    ballot, _, codes = counted_ranked
    first = EncryptedBoxEntry.objects.filter(ballot=ballot).first()
    assert first is not None
    with pytest.raises(voting.ReusedBallot):
        voting.cast(ballot.pk, codes[4], first.content)  # someone else's ballot, replayed with a fresh code
    # Reused randomness: two ballots encrypted with the same random draws share every g^r.
    row = election_row(ballot)  # type: ignore[arg-type]
    spec, key = spec_of(row), point_from_hex(row.public_key)
    one, _ = ballots.encrypt_ranking(spec, key, [1], random.Random(99))
    other, _ = ballots.encrypt_ranking(spec, key, [3, 2], random.Random(99))
    assert ballots.ballot_digest(spec, one) != ballots.ballot_digest(spec, other)
    voting.cast(ballot.pk, codes[4], one.to_json())
    with pytest.raises(voting.ReusedBallot):
        voting.cast(ballot.pk, codes[5], other.to_json())
    # An audited ballot's randomness is public: none of its ciphertexts can be cast afterwards.
    spoiled, randomness = ballots.encrypt_ranking(spec, key, [2], random.Random(7))
    voting.audit_ballot(ballot.pk, ballots.audit_ballot(spec, key, spoiled, randomness))
    with pytest.raises(voting.ReusedBallot):
        voting.cast(ballot.pk, codes[5], spoiled.to_json())
    assert EncryptedBoxEntry.objects.filter(ballot=ballot).count() == 5


def test_a_forged_shuffle_or_partial_decryption_is_refused(
    party: Party, counted_ranked: tuple[object, dict[int, Machine], list[str]]
) -> None:
    ballot, machines, _ = counted_ranked
    svc.close_ballot(party.users["returning_officer"], ballot)
    ballot.refresh_from_db()  # type: ignore[attr-defined]
    honest = machines[1].mix(tally.mix_document(ballot))  # type: ignore[arg-type]
    forged = {**honest, "rows": honest["rows"][1:] + honest["rows"][:1]}
    forged["rows"][0] = tally.mix_document(ballot)["rows"][0]  # type: ignore[arg-type]
    with pytest.raises(tally.TallyRefused, match="fails its proof"):
        tally.upload_shuffle(party.users[TRUSTEES[0]], ballot, forged)  # type: ignore[arg-type]
    assert not Shuffle.objects.exists()
    for i in (1, 2):
        tally.upload_shuffle(party.users[TRUSTEES[i - 1]], ballot, machines[i].mix(tally.mix_document(ballot)))  # type: ignore[arg-type]
    document = machines[1].decrypt(tally.decryption_document(ballot))  # type: ignore[arg-type]
    shares = document["partial"]["shares"]
    wrong = {**document, "partial": {**document["partial"], "shares": [shares[1], shares[0], *shares[2:]]}}
    with pytest.raises(tally.TallyRefused, match="fails its proof"):
        tally.upload_partial(party.users[TRUSTEES[0]], ballot, wrong)  # type: ignore[arg-type]
    theirs = machines[2].decrypt(tally.decryption_document(ballot))  # type: ignore[arg-type]
    with pytest.raises(tally.TallyRefused, match="trustee 2's decryption; you are trustee 1"):
        tally.upload_partial(party.users[TRUSTEES[0]], ballot, theirs)  # type: ignore[arg-type]
    assert not PartialDecryption.objects.exists()
