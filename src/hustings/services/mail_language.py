"""The language of the e-mails Hustings sends to members (issue #14): the site's.

The register records no language for a member, so every recipient gets the site's language
(`LANGUAGE_CODE`), never the language of whoever's request queued the message (an officer
reading the site in Welsh sends codes to members who may not). E-mails are written inside
`written_for_members()`, which switches to that language for the with-block.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation


def mail_language() -> str:
    """The site's language: what every e-mail to a member is written in."""
    return str(settings.LANGUAGE_CODE)


def written_for_members() -> translation.override:
    """A with-block in which `gettext` writes in `mail_language()`."""
    return translation.override(mail_language())
