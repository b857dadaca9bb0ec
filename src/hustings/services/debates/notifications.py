"""E-mail to members: a reply to their comment, and a debate they spoke in closing soon.

Sent by `hustings worker` as background jobs, never in the member's request, so that a slow or
failing mail server cannot hold up or break a post: `queue_reply` (called by `posting.post`, in
the post's transaction) queues `debates.reply`, run by `reply_job`; `queue_closing_soon` (the
`debates_closing_soon` management command, run hourly by a timer) queues `debates.closing_soon`,
run by `closing_soon_job`. Messages go through Django's mail (`HUSTINGS_EMAIL_URL`). Each member may
turn either kind off (`NotificationPreference`); with no preference row both are sent. The address
is the account's e-mail, else the register's.

Services know no URLs: the web layer hands in how to link to a debate, a comment and the
preferences page (`use_links`, called when the debates pages start); the site's address comes
from the settings (`site`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from hustings.services import access, jobs
from hustings.services.debates import names, speaking
from hustings.services.mail_language import written_for_members
from hustings.store.debates.models import Comment, Debate, NotificationPreference
from hustings.store.members.models import Person

CLOSING_SOON = dt.timedelta(hours=24)


class Links(Protocol):
    """The paths the e-mails link to, built by the web layer."""

    def debate(self, debate_id: int, comment_id: int | None = None) -> str: ...

    def preferences(self) -> str: ...


_links: list[Links] = []


def use_links(links: Links) -> None:
    """Link the e-mails with `links` from now on (the web's debates app does so at start)."""
    _links[:] = [links]


def _read_at(debate_id: int, comment_id: int | None = None) -> str:
    """The e-mail's closing lines: where to read it and where to turn the e-mails off."""
    if not _links:
        return ""
    links = _links[0]
    return gettext("Read it at {url}\n").format(url=site(links.debate(debate_id, comment_id))) + gettext(
        "(Turn these e-mails off at {url}.)"
    ).format(url=site(links.preferences()))


def site(path: str) -> str:
    """An absolute link for an e-mail: the site's address (`HUSTINGS_SITE_URL` in the settings; by
    default the demo's http://127.0.0.1:8000) and `path`."""
    base = str(getattr(settings, "HUSTINGS_SITE_URL", "") or "http://127.0.0.1:8000")
    return base.rstrip("/") + path


def preferences(user: access.User) -> NotificationPreference:
    """The signed-in user's e-mail preferences (the defaults until they save theirs)."""
    holder = access.account(user)
    return NotificationPreference.objects.filter(user=holder).first() or NotificationPreference(user=holder)


def set_preferences(user: access.User, replies: bool, closing_soon: bool) -> NotificationPreference:
    row, _ = NotificationPreference.objects.update_or_create(
        user=access.account(user), defaults={"replies": replies, "closing_soon": closing_soon}
    )
    return row


def address(user: access.Account) -> str:
    email = str(getattr(user, "email", "") or "")
    if email:
        return email
    person = Person.objects.filter(user=user).only("email").first()
    return person.email if person is not None else ""


def queue_reply(reply: Comment) -> jobs.Job | None:
    """Queue the e-mail to the author of the comment `reply` answers (none for a top-level comment
    or a reply to oneself)."""
    parent = reply.parent
    if parent is None or parent.author_id == reply.author_id:
        return None
    return jobs.enqueue("debates.reply", {"comment": reply.pk})


def reply_job(row: jobs.Job, progress: jobs.Progress) -> dict[str, Any]:
    """The background job `debates.reply`."""
    reply = Comment.objects.select_related("parent__author", "author", "debate").get(pk=int(row.params["comment"]))
    sent = reply_posted(reply)
    progress("sent" if sent else "not sent (opted out or no address)", 1, 1)
    return {"comment": reply.pk, "sent": int(sent)}


def queue_closing_soon() -> jobs.Job:
    """Queue `debates.closing_soon`: tell the speakers of every debate closing within a day."""
    return jobs.enqueue("debates.closing_soon", {})


def closing_soon_job(row: jobs.Job, progress: jobs.Progress) -> dict[str, Any]:
    """The background job `debates.closing_soon`, as of the time it runs."""
    sent = send_closing_soon(timezone.now())
    progress("sent", sent, sent)
    return {"sent": sent}


def reply_posted(reply: Comment) -> bool:
    """Tell the author of the comment answered by `reply`, unless they replied to themselves or
    opted out; returns whether a message was sent."""
    parent = reply.parent
    if parent is None or parent.author_id == reply.author_id:
        return False
    if not preferences(parent.author).replies or not (to := address(parent.author)):
        return False
    debate = reply.debate
    with written_for_members():
        subject = gettext("A reply to your comment in “{title}”").format(title=debate.title)
        body = gettext("{author} replied:\n\n{comment}\n\n").format(
            author=names.name_of(reply.author), comment=reply.body
        ) + _read_at(debate.pk, reply.pk)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
    return True


def _closing_soon_message(debate: Debate, closes_at: dt.datetime) -> tuple[str, str]:
    """The subject and body of the closing-soon e-mail, in the members' language."""
    with written_for_members():
        subject = gettext("“{title}” closes soon").format(title=debate.title)
        body = gettext("Comments on “{title}” close at {moment}.\n").format(
            title=debate.title, moment=speaking.moment(closes_at)
        ) + _read_at(debate.pk)
    return subject, body


def send_closing_soon(now: dt.datetime) -> int:
    """E-mail everyone who spoke in a debate that closes within 24 hours of `now` (once per
    debate); returns the number of messages sent."""
    sent = 0
    due = Debate.objects.filter(
        closes_at__gt=now, closes_at__lte=now + CLOSING_SOON, closing_notice_sent__isnull=True, closed_at__isnull=True
    )
    for debate in due:
        assert debate.closes_at is not None  # the filter above asked for one
        subject, body = _closing_soon_message(debate, debate.closes_at)  # the same words for every speaker
        with transaction.atomic():
            for user in get_user_model().objects.filter(debate_comments__debate=debate).distinct().order_by("pk"):
                if preferences(user).closing_soon and (to := address(user)):
                    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
                    sent += 1
            debate.closing_notice_sent = now
            debate.save(update_fields=["closing_notice_sent"])
    return sent
