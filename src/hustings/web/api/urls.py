"""The API's URLs under /api/: the token page (`/api/tokens/`, HTML) and the Ninja API, with its
schema at `/api/openapi.json` and interactive documentation at `/api/docs`."""

from __future__ import annotations

from django.urls import path

from hustings.web.api import tokens
from hustings.web.api.api import api

app_name = "api"
urlpatterns = [
    path("tokens/", tokens.tokens, name="tokens"),
    *api.urls[0],
]
