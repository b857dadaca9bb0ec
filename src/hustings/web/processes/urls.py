"""The URLs of the pages of processes."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from hustings.web.processes import views

app_name = "processes"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.process_list, name="list"),
    path("new/", views.new, name="new"),
    path("suspensions/", views.suspensions, name="suspensions"),
    path("suspensions/<int:pk>/lift/", views.lift, name="lift"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/supporters/webhook/", views.webhook, name="webhook"),
    path("<int:pk>/<slug:name>/", views.action, name="action"),
]
