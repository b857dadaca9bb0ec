"""Forms of the debate pages; the services decide everything else."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext_lazy as _

from hustings.services import units
from hustings.services.debates.opening import Speakers, Subject


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10_000,
        help_text=_("Plain text; Markdown works: *emphasis*, **strong**, > quote, - lists, [link](https://…)."),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class QuestionForm(forms.Form):
    body = forms.CharField(label=_("Your question"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class AnswerForm(forms.Form):
    body = forms.CharField(label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 4}))


class QuoteForm(forms.Form):
    """`quote=1` (in the query string, or kept in the reply form) starts a reply with the comment quoted."""

    quote = forms.CharField(required=False)

    def quoting(self) -> bool:
        return self.is_valid() and self.cleaned_data["quote"] == "1"


class CloseForm(forms.Form):
    """Closing comments now; the reason, optional, goes to the moderation log as written."""

    reason = forms.CharField(label=_("Reason"), required=False, strip=False)


class ReopenForm(forms.Form):
    closes_at = forms.DateTimeField(
        label=_("Close again at (optional)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


class NotificationForm(forms.Form):
    replies = forms.BooleanField(label=_("E-mail me when someone replies to my comment"), required=False)
    closing_soon = forms.BooleanField(label=_("E-mail me when a debate I spoke in closes within a day"), required=False)


class DebateForm(forms.Form):
    """A new debate; `clean_candidate` turns the username into the account."""

    title = forms.CharField(max_length=200, label=_("Title"))
    intro = forms.CharField(
        label=_("Introduction (Markdown)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    # A unit code typed with suggestions (a <datalist> the page draws itself): a general secretary's
    # scope is every unit of a national party, too many for a select drawn option by option.
    unit = forms.ModelChoiceField(
        queryset=units.nothing(),
        to_field_name="code",
        label=_("Unit (its code)"),
        widget=forms.TextInput(attrs={"list": "unit-codes", "autocomplete": "off"}),
        error_messages={"invalid_choice": _("no unit with that code in which you may open a debate")},
    )
    subject = forms.ChoiceField(choices=Subject.choices, initial=Subject.UNIT, label=_("Subject"))
    speakers = forms.ChoiceField(label=_("Who may speak"), choices=Speakers.choices, initial=Speakers.MEMBERS)
    ballot_ref = forms.ChoiceField(label=_("Ballot (when its voters may speak)"), required=False, choices=())
    # Typed with suggestions: the page's <datalist> names the candidates standing (by name; their
    # account's username is what is posted).
    candidate = forms.CharField(
        label=_("Candidate who answers hustings questions (for a statement: type their name)"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"list": "candidate-accounts", "autocomplete": "off"}),
    )
    public = forms.BooleanField(label=_("Readable without signing in (with an Atom feed)"), required=False)
    closes_at = forms.DateTimeField(
        label=_("Comments close at"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )

    def clean_candidate(self) -> AbstractBaseUser | None:
        name = self.cleaned_data["candidate"].strip()
        if not name:
            return None
        user = get_user_model().objects.filter(username=name, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("no account with the username %(name)r") % {"name": name})
        return user
