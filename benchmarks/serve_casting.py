"""Casting through `hustings serve` on PostgreSQL at 1, 2 and 4 server processes (issue #13).

    .venv/bin/python benchmarks/serve_casting.py [--voters 6000] [--connections 16] [--processes 1 2 4]

1. Creates its own database `hustings_bench_serve` on postgres://postgres@127.0.0.1:5432/ (dropped
   first if it exists, and at the end), migrates it, writes a register of `--voters` members and,
   for each server size, opens a ballot through the services and issues a voting code to each voter
   (`casting.setup`).
2. Starts `hustings serve --port P --workers N` exactly as an operator would (the command line, in a
   process of its own: migrations checked, static files gathered, gunicorn started), with gunicorn's
   access log carrying the answering process's id.
3. Sessions across processes: the returning officer signs in once through the sign-in form; the
   session's cookie is then sent on `--session-requests` fresh connections (spread by the kernel over
   the server's processes) to the ballot's voting-codes page, which only a signed-in returning
   officer may see. Every answer must be that page (200), and the access log names the processes
   that answered: the session holds on each of them.
4. Casts every voter's ballot through `POST /api/ballots/<id>/cast` from `--connections` keep-alive
   connections in two load-generator processes (`casting.cast_all`), and checks the box.
Prints for each size ballots per second and p50/p95 latency, and a `Goal:` line against the
issue's goal: casting at 300/s or more with p95 under 200 ms, sessions intact across processes.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import casting
from database import throwaway_database

ROOT = Path(__file__).resolve().parent.parent
NAME = "hustings_bench_serve"
RATE_GOAL = 300.0
P95_GOAL_MS = 200.0


def start_serve(port: int, processes: int, threads: int) -> tuple[subprocess.Popen[str], list[str]]:
    """`hustings serve` in its own process, its access log (one `pid status path` line a request)
    gathered in the background."""
    env = casting.django_env()
    env["GUNICORN_CMD_ARGS"] = "--access-logformat='%(p)s %(s)s %(U)s' --keep-alive=30 --log-level=warning"
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    command = [sys.executable, "-m", "hustings.cli.main", "serve", "--port", str(port)]
    command += ["--workers", str(processes), "--threads", str(threads)]
    server = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    log: list[str] = []

    def gather() -> None:
        assert server.stdout is not None
        for line in server.stdout:
            log.append(line.strip())

    threading.Thread(target=gather, daemon=True).start()
    deadline = time.time() + 60
    while time.time() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"hustings serve stopped: {log[-5:]}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/accounts/login/")
            if conn.getresponse().status == 200:
                return server, log
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise RuntimeError("hustings serve did not answer within 60 s")


def _cookies(response: http.client.HTTPResponse) -> dict[str, str]:
    found = {}
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        found[name.strip()] = rest.split(";", 1)[0]
    return found


def sign_in(port: int, username: str, password: str) -> str:
    """The Cookie header of a session signed in through the sign-in form (CSRF token and all)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/accounts/login/")
    response = conn.getresponse()
    page = response.read().decode()
    cookies = _cookies(response)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None, "no CSRF token on the sign-in page"
    body = urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token.group(1)})
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
        "Referer": f"http://127.0.0.1:{port}/accounts/login/",
    }
    conn.request("POST", "/accounts/login/", body, headers)
    response = conn.getresponse()
    response.read()
    cookies.update(_cookies(response))
    assert response.status == 302 and "sessionid" in cookies, f"sign-in failed: {response.status}"
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def sessions_hold(port: int, ballot: int, cookie: str, requests: int, log: list[str]) -> tuple[int, int, int]:
    """(answers that were the officer's page, requests, processes that answered them): each
    request on a fresh connection with the one session's cookie, eight at a time so that every
    process is busy enough to take some."""
    path = f"/ballots/{ballot}/credentials/"
    already = len(log)
    good: list[bool] = []

    def ask(count: int) -> None:
        for _ in range(count):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", path, headers={"Cookie": cookie})
            response = conn.getresponse()
            page = response.read()
            good.append(response.status == 200 and b"Issue voting codes" in page)
            conn.close()

    threads = [threading.Thread(target=ask, args=(requests // 8,)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    time.sleep(0.5)  # the access log is written as each answer goes
    answered = {line.split()[0] for line in log[already:] if line.endswith(f" 200 {path}")}
    return sum(good), len(good), len(answered)


def officer_password() -> str:
    from django.contrib.auth.models import User

    officer = User.objects.get(username="bench-ro")
    officer.set_password("bench-ro-password-1")
    officer.save()
    return "bench-ro-password-1"


def new_ballot(voters: int, first: bool) -> tuple[int, list[str]]:
    """A fresh ballot with a code for each voter: the register and officer the first time."""
    if first:
        return casting.setup(voters)
    return casting.open_and_issue()


def run_size(processes: int, args: argparse.Namespace, first: bool) -> tuple[float, float, float, bool]:
    ballot, codes = new_ballot(args.voters, first)
    password = officer_password()
    port = casting.free_port()
    server, log = start_serve(port, processes, args.threads)
    try:
        cookie = sign_in(port, "bench-ro", password)
        good, asked, answered = sessions_hold(port, ballot, cookie, args.session_requests, log)
        intact = good == asked and answered == processes
        print(
            f"{processes} process(es): one officer's session on {asked} fresh connections: {good} answered "
            f"with the officer's page, by {answered} of {processes} processes "
            f"({'intact' if intact else 'NOT intact'})"
        )
        rate, p50, p95 = casting.cast_all(port, ballot, codes, args.connections)
    finally:
        server.terminate()
        server.wait(timeout=30)
    casting.check_box(ballot, args.voters)
    return rate, p50, p95, intact


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--voters", type=int, default=6000)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=4, help="threads per server process (hustings serve's default)")
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--session-requests", type=int, default=40)
    args = parser.parse_args()
    os.environ.update(casting.django_env())
    with throwaway_database("serve", casting.SERVER + "postgres", name=NAME):
        results = {}
        for index, processes in enumerate(args.processes):
            results[processes] = run_size(processes, args, index == 0)
        print(f"on {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end:")
        for processes, (rate, p50, p95, intact) in results.items():
            met = rate >= RATE_GOAL and p95 < P95_GOAL_MS and intact
            print(
                f"Goal: >= {RATE_GOAL:.0f} ballots/s, p95 < {P95_GOAL_MS:.0f} ms, sessions intact — "
                f"{processes} process(es): {rate:.0f}/s ({rate / RATE_GOAL:.2f}x the goal), p50 {p50:.1f} ms, "
                f"p95 {p95:.1f} ms, sessions {'intact' if intact else 'BROKEN'}: {'met' if met else 'NOT met'}"
            )


if __name__ == "__main__":
    socket.setdefaulttimeout(60)
    main()
