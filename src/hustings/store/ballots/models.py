"""Ballots, their frozen rolls, the box and the bulletin board.

Secrecy (docs/ballots.md, "Secrecy"): the box table (`BoxEntry`) has no foreign
key to the roll or to people, no voter-identifying column and no time at all; its primary key is a
random UUID, so rows read in key order come in random order. Retry protection lives apart, in
`RetryReceipt`, and only while the ballot is open. The roll (`RollEntry`) knows only
whether a person voted, never when or how. `RollEntry.voted` is set by one conditional UPDATE
(`... WHERE voted = false`), so one credential casts at most one ballot, whatever the concurrency.
"""

from __future__ import annotations

import uuid

from django.db import models

from hustings.store.members.models import Person
from hustings.store.organisations.models import Organisation


class Status(models.TextChoices):
    OPEN = "open", "open"
    CLOSED = "closed", "closed"
    COUNTED = "counted", "counted"
    PUBLISHED = "published", "published"


class Ballot(models.Model):
    """One ballot: its contest (method, seats, candidates), its rulebook process and its roll."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="ballots")
    title = models.CharField(max_length=200)
    rulebook = models.CharField(max_length=100)
    process_kind = models.CharField(max_length=100)
    process_id = models.IntegerField(null=True, blank=True, help_text="The process this ballot belongs to, if any.")
    method = models.CharField(max_length=40)
    seats = models.PositiveSmallIntegerField(default=1)
    candidates = models.JSONField(help_text="Candidate names in ballot-paper order.")
    units = models.JSONField(default=list, blank=True, help_text="Unit codes the electorate is drawn from.")
    opened_on = models.DateField(help_text="The day the roll was frozen.")
    freeze_date = models.DateField(null=True, blank=True)
    closes = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    roll_size = models.PositiveIntegerField(default=0)
    excluded = models.JSONField(default=dict, blank=True, help_text="People left off the roll, counted by reason.")
    credential_key = models.CharField(max_length=64, help_text="Key of the credentials' keyed hash.")
    result = models.JSONField(null=True, blank=True, help_text="The counting core's result record.")
    export = models.TextField(blank=True, help_text="The anonymised BLT export of the box, written at the count.")

    class Meta:
        ordering = ["-opened_on", "-id"]

    def __str__(self) -> str:
        return self.title


class RollEntry(models.Model):
    """A person judged for the roll when it was frozen: eligible (may vote) or not, with the reason.

    `credential_hash` is HMAC-SHA256 of the credential under the ballot's key; the credential
    itself is shown once and never stored.
    """

    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="roll")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="roll_entries")
    eligible = models.BooleanField()
    reason = models.CharField(max_length=300)
    category = models.CharField(max_length=32, blank=True)
    credential_hash = models.CharField(max_length=64, null=True, blank=True)
    voted = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "person"], name="ballots_roll_one_entry_per_person"),
            models.UniqueConstraint(fields=["ballot", "credential_hash"], name="ballots_roll_unique_credential"),
            models.CheckConstraint(
                condition=models.Q(voted=False) | models.Q(eligible=True), name="ballots_roll_only_eligible_vote"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} on the roll of ballot {self.ballot_id}"


def _box_key() -> uuid.UUID:
    return uuid.uuid4()


class BoxEntry(models.Model):
    """One ballot in the box: preferences as candidate numbers (1-based, space separated), a
    random salt, its hash and tracking code. No voter, no time; a random key orders the rows."""

    id = models.UUIDField(primary_key=True, default=_box_key, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="box")
    preferences = models.CharField(max_length=400)
    salt = models.CharField(max_length=32)
    digest = models.CharField(max_length=64)
    tracking_code = models.CharField(max_length=24)
    paper = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "tracking_code"], name="ballots_box_unique_tracking_code"),
        ]


class RetryReceipt(models.Model):
    """The receipt a form sent twice finds again, kept only while the ballot is open.

    `key` is HMAC under the server's secret key (settings, never the database) of the ballot, the
    credential's hash and the submission id, so neither the voter's code nor anything a client
    chooses, nor both together, recompute it without the server's secret. Closing the ballot
    deletes every row of it (and vacuums the table on PostgreSQL): no retry protection outlives
    the close, and nothing of it is left to link a voter to a ballot afterwards.
    """

    key = models.CharField(max_length=64, primary_key=True)
    # No index on the ballot: a cast writes one index entry fewer, and only the close reads by ballot.
    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="retry_receipts", db_index=False)
    tracking_code = models.CharField(max_length=24)


class BoardEntry(models.Model):
    """One link of the bulletin board's hash chain: opened, paper batch, closed, counted, published."""

    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="board")
    seq = models.PositiveIntegerField()
    kind = models.CharField(max_length=32)
    data = models.JSONField()
    prev = models.CharField(max_length=64)
    digest = models.CharField(max_length=64)

    class Meta:
        ordering = ["ballot", "seq"]
        constraints = [models.UniqueConstraint(fields=["ballot", "seq"], name="ballots_board_one_seq")]


class PaperEntry(models.Model):
    """One officer's typing of a batch of paper ballots (double entry: two must agree)."""

    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="paper_entries")
    label = models.CharField(max_length=100)
    entry = models.PositiveSmallIntegerField()
    officer = models.CharField(max_length=150)
    lines = models.JSONField()
    accepted = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ballot", "label", "entry"], name="ballots_paper_one_entry")]


class Scrutineer(models.Model):
    """An independent scrutineer of a ballot (a candidate's agent, an independent), registered when
    it opens: a name and an Ed25519 public key. The private key stays on the scrutineer's machine."""

    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="scrutineers")
    position = models.PositiveSmallIntegerField(help_text="Place in the 'opened' entry's list.")
    name = models.CharField(max_length=100)
    public_key = models.CharField(max_length=44, help_text="Ed25519 public key, base64.")

    class Meta:
        ordering = ["ballot", "position"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "position"], name="ballots_scrutineer_one_position"),
            models.UniqueConstraint(fields=["ballot", "public_key"], name="ballots_scrutineer_one_key"),
        ]

    def __str__(self) -> str:
        return f"{self.name}, scrutineer of ballot {self.ballot_id}"


class ScrutineerSignature(models.Model):
    """A scrutineer's signature of the board's head at a stage (`hustings.board.signatures`),
    checked against their key before it is stored."""

    scrutineer = models.ForeignKey(Scrutineer, on_delete=models.PROTECT, related_name="signatures")
    stage = models.CharField(max_length=16, choices=[("opened", "opened"), ("closed", "closed")])
    seq = models.PositiveIntegerField()
    head = models.CharField(max_length=64)
    signature = models.CharField(max_length=88, help_text="Ed25519 signature, base64.")

    class Meta:
        ordering = ["scrutineer", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["scrutineer", "stage"], name="ballots_signature_one_per_stage"),
        ]
