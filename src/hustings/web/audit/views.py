"""The audit log for auditors and general secretaries (`audit.view`): the rows of their organisation
and scope (`hustings.services.audit.visible`), newest first, filtered by actor, action, object type
and dates, each row's before and after field by field; and the same rows as CSV. The log is
append-only, so these pages only read."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from hustings.services import access, audit
from hustings.web.audit.changes import field_changes

PAGE_SIZE = 50


class FilterForm(forms.Form):
    actor = forms.CharField(label=gettext_lazy("Actor (username)"), required=False, max_length=150)
    action = forms.CharField(label=gettext_lazy("Action"), required=False, max_length=100)
    object_type = forms.CharField(label=gettext_lazy("Object type"), required=False, max_length=100)
    start = forms.DateField(
        label=gettext_lazy("From (day)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=gettext_lazy("To (day, inclusive)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def _filtered(request: HttpRequest, form: FilterForm) -> QuerySet[audit.AuditEntry]:
    rows = _visible(request)
    if not form.is_bound:
        return rows
    if not form.is_valid():
        return rows.none()
    data = form.cleaned_data
    if data["actor"]:
        rows = rows.filter(actor=data["actor"].strip())
    if data["action"]:
        rows = rows.filter(action=data["action"])
    if data["object_type"]:
        rows = rows.filter(object_type=data["object_type"])
    if data["start"]:
        rows = rows.filter(at__gte=_midnight(data["start"]))
    if data["end"]:
        rows = rows.filter(at__lt=_midnight(data["end"] + dt.timedelta(days=1)))
    return rows


def _visible(request: HttpRequest) -> QuerySet[audit.AuditEntry]:
    return audit.visible(request.user).order_by("-at", "-id")


def _check(request: HttpRequest) -> FilterForm:
    access.require_anywhere(request.user, "audit.view")
    form = FilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        if start and end and end < start:
            form.add_error("end", _("The end of the range is before its start."))
    return form


@login_required
@require_safe
def log(request: HttpRequest) -> HttpResponse:
    form = _check(request)
    rows = _filtered(request, form)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    entries = [{"entry": entry, "changes": field_changes(entry.before, entry.after)} for entry in page]
    query = request.GET.copy()
    query.pop("page", None)
    context: dict[str, Any] = {
        "form": form,
        "page": page,
        "entries": entries,
        "query": query.urlencode(),
        "actions": _visible(request).order_by("action").values_list("action", flat=True).distinct(),
        "object_types": _visible(request).order_by("object_type").values_list("object_type", flat=True).distinct(),
    }
    return render(request, "audit/log.html", context)


def _cell(value: str) -> str:
    """A spreadsheet would run a cell beginning with = + - @ as a formula: quote it."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _json(value: Any) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_lines(rows: QuerySet[audit.AuditEntry]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(["at", "actor", "action", "object_type", "object_id", "object", "before", "after"])
    for entry in rows.iterator(chunk_size=2000):
        yield writer.writerow(
            [
                timezone.localtime(entry.at).isoformat(),
                *(_cell(v) for v in (entry.actor, entry.action, entry.object_type, entry.object_id, entry.object_repr)),
                _json(entry.before),
                _json(entry.after),
            ]
        )


@login_required
@require_safe
def export(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    form = _check(request)
    rows = _filtered(request, form)
    if form.is_bound and not form.is_valid():
        return HttpResponse(
            "The filters are not valid: "
            + "; ".join(f"{k}: {' '.join(str(e) for e in v)}" for k, v in form.errors.items()),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    response = StreamingHttpResponse(_csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
    return response
