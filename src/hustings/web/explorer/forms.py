"""Forms of the explorer and the count page: up to three systems with their options (read from the
query string, so every comparison has a URL to share), and an upload with the count's options."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hustings.count.registry import METHODS
from hustings.services import explorer as svc
from hustings.services.counting import MAX_UPLOAD_BYTES
from hustings.services.explorer import Query

PANELS = 3
DEFAULTS = {
    "fptp": ("fptp", "regional-dhondt", "national-sainte-lague"),
    "ams": ("ams", "fptp", "regional-sainte-lague"),
    "regional-dhondt": ("regional-dhondt", "regional-sainte-lague", "national-sainte-lague"),
}
"""The comparison shown before any choice: the declared system first."""


def _system_choices(optional: bool, systems: tuple[str, ...]) -> list[tuple[str, str]]:
    """The systems offered for the election (a European Parliament election: the list systems only)."""
    choices = [(s, svc.SYSTEM_NAMES[s][:1].upper() + svc.SYSTEM_NAMES[s][1:]) for s in systems]
    return [("", "(none)"), *choices] if optional else choices


class CompareForm(forms.Form):
    """`system1..3`, `threshold1..3`, `share1..3`: each panel's system, threshold (`5%`) and AMS
    constituency share (`3/5`). Each panel's options are read by `analysis.query`, so a bad one
    gets the message `hustings analyse` gives."""

    def __init__(self, election: str, data: Any = None) -> None:
        declared = svc.declared_system(election)
        self.election = election
        self.queries: list[Query] = []
        given = data is not None and any(f"system{i}" in data for i in range(1, PANELS + 1))
        super().__init__(data if given else None, initial=self._initial(declared))
        offered = svc.systems_for(election)
        for i in range(1, PANELS + 1):
            self.fields[f"system{i}"] = forms.ChoiceField(
                label=_("System %(i)s") % {"i": i}, choices=_system_choices(i > 1, offered), required=i == 1
            )
            self.fields[f"threshold{i}"] = forms.CharField(
                label=_("Threshold"),
                required=False,
                max_length=20,
                help_text=_("share of the national vote (or the region's), e.g. 5%"),
            )
            self.fields[f"share{i}"] = forms.CharField(
                label=_("Constituency share (AMS)"), required=False, max_length=20, help_text=_("e.g. 3/5")
            )

    @staticmethod
    def _initial(declared: str) -> dict[str, str]:
        return {f"system{i + 1}": s for i, s in enumerate(DEFAULTS[declared])}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for i in range(1, PANELS + 1):
            system = data.get(f"system{i}")
            if not system:
                continue
            try:
                self.queries.append(
                    svc.read_query(
                        self.election, system, data.get(f"threshold{i}") or None, data.get(f"share{i}") or None
                    )
                )
            except svc.QueryError as exc:
                self.add_error(f"threshold{i}" if "threshold" in str(exc) else f"share{i}", str(exc))
        return data

    def chosen(self) -> list[Query]:
        """The queries of a valid form, or of the defaults when nothing was asked for."""
        if self.is_bound:
            return self.queries if self.is_valid() else []
        return [svc.read_query(self.election, s) for s in DEFAULTS[svc.declared_system(self.election)]]

    def panel_fields(self) -> list[tuple[Any, Any, Any]]:
        return [(self[f"system{i}"], self[f"threshold{i}"], self[f"share{i}"]) for i in range(1, PANELS + 1)]


class CountForm(forms.Form):
    """An upload and the options of `hustings count`."""

    file = forms.FileField(
        label=_("Ballot file"),
        help_text=_(
            "BLT (.blt), CSV of rankings (.csv), PrefLib (.soc, .soi, .toc, .toi) or an RCTab contest "
            "(.zip: its configuration and cast vote records); at most %(MAX_UPLOAD_BYTES)s MB"
        )
        % {"MAX_UPLOAD_BYTES": MAX_UPLOAD_BYTES // (1024 * 1024)},
    )
    method = forms.ChoiceField(
        choices=[(m, m) for m in METHODS], initial="irv", required=False, label=_("Counting method")
    )  # (not sent for an RCTab contest, whose fields the page's script disables; then irv, its own)
    seats = forms.IntegerField(
        required=False, min_value=1, label=_("Seats to fill"), help_text=_("empty: the file's own number, or 1")
    )
    tie_break = forms.ChoiceField(required=False, label=_("Ties decided by"), choices=())
    seed = forms.IntegerField(required=False, label=_("Seed for ties decided by lot"), help_text=_("a whole number"))
    options = forms.CharField(
        required=False,
        label=_("Other options"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("one NAME=VALUE a line, as `hustings methods --options` lists them"),
    )

    save = forms.BooleanField(
        required=False,
        label=_("Save this count"),
        help_text=_(
            "keep the file and the result at a link of their own, which anyone you give it to can open; "
            "you can delete it there"
        ),
    )

    def __init__(self, *args: Any, can_save: bool = False, **kwargs: Any) -> None:
        from hustings.count.ties import TIE_MODES

        super().__init__(*args, **kwargs)
        self.fields["tie_break"].choices = [("", "the method's own rule"), *((m, m) for m in TIE_MODES)]  # type: ignore[attr-defined]
        if not can_save:  # only a signed-in user may save a count
            del self.fields["save"]

    def option_lines(self) -> tuple[str, ...]:
        return tuple(line.strip() for line in self.cleaned_data["options"].splitlines() if line.strip())
