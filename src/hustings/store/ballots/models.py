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

from django.conf import settings
from django.db import models

from hustings.store.members.models import Person
from hustings.store.organisations.models import Organisation


class Status(models.TextChoices):
    CEREMONY = "ceremony", "key ceremony"
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
    excluded_kinds = models.JSONField(
        default=dict, blank=True, help_text="People left off the roll, counted by the kind of rule that refused them."
    )
    credential_key = models.CharField(max_length=64, help_text="Key of the credentials' keyed hash.")
    result = models.JSONField(null=True, blank=True, help_text="The counting core's result record.")
    export = models.TextField(blank=True, help_text="The anonymised BLT export of the box, written at the count.")
    e2e = models.BooleanField(
        default=False, help_text="End-to-end verifiable: encrypted in the voter's browser, decrypted by trustees."
    )

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


# End-to-end verifiable ballots (docs/ballots.md, "End-to-end verifiable ballots"; docs/e2e.md).
# The server holds only public data: keys, dealings, shares sealed to their recipients' own keys,
# ciphertexts, proofs and signatures. No private key of a trustee ever reaches it.


class E2EElection(models.Model):
    """What an end-to-end ballot adds to its `Ballot`: the identity every hash starts with, the
    ballot's form (`hustings.e2e.ballots.BallotSpec`), the quorum, the joint key once the trustees
    have made it, and what the trustees' decryption gave (the counts or the rankings) with the
    board's head."""

    ballot = models.OneToOneField(Ballot, on_delete=models.PROTECT, related_name="e2e_election")
    identity = models.CharField(max_length=100, unique=True, help_text="The election id: the first item of every hash.")
    spec = models.JSONField(help_text="BallotSpec.to_json().")
    quorum = models.PositiveSmallIntegerField()
    public_key = models.CharField(
        max_length=64, blank=True, help_text="The joint key, hex, once every trustee confirmed."
    )
    outcome = models.JSONField(null=True, blank=True, help_text="Decrypted counts (marks) or rankings (ranked).")
    head = models.CharField(max_length=64, blank=True, help_text="The sealed board's head, once counted.")

    def __str__(self) -> str:
        return self.identity


class Trustee(models.Model):
    """Trustee `position` (1..n) of an end-to-end ballot: the account that acts for them, the name
    the board shows, their Ed25519 key (signs the board's head, base64) and X25519 box key (hex:
    the other trustees seal their shares to it), and whether they confirmed the joint key."""

    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="trustees")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=100)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="trusteeships")
    signing_key = models.CharField(max_length=44, blank=True)
    box_key = models.CharField(max_length=64, blank=True)
    confirmed = models.BooleanField(default=False, help_text="Checked every share and found the same joint key.")

    class Meta:
        ordering = ["ballot", "position"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "position"], name="ballots_trustee_one_position"),
            models.UniqueConstraint(fields=["ballot", "user"], name="ballots_trustee_one_account"),
        ]

    def __str__(self) -> str:
        return f"{self.name}, trustee {self.position} of ballot {self.ballot_id}"


class Dealing(models.Model):
    """A trustee's public dealing (commitments and proof) and the shares sealed to each other trustee."""

    trustee = models.OneToOneField(Trustee, on_delete=models.PROTECT, related_name="dealing")
    public = models.JSONField(help_text="ceremony.PublicDealing.to_json().")
    sealed = models.JSONField(help_text='[{"recipient": m, "box": hex}], as `hustings trustee deal` wrote them.')


def _random_key() -> uuid.UUID:
    return uuid.uuid4()


class EncryptedBoxEntry(models.Model):
    """One encrypted ballot in an end-to-end ballot's box: the ballot's JSON (ciphertexts and
    proofs), its digest and tracking code. Like `BoxEntry`: no voter, no time, a random key."""

    id = models.UUIDField(primary_key=True, default=_random_key, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="encrypted_box")
    content = models.JSONField(help_text="EncryptedBallot.to_json().")
    digest = models.CharField(max_length=64)
    tracking_code = models.CharField(max_length=24)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "digest"], name="ballots_encrypted_one_digest"),
        ]


class Fingerprint(models.Model):
    """The first component (g^r, hex) of every ciphertext cast or audited in a ballot: unique, so
    the box refuses a replayed ballot or one built from another's ciphertexts (Cortier and Smyth,
    CSF 2011), and an audited (spoiled) ballot can never be cast. A random key, no time."""

    id = models.UUIDField(primary_key=True, default=_random_key, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="fingerprints", db_index=False)
    value = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ballot", "value"], name="ballots_fingerprint_unique")]


class SpoiledBallot(models.Model):
    """A ballot a voter audited (Benaloh): its randomness and plaintext revealed, so never cast,
    and published. No voter, no time, a random key."""

    id = models.UUIDField(primary_key=True, default=_random_key, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="spoiled")
    audited = models.JSONField(help_text='{"ballot", "randomness", "plaintext"} (ballots.audit_ballot).')
    digest = models.CharField(max_length=64)
    tracking_code = models.CharField(max_length=24)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ballot", "digest"], name="ballots_spoiled_one_digest")]


class Shuffle(models.Model):
    """Mix `position` (1, 2, ...) of a ranked end-to-end ballot: the trustee's re-encrypted,
    permuted list and its proof of shuffle, checked before it was stored."""

    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="shuffles")
    position = models.PositiveSmallIntegerField()
    trustee = models.ForeignKey(Trustee, on_delete=models.PROTECT, related_name="shuffles")
    rows = models.JSONField()
    proof = models.JSONField()

    class Meta:
        ordering = ["ballot", "position"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "position"], name="ballots_shuffle_one_position"),
            models.UniqueConstraint(fields=["ballot", "trustee"], name="ballots_shuffle_once_per_trustee"),
        ]


class PartialDecryption(models.Model):
    """A trustee's partial decryption of the list to decrypt (the tally or the last mix), with its
    proof, checked against the trustee's verification key before it was stored."""

    trustee = models.OneToOneField(Trustee, on_delete=models.PROTECT, related_name="partial")
    content = models.JSONField(help_text="decryption.PartialDecryption.to_json().")


class TrusteeSignature(models.Model):
    """A trustee's Ed25519 signature of the sealed board's head (`hustings.e2e.board.sign`)."""

    trustee = models.OneToOneField(Trustee, on_delete=models.PROTECT, related_name="signature")
    head = models.CharField(max_length=64)
    signature = models.CharField(max_length=88)
