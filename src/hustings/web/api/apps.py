"""The Django app of the REST API (Django Ninja): its templates and static files, no models."""

from __future__ import annotations

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "hustings.web.api"
    label = "api"
    verbose_name = "Api"
