"""The forms of the process pages: opening a process, each officer's transition, a suspension.

Each field reads what the page posts under the same name; a value that does not parse is refused
with the sentence the officer sees (`first_error`), and the rules themselves are the services'.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hustings.services import members, units
from hustings.services.members import Person
from hustings.services.units import Unit

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise  # the stubs' name for a lazy translation


def first_error(form: forms.Form) -> str:
    """The first thing wrong, in the order of the form's fields (then the form's own checks)."""
    return str(next(iter(form.errors.values()))[0])


class Text(forms.CharField):
    """Free text as posted (empty when absent); `strip` trims it."""

    def __init__(self, strip: bool = False) -> None:
        super().__init__(required=False, strip=strip)


class WholeNumber(forms.Field):
    """A whole number; `empty` (if given) is the number an empty or absent value means."""

    def __init__(self, label: str | _StrPromise, empty: int | None = None) -> None:
        super().__init__(required=False, label=label)
        self.empty = empty

    def clean(self, value: Any) -> int:
        if not value and self.empty is not None:
            return self.empty
        try:
            return int(value if value is not None else "")
        except ValueError:
            raise forms.ValidationError(_("%(label)s must be a whole number") % {"label": self.label}) from None


class PersonRef(forms.Field):
    """A person on the register, by reference (membership number)."""

    def __init__(self) -> None:
        super().__init__(required=False)

    def clean(self, value: Any) -> Person:
        return person_of(value)


class UnitCode(forms.Field):
    """A unit, by code."""

    def __init__(self) -> None:
        super().__init__(required=False)

    def clean(self, value: Any) -> Unit:
        return unit_of(value)


def person_of(value: Any) -> Person:
    ref = (value or "").strip()
    person = members.person_by_ref(ref)
    if person is None:
        raise forms.ValidationError(_("nobody on the register has the reference %(ref)r") % {"ref": ref})
    return person


def unit_of(value: Any) -> Unit:
    code = (value or "").strip()
    unit = units.by_code(code)
    if unit is None:
        raise forms.ValidationError(_("there is no unit with the code %(code)r") % {"code": code})
    return unit


class ChoiceForm(forms.Form):
    """The first step of opening a process (a GET form): the organisation, the rulebook, and a
    search of the organisation's units."""

    organisation = Text(strip=True)
    rulebook = Text(strip=True)
    q = Text(strip=True)


class NewProcessForm(forms.Form):
    organisation = Text(strip=True)
    kind = Text(strip=True)
    rulebook = Text(strip=True)
    title = Text(strip=True)
    subject = Text(strip=True)
    trigger = Text(strip=True)
    unit = Text(strip=True)


class NominateForm(forms.Form):
    """A nominee, nominated by a person (`person`) or else by a unit (`unit`)."""

    nominee = Text()
    person = Text(strip=True)
    unit = Text()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("person"):
            data["person"] = person_of(data["person"])
        else:
            data["unit"] = unit_of(data.get("unit"))
        return data


class WithdrawForm(forms.Form):
    candidate = Text(strip=True)
    reason = Text()


class SupporterForm(forms.Form):
    paid_at = Text()
    person = PersonRef()
    pence = WholeNumber(_("The fee"))

    def clean_paid_at(self) -> dt.datetime:
        try:
            return dt.datetime.fromisoformat(self.cleaned_data["paid_at"])
        except ValueError:
            raise forms.ValidationError(_("give the time of payment as YYYY-MM-DD HH:MM")) from None


class OpenBallotForm(forms.Form):
    method = Text()

    def clean_method(self) -> str:
        return str(self.cleaned_data["method"] or "irv")


class LettersForm(forms.Form):
    last_vote = Text(strip=True)
    letters = WholeNumber(_("Letters"))
    mps = WholeNumber(_("MPs"))

    def clean_last_vote(self) -> dt.date | None:
        last = self.cleaned_data["last_vote"]
        try:
            return dt.date.fromisoformat(last) if last else None
        except ValueError:
            raise forms.ValidationError(_("give the last vote's date as YYYY-MM-DD")) from None


class VotesForm(forms.Form):
    """Votes for and against (`for` is a keyword in Python, so the fields are added here)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["for"] = WholeNumber(_("Votes for"))
        self.fields["against"] = WholeNumber(_("Votes against"))


class MotionForm(VotesForm):
    """An advisory motion's votes; abstentions, first, are 0 when not given."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {"abstentions": WholeNumber(_("Abstentions"), empty=0), **self.fields}


class UnitVoteForm(forms.Form):
    for_selection = Text()
    unit = UnitCode()

    def clean_for_selection(self) -> bool:
        choice = self.cleaned_data["for_selection"]
        if choice not in ("yes", "no"):
            raise forms.ValidationError(_("say whether the unit voted for a full selection"))
        return bool(choice == "yes")


class MeetingCandidatesForm(forms.Form):
    candidates = Text()
    attending = WholeNumber(_("Attending members"))


class MeetingProxyForm(forms.Form):
    """A proxy appointment handed in before the vote: the appointer's and the proxy's numbers."""

    appointer = Text(strip=True)
    proxy = Text(strip=True)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("appointer") or not data.get("proxy"):
            raise forms.ValidationError(_("give the membership numbers of the member and of their proxy"))
        return data


class MeetingProxyRevokeForm(forms.Form):
    appointer = Text(strip=True)

    def clean_appointer(self) -> str:
        if not self.cleaned_data["appointer"]:
            raise forms.ValidationError(_("give the membership number of the member revoking their proxy"))
        return str(self.cleaned_data["appointer"])


class MeetingRoundForm(forms.Form):
    """A round's votes for each candidate still standing, posted as `votes-<i>` in standing order."""

    def __init__(self, data: Any, standing: list[str]) -> None:
        super().__init__(data)
        self.standing = standing
        for i, name in enumerate(standing):
            self.fields[f"votes-{i}"] = WholeNumber(_("Votes for %(name)s") % {"name": name})

    def tally(self) -> dict[str, int]:
        return {name: self.cleaned_data[f"votes-{i}"] for i, name in enumerate(self.standing)}


class SuspendForm(forms.Form):
    unit = Text(strip=True)
    rule = Text()
    reason = Text()
    members_keep_votes = Text()

    def clean_members_keep_votes(self) -> bool:
        return bool(self.cleaned_data["members_keep_votes"] != "no")
