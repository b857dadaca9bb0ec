"""Leadership contests through the services: gates decided by the rulebook and recorded with their
arithmetic, the incumbent placed automatically (Foster v McNicol), withdrawals, suspended units
refused, supporters registered by an officer or a signed webhook, permissions and audit."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied
from tests.web.visitors import Party, make_party

from hustings.services import processes as svc
from hustings.services.processes.payments import SIGNATURE_HEADER, HmacWebhookProvider, PaymentRefused
from hustings.store.audit.models import AuditEntry
from hustings.store.members.models import Membership, Office, Person
from hustings.store.organisations.models import Unit
from hustings.store.processes.models import Process, StageState


@pytest.fixture
def party(db: None) -> Party:
    return make_party()


def _mps(party: Party, n: int) -> list[Person]:
    people = []
    for i in range(n):
        person = Person.objects.create(ref=f"MP{i:03d}", name=f"MP {i}")
        Office.objects.create(person=person, kind="MP", unit=party.clp, start=dt.date(2015, 5, 7))
        people.append(person)
    return people


def _challenge(party: Party) -> Process:
    process = svc.open_process(
        party.users["general_secretary"],
        organisation=party.organisation,
        kind="leadership_challenge",
        rulebook="labour-2016",
        title="Leadership challenge 2016",
        subject="Jeremy Corbyn",
        trigger="challenge",
    )
    svc.open_contest(party.users["general_secretary"], process=process)
    return process


def _open_with_contest(party: Party) -> Process:
    return svc.open_process_with_contest(
        party.users["general_secretary"],
        organisation=party.organisation,
        kind="leadership_challenge",
        rulebook="labour-2016",
        title="Leadership challenge 2016",
        subject="Jeremy Corbyn",
        trigger="challenge",
    )


@pytest.mark.django_db
def test_opening_with_contest_places_the_incumbent(party: Party) -> None:
    process = _open_with_contest(party)
    incumbent = process.decisions.get(subject="Jeremy Corbyn")
    assert incumbent.met and incumbent.rule == "4.II.2.B.ii"


@pytest.mark.django_db
def test_opening_with_contest_leaves_no_process_when_the_contest_cannot_open(
    party: Party, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hustings.services.processes import opening

    def refuse(*args: object, **kwargs: object) -> None:
        raise svc.ProcessError("the contest cannot open")

    monkeypatch.setattr(opening, "open_contest", refuse)
    with pytest.raises(svc.ProcessError):
        _open_with_contest(party)
    assert not Process.objects.exists()
    assert not AuditEntry.objects.filter(action="processes.open").exists()


@pytest.mark.django_db
def test_opening_with_contest_opens_other_kinds_alone(party: Party) -> None:
    process = svc.open_process_with_contest(
        party.users["general_secretary"],
        organisation=party.organisation,
        kind="confidence_vote",
        rulebook="conservative-2022",
        title="Confidence vote",
        subject="Boris Johnson",
    )
    assert process.kind == "confidence_vote" and not process.decisions.exists()


@pytest.mark.django_db
def test_stages_come_from_the_rulebook_timetable(party: Party) -> None:
    process = _challenge(party)
    stages = {s.key: s for s in process.stages.all()}
    assert list(stages) == ["nominations", "supporter_registration", "freeze", "ballot", "count"]
    assert stages["nominations"].state == StageState.OPEN
    window = stages["supporter_registration"]
    assert window.opens is not None and window.opens.isoformat() == "2016-07-18T16:00:00+00:00"  # 17:00 BST


@pytest.mark.django_db
def test_incumbent_is_placed_without_nominations_and_challenger_meets_rounded_up_gate(party: Party) -> None:
    mps = _mps(party, 11)  # 20% of 11 = 2 1/5, rounded up to 3
    process = _challenge(party)
    officer = party.users["general_secretary"]
    incumbent = process.decisions.get(subject="Jeremy Corbyn")
    assert incumbent.met and "incumbent" in incumbent.reason and incumbent.rule == "4.II.2.B.ii"
    _, first = svc.nominate(officer, process, "Owen Smith", person=mps[0])
    assert first is not None and not first.met and first.required == 3
    assert first.arithmetic == "20% of 11 = 11/5 = 2 1/5, rounded up to 3"
    svc.nominate(officer, process, "Owen Smith", person=mps[1])
    _, met = svc.nominate(officer, process, "Owen Smith", person=mps[2])
    assert met is not None and met.met and met.received == 3
    assert svc.candidates(process) == ["Jeremy Corbyn", "Owen Smith"]
    with pytest.raises(svc.ProcessError, match="already nominated Owen Smith"):
        svc.nominate(officer, process, "Owen Smith", person=mps[0])
    with pytest.raises(svc.ProcessError, match="without nominations"):
        svc.nominate(officer, process, "Jeremy Corbyn", person=mps[3])
    assert AuditEntry.objects.filter(action="processes.nominate").count() == 3


@pytest.mark.django_db
def test_a_member_who_is_not_an_mp_may_not_nominate(party: Party) -> None:
    process = _challenge(party)
    with pytest.raises(svc.ProcessError, match="may not nominate"):
        svc.nominate(party.users["general_secretary"], process, "Owen Smith", person=party.person)


@pytest.mark.django_db
def test_withdrawal_takes_a_nominee_off_the_ballot(party: Party) -> None:
    mps = _mps(party, 5)
    process = _challenge(party)
    officer = party.users["general_secretary"]
    svc.nominate(officer, process, "Angela Eagle", person=mps[0])
    assert "Angela Eagle" in svc.candidates(process)
    svc.withdraw(officer, process, "Angela Eagle", "withdrew on 19 July")
    assert svc.candidates(process) == ["Jeremy Corbyn"]
    with pytest.raises(svc.ProcessError, match="has withdrawn"):
        svc.nominate(officer, process, "Angela Eagle", person=mps[1])
    row, _ = svc.nominate(officer, process, "Owen Smith", person=mps[0])  # Eagle's nominator may nominate again
    assert row.nominee == "Owen Smith"


@pytest.mark.django_db
def test_closing_nominations_records_every_gate_and_opens_the_supporter_window(party: Party) -> None:
    mps = _mps(party, 5)
    process = _challenge(party)
    officer = party.users["general_secretary"]
    svc.nominate(officer, process, "Owen Smith", person=mps[0])
    decided = svc.close_nominations(officer, process)
    assert [(d.subject, d.met) for d in decided] == [("Jeremy Corbyn", True), ("Owen Smith", True)]
    states = dict(process.stages.values_list("key", "state"))
    assert states["nominations"] == "closed" and states["supporter_registration"] == "open"
    with pytest.raises(svc.ProcessError, match="stage"):
        svc.nominate(officer, process, "Owen Smith", person=mps[1])


@pytest.mark.django_db
def test_nominations_from_a_suspended_unit_are_refused_with_the_reason(party: Party) -> None:
    process = svc.open_process(
        party.users["general_secretary"],
        organisation=party.organisation,
        kind="leadership_vacancy",
        rulebook="labour-2018",
        title="Leadership election 2020",
    )
    officer = party.users["general_secretary"]
    suspension = svc.suspend_unit(officer, party.clp, rule="Chapter 1, Clause VIII.5 (NEC powers)", reason="inquiry")
    with pytest.raises(svc.ProcessError, match=r"suspended under Chapter 1, Clause VIII.5"):
        svc.nominate(officer, process, "Keir Starmer", unit=party.clp)
    svc.lift_suspension(officer, suspension)
    row, _ = svc.nominate(officer, process, "Keir Starmer", unit=party.clp)
    assert row.body == "clps"
    assert AuditEntry.objects.filter(action="processes.suspend").count() == 1
    assert AuditEntry.objects.filter(action="processes.lift_suspension").count() == 1


@pytest.mark.django_db
def test_only_the_governing_body_above_a_unit_may_suspend_it(party: Party) -> None:
    with pytest.raises(PermissionDenied):
        svc.suspend_unit(party.users["right_officer"], party.branch, rule="x")
    with pytest.raises(PermissionDenied):
        svc.open_process(
            party.users["member"],
            organisation=party.organisation,
            kind="leadership_challenge",
            rulebook="labour-2016",
            title="t",
        )


@pytest.mark.django_db
def test_officer_records_a_supporter_inside_and_outside_the_window(party: Party) -> None:
    mps = _mps(party, 1)
    process = _challenge(party)
    officer = party.users["general_secretary"]
    svc.nominate(officer, process, "Owen Smith", person=mps[0])
    svc.close_nominations(officer, process)
    early = Person.objects.create(ref="S1", name="Sam Supporter")
    late = Person.objects.create(ref="S2", name="Lee Late")
    inside = svc.register_supporter(officer, process, early, pence=2500, paid_at=dt.datetime(2016, 7, 19, 12, 0))
    outside = svc.register_supporter(officer, process, late, pence=2500, paid_at=dt.datetime(2016, 7, 20, 17, 1))
    assert inside.within_window and not outside.within_window
    assert Membership.objects.get(person=early).category == "registered_supporter"
    assert early.memberships.get().payments.get().pence == 2500


@pytest.mark.django_db
def test_signed_webhook_registers_once_and_a_bad_signature_is_refused(party: Party) -> None:
    mps = _mps(party, 1)
    process = _challenge(party)
    officer = party.users["general_secretary"]
    svc.nominate(officer, process, "Owen Smith", person=mps[0])
    svc.close_nominations(officer, process)
    Person.objects.create(ref="W1", name="Web Payer")
    provider = HmacWebhookProvider("s3cret")
    body = json.dumps({"reference": "pay_1", "person": "W1", "pence": 2500, "paid_at": "2016-07-19T10:00:00"}).encode()
    headers = {SIGNATURE_HEADER: provider.sign(body)}
    first = svc.payment_notice(process, provider, body, headers)
    again = svc.payment_notice(process, provider, body, headers)
    assert first.pk == again.pk and first.method == "webhook" and first.within_window
    with pytest.raises(PaymentRefused):
        svc.payment_notice(process, provider, body, {SIGNATURE_HEADER: "sha256=00"})


@pytest.mark.django_db
def test_overview_says_what_is_due_and_what_is_blocked(party: Party) -> None:
    process = _challenge(party)
    view = svc.overview(process)
    assert any("Nominations is open" in line for line in view.due)
    assert "The ballot cannot open before nominations close" in view.blocked
    assert [n.name for n in view.nominees] == ["Jeremy Corbyn"]
    assert Unit.objects.filter(pk=party.clp.pk).exists()


def test_members_keep_their_votes_unless_the_suspension_says_otherwise(party: Party) -> None:
    officer = party.users["general_secretary"]
    svc.suspend_unit(officer, party.branch, rule="NEC, Chapter 1 Clause VIII.5")
    assert svc.units_without_member_votes(party.organisation.pk) == set()
    svc.suspend_unit(officer, party.clp, rule="NEC, Chapter 1 Clause VIII.5", members_keep_votes=False)
    expected = {party.clp.pk, party.branch.pk, party.other_branch.pk}
    assert svc.units_without_member_votes(party.organisation.pk) == expected


def test_labour_2018_vacancy_needs_mps_then_a_clp_or_affiliates(party: Party) -> None:
    mps = _mps(party, 10)  # 10% of 10 = 1; 5% of the party's 1 CLP = 1/20, rounded up to 1
    officer = party.users["general_secretary"]
    process = svc.open_process(
        officer, organisation=party.organisation, kind="leadership_vacancy", rulebook="labour-2018", title="2020"
    )
    _, first = svc.nominate(officer, process, "Keir Starmer", person=mps[0])
    assert first is not None and not first.met
    assert "5% of 1 = 1/20, rounded up to 1" in first.reason  # MPs met; the CLP stage is next
    _, second = svc.nominate(officer, process, "Keir Starmer", unit=party.clp)
    assert second is not None and second.met and second.rule == "4.II.2.B.i(a), 4.II.2.B.i(b)"
