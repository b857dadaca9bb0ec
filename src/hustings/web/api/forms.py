"""The forms of the token page: issue a named token, revoke one of one's own."""

from __future__ import annotations

from django import forms


class IssueTokenForm(forms.Form):
    """The name is checked by `hustings.services.api_tokens.issue`, which says what is wrong with it."""

    name = forms.CharField(required=False, strip=False)


class RevokeTokenForm(forms.Form):
    revoke = forms.IntegerField()
