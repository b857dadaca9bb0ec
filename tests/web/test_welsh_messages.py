"""Welsh and English beyond the templates (issue #14): every refusal a service raises for a
person, every form label and validation error and every flash message is marked for translation
(`tests/web/python_text.py`), a Welsh page shows a service's refusal in Welsh, and e-mails to
members are written in the site's language whatever the language of the request that sent them."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation
from tests.services.test_code_mail import party_ballot
from tests.web.python_text import python_files, translated_at_import, unmarked
from tests.web.test_ballot_pages import open_ballot
from tests.web.visitors import Party, make_party

from hustings.services.ballots import mailing
from hustings.services.jobs import worker


@pytest.mark.parametrize(
    ("package", "texts"), [("services", "services"), ("web", "forms"), ("web", "views")], ids=lambda v: str(v)
)
def test_every_refusal_form_text_and_flash_message_is_marked(package: str, texts: str) -> None:
    found = [str(u) for path in python_files(package) for u in unmarked(path, texts)]
    assert found == [], f"{texts} text outside gettext:\n" + "\n".join(found)


@pytest.mark.parametrize("package", ["services", "web"])
def test_nothing_is_translated_once_at_import(package: str) -> None:
    found = [str(u) for path in python_files(package) for u in translated_at_import(path)]
    assert found == [], "gettext at import time (use gettext_lazy):\n" + "\n".join(found)


def test_the_import_time_check_finds_a_form_labelled_in_the_first_language(tmp_path: Path) -> None:
    code = tmp_path / "code.py"
    code.write_text(
        "from django.utils.translation import gettext as _\n"
        "class F:\n"
        "    a = Field(label=_('Actor'))\n"
        "    def f(self):\n"
        "        return _('fine: run per request')\n"
    )
    assert [u.line for u in translated_at_import(code)] == [3]


def test_the_check_finds_unmarked_refusals_labels_and_messages(tmp_path: Path) -> None:
    code = tmp_path / "code.py"
    code.write_text(
        "def f(x):\n"
        "    raise BallotError('the ballot is closed')\n"
        "    raise BallotError(f'no ballot {x}')\n"
        "    raise BallotError(gettext('the ballot is closed'))\n"
        "    raise BallotError(gettext('no ballot {x}').format(x=x))\n"
        "    raise ValueError('a programming error, for developers')\n"
        "    raise BallotError(str(x))\n"
        "    name = forms.CharField(label='Name', help_text=_('Your name'))\n"
        "    raise forms.ValidationError('enter a name')\n"
        "    messages.success(request, 'Saved.')\n"
        "    messages.error(request, _('Not saved: %(why)s') % {'why': x})\n",
        encoding="utf-8",
    )
    assert [u.line for u in unmarked(code, "services")] == [2, 3, 9]
    assert [u.line for u in unmarked(code, "forms")] == [8, 9]
    assert [u.line for u in unmarked(code, "views")] == [10]


@pytest.mark.django_db
def test_a_refused_voting_code_is_explained_in_welsh(party: Party) -> None:
    ballot = open_ballot(party)
    form = {"credential": "WRONG", "submission": "s", "action": "cast", "rank-0": "1"}
    welsh = Client(HTTP_ACCEPT_LANGUAGE="cy").post(f"/ballots/{ballot.pk}/vote/", form)
    page = html.unescape(welsh.content.decode())
    assert welsh.status_code == 400
    assert "Nid yw'r cod pleidleisio hwn yn ddilys ar gyfer y bleidlais hon" in page
    assert "not valid for this ballot" not in page
    english = Client().post(f"/ballots/{ballot.pk}/vote/", form).content.decode()
    assert "This voting code is not valid for this ballot" in html.unescape(english)


@pytest.mark.django_db
def test_a_refused_preference_is_explained_in_welsh(party: Party) -> None:
    ballot = open_ballot(party)
    form = {"credential": "WRONG", "submission": "s", "action": "cast", "rank-0": "2"}
    page = Client(HTTP_ACCEPT_LANGUAGE="cy").post(f"/ballots/{ballot.pk}/vote/", form).content.decode()
    assert "Rhaid i'r dewisiadau ddilyn ymlaen o 1 heb fwlch: nid oes 1" in html.unescape(page)


def _code_mail_subjects(site_language: str, officer_language: str, settings: Any) -> tuple[str, list[str]]:
    """The ballot's title and the subjects of its code mail, sent on a site in `site_language` by
    an officer reading it in `officer_language`."""
    settings.LANGUAGE_CODE = site_language
    party = make_party()
    ballot = party_ballot(party)
    with translation.override(officer_language):  # the officer's request, in their language
        mailing.queue_code_mail(party.users["returning_officer"], ballot, "https://vote.example.org/v/")
        worker.drain()
    return ballot.title, [m.subject for m in mail.outbox]


@pytest.mark.django_db
def test_code_mail_is_in_the_sites_language_not_the_officers(mailoutbox: list, settings: Any) -> None:
    title, subjects = _code_mail_subjects("en-gb", "cy", settings)
    assert subjects and all(s == f"Your vote: {title}" for s in subjects)
    assert "Your voting code: " in mailoutbox[0].body and "Annwyl" not in mailoutbox[0].body


@pytest.mark.django_db
def test_a_welsh_site_mails_its_codes_in_welsh(mailoutbox: list, settings: Any) -> None:
    title, subjects = _code_mail_subjects("cy", "en-gb", settings)
    assert subjects and all(s == f"Eich pleidlais: {title}" for s in subjects)
    body = mailoutbox[0].body
    assert body.startswith("Annwyl ") and "Eich cod pleidleisio: " in body
    assert "Pleidleisiwch yn https://vote.example.org/v/#code=" in body
