"""The REST API: one `NinjaAPI`, each app's router added here. Every endpoint authenticates with a
token (`TokenAuth`) and checks its permission through `hustings.services.access` on the server."""

from __future__ import annotations

from ninja import NinjaAPI

from hustings.web.api.auth import TokenAuth

api = NinjaAPI(
    title="Hustings API",
    version="1",
    description="Organisations, units, members (officers only), eligibility, rulebooks, ballots and debates.",
    auth=TokenAuth(),
    urls_namespace="api",
)
