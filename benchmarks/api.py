"""The REST API on a 600,000-person register, at the server: each endpoint as an officer's program
would call it, with a bearer token.

Builds the register of `members_search.py` (a nation, 11 regions, 650 constituency parties of 3
branches each, 600,000 people) in a throw-away database — a SQLite file in a temporary folder, or
with `--postgres URL` a new PostgreSQL database beside the one the URL names, dropped afterwards —
then times, best of 5, each call through Django's test client (authentication, permission checks,
queries and JSON; no network). The goal (issue 6): every answer under 100 ms. Run:

    .venv/bin/python benchmarks/api.py [--people N] [--postgres postgres://postgres@127.0.0.1:5432/test]
"""

from __future__ import annotations

import sys

from members_search import best, loaded_register


def measure(people: int) -> list[tuple[str, int, tuple[float, float]]]:
    from django.contrib.auth.models import User
    from django.test import Client

    from hustings.store.accounts.models import ApiToken
    from hustings.store.members.models import Membership

    keys = {name: ApiToken.issue(User.objects.get(username=name), "bench")[1] for name in ("gs", "bs")}
    branch_member = Membership.objects.filter(unit__code="c0-b0").values_list("person__ref", flat=True).first()
    middle = f"L{people // 2:07d}"
    eligibility = "/api/eligibility/?rulebook=labour-2016&process=leadership_challenge&date=2016-08-01&person="
    calls = [
        ("gs", "/api/organisations/", "organisations"),
        ("gs", "/api/units/", "the whole unit tree (2,612 units)"),
        ("gs", "/api/units/?parent=c17", "one CLP's branches"),
        ("gs", "/api/units/c17-b1/", "one unit with ancestors and children"),
        ("gs", "/api/members/", "general secretary: first page of 50"),
        ("gs", f"/api/members/?after={middle}", "general secretary: a page half-way through"),
        ("gs", "/api/members/?q=zoe+wal", "general secretary: name prefix 'zoe wal'"),
        ("gs", f"/api/members/?q={middle}", "general secretary: membership number"),
        ("gs", "/api/members/?unit=c17", "general secretary: one CLP and its branches"),
        ("bs", "/api/members/", "branch secretary: their branch"),
        ("gs", f"/api/members/{middle}/", "general secretary: a person's record"),
        ("bs", f"/api/members/{branch_member}/", "branch secretary: a person's record"),
        ("gs", eligibility + middle, "general secretary: eligibility with reasons"),
        ("bs", eligibility + str(branch_member), "branch secretary: eligibility with reasons"),
        ("gs", "/api/rulebooks/", "rulebooks"),
        ("gs", "/api/rulebooks/labour-2016/", "one rulebook as JSON"),
        ("gs", "/api/openapi.json", "the OpenAPI schema"),
    ]
    client = Client(HTTP_HOST="localhost")
    results = []
    for who, url, label in calls:
        headers = {"HTTP_AUTHORIZATION": f"Bearer {keys[who]}"}
        response = client.get(url, **headers)
        if response.status_code != 200:
            raise SystemExit(f"{url} as {who}: status {response.status_code} {response.content[:200]!r}")
        results.append((label, len(response.content), best(lambda u=url, h=headers: client.get(u, **h))))
    return results


def main() -> None:
    with loaded_register("api", __doc__) as people:
        print(f"{'call':<48} {'bytes':>8} {'wall ms':>8} {'cpu ms':>8}")
        for label, size, (wall, cpu) in measure(people):
            flag = "" if wall < 0.1 else "  (over 100 ms)"
            print(f"{label:<48} {size:8,} {wall * 1000:8.1f} {cpu * 1000:8.1f}{flag}")


if __name__ == "__main__":
    sys.exit(main())
