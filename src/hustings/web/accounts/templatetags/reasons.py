"""`{% load reasons %}{{ decision.reason|in_words }}`: a reason of the rules layer (written in
English) in the reader's language (`hustings.web.reasons.translated`)."""

from __future__ import annotations

from django import template

from hustings.web.reasons import translated

register = template.Library()


@register.filter
def in_words(reason: str) -> str:
    """The reason in the active language; a reason no pattern reads, as written."""
    return translated(str(reason))
