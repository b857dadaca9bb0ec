"""Welsh and English (issue #14): every template string marked for translation, a complete
compiled Welsh catalogue, the language chosen by `Accept-Language` or by the switcher in every
page's header (which persists), and dates written in the chosen language."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from tests.web.template_text import ALLOWLIST, templates, unmarked_text
from tests.web.test_ballot_pages import open_ballot
from tests.web.visitors import Party

LOCALE = Path(__file__).resolve().parents[2] / "src" / "hustings" / "locale"
WELSH_PO = LOCALE / "cy" / "LC_MESSAGES" / "django.po"
WELSH_MO = WELSH_PO.with_suffix(".mo")


def _client(party: Party, visitor: str = "member", **headers: str) -> Client:
    client = Client(**headers)
    client.force_login(party.users[visitor])
    return client


def test_every_template_string_is_marked_for_translation() -> None:
    found = [str(u) for path in templates() for u in unmarked_text(path)]
    assert found == [], "visible text outside {% translate %} / {% blocktranslate %}:\n" + "\n".join(found)


def test_the_check_finds_unmarked_text_in_elements_attributes_and_filters(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "{% load i18n %}<h1>{% translate 'Ballots' %}</h1>\n"
        "<p>Closes {{ ballot.closes }}</p>\n"
        '<nav aria-label="Pages">{{ n }}</nav>\n'
        "{{ t.signed|yesno:'yes,no' }} <code>hustings verify</code> Hustings · 42\n"
        "{% comment %}Not shown{% endcomment %}{# nor this #}<script>let words = 'none';</script>\n",
        encoding="utf-8",
    )
    found = [(u.line, u.text) for u in unmarked_text(page, root=tmp_path)]
    assert found == [(2, "Closes"), (3, "Pages"), (4, "{{ t.signed|yesno:'yes,no' }}")]


def test_every_allowlisted_word_says_why() -> None:
    assert all(len(reason.split()) >= 4 for reason in ALLOWLIST.values())


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext's msgfmt (make installs it)")
def test_the_welsh_catalogue_is_complete_valid_and_compiled() -> None:
    check = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(WELSH_PO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stderr
    assert re.fullmatch(r"\d+ translated messages\.\n", check.stderr), check.stderr  # no fuzzy, none untranslated
    assert WELSH_MO.is_file(), "the compiled catalogue is missing: run make (or msgfmt) first"
    assert WELSH_MO.stat().st_mtime >= WELSH_PO.stat().st_mtime, "the compiled catalogue is older than the .po"


def test_home_page_in_welsh_by_accept_language(party: Party) -> None:
    open_ballot(party)
    page = _client(party, HTTP_ACCEPT_LANGUAGE="cy").get("/").content.decode()
    assert '<html lang="cy">' in page
    assert "Pleidleisiau agored" in page and "Open ballots" not in page
    assert "Allgofnodi" in page  # the header too
    english = _client(party, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8").get("/").content.decode()
    assert '<html lang="en-gb">' in english and "Open ballots" in english


def test_the_rules_reasons_are_shown_in_welsh(party: Party) -> None:
    open_ballot(party)
    home = _client(party, HTTP_ACCEPT_LANGUAGE="cy").get("/").content.decode()
    assert "cymwys fel aelod" in home and "eligible as a member" not in home  # the member's reason, in Welsh
    english = _client(party, HTTP_ACCEPT_LANGUAGE="en-GB").get("/").content.decode()
    assert "eligible as a member" in english


def test_roles_are_named_in_welsh(party: Party) -> None:
    page = _client(party, "general_secretary", HTTP_ACCEPT_LANGUAGE="cy").get("/accounts/roles/").content.decode()
    assert "<td>ysgrifennydd cyffredinol</td>" in page and "<td>general secretary</td>" not in page
    assert "Swyddog canlyniadau: yn cynnal pleidleisiau a phrosesau" in page
    home = _client(party, "general_secretary", HTTP_ACCEPT_LANGUAGE="cy").get("/").content.decode()
    assert "ysgrifennydd cyffredinol A Party" in home  # their roles on their home, in Welsh word order


def test_ballot_and_vote_pages_in_welsh(party: Party) -> None:
    ballot = open_ballot(party)
    client = _client(party, HTTP_ACCEPT_LANGUAGE="cy")
    detail = client.get(f"/ballots/{ballot.pk}/").content.decode()
    assert "Swyddog canlyniadau" not in detail  # the member is not the officer
    assert "Ymgeiswyr" in detail and "Candidates" not in detail
    vote = Client(HTTP_ACCEPT_LANGUAGE="cy").get(f"/ballots/{ballot.pk}/vote/").content.decode()
    assert "Eich cod pleidleisio" in vote and "Your voting code" not in vote


def test_the_switcher_chooses_welsh_without_javascript_and_the_choice_persists(party: Party) -> None:
    client = _client(party)  # no Accept-Language: English
    home = client.get("/").content.decode()
    switcher = re.search(r'<form class="language" method="post" action="([^"]+)">(.*?)</form>', home, re.S)
    assert switcher is not None
    assert 'name="language" value="cy" lang="cy">Cymraeg</button>' in switcher.group(2)
    assert 'name="next" value="/"' in switcher.group(2)
    response = client.post(switcher.group(1), {"language": "cy", "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "cy"
    page = client.get("/").content.decode()
    assert "Pleidleisiau agored" in page
    assert 'value="en-gb" lang="en-gb">British English</button>' in page  # and back again
    assert "Pleidleisiau agored" in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()  # the cookie wins
    client.post(switcher.group(1), {"language": "en-gb", "next": "/"})
    assert "Open ballots" in client.get("/").content.decode()


def test_the_switcher_never_echoes_a_query_string(party: Party) -> None:
    ballot = open_ballot(party)
    page = Client().get(f"/ballots/{ballot.pk}/vote/?credential=SECRET-CODE").content.decode()
    assert f'name="next" value="/ballots/{ballot.pk}/vote/"' in page and "SECRET-CODE" not in page


def test_dates_are_written_in_the_chosen_language(party: Party) -> None:
    ballot = open_ballot(party)  # its roll frozen on 22 August 2016
    welsh = _client(party, HTTP_ACCEPT_LANGUAGE="cy").get(f"/ballots/{ballot.pk}/").content.decode()
    english = _client(party).get(f"/ballots/{ballot.pk}/").content.decode()
    assert "22 Awst 2016" in welsh and "Aug" not in welsh
    assert "22 Aug 2016" in english
