"""URLs: the admin for now; the member, unit, officer and rulebook pages come with their views."""

from __future__ import annotations

from django.contrib import admin
from django.urls import path

urlpatterns = [
    path("admin/", admin.site.urls),
]
