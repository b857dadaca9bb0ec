"""The URLs of the pages of adopted rulebooks."""

from __future__ import annotations

from django.urls import path

from hustings.web.rulebooks import views

app_name = "rulebooks"
urlpatterns = [
    path("", views.index, name="index"),
    path("adopt/", views.adopt, name="adopt"),
    path("<str:key>/", views.version, name="version"),
    path("<str:key>/diff/<str:other>/", views.diff, name="diff"),
]
