"""Forms of the ballot pages: opening a ballot, a scrutineer's signature, a paper batch, and reading a
ranked vote."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hustings.rules import shipped_rulebooks
from hustings.services import officer_choices
from hustings.web import methods


class Choice(forms.Form):
    """The first step of opening a ballot (a GET form): the organisation, its rulebook, the process
    (from a link such as `?process=leadership_challenge`) and a search of its units."""

    organisation = forms.CharField(required=False)
    rulebook = forms.CharField(required=False)
    process = forms.CharField(required=False)
    q = forms.CharField(required=False, max_length=100)


@dataclass(frozen=True)
class Chosen:
    """What the officer chose before the ballot's own fields: an organisation (by slug) they may run
    ballots in, a shipped rulebook, the process a link asked for, and their search of the units."""

    organisation: str
    rulebook: str
    process: str = ""
    search: str = ""


class TrackingCodeForm(forms.Form):
    """A voter's tracking code, looked up on the board by POST so that it is in no URL or log."""

    code = forms.CharField(required=False)


class DeliveryForm(forms.Form):
    """How new voting codes go out: `email` sends them; anything else is a CSV to print."""

    delivery = forms.CharField(required=False)


class OpenBallotForm(forms.Form):
    """Opening a ballot. The organisation and rulebook were chosen first (`Choice`, a GET form)
    and come back hidden; the processes offered are those the rulebook defines, the units those of
    the officer's scope (the service checks the scope again when it opens the ballot)."""

    organisation = forms.CharField(label=_("Organisation"), widget=forms.HiddenInput)
    rulebook = forms.ChoiceField(label=_("Rulebook"), choices=(), widget=forms.HiddenInput)
    title = forms.CharField(max_length=200, label=_("Title"))
    process_kind = forms.ChoiceField(choices=(), label=_("Process"), widget=forms.RadioSelect)
    method = forms.ChoiceField(choices=(), initial="irv", label=_("Counting method"))
    seats = forms.IntegerField(min_value=1, initial=1, label=_("Seats"))
    from_process = forms.ChoiceField(
        label=_("Candidates from a process's nominations"),
        required=False,
        choices=(),
        widget=forms.RadioSelect,
        help_text=_(
            "the candidates whose nominations are valid (the gate met, not withdrawn), by name; "
            "to open the process's own ballot and move it on, use the process's page"
        ),
    )
    candidates = forms.CharField(
        label=_("Candidates, typed (only where no process supplies them)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("one name a line, in ballot-paper order"),
    )
    units = forms.MultipleChoiceField(
        label=_("Units"),
        required=False,
        choices=(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("tick none for the whole organisation"),
    )
    freeze_date = forms.DateField(
        label=_("Freeze date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    closes = forms.DateTimeField(
        label=_("Closes"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    scrutineers = forms.CharField(
        label=_("Scrutineers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "one a line: the scrutineer's name, then their public key from hustings scrutineer keygen "
            "(they sign the board when it opens and closes; none can be added later)"
        ),
    )

    card_votes = forms.CharField(
        label=_("Card votes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "only where the rulebook's process has card votes; one delegate a line: their membership number, "
            "then the card vote the register gives them (e.g. D00001 120)"
        ),
    )
    accept_small_classes = forms.BooleanField(
        required=False,
        label=_("Accept small weight classes"),
        help_text=_("open even if fewer than 5 voters share a section and a weight: their ballots could be told apart"),
    )

    e2e = forms.BooleanField(
        required=False,
        label=_("End-to-end verifiable"),
        help_text=_(
            "ballots encrypted in the voter's browser and decrypted only by a quorum of trustees; "
            "plurality is tallied without decrypting any ballot, ranked methods are mixed first"
        ),
    )
    trustees = forms.CharField(
        label=_("Trustees"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "end-to-end only; one a line: the trustee's name, then their account's username "
            "(for a leadership contest, one per candidate and an independent)"
        ),
    )
    quorum = forms.IntegerField(
        label=_("Quorum"),
        required=False,
        min_value=1,
        help_text=_("end-to-end only: how many trustees must take part to count"),
    )

    def __init__(
        self,
        data: Any,
        choice: Chosen,
        units: list[tuple[str, str]],
        shown: list[tuple[str, str]],
        nominated: list[officer_choices.NominatedProcess] | None = None,
    ) -> None:
        """`units` are those the officer may name (what is accepted), `shown` those the search found;
        `nominated` the processes whose valid nominations supply the candidates."""
        super().__init__(data, initial={"organisation": choice.organisation, "rulebook": choice.rulebook})
        self.nominated = {str(p.pk): p for p in nominated or []}
        self.fields["from_process"].choices = [  # type: ignore[attr-defined]
            (key, f"{p.title}: {', '.join(p.candidates)}") for key, p in self.nominated.items()
        ]
        if not self.nominated:
            del self.fields["from_process"]
        self.fields["rulebook"].choices = [(r, r) for r in shipped_rulebooks()]  # type: ignore[attr-defined]
        processes = officer_choices.process_choices(choice.rulebook)
        self.fields["process_kind"].choices = [(p.key, f"{p.label}: {p.description}") for p in processes]  # type: ignore[attr-defined]
        if choice.process in {p.key for p in processes}:
            self.fields["process_kind"].initial = choice.process
        self.fields["method"].choices = methods.choices()  # type: ignore[attr-defined]
        self.fields["units"].choices = units  # type: ignore[attr-defined]
        self.fields["units"].widget.choices = shown

    def clean(self) -> dict[str, Any]:
        """The candidates come from a process's valid nominations where one supplies them for the
        chosen process; typed names only where none does (issue #14)."""
        data = super().clean() or {}
        chosen = self.nominated.get(data.get("from_process") or "")
        kind = data.get("process_kind") or ""
        typed = (data.get("candidates") or "").strip()
        if chosen is not None:
            if typed:
                self.add_error("candidates", _("The candidates come from the process chosen: leave this blank."))
            if kind and not chosen.runs(kind):
                self.add_error("from_process", _("That process is not of the kind chosen above."))
        elif kind and any(p.runs(kind) for p in self.nominated.values()):
            self.add_error(
                "from_process",
                _("A process of this kind has valid nominations: its candidates come from them, so choose it."),
            )
        elif not typed:
            self.add_error("candidates", _("Type the candidates, one a line: no process supplies them."))
        return data

    def candidate_list(self) -> list[str]:
        chosen = self.nominated.get(self.cleaned_data.get("from_process") or "")
        if chosen is not None:
            return list(chosen.candidates)
        return [line.strip() for line in self.cleaned_data["candidates"].splitlines() if line.strip()]

    def scrutineer_list(self) -> list[tuple[str, str]]:
        """(name, public key) per line: the key is the line's last word, the name the rest."""
        out = []
        for line in self.cleaned_data["scrutineers"].splitlines():
            words = line.strip().rsplit(None, 1)
            if words:
                out.append((words[0].rstrip(":,") if len(words) == 2 else "", words[-1]))
        return out

    def trustee_list(self) -> list[tuple[str, str]] | None:
        """(name, username) per line, the username the line's last word; None unless end-to-end."""
        if not self.cleaned_data.get("e2e"):
            return None
        out = []
        for line in self.cleaned_data["trustees"].splitlines():
            words = line.strip().rsplit(None, 1)
            if len(words) == 2:
                out.append((words[0].rstrip(":,"), words[1]))
            elif words:
                out.append(("", words[0]))
        if not out:
            raise ValueError("name the trustees of an end-to-end verifiable ballot")
        return out

    def card_vote_list(self) -> dict[str, str]:
        """The card votes by membership number, one "number weight" a line (the weight the line's last word)."""
        out: dict[str, str] = {}
        for number, line in enumerate(self.cleaned_data["card_votes"].splitlines(), 1):
            words = line.replace(",", " ").replace(":", " ").split()
            if not words:
                continue
            if len(words) != 2:
                raise ValueError(f"card votes, line {number}: write the membership number, then the card vote")
            if words[0] in out:
                raise ValueError(f"card votes, line {number}: {words[0]} has a card already")
            out[words[0]] = words[1]
        return out

    def unit_list(self) -> list[str] | None:
        return list(self.cleaned_data["units"]) or None


class SignatureForm(forms.Form):
    record = forms.CharField(
        label=_("Signature record"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("the JSON that hustings scrutineer sign printed"),
        max_length=2000,
    )


class PaperBatchForm(forms.Form):
    label = forms.CharField(max_length=100, label=_("Batch"), help_text=_("as written on the batch's envelope"))
    entry = forms.TypedChoiceField(
        label=_("Entry"), choices=[(1, _("first entry")), (2, _("second entry"))], coerce=int
    )
    ballots = forms.CharField(
        label=_("Ballots"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("one paper a line, names or numbers in order of preference, separated by commas"),
    )

    def papers(self, candidates: list[str]) -> list[list[str]]:
        """Each line's preferences as names (`marked_names`); blank lines are no paper."""
        papers = (marked_names(line, candidates) for line in self.cleaned_data["ballots"].splitlines())
        return [paper for paper in papers if paper]


def marked_names(marks: str, candidates: list[str]) -> list[str]:
    """A paper's marks, names or numbers in order of preference separated by commas, as names: a
    number stands for the candidate in that place on the paper."""
    found = [m.strip() for m in marks.split(",") if m.strip()]
    return [candidates[int(m) - 1] if m.isdigit() and 0 < int(m) <= len(candidates) else m for m in found]


class CardVoteForm(forms.Form):
    """One delegate's card vote as shown in the room: their number, the number on their card (checked
    against the roll) and their vote, names or numbers in order of preference."""

    delegate = forms.CharField(max_length=64, label=_("Delegate"), help_text=_("membership number"))
    card = forms.CharField(max_length=40, label=_("Card vote"), help_text=_("the number of votes on the card"))
    vote = forms.CharField(
        max_length=400,
        label=_("Vote"),
        help_text=_("names or numbers in order of preference, separated by commas"),
    )

    def preferences(self, candidates: list[str]) -> list[str]:
        """The vote's preferences as names (`marked_names`)."""
        return marked_names(self.cleaned_data["vote"], candidates)


class VoteForm(forms.Form):
    """A vote: the voting code, the submission id drawn when the form was first shown, whether the
    voter is editing, confirming or casting (`action`), and a numbered box per candidate (`rank-<i>`)."""

    credential = forms.CharField(required=False, strip=False)
    submission = forms.CharField(required=False, strip=False)
    action = forms.CharField(required=False, strip=False)

    def __init__(self, data: Any, candidates: list[str]) -> None:
        super().__init__(data)
        self.candidates = candidates
        for i in range(len(candidates)):
            self.fields[f"rank-{i}"] = forms.CharField(required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        preferences, problem = read_ranks(data, self.candidates)
        if not data.get("credential"):
            problem = "enter the voting code you were sent"
        if problem:
            raise forms.ValidationError(problem)
        data["preferences"] = preferences
        return data

    def problem(self) -> str:
        """Why the vote cannot be taken, as the voter reads it."""
        words = str(self.non_field_errors()[0] if self.non_field_errors() else next(iter(self.errors.values()))[0])
        return words[:1].upper() + words[1:] + "."


def read_ranks(data: Mapping[str, Any], candidates: list[str]) -> tuple[list[str], str | None]:
    """The preferences given by the numbered select boxes (`rank-<i>`: 1 = first choice), or why not."""
    chosen: dict[int, str] = {}
    for i, name in enumerate(candidates):
        raw = (data.get(f"rank-{i}") or "").strip()
        if not raw:
            continue
        if not raw.isdigit() or not 1 <= int(raw) <= len(candidates):
            return [], gettext("the preference for {name} must be a number from 1 to {count}").format(
                name=name, count=len(candidates)
            )
        number = int(raw)
        if number in chosen:
            return [], gettext("you gave preference {number} to both {first} and {name}; give each number once").format(
                number=number, first=chosen[number], name=name
            )
        chosen[number] = name
    if not chosen:
        return [], gettext("give at least your first preference (1)")
    numbers = sorted(chosen)
    if numbers != list(range(1, len(numbers) + 1)):
        missing = next(n for n in range(1, len(numbers) + 1) if n not in chosen)
        return [], gettext("preferences must follow on from 1 without a gap: there is no {missing}").format(
            missing=missing
        )
    return [chosen[n] for n in numbers], None


class TrusteeUploadForm(forms.Form):
    """A trustee's upload: the file `hustings trustee` wrote (or its text pasted), and, with their
    keys, the signing key `hustings scrutineer keygen` printed."""

    step = forms.CharField()
    document = forms.FileField(required=False)
    text = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=5_000_000)
    signing_key = forms.CharField(required=False, max_length=100)

    def content(self) -> str:
        upload = self.cleaned_data.get("document")
        if upload is not None:
            if upload.size > 50_000_000:
                raise forms.ValidationError(_("the file is too large"))
            return bytes(upload.read()).decode("utf-8", errors="replace")
        return str(self.cleaned_data.get("text") or "")


class ProxyForm(forms.Form):
    """The proxy page's forms: appoint (a membership number), revoke, or vote for an appointer
    (`appointer`, numbered boxes `rank-<i>`); `step` is `confirm` until the member confirms."""

    action = forms.ChoiceField(choices=[("appoint", "appoint"), ("revoke", "revoke"), ("vote", "vote")])
    step = forms.CharField(required=False)
    proxy_ref = forms.CharField(required=False, max_length=64)
    appointer = forms.CharField(required=False, max_length=64)

    def __init__(self, data: Any, candidates: list[str]) -> None:
        super().__init__(data)
        self.candidates = candidates
        for i in range(len(candidates)):
            self.fields[f"rank-{i}"] = forms.CharField(required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == "appoint" and not data.get("proxy_ref", "").strip():
            raise forms.ValidationError(_("enter the membership number of the member you appoint"))
        if data.get("action") == "vote":
            preferences, problem = read_ranks(data, self.candidates)
            if problem:
                raise forms.ValidationError(problem)
            data["preferences"] = preferences
        return data
