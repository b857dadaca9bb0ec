"""Rulebooks: versioned YAML files validated by a pydantic schema, each rule citing its source.

A rulebook names its sources once (`sources:` with an id, a citation and a URL) and every rule
refers to one or more of them by id, so each decision can say where its rule comes from.
`load_rulebook("labour-2016")` reads a rulebook shipped in `hustings/rules/rulebooks/`;
`load_rulebook(path)` reads any file. A bad file raises `RulebookError` naming the file and the
field. Fractions are written `20%` or `1/5` and kept exact; a binary float is refused.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from hustings.rules.register import Category

_PERCENT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*%\s*$")
_RATIO = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


class RulebookError(ValueError):
    """A rulebook that cannot be read or does not fit the schema."""

    def __init__(self, path: str, message: str, field: str | None = None) -> None:
        self.path = path
        self.field = field
        self.message = message
        where = f"{path}: {field}: " if field else f"{path}: "
        super().__init__(where + message)


def _exact_fraction(value: object) -> Fraction:
    if isinstance(value, (bool, float)):
        raise ValueError("write a fraction as '20%' or '1/5', not a decimal number")
    if isinstance(value, int | Fraction):
        return Fraction(value)
    if isinstance(value, str):
        if match := _PERCENT.match(value):
            return Fraction(match.group(1)) / 100
        if match := _RATIO.match(value):
            if int(match.group(2)) == 0:
                raise ValueError("a fraction's denominator cannot be 0")
            return Fraction(int(match.group(1)), int(match.group(2)))
    raise ValueError(f"not a fraction: {value!r} (write '20%' or '1/5')")


def _share(value: object) -> Fraction:
    fraction = _exact_fraction(value)
    if not 0 < fraction <= 1:
        raise ValueError(f"a share must be more than 0% and at most 100%, not {fraction}")
    return fraction


Share = Annotated[Fraction, BeforeValidator(_share)]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)


class Source(_Model):
    id: str
    citation: str
    url: str | None = None
    note: str | None = None


class _Cited(_Model):
    id: str
    sources: tuple[str, ...] = Field(min_length=1)
    text: str | None = None  # the rule's words, paraphrased


# --- eligibility conditions -------------------------------------------------------------------


class InStanding(_Cited):
    """Active on the day of the ballot: not lapsed, suspended or expelled."""

    kind: Literal["in_standing"]


class JoinedBy(_Cited):
    """Continuously a member (or supporter) since a day on or before `date` (a freeze date)."""

    kind: Literal["joined_by"]
    date: dt.date
    label: str = "the freeze date"


class AffiliateMemberBy(_Cited):
    """An affiliated supporter's membership of the affiliate began on or before `date`."""

    kind: Literal["affiliate_member_by"]
    date: dt.date


class MinimumMembership(_Cited):
    """At least `months` of continuous membership by the ballot's freeze date (or the day of the check)."""

    kind: Literal["minimum_membership"]
    months: int = Field(gt=0)


class SupporterWindow(_Cited):
    """Registered, and paid at least `fee_pence`, between `opens` and `closes` (inclusive)."""

    kind: Literal["supporter_window"]
    opens: dt.datetime
    closes: dt.datetime
    fee_pence: int = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> SupporterWindow:
        if self.closes < self.opens:
            raise ValueError("the window closes before it opens")
        return self


class PaidUp(_Cited):
    """Dues paid up to within `grace_days` of the day checked (`on`, or the day of the check)."""

    kind: Literal["paid_up"]
    grace_days: int = Field(ge=0)
    on: dt.date | None = None


Condition = Annotated[
    InStanding | JoinedBy | AffiliateMemberBy | MinimumMembership | SupporterWindow | PaidUp,
    Field(discriminator="kind"),
]


# --- nomination gates ---------------------------------------------------------------------------


class Threshold(_Cited):
    """Nominations from a share of a population (`fraction`) or an absolute number (`count`)."""

    population: str
    counts: str | None = None  # the nominations key; defaults to the population's name
    fraction: Share | None = None
    count: int | None = Field(default=None, ge=1)
    comparison: Literal["at_least", "more_than"] = "at_least"
    rounding: Literal["up"] = "up"

    @model_validator(mode="after")
    def _one_measure(self) -> Threshold:
        if (self.fraction is None) == (self.count is None):
            raise ValueError("give exactly one of 'fraction' and 'count'")
        return self


class AffiliateThreshold(_Cited):
    """At least `min_affiliates` affiliates, `min_unions` of them unions, with `fraction` of `population`."""

    min_affiliates: int = Field(ge=1)
    min_unions: int = Field(ge=0)
    fraction: Share
    population: str = "affiliated_membership"
    rounding: Literal["up"] = "up"


class Gate(_Model):
    """One of: `threshold`, `affiliates`, `all` (every part, in order: "A then B"), `any` (one part)."""

    threshold: Threshold | None = None
    affiliates: AffiliateThreshold | None = None
    all: tuple[Gate, ...] | None = None
    any: tuple[Gate, ...] | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> Gate:
        given = [name for name in ("threshold", "affiliates", "all", "any") if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError(f"a gate is exactly one of threshold, affiliates, all, any (found {given or 'none'})")
        return self


class Provision(_Cited):
    """A rule with no numbers (the incumbent's automatic place on the ballot)."""


class Immunity(_Cited):
    months: int = Field(gt=0)


class Confidence(_Model):
    """A no-confidence process: what triggers the vote, what survives it, and the immunity after it."""

    trigger: Threshold
    survive: Threshold | None = None
    immunity: Immunity | None = None


class CollegeSection(_Model):
    """One section of an electoral college: its share of the college and who votes in it.

    A person holding one of `offices` votes in this section; otherwise a person whose membership
    is of one of `categories` does. The sections are tried in order, so an MP who is also a member
    votes in the MPs' section."""

    name: str
    title: str
    weight: Share
    categories: tuple[Category, ...] = ()
    offices: tuple[str, ...] = ()


class College(_Cited):
    """An electoral college (Labour 1994-2010): each section's ballots counted apart, each round's
    shares combined by the sections' weights (`hustings.count.apportion.college`)."""

    method: Literal["irv"] = "irv"
    sections: tuple[CollegeSection, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _shares_add_up(self) -> College:
        if sum(section.weight for section in self.sections) != 1:
            raise ValueError("the sections' weights must add up to 1")
        if len({section.name for section in self.sections}) != len(self.sections):
            raise ValueError("two sections share a name")
        return self

    def section_for(self, categories: set[str], offices: set[str]) -> str | None:
        """The section a person votes in: the first whose offices they hold, else whose category."""
        for section in self.sections:
            if offices & set(section.offices):
                return section.name
        for section in self.sections:
            if categories & {c.value for c in section.categories}:
                return section.name
        return None


class Proxies(_Cited):
    """Whether a member may appoint a proxy to vote for them, and how many one person may hold."""

    allowed: bool
    max_held: int = Field(default=1, ge=0)


class CardVotes(_Cited):
    """Card votes: each voter carries the weight the register gives them (a delegate's card vote,
    the members they represent), a whole number or an exact decimal. Without this rule every
    voter's weight is 1."""


class Process(_Model):
    description: str
    electorate: dict[Category, tuple[Condition, ...]] = Field(default_factory=dict)
    nomination_gate: Gate | None = None
    incumbent_automatic: Provision | None = None
    confidence: Confidence | None = None
    college: College | None = None
    proxies: Proxies | None = None
    card_votes: CardVotes | None = None


class Rulebook(_Model):
    name: str
    version: str
    title: str
    organisation: str
    effective: dt.date
    sources: tuple[Source, ...] = Field(min_length=1)
    processes: dict[str, Process] = Field(min_length=1)
    notes: str | None = None

    @model_validator(mode="after")
    def _sources_known(self) -> Rulebook:
        known = {source.id for source in self.sources}
        if len(known) != len(self.sources):
            raise ValueError("two sources share an id")
        for where, rule in self.rules():
            for ref in rule.sources:
                if ref not in known:
                    raise ValueError(f"{where} (rule {rule.id}) cites unknown source {ref!r}")
        return self

    def rules(self) -> Iterator[tuple[str, _Cited]]:
        """Every cited rule with where it sits (`processes.<kind>...`)."""
        for kind, process in self.processes.items():
            at = f"processes.{kind}"
            for category, conditions in process.electorate.items():
                for index, condition in enumerate(conditions):
                    yield f"{at}.electorate.{category.value}.{index}", condition
            if process.nomination_gate is not None:
                yield from _gate_rules(process.nomination_gate, f"{at}.nomination_gate")
            if process.incumbent_automatic is not None:
                yield f"{at}.incumbent_automatic", process.incumbent_automatic
            if process.college is not None:
                yield f"{at}.college", process.college
            if process.proxies is not None:
                yield f"{at}.proxies", process.proxies
            if process.card_votes is not None:
                yield f"{at}.card_votes", process.card_votes
            if process.confidence is not None:
                confidence = process.confidence
                yield f"{at}.confidence.trigger", confidence.trigger
                if confidence.survive is not None:
                    yield f"{at}.confidence.survive", confidence.survive
                if confidence.immunity is not None:
                    yield f"{at}.confidence.immunity", confidence.immunity

    def source(self, source_id: str) -> Source:
        for source in self.sources:
            if source.id == source_id:
                return source
        raise KeyError(source_id)

    def citation(self, rule: _Cited) -> str:
        """The rule's sources as one line: 'Labour Rule Book 2016, ch. 4 ...; Foster v McNicol ...'."""
        return "; ".join(self.source(ref).citation for ref in rule.sources)

    def process(self, kind: str) -> Process:
        try:
            return self.processes[kind]
        except KeyError:
            known = ", ".join(sorted(self.processes))
            raise KeyError(f"rulebook {self.name} has no process {kind!r} (it has: {known})") from None


def _gate_rules(gate: Gate, at: str) -> Iterator[tuple[str, _Cited]]:
    if gate.threshold is not None:
        yield f"{at}.threshold", gate.threshold
    if gate.affiliates is not None:
        yield f"{at}.affiliates", gate.affiliates
    for name, parts in (("all", gate.all), ("any", gate.any)):
        for index, part in enumerate(parts or ()):
            yield from _gate_rules(part, f"{at}.{name}.{index}")


Gate.model_rebuild()


def shipped_rulebooks() -> list[str]:
    """Names of the rulebooks shipped with the package."""
    folder = resources.files("hustings.rules") / "rulebooks"
    return sorted(item.name.removesuffix(".yaml") for item in folder.iterdir() if item.name.endswith(".yaml"))


def load_rulebook(name_or_path: str | Path) -> Rulebook:
    """Read and validate a rulebook: a shipped name (`labour-2016`) or a path to a YAML file."""
    candidate = Path(name_or_path)
    if candidate.suffix in (".yaml", ".yml") or candidate.exists():
        label = str(candidate)
        try:
            text = candidate.read_text(encoding="utf-8")
        except OSError as error:
            raise RulebookError(label, f"cannot read the file ({error.strerror or error})") from None
        return parse_rulebook(text, label)
    return _shipped(str(name_or_path))


@functools.lru_cache(maxsize=64)
def _shipped(name: str) -> Rulebook:
    """A shipped rulebook, read and validated once per process: package data is never edited and a
    `Rulebook` is frozen, so every caller may share it (a vote, a proxy page, a form's choices)."""
    resource = resources.files("hustings.rules") / "rulebooks" / f"{name}.yaml"
    label = f"{name}.yaml"
    if not resource.is_file():
        known = ", ".join(shipped_rulebooks())
        raise RulebookError(label, f"no rulebook of that name is shipped (shipped: {known})")
    return parse_rulebook(resource.read_text(encoding="utf-8"), label)


def parse_rulebook(text: str, label: str) -> Rulebook:
    """Validate a rulebook's YAML text; `label` names it in errors."""
    try:
        data: Any = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f" at line {mark.line + 1}" if mark is not None else ""
        raise RulebookError(label, f"not valid YAML{line}") from None
    if not isinstance(data, dict):
        raise RulebookError(label, "a rulebook is a mapping of name, version, sources, processes ...")
    try:
        return Rulebook.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"] if not _is_union_tag(part))
        raise RulebookError(label, _message(first), field or None) from None


def _is_union_tag(part: object) -> bool:
    # pydantic adds the chosen union member ("in_standing", "function-before[...]") to locations
    return isinstance(part, str) and (part.startswith("function-") or part in _CONDITION_KINDS)


_CONDITION_KINDS = {
    "in_standing",
    "joined_by",
    "affiliate_member_by",
    "minimum_membership",
    "supporter_window",
    "paid_up",
}


def _message(error: Any) -> str:
    message = str(error["msg"])
    message = message.removeprefix("Value error, ")
    if error["type"] == "missing":
        return "required but missing"
    if error["type"] == "extra_forbidden":
        return "not a field of this schema"
    return message
