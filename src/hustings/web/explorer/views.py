"""Pages of the explorer and the count: parse the query string or the upload, ask
`services.explorer` or `services.counting`, render. All public; none stores anything but a count
asked to be saved (`services.saved_counts`) and a large upload until a worker has counted it
(`services.background_counts`).

- `/elections/`: the elections; `/elections/<election>/`: up to three systems side by side, each
  with a hemicycle (inline SVG, no script), its seat table, indices and summary; the shareable URL
  is the page's own (the choices are its query string); an embed snippet for other sites.
- `/elections/<election>/hemicycle.svg|.png?system=...`: the picture to download.
- `/elections/<election>/embed/?...`: the panels alone, for an `<iframe>` on any site.
- `/count/`: upload a ballot file and count it as `hustings count` would (an RCTab contest zip
  under its own rules); a large file is counted by a worker, at `/count/jobs/<key>/`.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET, require_http_methods

from hustings.services import background_counts, counting, saved_counts
from hustings.services import explorer as svc
from hustings.services.explorer import Panel, Query
from hustings.web.ballots.rounds import round_rows
from hustings.web.explorer.forms import CompareForm, CountForm


@require_GET
def elections(request: HttpRequest) -> HttpResponse:
    return render(request, "explorer/elections.html", {"elections": svc.elections()})


def _election(election: str) -> str:
    if election not in svc.ELECTIONS:
        raise Http404(f"no election {election!r}")
    return election


def panel_query(i: int, query: Query) -> dict[str, str]:
    """The query-string fields of panel ``i`` (from 1) asking for ``query``."""
    fields = {f"system{i}": query.system}
    if query.threshold is not None:
        fields[f"threshold{i}"] = f"{float(100 * query.threshold):g}%"
    if query.system == "ams" and query.constituency_share != svc.DEFAULT_SHARE:
        share = query.constituency_share
        fields[f"share{i}"] = f"{share.numerator}/{share.denominator}"
    return fields


def _download_query(query: Query) -> str:
    fields = {"system": query.system}
    if query.threshold is not None:
        fields["threshold"] = f"{float(100 * query.threshold):g}%"
    if query.system == "ams":
        share = query.constituency_share
        fields["constituency_share"] = f"{share.numerator}/{share.denominator}"
    return urlencode(fields)


def _comparison(request: HttpRequest, election: str) -> dict[str, Any]:
    form = CompareForm(election, request.GET)
    queries = form.chosen()
    problem = ""
    try:
        panels: list[Panel] = svc.compare(election, queries) if queries else []
    except svc.QueryError as exc:
        panels, problem = [], _("These votes cannot be counted that way: %(problem)s.") % {"problem": exc}
    fields: dict[str, str] = {}
    for i, q in enumerate(queries, start=1):
        fields.update(panel_query(i, q))
    query_string = urlencode(fields)
    page = request.build_absolute_uri(reverse("explorer:election", args=[election])) + "?" + query_string
    embed = request.build_absolute_uri(reverse("explorer:embed", args=[election])) + "?" + query_string
    charts = reverse("explorer:hemicycle_svg", args=[election]), reverse("explorer:hemicycle_png", args=[election])
    return {
        "election": election,
        "title": svc.ELECTIONS[election],
        "form": form,
        "panels": [
            (p, f"{charts[0]}?{_download_query(p.query)}", f"{charts[1]}?{_download_query(p.query)}") for p in panels
        ],
        "share_url": page,
        "embed_url": embed,
        "embed_code": f'<iframe src="{embed}" title="{svc.ELECTIONS[election]}: electoral systems compared" '
        'width="100%" height="720" loading="lazy"></iframe>',
        "columns": len(panels),
        "problem": problem,
    }


@require_GET
def election(request: HttpRequest, election: str) -> HttpResponse:
    context = _comparison(request, _election(election))
    context["narrow"] = svc.below_half(election)
    context["elections"] = svc.elections()
    status = 400 if context["form"].errors or context["problem"] else 200
    return render(request, "explorer/election.html", context, status=status)


@require_GET
@xframe_options_exempt
def embed(request: HttpRequest, election: str) -> HttpResponse:
    """The panels alone, which any site may frame (this page only)."""
    context = _comparison(request, _election(election))
    response = render(request, "explorer/embed.html", context, status=400 if context["form"].errors else 200)
    response.csp_update = {"frame-ancestors": "*"}  # type: ignore[attr-defined]
    return response


def _download_query_of(request: HttpRequest, election: str) -> Query:
    """The system asked for by the query string (`system`, `threshold`, `constituency_share`, as the
    API names them); without one, the system the election was held under."""
    try:
        return svc.read_query(
            election,
            request.GET.get("system") or svc.declared_system(election),
            request.GET.get("threshold") or None,
            request.GET.get("constituency_share") or None,
        )
    except svc.QueryError as exc:
        raise Http404(str(exc)) from None


@require_GET
def hemicycle_svg(request: HttpRequest, election: str) -> HttpResponse:
    return _hemicycle(request, election, svc.hemicycle_svg, "image/svg+xml; charset=utf-8", "svg")


@require_GET
def hemicycle_png(request: HttpRequest, election: str) -> HttpResponse:
    return _hemicycle(request, election, svc.hemicycle_png, "image/png", "png")


def _hemicycle(
    request: HttpRequest, election: str, draw: Callable[[Query], str | bytes], content_type: str, suffix: str
) -> HttpResponse:
    """The hemicycle of the system the query string asks for, as a download (404 for a bad query)."""
    query = _download_query_of(request, _election(election))
    try:
        picture = draw(query)
    except svc.QueryError as exc:
        raise Http404(str(exc)) from None
    response = HttpResponse(picture, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{election}-{query.system}.{suffix}"'
    return response


def _data_uri(download: counting.Download) -> str:
    if download.raw is not None:
        return f"data:{download.media_type};base64,{base64.b64encode(download.raw).decode('ascii')}"
    encoded = base64.b64encode(download.text.encode("utf-8")).decode("ascii")
    return f"data:{download.media_type};charset=utf-8;base64,{encoded}"


def _asked(form: CountForm) -> counting.CountRequest:
    """The count the form asks for; for an RCTab contest zip, none but its own rules (the form's
    method and options are not used: the page says so)."""
    data = form.cleaned_data
    if counting.is_contest(counting.upload_name(data["file"].name or "")):
        return counting.CountRequest()
    return counting.CountRequest(
        data["method"] or "irv", data["seats"], data["tie_break"] or None, data["seed"], form.option_lines()
    )


def _count_context(form: CountForm) -> dict[str, Any]:
    return {
        "form": form,
        "limit_mb": counting.MAX_UPLOAD_BYTES // (1024 * 1024),
        "background_mb": background_counts.BACKGROUND_FROM_BYTES // (1024 * 1024),
    }


@require_http_methods(["GET", "POST"])
def count(request: HttpRequest) -> HttpResponse:
    """Upload a ballot file and count it; nothing is stored unless a signed-in user asks to save it
    (then the page moves to the saved count's permalink), or the file is large: then it is kept
    until a worker has counted it, and the page moves to the count's progress page. A refusal is
    the command line's message."""
    form = CountForm(request.POST or None, request.FILES or None, can_save=request.user.is_authenticated)
    context = _count_context(form)
    if request.method != "POST" or not form.is_valid():
        return render(request, "explorer/count.html", context, status=400 if form.errors else 200)
    upload = form.cleaned_data["file"]
    name, size, asked = upload.name or "ballots", upload.size or 0, _asked(form)
    try:
        if counting.too_large(size):
            raise counting.TooLarge.of(name, size)
        content = upload.read()
        if background_counts.in_background(size, name):
            queued = background_counts.queue(request.user, name, content, asked, bool(form.cleaned_data.get("save")))
            return redirect("explorer:count_job", count_key=queued.key)
        counted = counting.count_upload(name, content, asked)
    except Exception as exc:
        message = counting.refusal(exc)
        if message is None:
            raise
        context["error"] = message
        return render(request, "explorer/count.html", context, status=400)
    if form.cleaned_data.get("save"):
        saved = saved_counts.save(request.user, content, asked, counted)
        return redirect("explorer:saved", saved_key=saved.key)
    context.update(_result_context(counted.record(), counting.downloads(counted), counted.contest is not None))
    context["text"] = counted.text()
    return render(request, "explorer/count.html", context)


def _result_context(record: dict[str, Any], downloads: list[counting.Download], contest: bool) -> dict[str, Any]:
    """What the page shows of a count: the record, its round rows, the downloads as `data:` links,
    and whether it was an RCTab contest counted under its own rules."""
    context: dict[str, Any] = {
        "record": record,
        "downloads": [(d, _data_uri(d)) for d in downloads],
        "contest_rules": contest,
    }
    context.update(round_rows(record))
    return context


PROGRESS_SECONDS = 3
STEPS = {
    "waiting for a worker": gettext_lazy("Waiting for a worker to take the count"),
    "started": gettext_lazy("Started"),
    counting.READING: gettext_lazy("Reading the file"),
    counting.COUNTING: gettext_lazy("Counting"),
    "recording the result": gettext_lazy("Recording the result"),
}
"""The steps of a background count (`background_counts.STEPS` and the queue's own), in the reader's language."""


@require_GET
def count_job(request: HttpRequest, count_key: str) -> HttpResponse:
    """A large upload's count, for whoever has the link: its progress while it waits or runs (the
    page refreshes itself: no script), then the count page with the result or the file's refusal;
    a count its user asked to save moves to the saved count's permalink."""
    try:
        row = background_counts.find(count_key)
    except saved_counts.NoSuchCount as exc:
        raise Http404(str(exc)) from None
    if row.saved_key:
        return redirect("explorer:saved", saved_key=row.saved_key)
    context = _count_context(CountForm(can_save=request.user.is_authenticated))
    job = row.job
    context.update(
        {
            "background": row,
            "running": background_counts.under_way(row),
            "refresh": PROGRESS_SECONDS,
            "job": job,
            "step": STEPS.get(job.phase, job.phase) if job is not None else "",
            "total_steps": len(background_counts.STEPS),
            "permalink": request.build_absolute_uri(reverse("explorer:count_job", args=[count_key])),
        }
    )
    if row.error:
        context["error"] = row.error
    elif row.record is not None:
        contest = counting.is_contest(row.file_name)
        context.update(_result_context(row.record, background_counts.shown_downloads(row), contest))
        context["text"] = row.text
    elif job is None or job.state == job.State.FAILED:
        context["failed"] = (job.error if job is not None else "") or _("its job was lost; upload the file again")
    return render(request, "explorer/count.html", context)


def _saved_or_404(key: str, owner_of: HttpRequest | None = None) -> Any:
    try:
        return saved_counts.owned(owner_of.user, key) if owner_of else saved_counts.find(key)
    except saved_counts.NoSuchCount as exc:
        raise Http404(str(exc)) from None


@require_GET
def saved(request: HttpRequest, saved_key: str) -> HttpResponse:
    """A saved count, for anyone with its link; its owner sees the way to delete it."""
    from hustings.count.report import round_table

    shown = saved_counts.shown(_saved_or_404(saved_key))
    context: dict[str, Any] = {
        "saved": shown.saved,
        "record": shown.record,
        "text": round_table(shown.result, shown.title),
        "downloads": [(d, _data_uri(d)) for d in shown.downloads],
        "is_owner": saved_counts.is_owner(request.user, shown.saved),
        "permalink": request.build_absolute_uri(reverse("explorer:saved", args=[saved_key])),
    }
    context.update(round_rows(shown.record))
    return render(request, "explorer/saved.html", context)


@require_http_methods(["GET", "POST"])
def saved_delete(request: HttpRequest, saved_key: str) -> HttpResponse:
    """Its owner deletes a saved count, after confirming; anyone else finds no such count here."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    saved = _saved_or_404(saved_key, owner_of=request)
    if request.method == "POST":
        saved_counts.delete(request.user, saved_key)
        messages.success(request, _("Deleted the saved count of %(file_name)s.") % {"file_name": saved.file_name})
        return redirect("explorer:count")
    return render(request, "explorer/saved_delete.html", {"saved": saved})
