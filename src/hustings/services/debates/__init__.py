"""Use cases of debates: who may speak (`speaking`), posting and editing (`posting`), moderation
(`moderation`), hustings questions (`questions`), e-mail (`notifications`), search (`search`),
pages of threads (`threads`), opening a debate (`opening`), Markdown made safe (`rendering`) and
the names pages show (`names`).

Every refusal is a `Refused` carrying the sentence to show the member; the web pages and the API
show the same sentence.
"""

from __future__ import annotations


class Refused(Exception):
    """The member may not do this; `str(error)` says why, in words to show them. `forbidden` is
    True when the refusal is the speaking rule or the comment period (HTTP 403), False when the
    input was at fault (400)."""

    def __init__(self, message: str, forbidden: bool = False) -> None:
        super().__init__(message)
        self.forbidden = forbidden


class RateLimited(Refused):
    """Too many comments in too short a time."""
