"""Use cases of hustings questions: members ask the debate's candidate, vote questions up (one
vote per member, held by a unique constraint in the database), and the candidate answers. The
top questions come first: most votes, then oldest.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils.translation import gettext

from hustings.services import access
from hustings.services.access import User
from hustings.services.debates import Refused, names, rendering, speaking
from hustings.store.debates.models import Debate, Question, QuestionVote


def top(debate: Debate) -> QuerySet[Question]:
    """The debate's questions, top first, each with `author_name` (`names`)."""
    return (
        debate.questions.select_related("author")
        .annotate(author_name=names.shown("author"))
        .order_by("-votes", "created_at", "id")
    )


def ask(user: User, debate: Debate, body: str, now: dt.datetime) -> Question:
    """A member who may speak in the debate asks its candidate a question."""
    if debate.candidate_id is None:
        raise Refused(gettext("this debate has no candidate to answer questions"))
    verdict = speaking.may_speak(user, debate, now)
    if not verdict.allowed:
        raise Refused(verdict.reason, forbidden=True)
    body = body.strip()
    if not body:
        raise Refused(gettext("write your question before sending it"))
    if len(body) > 2000:
        raise Refused(gettext("a question may be at most 2,000 characters long"))
    return Question.objects.create(debate=debate, author=access.account(user), body=body, html=rendering.render(body))


def vote(user: User, question: Question, now: dt.datetime) -> Question:
    """One vote up per member; a second is refused."""
    verdict = speaking.may_speak(user, question.debate, now)
    if not verdict.allowed:
        raise Refused(verdict.reason, forbidden=True)
    try:
        with transaction.atomic():
            QuestionVote.objects.create(question=question, voter=access.account(user))
            Question.objects.filter(pk=question.pk).update(votes=F("votes") + 1)
    except IntegrityError:
        raise Refused(gettext("you have already voted for this question")) from None
    question.refresh_from_db(fields=["votes"])
    return question


def answer(user: User, question: Question, body: str, now: dt.datetime) -> Question:
    """The debate's candidate answers (or re-answers) a question."""
    if not user.is_authenticated or question.debate.candidate_id != user.pk:
        raise Refused(gettext("only the candidate may answer questions"))
    body = body.strip()
    if not body:
        raise Refused(gettext("write your answer before sending it"))
    question.answer, question.answer_html, question.answered_at = body, rendering.render(body), now
    question.save(update_fields=["answer", "answer_html", "answered_at"])
    return question
