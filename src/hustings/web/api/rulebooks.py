"""API endpoints for the shipped rulebooks: the list, and one rulebook parsed, as JSON (any signed-in
caller; rulebooks are the organisation's published rules). Fractions are exact strings ("1/5")."""

from __future__ import annotations

from functools import cache

from django.http import HttpRequest
from ninja import Router
from ninja.errors import HttpError

from hustings.rules import Rulebook, load_rulebook, shipped_rulebooks
from hustings.web.api.schemas import Error, RulebookSummary, Text

router = Router(tags=["rulebooks"])


@cache
def shipped(name: str) -> Rulebook:
    """A shipped rulebook by name, read once (rulebooks are immutable). Only shipped names are
    looked up, never a path, so a caller cannot make the server read other files."""
    if name not in shipped_rulebooks():
        raise HttpError(404, f"no rulebook {name!r} (shipped: {', '.join(shipped_rulebooks())})")
    return load_rulebook(name)


@router.get("/", response={200: list[RulebookSummary], 401: Error}, summary="List the shipped rulebooks")
def list_rulebooks(request: HttpRequest) -> list[dict[str, object]]:
    rows = []
    for name in shipped_rulebooks():
        book = shipped(name)
        rows.append(
            {
                "name": book.name,
                "title": book.title,
                "organisation": book.organisation,
                "version": book.version,
                "effective": book.effective,
                "processes": sorted(book.processes),
            }
        )
    return rows


@router.get(
    "/{name}/", response={200: Rulebook, 401: Error, 404: Error}, summary="One rulebook, parsed", exclude_none=True
)
def get_rulebook(request: HttpRequest, name: Text) -> Rulebook:
    """The rulebook as validated: its sources, and for each process the electorate's conditions,
    the nomination gate's thresholds and any confidence rules, each rule citing its sources."""
    return shipped(name)
