"""URLs: each app's pages under its own prefix; the REST API under /api/ (schema at /api/openapi.json,
documentation at /api/docs)."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("hustings.web.accounts.urls")),
    path("units/", include("hustings.web.organisations.urls")),
    path("members/", include("hustings.web.members.urls")),
    path("imports/", include("hustings.web.imports.urls")),
    path("rulebooks/", include("hustings.web.rulebooks.urls")),
    path("audit/", include("hustings.web.audit.urls")),
    path("ballots/", include("hustings.web.ballots.urls")),
    path("processes/", include("hustings.web.processes.urls")),
    path("debates/", include("hustings.web.debates.urls")),
    path("api/", include("hustings.web.api.urls")),
    path("", include("hustings.web.explorer.urls")),
    path("i18n/", include("django.conf.urls.i18n")),  # set_language: the language switcher posts here
    path("admin/", admin.site.urls),
]

handler403 = "hustings.web.denied.permission_denied"  # the refusal in plain words, no permission code
