"""The URLs of the pages of member imports."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from hustings.web.imports import views

app_name = "imports"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.job, name="job"),
    path("<int:pk>/progress", views.progress, name="progress"),
    path("<int:pk>/report.csv", views.report_csv, name="report_csv"),
    path("<int:pk>/apply", views.apply, name="apply"),
]
