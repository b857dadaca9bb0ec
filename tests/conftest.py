"""Suite-wide settings.

Property tests draw their examples deterministically and have no per-example
deadline, so that a run on a busy two-core CI machine neither flakes on time
nor differs from the run before; set HYPOTHESIS_PROFILE=explore for fresh
random examples while developing.

Accounts made by tests hash their passwords with a fast hasher (the real one is
deliberately slow: six accounts per fixture would cost seconds per test).
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", derandomize=True, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("explore", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings as django_settings

    django_settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
