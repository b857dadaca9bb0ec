"""The REST API: one `NinjaAPI`, each app's router added here. Every endpoint authenticates with a
bearer token (`TokenAuth`) or the signed-in session (`SessionAuth`, with Django's CSRF check on
unsafe methods) and checks its permission through `hustings.services.access` on the server.

Every error is JSON with a `detail`: a refusal by `access` (`PermissionDenied`) is a 403 with its
reason; anything Ninja does not answer itself is made JSON by `hustings.web.errors`."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Swagger

from hustings.web.api import eligibility, register, rulebooks
from hustings.web.api.auth import SessionAuth, TokenAuth
from hustings.web.ballots.api import router as ballots_router
from hustings.web.debates.api import router as debates_router
from hustings.web.explorer.api import router as explorer_router


class LocalSwagger(Swagger):
    """Ninja's Swagger UI page (its own static files, no inline script), with the one source more
    its stylesheet needs: the icons it draws as `data:` images."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        response = super().render_page(request, api, **kwargs)
        response.csp_update = {"img-src": "'self' data:"}  # type: ignore[attr-defined]
        return response


api = NinjaAPI(
    title="Hustings API",
    version="1",
    description=(
        "Organisations, units, members (officers only), eligibility, rulebooks, ballots, debates; and, for"
        " anyone, real elections under other systems and the count of a ballot file."
    ),
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
    docs=LocalSwagger(),
)
api.add_router("/organisations/", register.organisations)
api.add_router("/units/", register.units)
api.add_router("/members/", register.members)
api.add_router("/eligibility/", eligibility.router)
api.add_router("/rulebooks/", rulebooks.router)
api.add_router("/debates/", debates_router)
api.add_router("/ballots/", ballots_router)
api.add_router("/", explorer_router)


@api.exception_handler(PermissionDenied)
def refused(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "permission denied"}, status=403)
