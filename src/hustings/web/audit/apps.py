from __future__ import annotations

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "hustings.web.audit"
    label = "web_audit"
    verbose_name = "Audit log (pages)"
