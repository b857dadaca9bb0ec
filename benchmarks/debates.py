"""Debates at the server on PostgreSQL: the first page of a 10,000-comment debate, and posting.

Builds, in its own database (made afresh each run and dropped at the end; default
`postgres://postgres@127.0.0.1:5432/hustings_bench_debates`), a party with a constituency party of
three branches and 300 members, and a debate of 10,000 comments: 1,000 threads of 10 comments
each, replies up to four deep. Then:

1. Render: the debate's first page (20 threads, 200 comments, with the comment box) as a signed-in
   member, 20 times through Django's test client (view, queries, template; no network): median and
   p95. Goal (issue 8): under 150 ms.
2. Post: comments through real HTTP to gunicorn (2 gthread workers of 8 threads) from a pool of
   client threads, each request a different member's API token (`POST /api/debates/<id>/comments/`,
   the same service as the page), sent open-loop at a fixed rate (default 100 per second for 5
   seconds): achieved rate, median and p95 latency. Goal: 100 comments per second with p95 under
   200 ms. Before it, 100 posts one after another through the test client give the server's own
   time per comment.

    .venv/bin/python benchmarks/debates.py [--postgres URL] [--rate 100] [--seconds 5]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

from database import throwaway_database

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/hustings_bench_debates"
MEMBERS = 300
THREADS = 1_000
PER_THREAD = 10
BODY = (
    "I think **members** should choose. See [the rulebook](https://example.org/rules) and\n\n"
    "> the NEC's view\n\nfor more."
)


def seed() -> tuple[int, list[str]]:
    """The party, members with API tokens, and the debate; returns the debate's id and the keys."""
    import datetime as dt

    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import User
    from django.utils import timezone

    from hustings.rules import Category, Status
    from hustings.services.debates import rendering
    from hustings.store.accounts.models import ApiToken
    from hustings.store.debates.models import Comment, Debate
    from hustings.store.members.models import Membership, Person, StatusChange
    from hustings.store.organisations.models import Organisation, Unit

    org = Organisation.objects.create(slug="bench", name="Bench Party")
    clp = Unit.objects.create(organisation=org, code="clp", name="Wallasey CLP", kind="constituency party")
    branches = [
        Unit.objects.create(organisation=org, code=f"b{i}", name=f"Branch {i}", kind="branch", parent=clp)
        for i in range(3)
    ]
    password = make_password("bench-password-2016")
    users = User.objects.bulk_create([User(username=f"m{i}", password=password) for i in range(MEMBERS)])
    people = Person.objects.bulk_create(
        [Person(ref=f"B{i:05}", name=f"Member {i}", user=u) for i, u in enumerate(users)]
    )
    memberships = Membership.objects.bulk_create(
        [Membership(person=p, unit=branches[i % 3], category=Category.MEMBER) for i, p in enumerate(people)]
    )
    StatusChange.objects.bulk_create(
        [StatusChange(membership=m, status=Status.JOINED, on=dt.date(2010, 1, 1)) for m in memberships]
    )
    keys = [ApiToken.issue(u, "bench")[1] for u in users]
    now = timezone.now()
    debate = Debate.objects.create(title="Mandatory reselection", unit=clp, closes_at=now + dt.timedelta(days=7))
    html = rendering.render(BODY)
    start = now - dt.timedelta(days=3)

    made = iter(range(THREADS * PER_THREAD))

    def comment(when: dt.datetime, parent: Comment | None) -> Comment:
        return Comment(
            debate=debate,
            author=users[next(made) % MEMBERS],
            parent=parent,
            thread_id=(parent.thread_id or parent.pk) if parent else None,
            depth=parent.depth + 1 if parent else 0,
            body=BODY,
            html=html,
            created_at=when,
        )

    # Each thread of 10: the root, 3 replies to it, 3 replies to the first of those, then 2 and 1
    # deeper still (five levels, so the page shows collapsed <details> too).
    second = dt.timedelta(seconds=1)
    level = Comment.objects.bulk_create([comment(start + t * PER_THREAD * second, None) for t in range(THREADS)])
    previous = 1
    for fan in (3, 3, 2, 1):
        heads = level[::previous]
        level = Comment.objects.bulk_create(
            [comment(head.created_at + (k + 1) * second / 10, head) for head in heads for k in range(fan)]
        )
        previous = fan
    total = Comment.objects.filter(debate=debate).count()
    print(f"seeded: {MEMBERS} members, {total:,} comments in {THREADS:,} threads of {PER_THREAD}, five levels deep")
    return debate.pk, keys


def render(debate_id: int, runs: int) -> tuple[list[float], list[float]]:
    """Wall times and this process's CPU times (the Python side, without the database's) in ms."""
    from django.contrib.auth.models import User
    from django.test import Client

    client = Client()
    client.force_login(User.objects.get(username="m0"))
    url = f"/debates/{debate_id}/"
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response.content.count(b'class="comment"') == 20 * PER_THREAD, "the first page should hold 20 threads"
    times, cpu = [], []
    for _ in range(runs):
        began, began_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        times.append((time.perf_counter() - began) * 1000)
        cpu.append((time.process_time() - began_cpu) * 1000)
        assert response.status_code == 200
    return times, cpu


def post_in_process(debate_id: int, keys: list[str], count: int) -> list[float]:
    """Latencies (ms) of `count` posts one after another through Django's test client (the API
    endpoint, each a different member's token): the server's own time per comment, no network."""
    from django.test import Client

    times = []
    for i in range(count):
        client = Client(headers={"Authorization": f"Bearer {keys[i % len(keys)]}"})
        body = {"body": f"In-process comment {i}: *yes*."}
        began = time.perf_counter()
        response = client.post(f"/api/debates/{debate_id}/comments/", body, content_type="application/json")
        times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 201, response.content
    return times


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def post(port: int, debate_id: int, keys: list[str], rate: int, seconds: int) -> tuple[list[float], float, int]:
    local = threading.local()
    count = rate * seconds
    statuses: list[int] = []

    def one(i: int, due: float) -> float:
        delay = due - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        conn = getattr(local, "conn", None)
        if conn is None:
            conn = local.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        body = json.dumps({"body": f"Comment {i} from the benchmark: *yes*."})
        headers = {"Authorization": f"Bearer {keys[i % len(keys)]}", "Content-Type": "application/json"}
        began = time.perf_counter()
        try:
            conn.request("POST", f"/api/debates/{debate_id}/comments/", body, headers)
            response = conn.getresponse()
            response.read()
        except (http.client.HTTPException, OSError):
            local.conn = None
            statuses.append(0)
            return (time.perf_counter() - began) * 1000
        statuses.append(response.status)
        if response.getheader("Connection", "").lower() == "close":
            conn.close()
            local.conn = None
        return (time.perf_counter() - began) * 1000

    start = time.perf_counter() + 0.2
    with ThreadPoolExecutor(max_workers=32) as pool:
        futures = [pool.submit(one, i, start + i / rate) for i in range(count)]
        latencies = [f.result() for f in futures]
    elapsed = time.perf_counter() - start
    created = sum(1 for s in statuses if s == 201)
    if created != count:
        print(f"  statuses: { {s: statuses.count(s) for s in set(statuses)} }")
    return latencies, created / elapsed, created


def server_cpu(master: int) -> float:
    """CPU seconds (user + system) used so far by gunicorn's master and its workers (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    pids = [master]
    children = Path(f"/proc/{master}/task/{master}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / ticks


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default=DEFAULT_URL)
    parser.add_argument("--rate", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=8, help="threads per gunicorn worker")
    args = parser.parse_args()

    env = {
        "DJANGO_SETTINGS_MODULE": "hustings.web.settings",
        "HUSTINGS_SECRET_KEY": "benchmark-only-secret-key-not-for-production-use-0123456789",
        "HUSTINGS_ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
    }
    os.environ.update(env)
    with throwaway_database("debates", args.postgres, name=urlsplit(args.postgres).path.lstrip("/")):
        measure(args, env)
    return 0


def measure(args: argparse.Namespace, env: dict[str, str]) -> None:
    """Seed the debate in the database the environment names, then time rendering and posting."""
    debate_id, keys = seed()

    print(
        "load average (1, 5, 15 min): " + ", ".join(f"{x:.1f}" for x in os.getloadavg()) + f" on {os.cpu_count()} CPUs"
    )
    times, cpu = render(debate_id, args.runs)
    median, high = statistics.median(times), p95(times)
    print(
        f"first page of 10,000 comments ({args.runs} requests, test client): "
        f"median {median:.1f} ms, p95 {high:.1f} ms  "
        f"[goal < 150 ms: {'met' if high < 150 else 'NOT met'}]"
    )
    print(f"  (Python CPU per render, without the database's: median {statistics.median(cpu):.1f} ms)")

    serial = post_in_process(debate_id, keys[:100], 100)
    print(
        f"posting in process (100 comments one after another, test client): median {statistics.median(serial):.1f} ms, "
        f"p95 {p95(serial):.1f} ms, {1000 / statistics.mean(serial):.0f}/s from one thread"
    )

    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "hustings.web.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "4",
            "--worker-class",
            "gthread",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**os.environ, **env},
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        post(port, debate_id, keys[-10:], 10, 1)  # warm both workers
        cpu_before = server_cpu(server.pid)
        latencies, achieved, created = post(port, debate_id, keys[:-10], args.rate, args.seconds)
        cpu_per_post = (server_cpu(server.pid) - cpu_before) / max(1, created) * 1000
    finally:
        server.terminate()
        server.wait(timeout=10)
    median, high = statistics.median(latencies), p95(latencies)
    ok = achieved >= args.rate * 0.97 and high < 200 and created == args.rate * args.seconds
    print(
        f"posting over HTTP (gunicorn {args.workers}x{args.threads} gthread, 32 client threads, "
        f"open loop at {args.rate}/s for {args.seconds} s): "
        f"{created} created, {achieved:.1f}/s, median {median:.1f} ms, p95 {high:.1f} ms  "
        f"[goal 100/s with p95 < 200 ms: {'met' if ok else 'NOT met'}]"
    )
    print(f"  (gunicorn CPU per comment posted, without the database's: {cpu_per_post:.1f} ms)")


if __name__ == "__main__":
    sys.exit(main())
