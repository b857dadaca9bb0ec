"""Use cases of moderation: report a comment, the moderators' queue, hide (with a reason the
author sees) and unhide, close and reopen a debate, and the debate's moderation log as CSV.

Moderators hold `debates.moderate` over the debate's unit (`hustings.services.access`). Every
moderation action is written in the same transaction to the audit log
(`hustings.services.audit.record`) and to the debate's own `ModerationEvent` log.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext

from hustings.services import access, audit
from hustings.services.access import User
from hustings.services.debates import Refused, names, speaking
from hustings.store.debates.models import Comment, Debate, ModerationEvent, Report


def may_moderate(user: User, debate: Debate) -> bool:
    return access.has(user, "debates.moderate", debate.unit)


def _log(
    user: User, action: str, debate: Debate, comment: Comment | None, reason: str, before: object, after: object
) -> None:
    obj = comment if comment is not None else debate
    audit.record(user, f"debates.{action}", obj, before, after)  # type: ignore[arg-type]
    ModerationEvent.objects.create(
        debate=debate, comment=comment, actor=audit.actor_name(user), action=action, reason=reason
    )


def report(user: User, comment: Comment, reason: str) -> Report:
    """A signed-in reader reports a comment to the moderators (once per reader and comment)."""
    reporter = access.signed_in(user)
    if reporter is None:
        raise Refused(gettext("sign in to report a comment"))
    reason = reason.strip()
    if not reason:
        raise Refused(gettext("say why you are reporting this comment"))
    try:
        with transaction.atomic():
            return Report.objects.create(comment=comment, reporter=reporter, reason=reason[:500])
    except IntegrityError:
        raise Refused(gettext("you have already reported this comment")) from None


def queue(user: User) -> QuerySet[Report]:
    """Open reports on comments in debates of the units the user moderates, oldest first."""
    units = access.units_in_scope(user, "debates.moderate")
    return (
        Report.objects.filter(resolved_at__isnull=True, comment__debate__unit__in=units)
        .select_related("comment", "comment__debate", "comment__author", "reporter")
        .annotate(author_name=names.shown("comment__author"), reporter_name=names.shown("reporter"))
        .order_by("created_at", "id")
    )


def hide(user: User, comment: Comment, reason: str, now: dt.datetime) -> Comment:
    """Hide a comment with a reason that its author (and moderators) will see."""
    access.require(user, "debates.moderate", comment.debate.unit)
    reason = reason.strip()
    if not reason:
        raise Refused(gettext("give the reason for hiding this comment: its author will see it"))
    with transaction.atomic():
        before = {
            "hidden_at": comment.hidden_at.isoformat() if comment.hidden_at else None,
            "hidden_reason": comment.hidden_reason,
        }
        comment.hidden_at, comment.hidden_reason = now, reason[:500]
        comment.save(update_fields=["hidden_at", "hidden_reason"])
        Report.objects.filter(comment=comment, resolved_at__isnull=True).update(resolved_at=now, outcome="hidden")
        _log(
            user,
            "hide",
            comment.debate,
            comment,
            reason,
            before,
            {"hidden_at": now.isoformat(), "hidden_reason": reason},
        )
    return comment


def unhide(user: User, comment: Comment) -> Comment:
    access.require(user, "debates.moderate", comment.debate.unit)
    with transaction.atomic():
        before = {
            "hidden_at": comment.hidden_at.isoformat() if comment.hidden_at else None,
            "hidden_reason": comment.hidden_reason,
        }
        comment.hidden_at, comment.hidden_reason = None, ""
        comment.save(update_fields=["hidden_at", "hidden_reason"])
        _log(user, "unhide", comment.debate, comment, "", before, {"hidden_at": None})
    return comment


def dismiss(user: User, report_row: Report, now: dt.datetime) -> Report:
    """Close a report without hiding the comment."""
    access.require(user, "debates.moderate", report_row.comment.debate.unit)
    with transaction.atomic():
        report_row.resolved_at, report_row.outcome = now, "dismissed"
        report_row.save(update_fields=["resolved_at", "outcome"])
        _log(
            user,
            "dismiss_report",
            report_row.comment.debate,
            report_row.comment,
            report_row.reason,
            None,
            {"report": report_row.pk},
        )
    return report_row


def _period(debate: Debate) -> dict[str, str | None]:
    return {
        "closes_at": debate.closes_at.isoformat() if debate.closes_at else None,
        "closed_at": debate.closed_at.isoformat() if debate.closed_at else None,
    }


def close(user: User, debate: Debate, now: dt.datetime, reason: str = "") -> Debate:
    """A moderator closes comments now; the debate stays readable."""
    access.require(user, "debates.moderate", debate.unit)
    if speaking.closed_since(debate, now) is not None:
        raise Refused(speaking.period(debate, now))
    with transaction.atomic():
        before = _period(debate)
        debate.closed_at = now
        debate.save(update_fields=["closed_at"])
        _log(user, "close", debate, None, reason, before, _period(debate))
    return debate


def reopen(user: User, debate: Debate, now: dt.datetime, closes_at: dt.datetime | None, reason: str = "") -> Debate:
    """A moderator reopens comments, until `closes_at` (None: until closed again); audited."""
    access.require(user, "debates.moderate", debate.unit)
    if closes_at is not None and closes_at <= now:
        raise Refused(
            gettext("the new closing time {closes_at} has already passed").format(closes_at=speaking.moment(closes_at))
        )
    with transaction.atomic():
        before = _period(debate)
        debate.closed_at = None
        if closes_at is not None or (debate.closes_at is not None and debate.closes_at <= now):
            debate.closes_at = closes_at
            debate.closing_notice_sent = None
        debate.save(update_fields=["closed_at", "closes_at", "closing_notice_sent"])
        _log(user, "reopen", debate, None, reason, before, _period(debate))
    return debate


CSV_HEADER = ["at", "actor", "action", "comment", "comment author", "reason"]


def log_csv(user: User, debate: Debate) -> str:
    """The debate's moderation log as CSV (moderators only)."""
    access.require(user, "debates.moderate", debate.unit)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for event in debate.moderation.select_related("comment__author"):
        comment = event.comment
        writer.writerow(
            [
                event.at.isoformat(),
                event.actor,
                event.action,
                comment.pk if comment else "",
                comment.author.get_username() if comment else "",
                _csv_safe(event.reason),
            ]
        )
    return out.getvalue()


def _csv_safe(text: str) -> str:
    """Keep a spreadsheet from reading a cell as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
