"""A worker killed in the middle of a member import: nothing is half-written, and the import
completes, exactly once, when a worker starts again (it notices the dead worker's job and runs it
again). Real processes: `hustings worker` on the instance's database (SQLite, or PostgreSQL when
the suite runs on it), killed with SIGKILL, as a power cut or the OOM killer would."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import uuid
from pathlib import Path

HUSTINGS = [sys.executable, "-m", "hustings.cli.main"]
ROWS = 40_000
SETUP = """
import sys
import django
django.setup()
from hustings.services import jobs
from hustings.services.importing import jobs as import_jobs
from hustings.services.importing import runner
from django.contrib.auth import get_user_model
from hustings.store.organisations.models import Unit
officer = get_user_model().objects.get(username="general-secretary")
unit = Unit.objects.filter(children__isnull=True).order_by("code").first().code
lines = ["ref,name,email,unit,category,joined"]
lines += [f"K{n:06d},Person {n},k{n}@example.org,{unit},member,2016-01-12" for n in range(int(sys.argv[1]))]
found = import_jobs.create(officer, "big.csv", ("\\n".join(lines) + "\\n").encode())
runner.check(found)
assert found.state == "checked" and found.accepted, found.error
runner.start(found, "apply")
print(found.pk)
"""
STATE = """
import json, sys
import django
django.setup()
from hustings.store.imports.models import ImportJob
from hustings.store.jobs.models import Job
from hustings.store.members.models import Person
job = Job.objects.get(params__import=int(sys.argv[1]))
print(json.dumps({"people": Person.objects.filter(ref__startswith="K").count(), "job": job.state,
                  "attempts": job.attempts, "import": ImportJob.objects.get(pk=int(sys.argv[1])).state}))
"""


def environment(tmp_path: Path) -> tuple[dict[str, str], str | None]:
    env = {k: v for k, v in os.environ.items() if k != "HUSTINGS_DATA_DIR"}
    env.update(HUSTINGS_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="hustings.web.settings")
    server = env.get("DATABASE_URL", "")
    if not server.startswith("postgres"):
        env.pop("DATABASE_URL", None)
        return env, None
    import psycopg

    name = f"killed_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    env["DATABASE_URL"] = server.rsplit("/", 1)[0] + "/" + name
    return env, name


def python(env: dict[str, str], script: str, *words: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", script, *words], capture_output=True, text=True, env=env, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_a_killed_worker_leaves_nothing_half_written_and_the_import_completes_on_restart(tmp_path: Path) -> None:
    env, database = environment(tmp_path)
    try:
        loaded = subprocess.run(
            [*HUSTINGS, "demo", "--no-serve", "--members", "30", "--data-dir", str(tmp_path)],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
            check=False,
        )
        if database:  # the demo always loads SQLite: load the same party into PostgreSQL
            loaded = subprocess.run(
                [*HUSTINGS, "manage", "migrate", "--verbosity", "0"],
                capture_output=True,
                text=True,
                env=env,
                check=False,
            )
            assert loaded.returncode == 0, loaded.stderr
            python(env, LOAD_DEMO)
        assert loaded.returncode == 0, loaded.stderr
        pk = python(env, SETUP, str(ROWS))
        worker = subprocess.Popen(
            [*HUSTINGS, "worker", "--interval", "0.2"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert worker.stderr is not None
        seen = []
        # A worker that never reaches the writing (its job failed, say) would keep reading the queue,
        # and this loop would wait for ever: after five minutes it is killed, and the test fails below.
        watchdog = threading.Timer(300, worker.kill)
        watchdog.start()
        for line in worker.stderr:  # the worker logs each phase of the job as it begins
            seen.append(line)
            if line.rstrip().endswith(": writing"):  # a first chunk is written, inside the import's transaction
                break
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
        watchdog.cancel()
        assert seen and seen[-1].rstrip().endswith(": writing"), seen
        killed = json.loads(python(env, STATE, pk))
        assert killed == {"people": 0, "job": "running", "attempts": 1, "import": "applying"}, (killed, seen)

        again = subprocess.run(
            [*HUSTINGS, "worker", "--until-idle"], capture_output=True, text=True, env=env, timeout=300, check=False
        )
        assert again.returncode == 0, again.stderr
        done = json.loads(python(env, STATE, pk))
        assert done == {"people": ROWS, "job": "done", "attempts": 2, "import": "done"}, done
    finally:
        if database:
            import psycopg

            with psycopg.connect(os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")


LOAD_DEMO = """
import django
django.setup()
from hustings.demo.party import demo_logins, demo_register, load_demo
load_demo(demo_register(2016, 30))
demo_logins()
"""
