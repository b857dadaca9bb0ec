"""Selectors: what of an organisation's own business a visitor may read (issue #12's isolation).

One installation may host organisations that distrust each other. A signed-in user reads the
ballots, processes, suspensions, debates, units and adopted rulebook versions of the organisations
they belong to (`access.organisations_of`: a membership of their person, or a role) and nothing of
any other: every member-facing list, page and API operation reads through one of these, so a list
is filtered and another organisation's object is not found (404: its existence is not revealed).

Public by design, and so not read through here: a ballot's vote page, bulletin board, scrutineers'
page, export and published results (a voter may hold only a printed code; the board is for anyone to
verify), a debate its organisation made public (readable without signing in), and the shipped
rulebooks every organisation may adopt.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from hustings.services import access
from hustings.store.ballots.models import Ballot
from hustings.store.debates.models import Comment, Debate, Question, Report
from hustings.store.organisations.models import Organisation, Unit
from hustings.store.processes.models import Process, Suspension
from hustings.store.rulebooks.models import AdoptedRulebook


def organisations(user: access.User) -> QuerySet[Organisation]:
    """The organisations the user belongs to."""
    return Organisation.objects.filter(pk__in=access.organisations_of(user))


def units(user: access.User) -> QuerySet[Unit]:
    """The units of the user's organisations: their trees, one each."""
    return Unit.objects.filter(organisation__in=access.organisations_of(user))


def ballots(user: access.User) -> QuerySet[Ballot]:
    """The ballots of the user's organisations (their list and pages; the public pages of a ballot
    read it by number, whoever asks)."""
    return Ballot.objects.filter(organisation__in=access.organisations_of(user))


def processes(user: access.User) -> QuerySet[Process]:
    return Process.objects.filter(organisation__in=access.organisations_of(user))


def suspensions(user: access.User) -> QuerySet[Suspension]:
    return Suspension.objects.filter(unit__organisation__in=access.organisations_of(user))


def debates(user: access.User) -> QuerySet[Debate]:
    """The debates of the user's organisations, and public debates (readable without signing in,
    so by anyone). Reading is not speaking: `speaking.may_speak` still decides who may comment."""
    return Debate.objects.filter(Q(unit__organisation__in=access.organisations_of(user)) | Q(public=True))


def comments(user: access.User) -> QuerySet[Comment]:
    return Comment.objects.filter(debate__in=debates(user))


def questions(user: access.User) -> QuerySet[Question]:
    return Question.objects.filter(debate__in=debates(user))


def reports(user: access.User) -> QuerySet[Report]:
    return Report.objects.filter(comment__debate__in=debates(user))


def adopted_rulebooks(user: access.User) -> QuerySet[AdoptedRulebook]:
    """The versions the user's organisations adopted (each organisation's own rules; the shipped
    rulebooks are for everyone)."""
    return AdoptedRulebook.objects.filter(organisation__in=access.organisations_of(user))
