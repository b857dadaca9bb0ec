"""Suite-wide settings.

Property tests draw their examples deterministically and have no per-example
deadline, so that a run on a busy two-core CI machine neither flakes on time
nor differs from the run before; set HYPOTHESIS_PROFILE=explore for fresh
random examples while developing.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", derandomize=True, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("explore", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
