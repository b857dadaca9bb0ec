"""Rulebook pages: shipped rulebooks by family, one version's rules with citations, diffs between
versions, and a general secretary adopting a new version of the organisation's rulebook."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from tests.web.visitors import VISITORS, Matrix, Party

from hustings.services import rulebooks as service
from hustings.services.rulebooks import _shipped_text
from hustings.store.audit.models import AuditEntry
from hustings.store.rulebooks.models import AdoptedRulebook

pytestmark = pytest.mark.django_db
SIGNED_IN = {"member", "wrong_officer", "right_officer", "general_secretary", "auditor", "returning_officer"}


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast, for the test only


def _client(party: Party, visitor: str) -> Client:
    client = Client()
    client.force_login(party.users[visitor])
    return client


def _adopt(party: Party, version: str = "2026 conference", text: str | None = None) -> AdoptedRulebook:
    return service.adopt(
        party.users["general_secretary"],
        party.organisation,
        text if text is not None else _shipped_text("labour-2018"),
        version,
        dt.date(2026, 9, 30),
        "as amended by Conference",
    )


def test_families_list_versions_in_order() -> None:
    families = {name: [v.key for v in versions] for name, versions in service.families().items()}
    assert families["labour"] == [
        "labour-1994",
        "labour-2007",
        "labour-2010",
        "labour-2016",
        "labour-2018",
        "labour-2021",
    ]
    assert families["conservative"] == ["conservative-2022"]
    assert families["alp"] == ["alp-2013"]
    assert families["trade-union-branch"] == ["trade-union-branch"]


def test_diff_2016_to_2018_names_the_new_clp_and_affiliate_gate() -> None:
    diff = service.diff("labour-2016", "labour-2018")
    assert {"4.II.2.B.i(b)", "4.II.2.B.i(c)"} <= set(diff.added)  # 5% of CLPs, or 3 affiliates
    assert "NEC-2016/freeze" in diff.removed and "NEC-2020/freeze" in diff.added
    added = "\n".join(line.text for line in diff.lines if line.kind == "add")
    removed = "\n".join(line.text for line in diff.lines if line.kind == "del")
    assert "min_affiliates: 3" in added and "population: clps" in added
    assert "2016-01-12" in removed


def test_a_rule_with_the_same_id_but_new_numbers_is_changed() -> None:
    assert service.diff("labour-2016", "labour-2018").changed == ["4.II.2.B.ii"]
    same = service.diff("labour-2016", "labour-2016")
    assert (same.lines, same.added, same.removed, same.changed) == ([], [], [], [])


def test_rulebook_pages_are_open_to_every_signed_in_visitor(matrix: Matrix) -> None:
    matrix.check("/rulebooks/", SIGNED_IN)
    matrix.check("/rulebooks/labour-2016/", SIGNED_IN)
    matrix.check("/rulebooks/labour-2016/diff/labour-2018/", SIGNED_IN)


def test_rulebook_pages_are_read_only_a_post_is_refused_to_everyone(matrix: Matrix) -> None:
    for url in ("/rulebooks/", "/rulebooks/labour-2016/", "/rulebooks/labour-2016/diff/labour-2018/"):
        outcomes = {visitor: matrix.status(visitor, url, "post", {}) for visitor in VISITORS}
        assert outcomes == {visitor: 302 if visitor == "anonymous" else 405 for visitor in VISITORS}, url


def test_adopted_versions_are_open_to_every_signed_in_visitor(matrix: Matrix, party: Party) -> None:
    row = _adopt(party)
    matrix.check(f"/rulebooks/{row.key}/", SIGNED_IN)
    matrix.check(f"/rulebooks/labour-2018/diff/{row.key}/", SIGNED_IN)


def test_adopt_page_is_for_the_general_secretary(matrix: Matrix) -> None:
    matrix.check("/rulebooks/adopt/", {"general_secretary"})


def test_post_adopt_by_every_visitor_stores_one_version(matrix: Matrix, party: Party) -> None:
    data = {
        "organisation": "party",
        "version": "v1",
        "adopted_on": "2026-09-30",
        "yaml": _shipped_text("labour-2021"),
    }
    matrix.check("/rulebooks/adopt/", {"general_secretary"}, "post", data)
    row = AdoptedRulebook.objects.get()
    assert (row.name, row.version, row.adopted_by) == ("labour-2021", "v1", party.users["general_secretary"])


def test_unknown_rulebooks_are_not_found(party: Party) -> None:
    client = _client(party, "member")
    assert client.get("/rulebooks/labour-1900/").status_code == 404
    assert client.get("/rulebooks/adopted-999/").status_code == 404
    assert client.get("/rulebooks/labour-2016/diff/adopted-x/").status_code == 404


def test_version_page_shows_processes_thresholds_citations_sources_and_yaml(party: Party) -> None:
    page = _client(party, "member").get("/rulebooks/labour-2018/").content.decode()
    assert "leadership_vacancy" in page and "4.II.2.B.i(b)" in page
    assert "fraction: 1/20 (5%)" in page  # 5% kept as an exact fraction
    assert "Labour Party Rule Book 2018" in page  # the citation
    assert 'href="https://labourlist.org/2020/01/' in page  # the source URL
    assert "min_affiliates: 3" in page  # the raw YAML
    assert 'href="/rulebooks/labour-2018/diff/labour-2021/"' in page  # compare with siblings


def test_diff_page_marks_added_and_removed_lines(party: Party) -> None:
    page = _client(party, "member").get("/rulebooks/labour-2016/diff/labour-2018/").content.decode()
    assert '<pre class="diff"' in page
    assert '<span class="add">' in page and '<span class="del">' in page
    assert "4.II.2.B.i(c)" in page and "4.II.2.B.ii" in page


def test_index_groups_families_and_links_consecutive_diffs(party: Party) -> None:
    page = _client(party, "member").get("/rulebooks/").content.decode()
    assert "/rulebooks/labour-2016/diff/labour-2018/" in page
    assert "/rulebooks/labour-2018/diff/labour-2021/" in page
    assert "Adopt a new version" not in page
    assert "Adopt a new version" in _client(party, "general_secretary").get("/rulebooks/").content.decode()


def test_adoption_is_validated_stored_and_audited(party: Party) -> None:
    row = _adopt(party)
    assert row.name == "labour-2018" and row.yaml == _shipped_text("labour-2018")
    entry = AuditEntry.objects.get(action="adopt rulebook")
    assert entry.actor == "general_secretary" and entry.before is None
    assert entry.after["version"] == "2026 conference" and entry.after["name"] == "labour-2018"
    assert service.current(party.organisation.pk).key == row.key


def test_past_versions_stay_listed_and_diffable(party: Party) -> None:
    first = _adopt(party, "2018")
    second = _adopt(party, "2021", _shipped_text("labour-2021"))
    client = _client(party, "member")
    index = client.get("/rulebooks/").content.decode()
    assert f"/rulebooks/{first.key}/" in index and f"/rulebooks/{second.key}/" in index
    diff = client.get(f"/rulebooks/{first.key}/diff/{second.key}/")
    assert diff.status_code == 200 and '<span class="del">' in diff.content.decode()


def test_a_version_label_is_used_once_per_organisation(party: Party) -> None:
    _adopt(party, "v1")
    with pytest.raises(service.AdoptionError, match="already has a version labelled 'v1'") as error:
        _adopt(party, "v1")
    assert error.value.field == "version"


def test_invalid_yaml_is_refused_with_the_field_named(party: Party) -> None:
    bad = _shipped_text("labour-2018").replace("fraction: 10%", "fraction: 0.1", 1)
    response = _client(party, "general_secretary").post(
        "/rulebooks/adopt/", {"organisation": "party", "version": "bad", "adopted_on": "2026-01-01", "yaml": bad}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "At processes.leadership_vacancy.nomination_gate.all.0.threshold.fraction" in page
    assert "not a decimal number" in page
    assert not AdoptedRulebook.objects.exists() and not AuditEntry.objects.exists()


def test_not_yaml_and_empty_input_are_refused_in_words(party: Party) -> None:
    client = _client(party, "general_secretary")
    base = {"organisation": "party", "version": "x", "adopted_on": "2026-01-01"}
    page = client.post("/rulebooks/adopt/", {**base, "yaml": "name: [unclosed"}).content.decode()
    assert "not valid YAML at line" in page
    page = client.post("/rulebooks/adopt/", {**base, "yaml": ""}).content.decode()
    assert "Paste the rulebook" in page
    page = client.post("/rulebooks/adopt/", {**base, "yaml": "name: x\nversion: '1'\n"}).content.decode()
    assert "required but missing" in page
    assert not AdoptedRulebook.objects.exists()


def test_a_yaml_file_can_be_uploaded(party: Party) -> None:
    upload = SimpleUploadedFile("rules.yaml", _shipped_text("trade-union-branch").encode(), "application/x-yaml")
    response = _client(party, "general_secretary").post(
        "/rulebooks/adopt/",
        {"organisation": "party", "version": "branch rules", "adopted_on": "2026-01-01", "upload": upload},
    )
    assert response.status_code == 302
    assert AdoptedRulebook.objects.get().name == "trade-union-branch"
