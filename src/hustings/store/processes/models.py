"""Processes run by a rulebook: their stages, gate decisions, nominations, withdrawals, supporters,
unit votes and meeting rounds; and suspensions of units. Rows are written only by
`hustings.services.processes`, each change with its audit entry."""

from __future__ import annotations

from django.db import models

from hustings.rules.processes import KINDS
from hustings.store.members.models import Person
from hustings.store.organisations.models import Organisation, Unit


class ProcessState(models.TextChoices):
    OPEN = "open", "open"
    BALLOT = "ballot", "ballot open"
    DECIDED = "decided", "decided"
    CANCELLED = "cancelled", "cancelled"


class Process(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="processes")
    kind = models.CharField(max_length=40, choices=[(k, v.title) for k, v in KINDS.items()])
    title = models.CharField(max_length=200)
    rulebook_name = models.CharField(max_length=100)
    rulebook_version = models.CharField(max_length=40)
    state = models.CharField(max_length=16, choices=ProcessState.choices, default=ProcessState.OPEN)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="processes",
        help_text="The constituency party of a trigger ballot, the branch of a meeting.",
    )
    subject = models.CharField(
        max_length=200, blank=True, help_text="The incumbent leader, or the MP facing a trigger ballot."
    )
    trigger = models.CharField(max_length=200, blank=True, help_text="Why the process began (vacancy, challenge).")
    ballot_id = models.PositiveIntegerField(null=True, blank=True, help_text="The ballot opened for this process.")
    outcome = models.TextField(blank=True)
    result = models.JSONField(null=True, blank=True)
    opened_at = models.DateTimeField(auto_now_add=True)
    opened_by = models.CharField(max_length=150)

    class Meta:
        ordering = ["-opened_at", "-id"]

    def __str__(self) -> str:
        return self.title


class StageState(models.TextChoices):
    PENDING = "pending", "pending"
    OPEN = "open", "open"
    CLOSED = "closed", "closed"


class Stage(models.Model):
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="stages")
    key = models.CharField(max_length=40)
    name = models.CharField(max_length=100)
    description = models.CharField(max_length=300, blank=True)
    order = models.PositiveSmallIntegerField()
    opens = models.DateTimeField(null=True, blank=True)
    closes = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=16, choices=StageState.choices, default=StageState.PENDING)

    class Meta:
        ordering = ["process", "order"]
        constraints = [models.UniqueConstraint(fields=["process", "key"], name="one_stage_per_key")]

    def __str__(self) -> str:
        return f"{self.name} ({self.state})"


class StageDecision(models.Model):
    """A gate evaluated by hustings.rules: met or not, the threshold, how it was rounded, the reason."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="decisions")
    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="decisions", null=True, blank=True)
    subject = models.CharField(max_length=200, help_text="The nominee, the leader, the MP.")
    rule = models.CharField(max_length=100)
    citation = models.TextField(blank=True)
    met = models.BooleanField()
    required = models.PositiveIntegerField(null=True, blank=True)
    received = models.PositiveIntegerField(null=True, blank=True)
    arithmetic = models.CharField(max_length=300, blank=True)
    reason = models.TextField()
    checks = models.JSONField(default=list)
    decided_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.CharField(max_length=150)

    class Meta:
        ordering = ["decided_at", "id"]

    def __str__(self) -> str:
        return f"{self.subject}: {'met' if self.met else 'not met'}"


class Nomination(models.Model):
    """A nomination of `nominee` by a person (an MP) or a unit (a CLP, an affiliate)."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="nominations")
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="nominations")
    nominee = models.CharField(max_length=200)
    body = models.CharField(max_length=40, help_text="The population it counts towards: mps_meps, clps...")
    nominator_person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    nominator_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    entered_by = models.CharField(max_length=150)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # One live nomination per nominator: checked by the service under a lock on the process,
        # since a nominator whose nominee withdrew may nominate again (Angela Eagle's nominators, 2016).
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.nominee} by {self.nominator_person or self.nominator_unit}"


class Withdrawal(models.Model):
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="withdrawals")
    candidate = models.CharField(max_length=200)
    reason = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.CharField(max_length=150)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["process", "candidate"], name="one_withdrawal_per_candidate")]

    def __str__(self) -> str:
        return f"{self.candidate} withdrew"


class Suspension(models.Model):
    """A unit suspended by the governing body: its meetings, nominations and officers' powers stop."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="suspensions")
    rule = models.CharField(max_length=200, help_text="The rule under which the unit is suspended.")
    reason = models.TextField(blank=True)
    members_keep_votes = models.BooleanField(default=True)
    suspended_at = models.DateTimeField(auto_now_add=True)
    suspended_by = models.CharField(max_length=150)
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["-suspended_at", "-id"]

    def __str__(self) -> str:
        return f"{self.unit.name} suspended ({'lifted' if self.lifted_at else 'in force'})"


class PaymentMethod(models.TextChoices):
    OFFICER = "officer", "recorded by an officer"
    WEBHOOK = "webhook", "payment provider"


class SupporterRegistration(models.Model):
    """A registered supporter's fee: who, how much, when, how recorded. No card data is stored."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="supporters")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    fee_pence = models.PositiveIntegerField()
    paid_at = models.DateTimeField()
    method = models.CharField(max_length=16, choices=PaymentMethod.choices)
    provider_reference = models.CharField(max_length=100, null=True, blank=True, unique=True)
    within_window = models.BooleanField()
    recorded_by = models.CharField(max_length=150)

    class Meta:
        ordering = ["paid_at", "id"]
        constraints = [models.UniqueConstraint(fields=["process", "person"], name="one_registration_per_person")]


class UnitVote(models.Model):
    """A branch's or affiliate's vote in a trigger ballot: for a full selection, or not."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="unit_votes")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    group = models.CharField(max_length=16, choices=[("branches", "branch"), ("affiliates", "affiliate")])
    for_selection = models.BooleanField()
    recorded_by = models.CharField(max_length=150)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["process", "unit"], name="one_vote_per_unit")]


class MeetingRound(models.Model):
    """One round of a branch meeting's exhaustive ballot, as counted in the room."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField()
    tally = models.JSONField()
    record = models.JSONField(help_text="The round as the counting core recorded it (action, tie-breaks).")
    recorded_by = models.CharField(max_length=150)

    class Meta:
        ordering = ["process", "number"]
        constraints = [models.UniqueConstraint(fields=["process", "number"], name="one_round_per_number")]
