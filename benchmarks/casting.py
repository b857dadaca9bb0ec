"""Casting through the real HTTP stack on PostgreSQL, and counting a 600,000-ballot box.

    .venv/bin/python benchmarks/casting.py [--voters 6000] [--connections 16] [--workers 2] [--threads 8] [--box 600000]

1. Creates its own database `hustings_bench_casting` on postgres://postgres@127.0.0.1:5432/ (dropped
   first if it exists, and at the end), migrates it, writes a register of `--voters` members, opens a ballot through
   the services (the roll frozen by the electorate service) and issues a voting code to each.
2. Serves `hustings.web.wsgi:application` with gunicorn (gthread workers) on a free port, and casts
   every voter's ballot through `POST /api/ballots/<id>/cast` from `--connections` keep-alive
   HTTP connections (Python threads, http.client) in two load-generator processes on the same machine.
   Prints sustained ballots per second and p50/p95/p99 latency, and checks the box and the roll.
3. Fills a second, closed ballot's box with `--box` ballots (COPY) and times `count_ballot` and
   `publish` (the GROUP BY of the box, the BLT export, the count, the board entries), then
   `verify_board` on its board.
Targets (issue 7): >= 300 ballots/s with p95 < 200 ms; count and publish of 600,000 under 5 s.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from database import throwaway_database

ROOT = Path(__file__).resolve().parent.parent
SERVER = "postgres://postgres@127.0.0.1:5432/"
NAME = "hustings_bench_casting"
CANDIDATES = ["Jeremy Corbyn", "Owen Smith", "Angela Eagle", "Yvette Cooper", "Andy Burnham"]


def django_env() -> dict[str, str]:
    """This process's environment (the database's URL included, once set) for the server."""
    env = dict(os.environ)
    env.update(HUSTINGS_SECRET_KEY="bench-" + "x" * 40, DJANGO_SETTINGS_MODULE="hustings.web.settings")
    env.pop("HUSTINGS_WEB_DEBUG", None)
    return env


def setup(voters: int) -> tuple[int, list[str]]:
    """The register, the ballot and its voting codes (in this process, through the services)."""
    import datetime as dt

    from django.contrib.auth.models import User

    from hustings.rules import Category, Status
    from hustings.store.accounts.models import Role, RoleKind
    from hustings.store.members.models import Membership, Person, StatusChange
    from hustings.store.organisations.models import Organisation, Unit

    org = Organisation.objects.create(slug="bench", name="Bench Party")
    unit = Unit.objects.create(organisation=org, code="bench-all", name="Everyone", kind="nation")
    people = Person.objects.bulk_create(Person(ref=f"B{n:07d}", name=f"Voter {n}") for n in range(voters))
    memberships = Membership.objects.bulk_create(
        Membership(person=p, unit=unit, category=Category.MEMBER) for p in people
    )
    StatusChange.objects.bulk_create(
        StatusChange(membership=m, status=Status.JOINED, on=dt.date(2012, 1, 1)) for m in memberships
    )
    officer = User.objects.create_user("bench-ro")
    Role.objects.create(user=officer, kind=RoleKind.RETURNING_OFFICER, organisation=org)
    return open_and_issue()


def open_and_issue() -> tuple[int, list[str]]:
    """A new ballot of the register `setup` wrote, open, with a voting code for each voter."""
    import datetime as dt

    from django.contrib.auth.models import User

    from hustings.services import ballots as svc

    officer = User.objects.get(username="bench-ro")
    started = time.perf_counter()
    ballot = svc.open_ballot(
        officer,
        organisation="bench",
        title="Bench leadership ballot",
        rulebook="labour-2016",
        process_kind="leadership_challenge",
        method="irv",
        seats=1,
        candidates=CANDIDATES,
        on_date=dt.date(2016, 8, 22),
    )
    opened = time.perf_counter() - started
    started = time.perf_counter()
    codes = list(svc.issue_credentials(officer, ballot).values())
    issued = time.perf_counter() - started
    print(f"setup: roll of {ballot.roll_size} frozen in {opened:.2f} s; {len(codes)} codes issued in {issued:.2f} s")
    return ballot.pk, codes


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(port: int, workers: int, threads: int) -> subprocess.Popen[bytes]:
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "hustings.web.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        "--worker-class=gthread",
        f"--threads={threads}",
        "--keep-alive=30",
        "--log-level=warning",
    ]
    process = subprocess.Popen(command, env=django_env(), cwd=ROOT)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("gunicorn did not start")


def ballot_for(rng: random.Random) -> list[str]:
    order = CANDIDATES[:]
    rng.shuffle(order)
    return order[: rng.randint(1, len(order))]


def load(port: int, ballot: int, codes: list[str], connections: int, out: multiprocessing.Queue) -> None:
    """One load-generator process: `connections` threads, each a keep-alive connection."""
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    queue = list(codes)
    rng = random.Random(len(codes))

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: list[float] = []
        while True:
            with lock:
                if not queue:
                    break
                code = queue.pop()
                prefs = ballot_for(rng)
            body = json.dumps({"credential": code, "preferences": prefs, "submission_id": secrets.token_hex(8)})
            started = time.perf_counter()
            try:
                conn.request("POST", f"/api/ballots/{ballot}/cast", body, {"Content-Type": "application/json"})
                response = conn.getresponse()
                data = response.read()
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                with lock:
                    failures.append(repr(exc))
                continue
            mine.append(time.perf_counter() - started)
            if response.status != 200:
                with lock:
                    failures.append(f"{response.status} {data[:100]!r}")
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    out.put((latencies, failures))


def cast_all(
    port: int, ballot: int, codes: list[str], connections: int, processes: int = 2
) -> tuple[float, float, float]:
    """Cast every code's ballot; (ballots per second, p50 ms, p95 ms)."""
    # Warm each worker (imports, first connection) before the clock starts.
    for _ in range(8):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", f"/ballots/{ballot}/board.json")
        conn.getresponse().read()
        conn.close()
    out: multiprocessing.Queue = multiprocessing.Queue()
    shares = [codes[i::processes] for i in range(processes)]
    per = max(1, connections // processes)
    workers = [multiprocessing.Process(target=load, args=(port, ballot, s, per, out)) for s in shares]
    started = time.perf_counter()
    for w in workers:
        w.start()
    results = [out.get() for _ in workers]
    elapsed = time.perf_counter() - started
    for w in workers:
        w.join()
    latencies = sorted(x for lat, _ in results for x in lat)
    failures = [f for _, fails in results for f in fails]
    ok = len(latencies) - len(failures)
    q = statistics.quantiles(latencies, n=100)
    print(
        f"casting: {ok} ballots in {elapsed:.2f} s = {ok / elapsed:.0f} ballots/s sustained; "
        f"latency p50 {q[49] * 1000:.1f} ms, p95 {q[94] * 1000:.1f} ms, p99 {q[98] * 1000:.1f} ms, "
        f"max {latencies[-1] * 1000:.1f} ms; {len(failures)} failures"
    )
    if failures:
        print("  first failures:", failures[:3])
    return ok / elapsed, q[49] * 1000, q[94] * 1000


def check_box(ballot: int, voters: int) -> None:
    from hustings.store.ballots.models import BoxEntry, RollEntry

    box = BoxEntry.objects.filter(ballot_id=ballot).count()
    voted = RollEntry.objects.filter(ballot_id=ballot, voted=True).count()
    print(
        f"check: {box} ballots in the box, {voted} marked voted on the roll of {voters}: "
        f"{'OK' if box == voted == voters else 'MISMATCH'}"
    )


def count_big_box(size: int) -> None:
    """A closed ballot with `size` ballots written by COPY; time count_ballot + publish + verify."""
    import uuid

    from django.contrib.auth.models import User
    from django.db import connection

    from hustings.board.chain import ballot_digest, ballots_digest, sha256, tracking_code
    from hustings.board.verify import verify_board
    from hustings.services import ballots as svc
    from hustings.services.ballots.board import append
    from hustings.store.ballots.models import Ballot, Status
    from hustings.store.organisations.models import Organisation

    officer = User.objects.get(username="bench-ro")
    big = Ballot.objects.create(
        organisation=Organisation.objects.get(slug="bench"),
        title="Bench count of a large box",
        rulebook="labour-2016",
        process_kind="leadership_challenge",
        method="irv",
        seats=1,
        candidates=CANDIDATES,
        opened_on="2016-08-22",
        credential_key=secrets.token_hex(32),
        roll_size=size,
    )
    opened = {"ballot_id": big.pk, "title": big.title, "organisation": "bench", "method": "irv", "seats": 1}
    append(big, "opened", {**opened, "candidates": CANDIDATES, "roll_size": size, "scrutineers": []})
    rng = random.Random(2016)
    shapes = [" ".join(str(CANDIDATES.index(c) + 1) for c in ballot_for(rng)) for _ in range(400)]
    started = time.perf_counter()
    digests = []
    with (
        connection.cursor() as cursor,
        cursor.connection.cursor().copy(
            "COPY ballots_boxentry (id, ballot_id, preferences, salt, digest, tracking_code, paper) FROM STDIN"
        ) as copy,
    ):
        for _ in range(size):
            prefs = shapes[rng.randrange(len(shapes))]
            salt = secrets.token_hex(16)
            digest = ballot_digest(big.pk, salt, prefs)
            digests.append(digest)
            copy.write_row((uuid.uuid4(), big.pk, prefs, salt, digest, tracking_code(digest), False))
    Ballot.objects.filter(pk=big.pk).update(status=Status.CLOSED)
    export = sha256(svc.export_blt(big))
    append(big, "closed", {"ballots": size, "ballots_digest": ballots_digest(digests), "export_sha256": export})
    print(f"box: {size} ballots written by COPY in {time.perf_counter() - started:.1f} s (set-up, not timed)")
    big.refresh_from_db()
    started = time.perf_counter()
    result = svc.count_ballot(officer, big)
    counted = time.perf_counter() - started
    svc.publish(officer, big)
    total = time.perf_counter() - started
    print(
        f"count: {size} ballots counted in {counted:.2f} s, count + publish {total:.2f} s "
        f"(target < 5 s): {result.winner} elected in {len(result.rounds)} rounds"
    )
    started = time.perf_counter()
    board = svc.bulletin_board(Ballot.objects.get(pk=big.pk))
    verdict = verify_board(board)
    print(
        f"verify: board of {len(board['ballots'])} ballots read and verified in "
        f"{time.perf_counter() - started:.2f} s: {verdict.verified}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--voters", type=int, default=6000)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--box", type=int, default=600_000)
    args = parser.parse_args()
    os.environ.update(django_env())
    os.environ.pop("HUSTINGS_WEB_DEBUG", None)
    with throwaway_database("casting", SERVER + "postgres", name=NAME):
        ballot, codes = setup(args.voters)
        port = free_port()
        server = serve(port, args.workers, args.threads)
        try:
            print(
                f"server: gunicorn, {args.workers} gthread workers x {args.threads} threads; "
                f"load: {args.connections} keep-alive connections"
            )
            cast_all(port, ballot, codes, args.connections)
        finally:
            server.terminate()
            server.wait(timeout=30)
        check_box(ballot, args.voters)
        if args.box:
            count_big_box(args.box)


if __name__ == "__main__":
    main()
