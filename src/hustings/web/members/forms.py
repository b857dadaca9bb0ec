"""Forms of the officers' member pages: they parse input; the rules of an edit are the service's."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hustings.rules import Category, Standing, Status

_BLANK = [("", "any")]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Name, membership number or e-mail"), required=False, max_length=200)
    unit = forms.CharField(
        label=_("Unit (type its name; every unit beneath it is included)"),
        required=False,
        max_length=64,
        widget=forms.TextInput(attrs={"list": "scope-units", "autocomplete": "off"}),
    )
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=_BLANK + [(c.value, c.value.replace("_", " ")) for c in Category]
    )
    standing = forms.ChoiceField(
        label=_("Standing today"), required=False, choices=_BLANK + [(s.value, s.value) for s in Standing]
    )
    after = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.CharField(label=_("E-mail address"), required=False, max_length=254)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=[(s.value, s.value) for s in Status])
    on = forms.DateField(label=_("Effective from"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), required=False, max_length=200)


class PaymentForm(forms.Form):
    amount = forms.CharField(label=_("Amount (£)"), max_length=20, help_text=_("For example 25.00"))
    at = forms.DateTimeField(
        label=_("Paid at"),
        initial=lambda: timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"],
    )
    covers_until = forms.DateField(
        label=_("Covers until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class MoveForm(forms.Form):
    unit = forms.CharField(
        label=_("Move to unit (type its name)"),
        max_length=64,
        widget=forms.TextInput(attrs={"list": "scope-units", "autocomplete": "off"}),
    )
