"""The Django app of the pages of the audit log: its templates, static files and URLs, no models."""

from __future__ import annotations

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "hustings.web.audit"
    label = "web_audit"
    verbose_name = "Audit log (pages)"
