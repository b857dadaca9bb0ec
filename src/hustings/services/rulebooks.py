"""Use cases for rulebooks: the shipped rulebooks grouped into families of versions, one version's
rules with their citations, a readable diff of two versions, and adopting a new version of an
organisation's own rulebook (validated, stored, audited).

A rulebook is named by a key: a shipped rulebook's name (`labour-2016`) or `adopted-<id>` for a
version an organisation adopted, so that any two versions, shipped or adopted, can be compared.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from importlib import resources

from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from hustings.rules import Rulebook, RulebookError, parse_rulebook, shipped_rulebooks
from hustings.services import access, visible
from hustings.services.audit import record
from hustings.store.organisations.models import Organisation
from hustings.store.rulebooks.models import AdoptedRulebook

_YEAR = re.compile(r"^(?P<family>.+)-(?P<year>\d{4})$")


class UnknownRulebook(LookupError):
    """No shipped or adopted rulebook has this key."""


class AdoptionError(ValueError):
    """A rulebook that cannot be adopted; `field` names the part of the YAML at fault, if any."""

    def __init__(self, message: str, field: str | None = None) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}" if field else message)


@dataclass(frozen=True)
class Version:
    key: str
    text: str
    rulebook: Rulebook
    adopted: AdoptedRulebook | None = None

    @property
    def label(self) -> str:
        if self.adopted is not None:
            return f"{self.adopted.organisation.name}: version {self.adopted.version}"
        return self.key


@dataclass(frozen=True)
class Rule:
    """One cited rule of a rulebook: its id, where it sits, its words and its sources."""

    id: str
    where: str
    kind: str
    text: str
    citation: str
    sources: tuple[tuple[str, str | None], ...]  # (citation, URL)
    details: str  # the rule's numbers and dates, as YAML-like "key: value" pairs


def family(name: str) -> str:
    """`labour-2018` belongs to the family `labour`; a name without a year is its own family."""
    match = _YEAR.match(name)
    return match.group("family") if match else name


@cache
def _shipped_text(name: str) -> str:
    return (resources.files("hustings.rules") / "rulebooks" / f"{name}.yaml").read_text(encoding="utf-8")


@cache
def _parsed(text: str, label: str) -> Rulebook:
    return parse_rulebook(text, label)


def families() -> dict[str, list[Version]]:
    """The shipped rulebooks by family, each family's versions in order of taking effect."""
    grouped: dict[str, list[Version]] = {}
    for name in shipped_rulebooks():
        grouped.setdefault(family(name), []).append(version(name))
    for versions in grouped.values():
        versions.sort(key=lambda v: (v.rulebook.effective, v.key))
    return dict(sorted(grouped.items()))


def version(key: str) -> Version:
    """A shipped rulebook by name, or an adopted version by `adopted-<id>`."""
    if key.startswith("adopted-"):
        number = key.removeprefix("adopted-")
        row = (
            AdoptedRulebook.objects.select_related("organisation", "adopted_by").filter(pk=number).first()
            if number.isdigit()
            else None
        )
        if row is None:
            raise UnknownRulebook(gettext("no adopted rulebook {key!r}").format(key=key))
        return Version(key, row.yaml, _parsed(row.yaml, f"{row.name} version {row.version}"), row)
    if key not in shipped_rulebooks():
        raise UnknownRulebook(gettext("no rulebook called {key!r} is shipped").format(key=key))
    return Version(key, _shipped_text(key), _parsed(_shipped_text(key), f"{key}.yaml"))


def version_for(reader: access.User, key: str) -> Version:
    """`version(key)` as `reader` may read it: a version another organisation adopted is, to them,
    no version at all (`visible.adopted_rulebooks`); shipped rulebooks are everyone's."""
    found = version(key)
    if found.adopted is not None and not visible.adopted_rulebooks(reader).filter(pk=found.adopted.pk).exists():
        raise UnknownRulebook(gettext("no adopted rulebook {key!r}").format(key=key))
    return found


def adopted(organisations: list[Organisation] | None = None) -> list[AdoptedRulebook]:
    """Adopted versions, newest first within each organisation."""
    rows = AdoptedRulebook.objects.select_related("organisation", "adopted_by")
    if organisations is not None:
        rows = rows.filter(organisation__in=organisations)
    return list(rows)


def current(organisation_id: int) -> Version | None:
    """The organisation's rulebook in force: the version adopted last."""
    row = AdoptedRulebook.objects.filter(organisation_id=organisation_id).order_by("-adopted_on", "-id").first()
    return version(row.key) if row is not None else None


def rules(rulebook: Rulebook) -> list[Rule]:
    """Every cited rule of the rulebook with its citation and source links."""
    found = []
    for where, rule in rulebook.rules():
        dumped = rule.model_dump(mode="json", exclude={"id", "sources", "text"}, exclude_none=True)
        kind = str(dumped.pop("kind", where.rsplit(".", 1)[-1]))
        sources = tuple((rulebook.source(ref).citation, rulebook.source(ref).url) for ref in rule.sources)
        details = "; ".join(f"{key}: {_plain(key, value)}" for key, value in dumped.items())
        found.append(Rule(rule.id, where, kind, rule.text or "", rulebook.citation(rule), sources, details))
    return found


def _plain(key: str, value: object) -> str:
    """A rule's value in words: shares also as a percentage ("1/20 (5%)")."""
    if key == "fraction" and isinstance(value, str) and "/" in value:
        share = Fraction(value)
        percent = share * 100
        shown = str(percent.numerator) if percent.denominator == 1 else f"{float(percent):.4g}"
        return f"{value} ({shown}%)"
    return value if isinstance(value, str) else json.dumps(value)


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "add", "del", "same" or "hunk"
    text: str


@dataclass(frozen=True)
class Diff:
    old: Version
    new: Version
    lines: list[DiffLine]
    added: list[str]
    removed: list[str]
    changed: list[str]


def diff(old_key: str, new_key: str) -> Diff:
    """The line-by-line difference of two versions' YAML, and the rules added, removed or changed
    (by rule id: a rule is changed when its words, sources or numbers differ)."""
    old, new = version(old_key), version(new_key)
    lines = []
    for line in difflib.unified_diff(old.text.splitlines(), new.text.splitlines(), old.key, new.key, lineterm=""):
        if line.startswith(("---", "+++")):
            continue
        kind = {"+": "add", "-": "del", "@": "hunk"}.get(line[:1], "same")
        lines.append(DiffLine(kind, line))
    before, after = _by_id(old.rulebook), _by_id(new.rulebook)
    return Diff(
        old,
        new,
        lines,
        added=sorted(after.keys() - before.keys()),
        removed=sorted(before.keys() - after.keys()),
        changed=sorted(key for key in before.keys() & after.keys() if before[key] != after[key]),
    )


def _by_id(rulebook: Rulebook) -> dict[str, str]:
    """Each rule's content by id; the same rule may sit in several processes (YAML anchors), so
    all its places are part of its content."""
    found: dict[str, list[str]] = {}
    for where, rule in rulebook.rules():
        content = json.dumps(rule.model_dump(mode="json"), sort_keys=True)
        found.setdefault(rule.id, []).append(f"{where}={content}")
    return {key: "\n".join(sorted(places)) for key, places in found.items()}


def adopt(
    actor: access.User,
    organisation: Organisation,
    text: str,
    version_label: str,
    adopted_on: dt.date,
    note: str = "",
) -> AdoptedRulebook:
    """Adopt `text` as the organisation's rulebook under `version_label`, in one audited transaction.
    The YAML must pass `parse_rulebook`; an error names the field at fault."""
    access.require_whole(actor, "rulebooks.manage", organisation)
    version_label, note = version_label.strip(), note.strip()
    if not version_label:
        raise AdoptionError(gettext("a version label is required"), "version")
    if len(version_label) > 100:
        raise AdoptionError(gettext("a version label is at most 100 characters"), "version")
    if len(note) > 500:
        raise AdoptionError(gettext("a note is at most 500 characters"), "note")
    if not text.strip():
        raise AdoptionError(gettext("paste the rulebook's YAML or upload its file"), "yaml")
    try:
        rulebook = parse_rulebook(text, "the rulebook")
    except RulebookError as error:
        raise AdoptionError(error.message, error.field or "yaml") from None
    try:
        with transaction.atomic():
            row = AdoptedRulebook.objects.create(
                organisation=organisation,
                name=rulebook.name,
                version=version_label,
                yaml=text,
                adopted_on=adopted_on,
                adopted_by=access.signed_in(actor),
                note=note,
            )
            record(
                actor,
                "adopt rulebook",
                row,
                None,
                {"name": rulebook.name, "version": version_label, "adopted_on": adopted_on.isoformat(), "note": note},
            )
    except IntegrityError:
        taken = f"{organisation.name} already has a version labelled {version_label!r}"
        raise AdoptionError(taken, "version") from None
    return row
