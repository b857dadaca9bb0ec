"""The Django app of the models of the audit log, under the label its tables have always had."""

from __future__ import annotations

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "hustings.store.audit"
    label = "audit"
    verbose_name = "Audit log"
