"""The officers' forms: unlocking an account locked out after failed sign-ins; granting and revoking roles."""

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


class RoleSearchForm(forms.Form):
    """The roles page's GET form: the organisation, and searches of its people and of its units."""

    organisation = forms.CharField(required=False)
    q = forms.CharField(required=False, max_length=100)
    unit_q = forms.CharField(required=False, max_length=100)


ROLE_LABELS = {
    "secretary": _("Secretary: keeps the register of members of their unit"),
    "general_secretary": _("General secretary: the register, units, roles and rulebooks"),
    "returning_officer": _("Returning officer: runs ballots and processes"),
    "auditor": _("Auditor: reads the audit log"),
    "moderator": _("Moderator: runs debates and hustings"),
}
"""Each role kind in words, with what it may do (`hustings.services.access.PERMISSIONS`)."""


class RevokeRoleForm(forms.Form):
    revoke = forms.IntegerField()
