"""The attacks of issue #12, made as an attacker would make them, each refused: a branch's general
secretary acting on the organisation as a whole (adopting its rulebook, revoking an
organisation-wide role, listing every role, opening an organisation-wide process or ballot,
suspending the root unit), a second organisation's auditor reading the first's audit log and CSV,
a second organisation's general secretary (and a branch's) reading an import job and its report."""

from __future__ import annotations

import datetime as dt
from importlib import resources

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from tests.web.visitors import World

from hustings.services import access, audit, roles
from hustings.services import processes as processes_service
from hustings.services import rulebooks as rulebooks_service
from hustings.store.accounts.models import Role, RoleKind
from hustings.store.audit.models import AuditEntry
from hustings.store.processes.models import Process, Suspension
from hustings.store.rulebooks.models import AdoptedRulebook

pytestmark = pytest.mark.django_db

YAML = (resources.files("hustings.rules") / "rulebooks" / "labour-2021.yaml").read_text(encoding="utf-8")


def _client(world: World, name: str) -> Client:
    client = Client()
    client.force_login(world.users[name])
    return client


def test_a_branch_general_secretary_cannot_adopt_the_organisations_rulebook(world: World) -> None:
    before = AdoptedRulebook.objects.count()
    attacker = world.users["branch_general_secretary"]
    with pytest.raises(PermissionDenied):
        rulebooks_service.adopt(attacker, world.party.organisation, YAML, "2021", dt.date(2021, 9, 29))
    page = _client(world, "branch_general_secretary").post(
        "/rulebooks/adopt/",
        {"organisation": "party", "yaml": YAML, "version": "2021", "adopted_on": "2021-09-29", "note": ""},
    )
    assert page.status_code == 403
    assert AdoptedRulebook.objects.count() == before


def test_a_branch_general_secretary_cannot_revoke_an_organisation_wide_role(world: World) -> None:
    wide = Role.objects.get(user=world.users["auditor"])
    with pytest.raises(PermissionDenied):
        roles.revoke(world.users["branch_general_secretary"], wide)
    response = _client(world, "branch_general_secretary").post("/accounts/roles/", {"revoke": wide.pk})
    assert response.status_code == 404  # not among the roles they may see
    assert Role.objects.filter(pk=wide.pk).exists()


def test_a_branch_general_secretary_cannot_grant_roles_above_their_branch(world: World) -> None:
    attacker = world.users["branch_general_secretary"]
    for unit in ("", "isn", "isn-fp"):  # the whole organisation, the CLP above, the branch beside
        with pytest.raises(PermissionDenied):
            roles.grant(
                attacker, world.party.organisation, "branch_general_secretary", RoleKind.GENERAL_SECRETARY, unit
            )
    granted = roles.grant(attacker, world.party.organisation, "member", RoleKind.SECRETARY, "isn-hi")
    assert granted.unit == world.party.branch  # their own branch is theirs to manage


def test_a_branch_general_secretary_is_offered_only_their_branch_and_refused_a_unit_outside_it(world: World) -> None:
    client = _client(world, "branch_general_secretary")
    page = client.get("/accounts/roles/", {"organisation": "party"}).content.decode()
    assert '<option value="isn-hi">Highbury (branch)</option>' in page
    for hidden in ('value="isn-fp"', 'value="isn"', '<option value="">', "Bo Member", "L000002"):
        assert hidden not in page  # the branch beside, the CLP above, the whole party, a member beside
    assert "Ada Member" in page  # a member of their branch
    before = Role.objects.count()
    for unit in ("isn-fp", "isn", ""):  # posted by hand: not offered, and refused by the service
        response = client.post(
            "/accounts/roles/", {"organisation": "party", "username": "member", "kind": "secretary", "unit": unit}
        )
        assert response.status_code == 403
    assert Role.objects.count() == before
    assert not AuditEntry.objects.filter(action="grant role").exists()


def test_a_branch_general_secretary_lists_only_the_roles_of_their_branch(world: World) -> None:
    page = _client(world, "branch_general_secretary").get("/accounts/roles/").content.decode()
    assert "Revoke general secretary from branch_general_secretary" in page  # no name on the register
    for hidden in ("the whole of A Party", "Finsbury Park", "Another Party", "wrong_officer", "<td>auditor</td>"):
        assert hidden not in page
    assert set(roles.visible(world.users["branch_general_secretary"]).values_list("unit__code", flat=True)) == {
        "isn-hi"
    }


def test_a_branch_officer_cannot_open_an_organisation_wide_process_or_ballot(world: World) -> None:
    before = Process.objects.count()
    with pytest.raises(PermissionDenied):
        processes_service.open_process(
            world.users["branch_general_secretary"],
            organisation=world.party.organisation,
            kind="leadership_challenge",
            rulebook="labour-2016",
            title="A coup",
        )
    response = _client(world, "branch_general_secretary").post(
        "/processes/new/",
        {"organisation": "party", "kind": "leadership_challenge", "rulebook": "labour-2016", "title": "A coup"},
    )
    assert response.status_code == 403
    assert Process.objects.count() == before
    from hustings.services import ballots

    with pytest.raises(PermissionDenied):
        ballots.open_ballot(
            world.users["branch_returning_officer"],
            organisation="party",
            title="A coup",
            rulebook="labour-2016",
            process_kind="leadership_challenge",
            method="irv",
            seats=1,
            candidates=["A", "B"],
            on_date=dt.date(2016, 8, 22),
        )


def test_a_branch_general_secretary_cannot_suspend_the_root_unit_or_their_own(world: World) -> None:
    attacker = world.users["branch_general_secretary"]
    before = Suspension.objects.count()
    for unit in (world.party.nation, world.party.clp, world.party.branch, world.party.other_branch):
        with pytest.raises(PermissionDenied):
            processes_service.suspend_unit(attacker, unit, rule="none")
    response = _client(world, "branch_general_secretary").post(
        "/processes/suspensions/", {"unit": "eng", "rule": "a coup"}
    )
    assert response.status_code == 403
    assert Suspension.objects.count() == before
    assert access.has(world.users["right_officer"], "members.view", world.party.branch)  # powers intact


def test_a_second_organisations_auditor_reads_none_of_the_first_organisations_log(world: World) -> None:
    first = AuditEntry.objects.filter(organisation=world.party.organisation)
    assert first.exists() and not AuditEntry.objects.filter(organisation=world.other).exists()
    client = _client(world, "other_auditor")
    page = client.get("/audit/")
    assert page.status_code == 200
    csv = b"".join(client.get("/audit/export.csv").streaming_content).decode()  # type: ignore[attr-defined]
    assert csv.splitlines() == ["at,actor,action,object_type,object_id,object,before,after"]
    for leaked in ("Ada Member", "ada@example.org", "general_secretary", "L000001"):
        assert leaked not in page.content.decode() and leaked not in csv
    own = b"".join(_client(world, "auditor").get("/audit/export.csv").streaming_content).decode()  # type: ignore[attr-defined]
    assert len(own.splitlines()) == first.count() + 1


def test_a_branch_auditor_reads_only_their_branchs_rows(world: World) -> None:
    Role.objects.create(
        user=world.users["member"],
        kind=RoleKind.AUDITOR,
        organisation=world.party.organisation,
        unit=world.party.branch,
    )
    rows = audit.visible(world.users["member"])
    assert rows.exists()
    assert set(rows.values_list("unit__code", flat=True)) == {"isn-hi"}


@pytest.mark.parametrize(
    "attacker", ["other_general_secretary", "suspended_officer", "wrong_officer", "branch_returning_officer"]
)
def test_an_import_job_and_its_report_are_not_readable_outside_scope(world: World, attacker: str) -> None:
    pk = world.objects["import_job"]
    client = _client(world, attacker)
    for url in (f"/imports/{pk}/", f"/imports/{pk}/progress", f"/imports/{pk}/report.csv"):
        assert client.get(url).status_code in (403, 404), url
    assert f"/imports/{pk}/" not in client.get("/imports/").content.decode()


def test_an_import_job_is_readable_by_its_creator_and_the_officers_over_them(world: World) -> None:
    pk = world.objects["import_job"]
    for reader in ("right_officer", "branch_general_secretary", "general_secretary"):
        assert _client(world, reader).get(f"/imports/{pk}/report.csv").status_code == 200
        assert f"/imports/{pk}/" in _client(world, reader).get("/imports/").content.decode()
