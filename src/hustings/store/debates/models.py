"""Debates: threaded comments on a process, a candidate's statement, a rulebook change proposal or a
unit's own discussion, with comment periods, moderation and hustings questions.

A debate belongs to its subject through a generic reference (content type + id), so that the
processes and rulebooks apps need not exist when this one is loaded; a unit's own discussion sets
only `unit`. Every debate has a unit: the unit whose members may speak (the `members` rule) and
over which moderators act. Comment bodies are Markdown; `html` is the sanitised rendering made once
at save time (`hustings.services.debates.rendering`), and each edit keeps a `Revision`.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from hustings.store.organisations.models import Unit


class Subject(models.TextChoices):
    PROCESS = "process", "process"
    STATEMENT = "statement", "candidate's statement"
    PROPOSAL = "proposal", "rulebook change proposal"
    UNIT = "unit", "unit discussion"


class Speakers(models.TextChoices):
    """Who may speak: the unit's members (and those of units beneath it), a ballot's eligible
    voters, or nobody (the debate is for reading)."""

    MEMBERS = "members", "members of the unit"
    VOTERS = "voters", "eligible voters of a ballot"
    NOBODY = "nobody", "reading only"


class Debate(models.Model):
    title = models.CharField(max_length=200)
    intro = models.TextField(blank=True, help_text="Markdown.")
    intro_html = models.TextField(blank=True)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="debates")
    subject = models.CharField(max_length=16, choices=Subject.choices, default=Subject.UNIT)
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True)
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject_object = GenericForeignKey("subject_type", "subject_id")
    speakers = models.CharField(max_length=16, choices=Speakers.choices, default=Speakers.MEMBERS)
    ballot_ref = models.CharField(max_length=100, blank=True, help_text="The ballot whose roll may speak.")
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="candidate_debates",
        help_text="The candidate who answers hustings questions (statements).",
    )
    public = models.BooleanField(default=False, help_text="Readable without signing in, with an Atom feed.")
    opens_at = models.DateTimeField(null=True, blank=True)
    closes_at = models.DateTimeField(null=True, blank=True, help_text="On the timetable: e.g. when voting opens.")
    closed_at = models.DateTimeField(null=True, blank=True, help_text="Closed early by a moderator.")
    closing_notice_sent = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Comment(models.Model):
    debate = models.ForeignKey(Debate, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="debate_comments")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies")
    thread = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="+", help_text="The top-level comment."
    )
    depth = models.PositiveSmallIntegerField(default=0)
    quoted = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    body = models.TextField()
    html = models.TextField()
    created_at = models.DateTimeField(db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["debate", "thread", "created_at"], name="debate_thread_time"),
            models.Index(fields=["author", "created_at"], name="comment_author_time"),
            models.Index(fields=["debate", "created_at"], condition=Q(parent__isnull=True), name="debate_top_level"),
        ]

    def __str__(self) -> str:
        return f"comment {self.pk} on {self.debate}"


class Revision(models.Model):
    """A comment's text as it was before an edit; every edit keeps one."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    html = models.TextField()
    written_at = models.DateTimeField()

    class Meta:
        ordering = ["written_at", "id"]


class Report(models.Model):
    """A reader's report of a comment to the moderators; one open report per reader and comment."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["comment", "reporter"], name="one_report_per_reader")]


class ModerationEvent(models.Model):
    """One moderation action on a debate (also written to the audit log); the debate's
    downloadable moderation log is these rows."""

    debate = models.ForeignKey(Debate, on_delete=models.CASCADE, related_name="moderation")
    comment = models.ForeignKey(Comment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    actor = models.CharField(max_length=150)
    action = models.CharField(max_length=40)
    reason = models.CharField(max_length=500, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]


class Question(models.Model):
    """A hustings question to the debate's candidate; members vote it up, the candidate answers."""

    debate = models.ForeignKey(Debate, on_delete=models.CASCADE, related_name="questions")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    html = models.TextField()
    votes = models.PositiveIntegerField(default=0)
    answer = models.TextField(blank=True)
    answer_html = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-votes", "created_at", "id"]


class QuestionVote(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="ballots")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["question", "voter"], name="one_vote_per_member")]


class NotificationPreference(models.Model):
    """A member's choice of debate e-mails; with no row, both are sent."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    replies = models.BooleanField(default=True, help_text="E-mail me when someone replies to my comment.")
    closing_soon = models.BooleanField(default=True, help_text="E-mail me when a debate I spoke in closes soon.")
