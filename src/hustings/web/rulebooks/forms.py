"""The general secretary's form to adopt a new version of the organisation's rulebook."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_BYTES = 1_000_000


class AdoptForm(forms.Form):
    organisation = forms.ChoiceField(label=_("Organisation"))
    version = forms.CharField(label=_("Version label"), max_length=100, help_text=_("For example 2024 conference"))
    adopted_on = forms.DateField(
        label=_("Adopted on"), initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"})
    )
    yaml = forms.CharField(
        label=_("Rulebook (YAML)"), required=False, widget=forms.Textarea(attrs={"rows": 20, "spellcheck": "false"})
    )
    upload = forms.FileField(label=_("…or upload the YAML file"), required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args: object, organisations: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["organisation"].choices = organisations  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        upload = data.get("upload")
        if upload is not None:
            if upload.size > MAX_BYTES:
                self.add_error("upload", _("The file is larger than 1 MB: is it a rulebook?"))
                return data
            try:
                data["yaml"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                self.add_error("upload", _("The file is not UTF-8 text."))
        elif not str(data.get("yaml") or "").strip():
            self.add_error("yaml", _("Paste the rulebook's YAML or upload its file."))
        return data
