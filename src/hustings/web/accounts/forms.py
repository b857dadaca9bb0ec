"""The officer's form to unlock an account locked out after failed sign-ins."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class UnlockForm(forms.Form):
    username = forms.CharField(label=_("Account (username)"), max_length=150)


class GrantRoleForm(forms.Form):
    """A role to grant; each field is checked by `hustings.services.roles.grant`, which says what is wrong."""

    organisation = forms.CharField(required=False, strip=False)
    username = forms.CharField(required=False)
    kind = forms.CharField(required=False, strip=False)
    unit = forms.CharField(required=False)


class RevokeRoleForm(forms.Form):
    revoke = forms.IntegerField()
