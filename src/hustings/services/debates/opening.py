"""Use case: open a debate on a subject (a process, a candidate's statement, a rulebook change
proposal, or a unit's own discussion); audited. The subject is any model instance, referred to
generically, so this module needs no import of the processes or rulebooks apps.

A debate on a process closes, unless told otherwise, when the process's ballot stage opens (its
`opens` time): members argue until voting starts."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils.translation import gettext

from hustings.services import access, audit
from hustings.services.debates import Refused, rendering
from hustings.store.debates.models import Debate
from hustings.store.debates.models import Speakers as Speakers
from hustings.store.debates.models import Subject as Subject
from hustings.store.organisations.models import Unit

BALLOT_STAGE = "ballot"


def voting_opens(subject: models.Model | None) -> dt.datetime | None:
    """When voting opens in the process `subject` (its ballot stage's `opens`), if it says."""
    if subject is None or subject._meta.label != "processes.Process":
        return None
    stage = subject.stages.filter(key=BALLOT_STAGE).first()  # type: ignore[attr-defined]
    return stage.opens if stage is not None else None


def open_debate(
    user: access.User,
    unit: Unit,
    title: str,
    *,
    intro: str = "",
    subject: str = Subject.UNIT,
    subject_object: models.Model | None = None,
    speakers: str = Speakers.MEMBERS,
    ballot_ref: str = "",
    candidate: access.Account | None = None,
    public: bool = False,
    opens_at: dt.datetime | None = None,
    closes_at: dt.datetime | None = None,
) -> Debate:
    """A moderator of `unit` opens a debate there; on a process, by default until voting opens."""
    access.require(user, "debates.moderate", unit)
    if closes_at is None:
        closes_at = voting_opens(subject_object)
    title = title.strip()
    if not title:
        raise Refused(gettext("give the debate a title"))
    if speakers == Speakers.VOTERS and not ballot_ref.strip():
        raise Refused(gettext("name the ballot whose voters may speak"))
    if opens_at is not None and closes_at is not None and closes_at <= opens_at:
        raise Refused(gettext("a debate must close after it opens"))
    with transaction.atomic():
        debate = Debate.objects.create(
            title=title[:200],
            intro=intro,
            intro_html=rendering.render(intro) if intro.strip() else "",
            unit=unit,
            subject=subject,
            subject_type=ContentType.objects.get_for_model(subject_object) if subject_object is not None else None,
            subject_id=subject_object.pk if subject_object is not None else None,
            speakers=speakers,
            ballot_ref=ballot_ref.strip(),
            candidate=candidate,
            public=public,
            opens_at=opens_at,
            closes_at=closes_at,
        )
        audit.record(
            user,
            "debates.open",
            debate,
            None,
            {"title": debate.title, "unit": unit.code, "speakers": speakers, "public": public},
        )
    return debate
