"""Officers' member search and a person's record on a 600,000-person register, at the server.

Builds a fresh register (a nation, 11 regions, 650 constituency parties of 3 branches each,
600,000 people with one membership each, a tenth of them lapsed) in a throw-away database —
a SQLite file in a temporary folder, or with `--postgres URL` a new PostgreSQL database created
beside the one the URL names and dropped afterwards — then times, best of 5, the member pages as
a general secretary and a branch secretary see them (Django's test client: view, queries and
template, no network). The goal (issue 6): every page under 100 ms. Run:

    .venv/bin/python benchmarks/members_search.py [--people N] [--postgres postgres://postgres@127.0.0.1:5432/test]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from database import throwaway_database

FIRST = [
    "Ada",
    "Bob",
    "Cat",
    "Dan",
    "Eve",
    "Fay",
    "Gus",
    "Hal",
    "Ian",
    "Joy",
    "Kim",
    "Lee",
    "Max",
    "Ned",
    "Oli",
    "Pat",
    "Roz",
    "Sam",
    "Tom",
    "Una",
    "Val",
    "Wyn",
    "Yan",
    "Zoe",
]
LAST = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Patel",
    "Wright",
    "Khan",
    "Evans",
    "Thomas",
    "Roberts",
    "Walker",
]
BATCH = 20_000


def load(people: int, seed: int) -> None:
    from django.contrib.auth.models import User

    from hustings.store.accounts.models import Role, RoleKind
    from hustings.store.members.models import Membership, Person, StatusChange
    from hustings.store.organisations.models import Organisation, Unit

    rng = random.Random(seed)
    org = Organisation.objects.create(slug="bench", name="Bench Party")
    nation = Unit.objects.create(organisation=org, code="n", name="Nation", kind="nation")
    regions = Unit.objects.bulk_create(
        [Unit(organisation=org, code=f"r{i}", name=f"Region {i}", kind="region", parent=nation) for i in range(11)]
    )
    clps = Unit.objects.bulk_create(
        [
            Unit(organisation=org, code=f"c{i}", name=f"CLP {i}", kind="constituency party", parent=regions[i % 11])
            for i in range(650)
        ]
    )
    branches = Unit.objects.bulk_create(
        [
            Unit(organisation=org, code=f"c{i}-b{j}", name=f"Branch {i}/{j}", kind="branch", parent=clp)
            for i, clp in enumerate(clps)
            for j in range(3)
        ]
    )
    for start in range(0, people, BATCH):
        stop = min(people, start + BATCH)
        rows = []
        for index in range(start, stop):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            rows.append(
                Person(ref=f"L{index:07d}", name=f"{first} {last}", email=f"{first}.{last}.{index}@example.org".lower())
            )
        persons = Person.objects.bulk_create(rows, batch_size=BATCH)
        memberships = Membership.objects.bulk_create(
            [Membership(person=p, unit=rng.choice(branches), category="member") for p in persons], batch_size=BATCH
        )
        changes = []
        for membership in memberships:
            joined = dt.date(2000, 1, 1) + dt.timedelta(days=rng.randrange(9000))
            changes.append(StatusChange(membership=membership, status="joined", on=joined))
            if rng.random() < 0.1:
                changes.append(StatusChange(membership=membership, status="lapsed", on=joined + dt.timedelta(days=400)))
        StatusChange.objects.bulk_create(changes, batch_size=BATCH)
    secretary = User.objects.create_user("gs", password="x-bench-pw")
    Role.objects.create(user=secretary, kind=RoleKind.GENERAL_SECRETARY, organisation=org)
    branch = User.objects.create_user("bs", password="x-bench-pw")
    Role.objects.create(user=branch, kind=RoleKind.SECRETARY, organisation=org, unit=branches[0])


def best(run: Callable[[], object], times: int = 5) -> tuple[float, float]:
    """The best wall time and the best CPU time of this process (the CPU time is steadier on a
    shared machine; on PostgreSQL it leaves out the server's own work)."""
    walls, cpus = [], []
    for _ in range(times):
        wall, cpu = time.perf_counter(), time.process_time()
        run()
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
    return min(walls), min(cpus)


def measure(people: int) -> list[tuple[str, tuple[float, float]]]:
    from django.contrib.auth.models import User
    from django.test import Client

    from hustings.store.members.models import Membership

    clients = {}
    for name in ("gs", "bs"):
        client = Client(HTTP_HOST="localhost")
        client.force_login(User.objects.get(username=name))
        clients[name] = client
    branch_member = Membership.objects.filter(unit__code="c0-b0").values_list("person__ref", flat=True).first()
    middle = f"L{people // 2:07d}"
    pages = [
        ("gs", "/members/", "general secretary: first page, no filter"),
        ("gs", "/members/?q=zoe+wal", "general secretary: name prefix 'zoe wal'"),
        ("gs", f"/members/?q={middle}", "general secretary: membership number"),
        ("gs", "/members/?q=ada.smith.123@example.org", "general secretary: e-mail"),
        ("gs", "/members/?unit=c17", "general secretary: one CLP and its branches"),
        ("gs", "/members/?unit=r3&standing=lapsed", "general secretary: lapsed in one region"),
        ("gs", f"/members/?after={middle}", "general secretary: a page half-way through"),
        ("bs", "/members/", "branch secretary: first page of their branch"),
        ("bs", "/members/?q=eve", "branch secretary: name prefix 'eve'"),
        ("gs", f"/members/{middle}/", "general secretary: a person's record"),
        ("bs", f"/members/{branch_member}/", "branch secretary: a person's record"),
    ]
    results = []
    for who, url, label in pages:
        client = clients[who]
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} as {who}: status {response.status_code}")
        results.append((label, best(lambda c=client, u=url: c.get(u))))
    return results


@contextmanager
def loaded_register(label: str, doc: str) -> Iterator[int]:
    """Read `--people`, `--seed` and `--postgres`, make a throw-away database (`database.py`), load
    the register into it with the planners' statistics, print how long that took, and yield the
    number of people; the database is dropped afterwards."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--people", type=int, default=600_000)
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument("--postgres", help="a PostgreSQL URL; the benchmark creates and drops its own database there")
    args = parser.parse_args()
    with throwaway_database(label, args.postgres) as vendor:
        from django.db import connection

        start = time.perf_counter()
        load(args.people, args.seed)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # the planners' statistics, as a running database has them
        print(f"{vendor}: loaded {args.people:,} people in {time.perf_counter() - start:.1f} s")
        yield args.people


def main() -> None:
    with loaded_register("members", __doc__) as people:
        print(f"{'page':<52} {'wall ms':>8} {'cpu ms':>8}")
        for label, (wall, cpu) in measure(people):
            flag = "" if wall < 0.1 else "  (over 100 ms)"
            print(f"{label:<52} {wall * 1000:8.1f} {cpu * 1000:8.1f}{flag}")


if __name__ == "__main__":
    sys.exit(main())
