"""The import pages: upload a member file (officers with `members.import`), watch its dry run,
read the report, import it when nothing is refused. A job is seen by its creator and by the officers
who hold `members.import` over everything its creator does (`access.oversees`: the organisation as a
whole, or a unit above the creator's), never by another organisation's; only its creator may
import it (the import is checked again with their rights)."""

from __future__ import annotations

import gzip

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hustings.services import access, importing
from hustings.services.importing import jobs as import_jobs
from hustings.services.importing import runner
from hustings.web.users import signed_in

MAX_UPLOAD = 200 * 1024 * 1024  # 200 MB: a register of a million rows is well under it


class UploadForm(forms.Form):
    # Lazy: the class is made once, at import; the label is written in each request's language.
    file = forms.FileField(
        label=gettext_lazy("Member file (CSV or XLSX)"), help_text=gettext_lazy("The columns are described below.")
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(
                _("%(upload)s is larger than %(MAX_UPLOAD)s MB")
                % {"upload": upload.name, "MAX_UPLOAD": MAX_UPLOAD // 2**20}
            )
        return upload


def _may_see(request: HttpRequest, job: import_jobs.ImportJob) -> bool:
    return job.user_id == request.user.pk or access.oversees(request.user, job.user, "members.import")


def _job(request: HttpRequest, pk: int, light: bool = True) -> import_jobs.ImportJob:
    """The job, if the visitor may see it (`_may_see`; 403 otherwise)."""
    job = get_object_or_404(import_jobs.jobs(light), pk=pk)
    if not _may_see(request, job):
        raise PermissionDenied("this import belongs to an officer outside your scope")
    return job


@login_required
def index(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, "members.import")
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        job = import_jobs.create(signed_in(request), upload.name, data)
        runner.start(job, "check")
        return redirect("imports:job", pk=job.pk)
    seen: dict[int, bool] = {}  # by creator: one decision each
    jobs = []
    for job in import_jobs.candidates(request.user)[:200]:
        if job.user_id not in seen:
            seen[job.user_id] = _may_see(request, job)
        if seen[job.user_id]:
            jobs.append(job)
    context = {"form": form, "jobs": jobs[:50], "columns": importing.COLUMNS, "required": importing.REQUIRED}
    return render(request, "imports/index.html", context, status=400 if form.errors else 200)


@login_required
def job(request: HttpRequest, pk: int) -> HttpResponse:
    found = _job(request, pk)
    report = found.report or {}
    rows = report.get("rows", {})
    context = {
        "job": found,
        "live": _live(found),
        "report": report,
        "refused": rows.get("refuse", []),
        "changes": rows.get("change", []),
        "creates": rows.get("create", []),
        "may_apply": found.state == import_jobs.State.CHECKED and found.accepted and found.user_id == request.user.pk,
    }
    return render(request, "imports/job.html", context)


def _live(job: import_jobs.ImportJob) -> dict[str, object]:
    phase, done, total = runner.live(job)
    return {"state": job.state, "phase": phase, "done": done, "total": total, "running": job.running}


@login_required
def progress(request: HttpRequest, pk: int) -> JsonResponse:
    return JsonResponse(_live(_job(request, pk)))


@login_required
def report_csv(request: HttpRequest, pk: int) -> HttpResponse:
    found = _job(request, pk, light=False)
    if not found.report_csv:
        return HttpResponse("This import has no report yet.", status=404, content_type="text/plain")
    response = HttpResponse(gzip.decompress(bytes(found.report_csv)), content_type="text/csv; charset=utf-8")
    name = found.file_name.rsplit(".", 1)[0].replace('"', "")
    response["Content-Disposition"] = f'attachment; filename="{name}-report.csv"'
    return response


@login_required
@require_POST
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    found = _job(request, pk)
    if found.user_id != request.user.pk:
        raise PermissionDenied("only the officer who uploaded the file may import it")
    access.require_anywhere(request.user, "members.import")
    if found.state != import_jobs.State.CHECKED or not found.accepted:
        raise PermissionDenied("this file cannot be imported: it has refused rows, or it is not checked yet")
    runner.start(found, "apply")
    return redirect("imports:job", pk=found.pk)
