"""Debate pages: the list, a debate with its threads and comment box, reply/quote/edit/report
forms, the moderators' pages (queue, hide, close, reopen, CSV log), hustings questions, search and
e-mail preferences. Views parse, call `hustings.services.debates`, and render; every permission
is checked on the server. A public debate is readable without signing in; everything else needs
a signed-in account, and reads the debates of the visitor's own organisations
(`hustings.services.visible`): another organisation's debate, comment or question is not found.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hustings.services import access, officer_choices, visible
from hustings.services.debates import (
    RateLimited,
    Refused,
    moderation,
    names,
    notifications,
    posting,
    questions,
    search,
    speaking,
    threads,
)
from hustings.services.debates.opening import open_debate
from hustings.services.debates.rendering import quote
from hustings.services.debates.threads import Comment, Debate, units_debating
from hustings.web.debates import forms
from hustings.web.debates import render as rendering
from hustings.web.users import signed_in


def _to_login(next_path: str) -> HttpResponse:
    """To the sign-in page, coming back to `next_path` (written as it is, as the sign-in page reads it)."""
    return redirect(f"{reverse('accounts:login')}?next={next_path}")


def _status(form: Form, refusal: Refused | None) -> int:
    """403 for a visitor the rule or the period refuses, 429 over the rate limit, 400 for bad input."""
    if isinstance(refusal, RateLimited):
        return 429
    if refusal is not None and refusal.forbidden:
        return 403
    return 400 if form.errors else 200


def _debate(request: HttpRequest, pk: int) -> Debate:
    return get_object_or_404(visible.debates(request.user).select_related("unit", "candidate"), pk=pk)


def _at(comment: Comment) -> HttpResponse:
    """Back to the debate, on the page of the comment's thread, at the comment."""
    return redirect(
        f"{reverse('debates:debate', args=[comment.debate_id])}?page={threads.page_of(comment)}#c{comment.pk}"
    )


def _comment(request: HttpRequest, pk: int) -> Comment:
    return get_object_or_404(visible.comments(request.user).select_related("debate", "debate__unit", "author"), pk=pk)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    rows = visible.debates(request.user).select_related("unit").order_by("-created_at", "-id")
    unit = request.GET.get("unit", "")
    if unit:
        rows = rows.filter(unit__code=unit)
    state = request.GET.get("state", "")
    listed = [(d, speaking.is_open(d, now), speaking.period(d, now), speaking.closed_since(d, now)) for d in rows[:500]]
    if state in ("open", "closed"):
        listed = [row for row in listed if row[1] == (state == "open")]
    context = {
        "debates": listed,
        "state": state,
        "unit": unit,
        "units": units_debating(visible.debates(request.user)),
        "may_open": access.has_anywhere(request.user, "debates.moderate"),
    }
    return render(request, "debates/index.html", context)


def debate(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated and not visible.debates(request.user).filter(pk=pk).exists():
        return _to_login(reverse("debates:debate", args=[pk]))
    row = _debate(request, pk)
    now = timezone.now()
    verdict = speaking.may_speak(request.user, row, now)
    form = forms.CommentForm()
    refused: Refused | None = None
    if request.method == "POST":
        form = forms.CommentForm(request.POST)
        if form.is_valid():
            try:
                comment = posting.post(request.user, row, form.cleaned_data["body"], now)
            except Refused as refusal:
                form.add_error("body", str(refusal))
                refused = refusal
            else:
                messages.success(request, _("Your comment is posted."))
                return _at(comment)
    may_moderate = moderation.may_moderate(request.user, row)
    number = request.GET.get("page", "1")
    page = threads.page(row, 10**9 if number == "last" else int(number) if number.isdigit() else 1)
    viewer = rendering.Viewer(
        request.user.pk if request.user.is_authenticated else None,
        verdict.allowed,
        may_moderate,
        speaking.is_open(row, now),
    )
    context = {
        "debate": row,
        "subject": row.subject_object if row.subject_id is not None else None,
        "verdict": verdict,
        "period": speaking.period(row, now),
        "closed_on": speaking.closed_since(row, now),
        "rule": speaking.rule(row, now),
        "form": form,
        "page": page,
        "threads": rendering.threads(page.threads, viewer),
        "may_moderate": may_moderate,
        "is_open": viewer.is_open,
        "conduct": reverse("debates:conduct"),
    }
    return render(request, "debates/debate.html", context, status=_status(form, refused))


def conduct(request: HttpRequest) -> HttpResponse:
    return render(request, "debates/conduct.html")


@login_required
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    parent = _comment(request, pk)
    row = parent.debate
    now = timezone.now()
    verdict = speaking.may_speak(request.user, row, now)
    quoting = forms.QuoteForm(request.GET).quoting() or forms.QuoteForm(request.POST).quoting()
    initial = {"body": quote(parent.body)} if quoting and parent.hidden_at is None else {}
    form = forms.CommentForm(request.POST or None, initial=initial)
    refused: Refused | None = None
    if request.method == "POST" and form.is_valid():
        try:
            comment = posting.post(
                request.user, row, form.cleaned_data["body"], now, parent=parent, quoted=parent if quoting else None
            )
        except Refused as refusal:
            form.add_error("body", str(refusal))
            refused = refusal
        else:
            messages.success(request, _("Your reply is posted."))
            return _at(comment)
    context = {"debate": row, "parent": parent, "form": form, "verdict": verdict, "quoting": quoting}
    return render(request, "debates/reply.html", context, status=_status(form, refused))


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _comment(request, pk)
    if comment.author_id != request.user.pk:
        raise Http404("no comment of yours with this number")
    form = forms.CommentForm(request.POST or None, initial={"body": comment.body})
    refused: Refused | None = None
    if request.method == "POST" and form.is_valid():
        try:
            posting.edit(request.user, comment, form.cleaned_data["body"], timezone.now())
        except Refused as refusal:
            form.add_error("body", str(refusal))
            refused = refusal
        else:
            messages.success(request, _("Your comment is changed; its earlier text is kept in its history."))
            return _at(comment)
    return render(request, "debates/edit.html", {"comment": comment, "form": form}, status=_status(form, refused))


def history(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated and not visible.comments(request.user).filter(pk=pk).exists():
        return _to_login(reverse("debates:history", args=[pk]))
    comment = _comment(request, pk)
    shown = comment.hidden_at is None or comment.author_id == request.user.pk
    if not shown and not moderation.may_moderate(request.user, comment.debate):
        raise Http404("this comment is hidden")
    context = {"comment": comment, "revisions": comment.revisions.all(), "author": rendering.author_name(comment)}
    return render(request, "debates/history.html", context)


@login_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _comment(request, pk)
    if comment.hidden_at is not None:
        raise Http404("this comment is already hidden by a moderator")
    form = forms.ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            moderation.report(request.user, comment, form.cleaned_data["reason"])
        except Refused as refusal:
            form.add_error("reason", str(refusal))
        else:
            messages.success(request, _("Thank you: the moderators will look at this comment."))
            return _at(comment)
    return render(request, "debates/report.html", {"comment": comment, "form": form})


@login_required
def hide(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _comment(request, pk)
    access.require(request.user, "debates.moderate", comment.debate.unit)
    form = forms.ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            moderation.hide(request.user, comment, form.cleaned_data["reason"], timezone.now())
        except Refused as refusal:
            form.add_error("reason", str(refusal))
        else:
            messages.success(request, _("The comment is hidden; its author sees your reason."))
            return _at(comment)
    return render(request, "debates/hide.html", {"comment": comment, "form": form})


@login_required
def unhide(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _comment(request, pk)
    access.require(request.user, "debates.moderate", comment.debate.unit)
    if request.method == "POST":
        moderation.unhide(request.user, comment)
        messages.success(request, _("The comment is shown again."))
        return _at(comment)
    return render(request, "debates/unhide.html", {"comment": comment})


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, "debates.moderate")
    return render(request, "debates/queue.html", {"reports": moderation.queue(request.user)})


@login_required
@require_POST
def dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(visible.reports(request.user).select_related("comment__debate__unit"), pk=pk)
    moderation.dismiss(request.user, row, timezone.now())
    messages.success(request, _("The report is dismissed."))
    return redirect("debates:queue")


@login_required
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    row = _debate(request, pk)
    form = forms.CloseForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        moderation.close(request.user, row, timezone.now(), reason)
    except Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Comments are closed."))
    return redirect("debates:debate", pk=row.pk)


@login_required
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    row = _debate(request, pk)
    access.require(request.user, "debates.moderate", row.unit)
    form = forms.ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            moderation.reopen(
                request.user, row, timezone.now(), form.cleaned_data["closes_at"], form.cleaned_data["reason"]
            )
        except Refused as refusal:
            form.add_error("closes_at", str(refusal))
        else:
            messages.success(request, _("Comments are open again."))
            return redirect("debates:debate", pk=row.pk)
    return render(request, "debates/reopen.html", {"debate": row, "form": form})


@login_required
def log(request: HttpRequest, pk: int) -> HttpResponse:
    row = _debate(request, pk)
    text = moderation.log_csv(request.user, row)
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="debate-{row.pk}-moderation.csv"'
    return response


@login_required
def questions_page(request: HttpRequest, pk: int) -> HttpResponse:
    row = _debate(request, pk)
    now = timezone.now()
    form = forms.QuestionForm(request.POST or None)
    refused: Refused | None = None
    if request.method == "POST" and form.is_valid():
        try:
            questions.ask(request.user, row, form.cleaned_data["body"], now)
        except Refused as refusal:
            form.add_error("body", str(refusal))
            refused = refusal
        else:
            messages.success(request, _("Your question is sent."))
            return redirect("debates:questions", pk=row.pk)
    context = {
        "debate": row,
        "questions": questions.top(row),
        "form": form,
        "verdict": speaking.may_speak(request.user, row, now),
        "is_candidate": row.candidate_id is not None and row.candidate_id == request.user.pk,
        "candidate_name": names.name_of(row.candidate) if row.candidate is not None else "",
    }
    return render(request, "debates/questions.html", context, status=_status(form, refused))


@login_required
@require_POST
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(visible.questions(request.user).select_related("debate__unit"), pk=pk)
    try:
        questions.vote(request.user, question, timezone.now())
    except Refused as refusal:
        if refusal.forbidden:
            raise PermissionDenied(str(refusal)) from None
        messages.error(request, str(refusal))
    return redirect(f"{reverse('debates:questions', args=[question.debate_id])}#q{question.pk}")


@login_required
@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(visible.questions(request.user).select_related("debate"), pk=pk)
    if question.debate.candidate_id != request.user.pk:
        raise PermissionDenied("only the candidate may answer questions")
    form = forms.AnswerForm(request.POST)
    try:
        if not form.is_valid():
            raise Refused("write your answer before sending it")
        questions.answer(request.user, question, form.cleaned_data["body"], timezone.now())
    except Refused as refusal:
        messages.error(request, str(refusal))
    return redirect(f"{reverse('debates:questions', args=[question.debate_id])}#q{question.pk}")


@login_required
def search_page(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:200]
    found = {"debates": search.debates(query, request.user)[:50], "comments": search.comments(query, request.user)}
    return render(request, "debates/search.html", {"query": query, **found})


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    current = notifications.preferences(signed_in(request))
    form = forms.NotificationForm(
        request.POST or None, initial={"replies": current.replies, "closing_soon": current.closing_soon}
    )
    if request.method == "POST" and form.is_valid():
        notifications.set_preferences(
            signed_in(request), form.cleaned_data["replies"], form.cleaned_data["closing_soon"]
        )
        messages.success(request, _("Your e-mail choices are saved."))
        return redirect("debates:preferences")
    return render(request, "debates/preferences.html", {"form": form})


@login_required
def new(request: HttpRequest) -> HttpResponse:
    units = access.units_in_scope(request.user, "debates.moderate")
    if not units.exists():
        access.require_anywhere(request.user, "debates.moderate")
    form = forms.DebateForm(request.POST or None)
    form.fields["unit"].queryset = units.order_by("name")  # type: ignore[attr-defined]
    ballots = officer_choices.ballots_for_debates(request.user)
    form.fields["ballot_ref"].choices = [("", _("No ballot")), *ballots]  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            row = open_debate(
                request.user,
                data["unit"],
                data["title"],
                intro=data["intro"],
                subject=data["subject"],
                speakers=data["speakers"],
                ballot_ref=data["ballot_ref"],
                candidate=data["candidate"],
                public=data["public"],
                closes_at=data["closes_at"],
            )
        except Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("The debate is open."))
            return redirect("debates:debate", pk=row.pk)
    context = {
        "units": units.order_by("name").values_list("code", "name"),
        "candidates": officer_choices.candidate_accounts(request.user),
        "form": form,
    }
    return render(request, "debates/new.html", context)
