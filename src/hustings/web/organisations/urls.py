"""The URLs of the pages of organisations and units."""

from __future__ import annotations

from django.urls import path

from hustings.web.organisations import views

app_name = "organisations"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("<str:code>/", views.unit, name="unit"),
]
