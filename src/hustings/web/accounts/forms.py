"""The officer's form to unlock an account locked out after failed sign-ins."""

from __future__ import annotations

from django import forms


class UnlockForm(forms.Form):
    username = forms.CharField(label="Account (username)", max_length=150)
