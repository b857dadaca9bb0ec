"""Officers choose from lists, not keys (issue #14): the ballot-opening page offers the organisations
the officer runs ballots in, the rulebook in force first, only the processes that rulebook defines,
the methods by name with a line of explanation, and the units of the officer's scope with a search
that works without JavaScript; a posted choice outside the officer's scope is refused."""

from __future__ import annotations

import datetime as dt
import re
from importlib import resources

import pytest
from django.contrib.auth.models import User
from django.test import Client
from tests.web.test_debate_fixtures import add_moderator
from tests.web.visitors import Party, open_leadership_ballot

from hustings.count.registry import METHODS
from hustings.services import officer_choices, processes, rulebooks
from hustings.store.accounts.models import Role, RoleKind
from hustings.store.ballots.models import Ballot
from hustings.store.members.models import Office, Person
from hustings.store.organisations.models import Organisation, Unit
from hustings.store.processes.models import Process
from hustings.web import methods

pytestmark = pytest.mark.django_db

BALLOT = {"title": "Chair", "method": "irv", "seats": "1", "candidates": "Ann\nBob"}


def client_of(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def branch_returning_officer(party: Party) -> User:
    user = User.objects.create_user("branch_ro")
    Role.objects.create(user=user, kind=RoleKind.RETURNING_OFFICER, organisation=party.organisation, unit=party.branch)
    return user


def other_organisation_officer() -> tuple[User, Organisation]:
    other = Organisation.objects.create(slug="other", name="Another Party")
    Unit.objects.create(organisation=other, code="oth", name="Elsewhere", kind="nation")
    user = User.objects.create_user("other_ro")
    Role.objects.create(user=user, kind=RoleKind.RETURNING_OFFICER, organisation=other)
    return user, other


def test_every_method_has_a_human_name_and_an_explanation() -> None:
    assert set(methods.NAMES) == set(METHODS)
    assert all(str(name) != key and len(str(line)) > 20 for key, (name, line) in methods.NAMES.items())


def test_the_page_offers_lists_not_keys(party: Party) -> None:
    open_leadership_ballot(party, "Leader 2016", ["A", "B"])  # the party runs by labour-2016
    page = client_of(party.users["returning_officer"]).get("/ballots/new/").content.decode()
    assert '<option value="party" selected>A Party</option>' in page
    assert 'name="process_kind"' in page and 'type="radio"' in page
    assert "Leadership challenge: " in page  # the process by name, with the rulebook's description
    assert '<option value="irv" selected>Instant-runoff vote: ' in page
    assert '<option value="ers97">STV, Electoral Reform Society 1997: ' in page
    for unit in ("England", "Highbury", "Finsbury Park"):
        assert f"{unit} (" in page
    assert 'name="q" form="choose"' in page  # the search box belongs to the GET form: no script needed


def test_the_rulebook_in_force_is_the_default_not_the_first_shipped(party: Party) -> None:
    open_leadership_ballot(party, "Leader 2016", ["A", "B"])  # the party runs by labour-2016
    assert officer_choices.rulebook_in_force(party.organisation) == "labour-2016"
    page = client_of(party.users["returning_officer"]).get("/ballots/new/").content.decode()
    assert re.search(r'<option value="labour-2016" selected>[^<]*\(in force\)</option>', page)
    assert '<input type="hidden" name="rulebook" value="labour-2016"' in page
    assert "alp-2013" not in re.findall(r'name="rulebook" value="([^"]+)"', page)


def test_with_no_rulebook_in_force_the_officer_chooses_one(party: Party) -> None:
    assert officer_choices.rulebook_in_force(party.organisation) is None
    page = client_of(party.users["returning_officer"]).get("/ballots/new/").content.decode()
    assert '<option value="" selected>Choose a rulebook</option>' in page
    assert 'name="process_kind" value=' not in page and "Choose the rulebook above" in page


def test_an_adopted_shipped_rulebook_is_in_force(party: Party) -> None:
    open_leadership_ballot(party, "Leader 2016", ["A", "B"])
    text = (resources.files("hustings.rules") / "rulebooks" / "labour-2021.yaml").read_text(encoding="utf-8")
    rulebooks.adopt(party.users["general_secretary"], party.organisation, text, "2021", dt.date(2021, 9, 29))
    assert officer_choices.rulebook_in_force(party.organisation) == "labour-2021"


def test_only_the_chosen_rulebooks_processes_are_offered(party: Party) -> None:
    page = client_of(party.users["returning_officer"]).get("/ballots/new/?rulebook=conservative-2022").content.decode()
    assert re.findall(r'name="process_kind" value="([^"]+)"', page) == ["confidence_vote"]
    response = client_of(party.users["returning_officer"]).post(
        "/ballots/new/",
        {**BALLOT, "organisation": "party", "rulebook": "conservative-2022", "process_kind": "leadership_challenge"},
    )
    assert response.status_code == 200 and not Ballot.objects.exists()
    assert "is not one of the available choices" in response.content.decode()


def test_the_unit_search_narrows_the_list_without_script(party: Party) -> None:
    page = client_of(party.users["returning_officer"]).get("/ballots/new/?organisation=party&q=highb").content.decode()
    assert 'value="isn-hi"' in page and 'value="isn-fp"' not in page and 'value="eng"' not in page


def test_a_branch_officer_is_offered_only_their_branch(party: Party) -> None:
    page = client_of(branch_returning_officer(party)).get("/ballots/new/").content.decode()
    assert re.findall(r'name="units" value="([^"]+)"', page) == ["isn-hi"]


def test_a_branch_officer_cannot_post_the_whole_party_or_another_branch(party: Party) -> None:
    client = client_of(branch_returning_officer(party))
    form = {**BALLOT, "organisation": "party", "rulebook": "labour-2016", "process_kind": "leadership_challenge"}
    assert client.post("/ballots/new/", form).status_code == 403  # no units: the whole party
    response = client.post("/ballots/new/", {**form, "units": ["isn-fp"]})
    assert response.status_code == 200 and "is not one of the available choices" in response.content.decode()
    response = client.post("/ballots/new/", {**form, "units": ["isn"]})  # the CLP above their branch
    assert response.status_code == 200 and "is not one of the available choices" in response.content.decode()
    assert not Ballot.objects.exists()
    assert client.post("/ballots/new/", {**form, "units": ["isn-hi"]}).status_code == 302
    assert Ballot.objects.get().units == ["isn-hi"]


def test_another_organisations_officer_sees_and_reaches_none_of_ours(party: Party) -> None:
    user, _ = other_organisation_officer()
    client = client_of(user)
    page = client.get("/ballots/new/").content.decode()
    assert "A Party" not in page and "Highbury" not in page and "Another Party" in page
    assert client.get("/ballots/new/?organisation=party").status_code == 403
    form = {**BALLOT, "organisation": "party", "rulebook": "labour-2016", "process_kind": "leadership_challenge"}
    assert client.post("/ballots/new/", form).status_code == 403
    assert client.post("/ballots/new/", {**form, "organisation": "other", "units": ["isn-hi"]}).status_code == 200
    assert not Ballot.objects.exists()


def test_a_member_without_the_role_is_refused(party: Party) -> None:
    assert client_of(party.users["member"]).get("/ballots/new/").status_code == 403


# --- opening a process, and the process page's officer forms ------------------------------------


def branch_general_secretary(party: Party) -> User:
    user = User.objects.create_user("branch_gs")
    Role.objects.create(user=user, kind=RoleKind.GENERAL_SECRETARY, organisation=party.organisation, unit=party.clp)
    return user


def contest(party: Party) -> Process:
    for i in range(5):
        person = Person.objects.create(ref=f"MP{i}", name=f"MP {i}")
        Office.objects.create(person=person, kind="MP", unit=party.clp, start=dt.date(2015, 5, 7))
    process = processes.open_process(
        party.users["general_secretary"],
        organisation=party.organisation,
        kind="leadership_challenge",
        rulebook="labour-2016",
        title="Leadership challenge",
        subject="Jeremy Corbyn",
    )
    processes.open_contest(party.users["general_secretary"], process=process)
    return process


def test_a_ballot_takes_its_candidates_from_a_processs_valid_nominations(party: Party) -> None:
    process = contest(party)
    officer = party.users["returning_officer"]
    processes.nominate(officer, process, "Owen Smith", person=Person.objects.get(ref="MP0"))
    processes.nominate(officer, process, "Angela Eagle", person=Person.objects.get(ref="MP1"))
    processes.withdraw(officer, process, "Angela Eagle")
    processes.close_nominations(officer, process)
    client = client_of(officer)
    page = client.get("/ballots/new/").content.decode()
    assert "Candidates from a process&#x27;s nominations" in page
    assert f'value="{process.pk}"' in page and "Leadership challenge: Jeremy Corbyn, Owen Smith" in page
    assert "Candidates, typed (only where no process supplies them)" in page
    form = {**BALLOT, "organisation": "party", "rulebook": "labour-2016", "process_kind": "leadership_challenge"}
    typed = client.post("/ballots/new/", form)  # typed names, though the process supplies them
    assert typed.status_code == 200 and "its candidates come from them, so choose it" in typed.content.decode()
    both = client.post("/ballots/new/", {**form, "from_process": str(process.pk)})
    assert "The candidates come from the process chosen: leave this blank." in both.content.decode()
    assert not Ballot.objects.exists()
    other = {**form, "process_kind": "leadership_vacancy", "candidates": "", "from_process": str(process.pk)}
    assert "That process is not of the kind chosen above." in client.post("/ballots/new/", other).content.decode()
    assert client.post("/ballots/new/", {**form, "candidates": "", "from_process": str(process.pk)}).status_code == 302
    assert Ballot.objects.get().candidates == ["Jeremy Corbyn", "Owen Smith"]  # not the one who withdrew


def test_with_no_process_to_supply_them_the_candidates_are_typed(party: Party) -> None:
    client = client_of(party.users["returning_officer"])
    page = client.get("/ballots/new/").content.decode()
    assert 'name="from_process"' not in page
    form = {**BALLOT, "organisation": "party", "rulebook": "labour-2016", "process_kind": "leadership_challenge"}
    empty = client.post("/ballots/new/", {**form, "candidates": " "}).content.decode()
    assert "Type the candidates, one a line: no process supplies them." in empty


def test_opening_a_process_offers_the_rulebook_in_force_and_only_its_processes(party: Party) -> None:
    contest(party)  # the party now runs by labour-2016
    client = client_of(party.users["general_secretary"])
    page = client.get("/processes/new/").content.decode()
    assert '<input type="hidden" name="rulebook" value="labour-2016">' in page
    kinds = re.findall(r'name="kind" value="([^"]+)"', page)
    assert "leadership_challenge" in kinds and "confidence_vote" not in kinds and "trigger_ballot" not in kinds
    assert "advisory_confidence" in kinds  # no rulebook defines a motion: it is always offered
    kinds = re.findall(
        r'name="kind" value="([^"]+)"', client.get("/processes/new/?rulebook=labour-2021").content.decode()
    )
    assert "trigger_ballot" in kinds and "confidence_vote" not in kinds
    assert 'value="isn-hi">Highbury (branch)</option>' in page
    found = client.get("/processes/new/?q=finsbury").content.decode()
    assert 'value="isn-fp">' in found and 'value="isn-hi">' not in found


def test_a_scoped_officer_cannot_open_a_process_beyond_their_scope(party: Party) -> None:
    client = client_of(branch_general_secretary(party))
    page = client.get("/processes/new/").content.decode()
    assert re.findall(r'<option value="([a-z-]+)">[^<]*\((?:branch|constituency party|region|nation)\)', page) == [
        "isn-fp",
        "isn-hi",
        "isn",
    ]  # their CLP and its branches, by name; not London, not England
    form = {"organisation": "party", "rulebook": "labour-2018", "kind": "trigger_ballot", "title": "A coup"}
    assert client.post("/processes/new/", {**form, "unit": "ldn"}).status_code == 403
    assert client.post("/processes/new/", form).status_code == 403  # no unit: the whole party
    assert not Process.objects.filter(title="A coup").exists()
    assert client.post("/processes/new/", {**form, "unit": "isn"}).status_code == 302


def test_another_organisations_rulebook_or_unit_is_refused(party: Party) -> None:
    user, other = other_organisation_officer()
    Role.objects.create(user=user, kind=RoleKind.GENERAL_SECRETARY, organisation=other)
    text = (resources.files("hustings.rules") / "rulebooks" / "labour-2021.yaml").read_text(encoding="utf-8")
    ours = rulebooks.adopt(party.users["general_secretary"], party.organisation, text, "2021", dt.date(2021, 9, 29))
    client = client_of(user)
    page = client.get("/processes/new/").content.decode()
    assert "A Party" not in page and "Highbury" not in page
    form = {"organisation": "other", "kind": "leadership_challenge", "title": "Theirs"}
    response = client.post("/processes/new/", {**form, "rulebook": ours.key}, follow=True)
    assert "no rulebook of that name is shipped" in response.content.decode()
    response = client.post("/processes/new/", {**form, "rulebook": "labour-2016", "unit": "isn-hi"}, follow=True)
    assert "Another Party has no such unit." in response.content.decode()
    response = client.post("/processes/new/", {**form, "organisation": "party", "rulebook": "labour-2016"}, follow=True)
    assert "Choose an organisation you manage." in response.content.decode()
    assert not Process.objects.filter(title="Theirs").exists()


def test_the_process_page_offers_nominees_methods_and_units_by_name(party: Party) -> None:
    process = contest(party)
    client = client_of(party.users["general_secretary"])
    client.post(f"/processes/{process.pk}/nominate/", {"nominee": "Owen Smith", "person": "MP0"})
    page = client.get(f"/processes/{process.pk}/").content.decode()
    assert '<option value="Owen Smith">Owen Smith</option>' in page
    assert '<datalist id="office-holders"><option value="MP0">MP 0 (MP)</option>' in page
    assert '<datalist id="scope-units">' in page and '<option value="isn-hi">Highbury (branch)</option>' in page
    client.post(f"/processes/{process.pk}/withdraw/", {"candidate": "Owen Smith"})
    assert '<option value="Owen Smith">' not in client.get(f"/processes/{process.pk}/").content.decode()


# --- opening a debate: the ballot by title, the candidate by name ---------------------------------


def test_the_debate_form_offers_ballots_by_title_and_candidates_by_name(party: Party) -> None:
    moderator = add_moderator(party)
    ballot = open_leadership_ballot(party, "Leader 2016", ["Ada Member", "B"])  # Ada is the member's person
    page = client_of(moderator).get("/debates/new/").content.decode()
    assert f'<option value="{ballot.pk}">Leader 2016</option>' in page
    assert '<datalist id="candidate-accounts"><option value="member">Ada Member</option></datalist>' in page
    form = {"title": "Voters only", "unit": party.clp.code, "subject": "unit", "speakers": "voters"}
    response = client_of(moderator).post("/debates/new/", {**form, "ballot_ref": "999"})
    assert response.status_code == 200 and "is not one of the available choices" in response.content.decode()
    assert client_of(moderator).post("/debates/new/", {**form, "ballot_ref": str(ballot.pk)}).status_code == 302


def test_another_organisations_ballots_are_not_offered_for_a_debate(party: Party) -> None:
    open_leadership_ballot(party, "Leader 2016", ["Ada Member", "B"])
    user, other = other_organisation_officer()
    Role.objects.create(user=user, kind=RoleKind.MODERATOR, organisation=other)
    page = client_of(user).get("/debates/new/").content.decode()
    assert "Leader 2016" not in page and "Ada Member" not in page


# --- the register's unit pickers -------------------------------------------------------------------


def test_the_register_suggests_units_of_the_officers_scope_by_name(party: Party) -> None:
    page = client_of(party.users["right_officer"]).get("/members/").content.decode()
    assert 'list="scope-units"' in page and '<option value="isn-hi">Highbury (branch)</option>' in page
    assert 'value="isn-fp"' not in page  # the other branch is not theirs
    membership = party.person.memberships.get()
    page = client_of(party.users["general_secretary"]).get(f"/members/L000001/memberships/{membership.pk}/move/")
    assert '<option value="isn-fp">Finsbury Park (branch)</option>' in page.content.decode()
