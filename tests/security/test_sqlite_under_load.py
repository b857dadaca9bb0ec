"""The embedded default holds its load: forty voters casting from twenty threads at once, through
the public API of a real multi-process HTTP server (gunicorn, two workers of ten threads) on a
SQLite file, all get their receipt (no 500, no "database is locked"), and the box holds exactly
forty ballots.

The database and the server run in subprocesses with their own environment, whatever database
the suite itself uses: the claim is about the SQLite file the site uses when `DATABASE_URL` is unset.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

VOTERS = 40
THREADS = 20


def setup_ballot() -> None:
    """In a subprocess on the data directory's SQLite file: a party with VOTERS members, a ballot
    open to them, their voting codes printed as JSON."""

    import django

    django.setup()
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from tests.web.visitors import add_members, make_party, open_leadership_ballot

    from hustings.services import ballots as svc

    party = make_party()
    add_members(party, VOTERS, "C")
    officer = party.users["returning_officer"]
    ballot = open_leadership_ballot(party, "Under load", ["Ann", "Bob"])
    print(json.dumps({"ballot": ballot.pk, "codes": list(svc.issue_credentials(officer, ballot).values())}))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def post(url: str, body: dict[str, object]) -> tuple[int, dict[str, object]]:
    request = urllib.request.Request(
        url, json.dumps(body).encode(), {"Content-Type": "application/json"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def wait_for(url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, "the server stopped"
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    raise TimeoutError(url)


def test_forty_voters_casting_from_twenty_threads_at_once_all_get_a_receipt(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HUSTINGS_", "DATABASE_URL", "DJANGO_"))}
    env.update(
        HUSTINGS_DATA_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="hustings.web.settings",
        PYTHONPATH=os.pathsep.join(sys.path),
    )
    run = {"env": env, "capture_output": True, "text": True, "timeout": 300, "check": True}
    subprocess.run([sys.executable, "-m", "hustings.web", "migrate", "--verbosity", "0"], **run)  # type: ignore[call-overload]
    code = "from tests.security.test_sqlite_under_load import setup_ballot; setup_ballot()"
    made = json.loads(subprocess.run([sys.executable, "-c", code], **run).stdout.strip().splitlines()[-1])  # type: ignore[call-overload]
    ballot, codes = made["ballot"], made["codes"]
    assert len(codes) == VOTERS

    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "10",
            "hustings.web.wsgi:application",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/api/openapi.json", server)
        answers: list[tuple[int, dict[str, object]]] = []
        lock = threading.Lock()
        start = threading.Barrier(THREADS)

        def voter(mine: list[str]) -> None:
            start.wait()
            for credential in mine:
                answer = post(
                    f"{base}/api/ballots/{ballot}/cast", {"credential": credential, "preferences": ["Ann", "Bob"]}
                )
                with lock:
                    answers.append(answer)

        threads = [threading.Thread(target=voter, args=(codes[i::THREADS],)) for i in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=30)
    statuses = sorted(status for status, _ in answers)
    assert statuses == [200] * VOTERS, (statuses, [body for status, body in answers if status != 200], errors[-2000:])
    assert len({body["tracking_code"] for _, body in answers}) == VOTERS
    with sqlite3.connect(tmp_path / "hustings.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM ballots_boxentry WHERE ballot_id = ?", (ballot,)).fetchone() == (
            VOTERS,
        )
        assert db.execute("SELECT count(*) FROM ballots_rollentry WHERE voted").fetchone() == (VOTERS,)
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
