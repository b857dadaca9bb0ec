"""Errors as the caller can read them: JSON under the API, a page in words elsewhere, and a busy
database answered with 503 and "try again", never a 500.

- `ApiErrorsAsJsonMiddleware`: under `/api/` (but for its two HTML pages, the token page and the
  documentation) every error response is `application/json` with a `detail` in words, whoever
  made it: Django's 404 for a path no endpoint has, Ninja's bare 405, the 500 page of an
  unexpected exception (already logged by Django), a CSRF refusal. The API's own JSON errors
  pass through untouched.
- `DatabaseBusyMiddleware`: SQLite lets one writer at a time and makes the others wait up to its
  busy timeout (`database.py`); a write that waited longer still fails with "database is locked".
  That is no fault of the request, so the answer is 503 with `Retry-After`, saying nothing was
  saved (every write is one transaction, rolled back whole).
"""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse

RETRY_AFTER_SECONDS = 2
BUSY = "The site is busy and nothing was saved: please try again in a moment."


def is_api(request: HttpRequest) -> bool:
    """Under the API's root (`/api/`), but not its HTML pages: the token page and the documentation."""
    pages = (reverse("api:tokens"), reverse("api:openapi-view"))
    return request.path.startswith(reverse("api:api-root")) and not request.path.startswith(pages)


def _detail(request: HttpRequest, response: HttpResponse) -> str:
    status = response.status_code
    if status == 404:
        return f"no such resource: {request.path}"
    if status == 405:
        allowed = response.get("Allow", "")
        return f"method {request.method} is not allowed here" + (f" (allowed: {allowed})" if allowed else "")
    if status >= 500:
        return "internal server error: it has been logged; nothing was half-saved"
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "error"


class ApiErrorsAsJsonMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code < 400 or not is_api(request):
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        answer = JsonResponse({"detail": _detail(request, response)}, status=response.status_code)
        for header in ("Allow", "Retry-After", "WWW-Authenticate"):
            if header in response:
                answer[header] = response[header]
        return answer


def is_database_busy(exc: BaseException) -> bool:
    return isinstance(exc, OperationalError) and "database is locked" in str(exc)


def busy_response(request: HttpRequest) -> HttpResponse:
    if is_api(request):
        response: HttpResponse = JsonResponse({"detail": BUSY}, status=503)
    else:
        response = render(request, "503.html", {"message": BUSY}, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseBusyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        return busy_response(request) if is_database_busy(exception) else None
