"""Registers and rulebooks: who may vote, who may stand, what triggers a vote. Plain Python, no I/O
beyond reading rulebooks (`load_rulebook`); see docs/architecture.md."""

from hustings.rules.eligibility import Ballot, Decision, RuleApplication, eligibility
from hustings.rules.nominations import (
    AffiliateNomination,
    GateCheck,
    GateDecision,
    Nominations,
    ProcessContext,
    confidence_survived,
    confidence_trigger,
    nomination_gate,
    requirement,
)
from hustings.rules.register import (
    Category,
    Membership,
    Office,
    OfficeKind,
    Payment,
    Person,
    PersonHistory,
    Standing,
    Status,
    StatusChange,
    Unit,
)
from hustings.rules.rulebook import Rulebook, RulebookError, load_rulebook, parse_rulebook, shipped_rulebooks

__all__ = [
    "AffiliateNomination",
    "Ballot",
    "Category",
    "Decision",
    "GateCheck",
    "GateDecision",
    "Membership",
    "Nominations",
    "Office",
    "OfficeKind",
    "Payment",
    "Person",
    "PersonHistory",
    "ProcessContext",
    "RuleApplication",
    "Rulebook",
    "RulebookError",
    "Standing",
    "Status",
    "StatusChange",
    "Unit",
    "confidence_survived",
    "confidence_trigger",
    "eligibility",
    "load_rulebook",
    "nomination_gate",
    "parse_rulebook",
    "requirement",
    "shipped_rulebooks",
]
