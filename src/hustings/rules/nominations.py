"""Nomination gates and no-confidence thresholds: exact arithmetic, shown.

A threshold of a share of a population is `Fraction(share) * population`, exactly; "at least"
that many means the next whole number up (`math.ceil` on the exact fraction), "more than" means
the whole part plus one. Each check says the sum it did: "20% of 251 = 251/5 = 50 1/5, rounded
up to 51". A gate of `all` parts (Labour 2018: MPs and MEPs *then* CLPs or affiliates) needs
every part, in order; a gate of `any` parts needs one, and the decision names the one that met it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from hustings.rules.eligibility import add_months
from hustings.rules.rulebook import AffiliateThreshold, Gate, Rulebook, Threshold


@dataclass(frozen=True, slots=True)
class AffiliateNomination:
    name: str
    is_union: bool
    members: int  # its affiliated membership, as the rule counts it


@dataclass(frozen=True, slots=True)
class Nominations:
    """What one candidate received: counts per nominating body (`mps_meps`, `clps`, ...) and affiliates."""

    candidate: str
    counts: Mapping[str, int]
    affiliates: tuple[AffiliateNomination, ...] = ()


@dataclass(frozen=True, slots=True)
class ProcessContext:
    """The process being run: its kind in the rulebook and the incumbent, if any."""

    kind: str
    incumbent: str | None = None


@dataclass(frozen=True, slots=True)
class Requirement:
    """How many are needed and how the number was reached."""

    required: int
    exact: Fraction | None  # share x population before rounding; None for an absolute count
    arithmetic: str  # "20% of 251 = 251/5 = 50 1/5, rounded up to 51"


@dataclass(frozen=True, slots=True)
class GateCheck:
    rule: str
    citation: str
    met: bool
    required: int
    received: int
    arithmetic: str
    reason: str


@dataclass(frozen=True, slots=True)
class GateDecision:
    candidate: str
    met: bool
    reason: str
    checks: tuple[GateCheck, ...]
    met_by: tuple[str, ...]  # the rules whose checks carried the gate (the branch of an "or" that met it)

    @property
    def threshold(self) -> int | None:
        """The first check's requirement (the PLP threshold of a Labour gate)."""
        return self.checks[0].required if self.checks else None


def requirement(rule: Threshold | AffiliateThreshold, population: int) -> Requirement:
    """The number a threshold requires of `population`, with its arithmetic in words."""
    if isinstance(rule, Threshold) and rule.count is not None:
        return Requirement(rule.count, None, f"{rule.count} (a fixed number)")
    assert rule.fraction is not None  # the schema requires a fraction or a count
    share = rule.fraction
    exact = share * population
    strict = isinstance(rule, Threshold) and rule.comparison == "more_than"
    required = math.floor(exact) + 1 if strict else math.ceil(exact)
    sum_text = f"{_percent(share)} of {population} = {_fraction_text(exact)}"
    if strict:
        how = f"more than that: {required}"
    elif exact.denominator == 1:
        how = f"a whole number, so {required}"
    else:
        how = f"rounded up to {required}"
    return Requirement(required, exact, f"{sum_text}, {how}")


def nomination_gate(
    nominations: Nominations, rulebook: Rulebook, process: ProcessContext, populations: Mapping[str, int]
) -> GateDecision:
    """Has the candidate met the nomination gate of `process` under `rulebook`?"""
    rules = rulebook.process(process.kind)
    automatic = rules.incumbent_automatic
    if automatic is not None and process.incumbent is not None and nominations.candidate == process.incumbent:
        reason = (
            f"met: {nominations.candidate} is the incumbent, on the ballot without nominations (rule {automatic.id})"
        )
        check = GateCheck(automatic.id, rulebook.citation(automatic), True, 0, 0, "no nominations required", reason)
        return GateDecision(nominations.candidate, True, reason, (check,), (automatic.id,))
    if rules.nomination_gate is None:
        raise KeyError(f"rulebook {rulebook.name} has no nomination gate for {process.kind}")
    met, checks, met_by = _evaluate(rules.nomination_gate, nominations, rulebook, populations)
    failed = next((check for check in checks if not check.met), None)
    if met:
        reason = "met: " + "; ".join(check.reason for check in checks if check.rule in met_by)
    else:
        assert failed is not None
        reason = f"not met: {failed.reason} (rule {failed.rule})"
    return GateDecision(nominations.candidate, met, reason, tuple(checks), met_by)


def _evaluate(
    gate: Gate, nominations: Nominations, rulebook: Rulebook, populations: Mapping[str, int]
) -> tuple[bool, list[GateCheck], tuple[str, ...]]:
    if gate.threshold is not None:
        check = _threshold(gate.threshold, nominations, rulebook, populations)
        return check.met, [check], (check.rule,) if check.met else ()
    if gate.affiliates is not None:
        check = _affiliates(gate.affiliates, nominations, rulebook, populations)
        return check.met, [check], (check.rule,) if check.met else ()
    checks: list[GateCheck] = []
    if gate.all is not None:
        carried: tuple[str, ...] = ()
        for part in gate.all:  # in order: a later stage is not reached until an earlier one is met
            met, part_checks, part_by = _evaluate(part, nominations, rulebook, populations)
            checks.extend(part_checks)
            if not met:
                return False, checks, ()
            carried += part_by
        return True, checks, carried
    assert gate.any is not None
    for part in gate.any:  # every branch is checked and reported; the first that meets carries the gate
        met, part_checks, part_by = _evaluate(part, nominations, rulebook, populations)
        checks.extend(part_checks)
        if met:
            return True, checks, part_by
    return False, checks, ()


def _population(name: str, populations: Mapping[str, int]) -> int:
    try:
        return populations[name]
    except KeyError:
        raise KeyError(f"no size given for the population {name!r}") from None


# How a reason names each population of the shipped rulebooks (others: the name with spaces).
POPULATION_WORDS = {
    "mps_meps": "MPs and MEPs",
    "mps": "MPs",
    "clps": "constituency parties",
    "affiliates": "affiliates",
    "affiliated_membership": "the affiliated membership",
    "branches": "branches",
    "branch_members": "branch members",
    "caucus": "the caucus",
    "votes_cast": "votes cast",
}


def _threshold(
    rule: Threshold, nominations: Nominations, rulebook: Rulebook, populations: Mapping[str, int]
) -> GateCheck:
    population = _population(rule.population, populations)
    need = requirement(rule, population)
    received = nominations.counts.get(rule.counts or rule.population, 0)
    met = received >= need.required
    who = POPULATION_WORDS.get(rule.population, rule.population.replace("_", " "))
    noun = "nomination" if received == 1 else "nominations"
    reason = f"{received} {noun} from {who}, {need.required} needed ({need.arithmetic})"
    return GateCheck(rule.id, rulebook.citation(rule), met, need.required, received, need.arithmetic, reason)


def _affiliates(
    rule: AffiliateThreshold, nominations: Nominations, rulebook: Rulebook, populations: Mapping[str, int]
) -> GateCheck:
    population = _population(rule.population, populations)
    need = requirement(rule, population)
    affiliates = nominations.affiliates
    unions = sum(1 for affiliate in affiliates if affiliate.is_union)
    members = sum(affiliate.members for affiliate in affiliates)
    shortfalls = []
    if len(affiliates) < rule.min_affiliates:
        shortfalls.append(f"{len(affiliates)} affiliates, fewer than {rule.min_affiliates}")
    if unions < rule.min_unions:
        shortfalls.append(f"{unions} unions, fewer than {rule.min_unions}")
    if members < need.required:
        shortfalls.append(f"{members} affiliated members, fewer than {need.required} ({need.arithmetic})")
    met = not shortfalls
    if met:
        reason = f"{len(affiliates)} affiliates ({unions} unions) with {members} members ({need.arithmetic})"
    else:
        reason = "affiliates: " + "; ".join(shortfalls)
    return GateCheck(rule.id, rulebook.citation(rule), met, need.required, members, need.arithmetic, reason)


# --- no confidence ------------------------------------------------------------------------------


def confidence_trigger(
    letters: int,
    rulebook: Rulebook,
    process: str,
    populations: Mapping[str, int],
    on_date: dt.date,
    last_vote: dt.date | None = None,
) -> GateDecision:
    """Do `letters` trigger a confidence vote on `on_date`? Immunity after `last_vote` is checked first."""
    rules = rulebook.process(process).confidence
    if rules is None:
        raise KeyError(f"rulebook {rulebook.name} has no confidence rules for {process}")
    if rules.immunity is not None and last_vote is not None:
        immune_until = add_months(last_vote, rules.immunity.months)
        if on_date < immune_until:
            rule = rules.immunity
            reason = (
                f"not met: the leader won a confidence vote on {last_vote} and is immune "
                f"for {rule.months} months, until {immune_until} (rule {rule.id})"
            )
            check = GateCheck(rule.id, rulebook.citation(rule), False, 0, letters, "immune", reason)
            return GateDecision("leader", False, reason, (check,), ())
    counted = Nominations("leader", {rules.trigger.counts or rules.trigger.population: letters})
    check = _threshold(rules.trigger, counted, rulebook, populations)
    reason = f"met: {check.reason}" if check.met else f"not met: {check.reason} (rule {check.rule})"
    return GateDecision("leader", check.met, reason, (check,), (check.rule,) if check.met else ())


def confidence_survived(votes_for: int, votes_cast: int, rulebook: Rulebook, process: str) -> GateDecision:
    """Does the leader survive a confidence vote with `votes_for` of `votes_cast`?"""
    rules = rulebook.process(process).confidence
    if rules is None or rules.survive is None:
        raise KeyError(f"rulebook {rulebook.name} has no survival rule for {process}")
    rule = rules.survive
    need = requirement(rule, votes_cast)
    met = votes_for >= need.required
    reason = (
        f"{votes_for} votes of confidence, {'at least' if met else 'fewer than'} {need.required} ({need.arithmetic})"
    )
    check = GateCheck(rule.id, rulebook.citation(rule), met, need.required, votes_for, need.arithmetic, reason)
    return GateDecision(
        "leader", met, ("survived: " if met else "lost: ") + reason, (check,), (rule.id,) if met else ()
    )


def _percent(share: Fraction) -> str:
    percent = share * 100
    return f"{percent.numerator}%" if percent.denominator == 1 else f"{share.numerator}/{share.denominator}"


def _fraction_text(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    whole, rest = divmod(value.numerator, value.denominator)
    exact = f"{value.numerator}/{value.denominator}"
    return f"{exact} = {whole} {rest}/{value.denominator}" if whole else exact
