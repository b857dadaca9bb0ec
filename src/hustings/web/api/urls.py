from __future__ import annotations

from hustings.web.api.api import api

urlpatterns = [*api.urls[0]]
