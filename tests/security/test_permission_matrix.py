"""The generated permission matrix: every URL pattern (walked from `get_resolver()`, the admin's
and the API's included) and every API operation (from the OpenAPI schema), read and written as
each identity of `tests.web.visitors.WORLD_VISITORS`, with the route's parameters filled with real
objects of the first organisation (so a second organisation's officer tries to reach them).

The expected outcomes are the data of `tests.security.permission_table.EXPECTED`; a route with no
entry there, or an entry with no route, fails the suite, so a new page cannot escape the matrix. A
visitor the table allows must be answered (anything but a refusal or a server error); any other
visitor must be refused (401, 403, 404, 405, or sent to a sign-in page), and a refused write must
leave the database as it was (the row count of every table, the audit log's included), as must any
write by an outsider (a second organisation's officer, the suspended branch's, anyone anonymous). Every
request runs in a savepoint that is rolled back, so each starts from the same world.
`docs/web.md`'s table of who may do what is rendered from the same data (`render_markdown`)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from tests.security.permission_table import ADMIN, BEGIN, END, EXPECTED, OUTSIDERS, WRITES, render_markdown
from tests.web.visitors import WORLD_VISITORS, World

from hustings.web.api.api import api

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).resolve().parents[2] / "docs" / "web.md"
REFUSED = {401, 403, 404, 405}
SIGN_IN = ("/accounts/login/", "/admin/login/")


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str, URLPattern]]:
    """(name, route as written, pattern) of every URL pattern; an unnamed one is named by its route."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(n for n in (namespace, entry.namespace or "") if n)
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        else:
            route = prefix + str(entry.pattern)
            name = entry.name or route
            yield (f"{namespace}:{name}" if namespace else name), route, entry


def _is_operation(pattern: URLPattern) -> bool:
    return getattr(pattern.callback, "__module__", "") == "ninja.operation"


def page_routes() -> dict[str, tuple[str, URLPattern]]:
    """Every URL pattern except the API's operations (those come from the schema): name -> (route, pattern)."""
    return {name: (route, p) for name, route, p in _walk(get_resolver().url_patterns) if not _is_operation(p)}


def operations() -> dict[str, str]:
    """`"METHOD /api/path/{param}/"` for every operation of the OpenAPI schema -> its path."""
    schema = api.get_openapi_schema()
    return {
        f"{method.upper()} {path}": path
        for path, methods in schema["paths"].items()
        for method in methods
        if method in ("get", "post", "put", "patch", "delete")
    }


def _key(name: str) -> str:
    """Every admin page shares one entry, but for its sign-in and sign-out pages (open to all)."""
    return ADMIN if name.startswith("admin:") and name not in EXPECTED else name


def _parameters(world: World, name: str) -> dict[str, object]:
    """The first organisation's object for each parameter a route names."""
    o = world.objects
    by_route = {
        "ballots:results": o["published"],
        "ballots:export": o["published"],
        "ballots:board": o["published"],
        "ballots:board_json": o["published"],
        "processes:lift": o["suspension"],
        "debates:dismiss": o["report"],
        "debates:vote": o["question"],
        "debates:answer": o["question"],
    }
    by_prefix = {"imports": o["import_job"], "ballots": o["ballot"], "processes": o["process"]}
    comment_routes = ("reply", "edit", "history", "report", "hide", "unhide")
    pk = by_route.get(name)
    if pk is None and name.startswith("debates:"):
        pk = o["comment"] if name.split(":")[1] in comment_routes else o["debate"]
    if pk is None:
        pk = by_prefix.get(name.split(":")[0], 1)
    return {
        "pk": pk,
        "code": world.party.branch.code,
        "ref": world.party.person.ref,
        "membership": o["membership"],
        "key": "labour-2016",
        "other": o["adopted"],
        "name": "close-nominations" if name == "processes:action" else "labour-2016",
        "uidb64": "MQ",
        "token": "set-password",
        "app_label": "accounts",
        "object_id": o["role"],
        "content_type_id": 1,
        "debate_id": o["debate"],
        "ballot_id": o["published"],
        "id": world.users["member"].pk,
        "url": "nowhere/",
        "election": "ge2017",
        "saved_key": o["saved_count"],
        "count_key": o["background_count"],
    }


def _write_data(world: World, key: str) -> dict[str, object]:
    """What a page's form is sent: aimed at the first organisation as a whole, so that a scoped or a
    second organisation's officer who reaches the page is refused by the service."""
    rulebook = (resources.files("hustings.rules") / "rulebooks" / "labour-2021.yaml").read_text(encoding="utf-8")
    return {
        "accounts:roles": {"revoke": world.objects["role"]},
        "ballots:open": {
            "organisation": "party",
            "title": "A coup",
            "rulebook": "labour-2016",
            "process_kind": "leadership_challenge",
            "method": "irv",
            "seats": 1,
            "candidates": "A\nB",
        },
        "processes:new": {
            "organisation": "party",
            "kind": "leadership_challenge",
            "rulebook": "labour-2016",
            "title": "A coup",
        },
        "processes:suspensions": {"unit": world.party.nation.code, "rule": "a coup"},
        "rulebooks:adopt": {"organisation": "party", "yaml": rulebook, "version": "2021", "adopted_on": "2021-09-29"},
        "members:contact": {"name": "Ada Changed", "email": "ada@example.org"},
    }.get(key, {})


# What an API operation is sent (else `{}`, which its schema refuses, 422, before anything is read):
# a comment that parses, so that who may post is decided by the debate and its speaking rule; a
# proxy's appointment or cast that parses, so that the ballot and its rules decide.
API_BODIES: dict[str, dict[str, object]] = {
    "POST /api/debates/{debate_id}/comments/": {"body": "hello"},
    "POST /api/ballots/{ballot_id}/proxy": {"proxy": "L000002"},
    "POST /api/ballots/{ballot_id}/proxy/cast": {"appointer": "L000002", "preferences": ["Ann"]},
}


def _url(world: World, name: str, route: str, pattern: URLPattern) -> str:
    values = _parameters(world, name)
    if pattern.name:
        return reverse(name, kwargs={k: values[k] for k in pattern.pattern.regex.groupindex})
    route = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), route)  # path("<int:pk>/")
    return "/" + re.sub(r"\(\?P<\w+>[^)]*\)", "nowhere/", route).replace("^", "").replace("$", "")


def _api_url(world: World, path: str) -> str:
    values = _parameters(world, "api")
    return re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), path)


def _fingerprint() -> tuple[int, ...]:
    """The row count of every table (sessions aside), in one query."""
    tables = sorted(
        m._meta.db_table
        for m in apps.get_models()
        if m._meta.managed and not m._meta.proxy and m._meta.db_table != "django_session"
    )
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables))
        row = cursor.fetchone()
    return tuple(row)


def _outcome(response: Any) -> str:
    status = int(response.status_code)
    if status == 500:
        return "error"
    location = response.get("Location", "") if status in (301, 302) else ""
    if status in REFUSED or (location.startswith(SIGN_IN) and "next=" in location):
        return "refused"
    return "allowed"


def _attempt(client: Client, method: str, url: str, api_call: bool, data: dict[str, object]) -> tuple[str, bool]:
    """(outcome, whether the database changed), the request rolled back (and the visitor signed in
    again, should it have signed out)."""
    session = getattr(client, "session_key", None)
    if session is not None:
        client.cookies[settings.SESSION_COOKIE_NAME] = session
    with transaction.atomic():
        before = _fingerprint() if method != "GET" else None
        try:
            if api_call:
                response = client.generic(method, url, json.dumps(data), content_type="application/json")
            else:
                body = urlencode(data) if method != "GET" else ""
                response = client.generic(method, url, body, content_type="application/x-www-form-urlencoded")
            outcome = _outcome(response)
        except Exception as error:  # a server error, said as one
            outcome = f"error: {error!r}"[:200]
        changed = before is not None and _fingerprint() != before
        transaction.set_rollback(True)
    return outcome, changed


def attempts(world: World) -> Iterator[tuple[str, str, str, bool, dict[str, object]]]:
    """(table key, method, URL, whether it is an API call, form data) of every request to try."""
    for name, (route, pattern) in sorted(page_routes().items()):
        url = _url(world, name, route, pattern)
        for method in ("GET", *WRITES):
            yield _key(name), method, url, False, _write_data(world, name)
    for key, path in sorted(operations().items()):
        yield key, key.split()[0], _api_url(world, path), True, API_BODIES.get(key, {})


def test_every_route_and_operation_has_an_entry_and_every_entry_a_route() -> None:
    found = {_key(name) for name in page_routes()} | set(operations())
    assert sorted(found - set(EXPECTED)) == [], "routes with no entry in permission_table.EXPECTED"
    assert sorted(set(EXPECTED) - found) == [], "entries of permission_table.EXPECTED with no route"


def test_every_api_url_pattern_is_an_operation_of_the_schema() -> None:
    paths = set(operations().values())
    for name, route, pattern in _walk(get_resolver().url_patterns):
        if _is_operation(pattern):
            assert "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route) in paths, name


def _client(world: World, visitor: str) -> Client:
    client = Client()
    if visitor != "anonymous":
        client.force_login(world.users[visitor])
        client.session_key = client.cookies[settings.SESSION_COOKIE_NAME].value  # type: ignore[attr-defined]
    return client


@pytest.mark.parametrize("visitor", WORLD_VISITORS)
def test_each_identity_reads_and_writes_exactly_what_the_table_allows(world: World, visitor: str) -> None:
    client = _client(world, visitor)
    wrong: list[str] = []
    for key, method, url, api_call, data in attempts(world):
        allowed = visitor in EXPECTED[key].get(method, frozenset())
        outcome, changed = _attempt(client, method, url, api_call, data)
        expected = "allowed" if allowed else "refused"
        if outcome != expected:
            wrong.append(f"{method} {url} ({key}): {outcome}, expected {expected}")
        elif changed and (not allowed or visitor in OUTSIDERS):
            wrong.append(f"{method} {url} ({key}): {outcome}, and the database changed")
    assert not wrong, f"{visitor}:\n" + "\n".join(wrong)


def test_docs_web_md_shows_the_current_table() -> None:
    text = DOCS.read_text(encoding="utf-8")
    assert BEGIN in text and END in text, f"docs/web.md lacks the {BEGIN} ... {END} markers"
    shown = text[text.index(BEGIN) + len(BEGIN) : text.index(END)].strip()
    assert shown == render_markdown().strip(), "docs/web.md is stale: python -m tests.security.permission_table"
