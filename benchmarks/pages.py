"""Server time of every page of the web application with the full demo loaded.

Loads the demo (`hustings.demo.party`: 650 constituency parties, 212 MPs and MEPs, `--members`
generated people, and whatever the demo's seeding hooks add) into a SQLite file of its own,
discovers every URL pattern from Django's resolver (the admin aside), fills each parameter with a
real value from the demo (a unit code, a person's reference, a membership, a rulebook version, the
first row of the model a pattern names), then asks each page with Django's test Client as each demo
login (and anonymously) `--repeat` times and prints the median and 95th percentile of the time the
application took, with the number of queries. A page refused (403), redirected or missing is asked
once; a 405 marks an endpoint that takes POST only. The goal (issue 6): every page under 100 ms.
Run:

    .venv/bin/python benchmarks/pages.py [--members 3000] [--repeat 20] [--only /members/]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

GOAL_MS = 100.0
VISITORS = ["anonymous", "member", "secretary", "general-secretary", "returning-officer", "auditor"]
_PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
_PLURALS = {"processes": "process", "suspensions": "suspension", "reports": "report"}


@dataclass
class Page:
    pattern: str
    name: str
    url: str = ""
    skipped: str = ""
    times: dict[str, list[float]] = field(default_factory=dict)
    status: dict[str, int] = field(default_factory=dict)
    queries: dict[str, int] = field(default_factory=dict)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=3000, help="generated people (default 3000, the demo's)")
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument("--repeat", type=int, default=20, help="times each page is asked (default 20)")
    parser.add_argument("--only", default="", help="only the URLs that contain this text")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="hustings-pages-") as folder:
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/pages.sqlite3"
        os.environ["HUSTINGS_DATA_DIR"] = folder
        os.environ["HUSTINGS_ALLOWED_HOSTS"] = "testserver"
        os.environ["DJANGO_SETTINGS_MODULE"] = "hustings.web.settings"
        os.environ.pop("HUSTINGS_WEB_DEBUG", None)
        import django

        django.setup()
        from django.core.management import call_command

        from hustings.demo.party import demo_logins, demo_register, load_demo

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        load_demo(demo_register(args.seed, args.members))
        demo_logins()
        print(f"demo loaded in {time.perf_counter() - started:.1f} s ({args.members:,} members + 212 MPs and MEPs)")
        pages = [page for page in discover() if args.only in (page.url or page.pattern)]
        for page in pages:
            if not page.skipped:
                measure(page, args.repeat)
        report(pages, args.repeat)


# --- finding the pages and their parameters ------------------------------------------------------


def discover() -> list[Page]:
    """Every URL pattern but the admin's, with real values for its parameters (or why it has none)."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(patterns: list[Any], prefix: str, namespace: str) -> Iterator[tuple[str, str]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern), f"{namespace}:{pattern.name or ''}"

    values = _Values()
    pages: list[Page] = []
    for route, name in walk(get_resolver().url_patterns, "/", ""):
        if route.startswith("/admin/"):
            continue
        page = Page(route, name)
        try:
            page.url = _PARAMETER.sub(values.filler(route), route)
        except LookupError as missing:
            page.skipped = str(missing.args[0])
        pages.append(page)
        for extra in values.extra(name):
            pages.append(Page(route, name, url=extra))
    return pages


class _Values:
    """Real values from the demo for the parameters of URL patterns."""

    def __init__(self) -> None:
        from hustings.store.members.models import Membership

        self.membership = Membership.objects.select_related("unit__parent__parent").get(person__ref="L000001")
        branch = self.membership.unit
        clp = branch.parent
        region = clp.parent if clp is not None else None
        self.units = [u.code for u in (branch, clp, region) if u is not None] + ["eng", "party"]

    def filler(self, route: str) -> Callable[[re.Match[str]], str]:
        return lambda match: self.value(route, match.start(), match.group("name"))

    def value(self, route: str, at: int, name: str) -> str:
        if name == "code":
            return self.units[0]
        if name == "ref":
            return "L000001"
        if name == "membership":
            return str(self.membership.pk)
        if name in ("key", "other"):
            return self._rulebook_keys()[0 if name == "key" else 1]
        if name == "name" and route.startswith("/api/"):
            return "labour-2016"
        if name == "name" and route.startswith("/processes/"):
            from hustings.web.processes.views import ACTIONS

            return next(iter(ACTIONS))
        if name in ("uidb64", "token"):
            return self._reset_link()[name]
        return str(self._first_row(route, at, name))

    def extra(self, name: str) -> list[str]:
        """More URLs for the pages whose cost depends on the unit asked for."""
        if name == "organisations:unit":
            return [f"/units/{code}/" for code in self.units[1:]]
        if name == "members:search":
            return ["/members/?q=Smith", *(f"/members/?unit={code}" for code in self.units[1:])]
        if name == "api:list_members":
            return [f"/api/members/?unit={code}" for code in self.units[1:3]]
        if name == "api:check_eligibility":
            query = "person=L000001&rulebook=labour-2016&process=leadership_challenge&date=2016-08-22"
            return [f"/api/eligibility/?{query}"]
        return []

    def _rulebook_keys(self) -> tuple[str, str]:
        from hustings.services import rulebooks

        for versions in rulebooks.families().values():
            if len(versions) > 1:
                return versions[0].key, versions[1].key
        raise LookupError("no rulebook with two versions")

    def _reset_link(self) -> dict[str, str]:
        from django.contrib.auth.models import User
        from django.contrib.auth.tokens import default_token_generator
        from django.utils.encoding import force_bytes
        from django.utils.http import urlsafe_base64_encode

        user = User.objects.get(username="member")
        return {
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        }

    def _first_row(self, route: str, at: int, name: str) -> int:
        """The first row of the model the pattern names: `<debate_id>`, or the segment before `<pk>`."""
        from django.apps import apps

        segments = [s for s in route[:at].split("/") if s]
        app = segments[0] if segments[0] != "api" else segments[1]
        wanted = name.removesuffix("_id") if name != "pk" else segments[-1]
        wanted = _PLURALS.get(wanted, wanted.removesuffix("s"))
        for config in apps.get_app_configs():
            if config.label != app and not config.name.endswith(f".{app}"):
                continue
            models = sorted(config.get_models(), key=lambda m: (not m.__name__.lower().startswith(wanted), m.__name__))
            for model in models:
                if wanted in model.__name__.lower():
                    pk = model.objects.order_by("pk").values_list("pk", flat=True).first()
                    if pk is None:
                        raise LookupError(f"no {model.__name__} in the demo")
                    return int(pk)
        raise LookupError(f"no model for <{name}>")


# --- asking ------------------------------------------------------------------------------------


def measure(page: Page, repeat: int) -> None:
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client

    for visitor in VISITORS:
        client = Client()
        if visitor != "anonymous":
            client.force_login(User.objects.get(username=visitor))
        counter = _Queries()
        with connection.execute_wrapper(counter):
            status = _get(client, page.url)[0]
        page.status[visitor] = status
        page.queries[visitor] = counter.count
        if status != 200:
            continue
        page.times[visitor] = [_get(client, page.url)[1] for _ in range(repeat)]


class _Queries:
    """Counts the queries of one request (an execute wrapper)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute: Callable[..., Any], *args: Any) -> Any:
        self.count += 1
        return execute(*args)


def _get(client: Any, url: str) -> tuple[int, float]:
    started = time.perf_counter()
    response = client.get(url)
    if response.streaming:
        b"".join(response.streaming_content)
    else:
        response.content  # noqa: B018 - rendered already; read as a server would send it
    return response.status_code, (time.perf_counter() - started) * 1000


# --- the report --------------------------------------------------------------------------------


def report(pages: list[Page], repeat: int) -> None:
    print(f"\nServer time per page (ms, {repeat} requests each, Django's test Client; the goal: under {GOAL_MS:.0f})")
    print(f"{'page':<58} {'visitor':<18} {'median':>7} {'p95':>7} {'queries':>7}")
    slow: list[tuple[str, str, float, float]] = []
    for page in pages:
        if page.skipped:
            continue
        for visitor, times in page.times.items():
            median, p95 = statistics.median(times), _p95(times)
            flag = "  SLOW" if p95 >= GOAL_MS else ""
            print(f"{page.url:<58} {visitor:<18} {median:>7.1f} {p95:>7.1f} {page.queries[visitor]:>7}{flag}")
            if p95 >= GOAL_MS:
                slow.append((page.url, visitor, median, p95))
        others = sorted({s for s in page.status.values() if s != 200})
        for status in others:
            who = ", ".join(v for v, s in page.status.items() if s == status)
            print(f"{page.url:<58} {status} for {who}")
    measured = sum(len(page.times) for page in pages)
    print(f"\n{measured} page-visitor pairs timed; {len(slow)} at or over {GOAL_MS:.0f} ms at p95")
    for url, visitor, median, p95 in slow:
        print(f"  SLOW {url} as {visitor}: median {median:.1f} ms, p95 {p95:.1f} ms")
    only_post = [page.url for page in pages if 405 in page.status.values()]
    if only_post:
        print("Skipped, POST only (405 to GET):")
        for url in only_post:
            print(f"  {url}")
    never = [page for page in pages if not page.skipped and not page.times]
    if never:
        print("Asked, but no visitor got a page (status for each):")
        for page in never:
            print(f"  {page.url}: {sorted(set(page.status.values()))}")
    skipped = [page for page in pages if page.skipped]
    if skipped:
        print("Skipped, no value for a parameter:")
        for page in skipped:
            print(f"  {page.pattern}: {page.skipped}")


def _p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


if __name__ == "__main__":
    main()
