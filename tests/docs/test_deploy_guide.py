"""docs/deploy.md stays true: what an operator copies from it works with the code as it is.

- Every variable of the environment-file block is in the guide's Settings table, and every
  variable of the table is one `hustings.web.settings` reads.
- Every systemd unit in the guide runs as `hustings` with the environment file, and each
  `ExecStart` (unescaped as systemd would: `%%`, `$$`) is a command the real `hustings` parser
  accepts, down to the Django command `hustings manage` would run and its options.
- The Caddyfile proxies the host of `HUSTINGS_ALLOWED_HOSTS` and `HUSTINGS_SITE_URL` to the port
  the web unit serves on.
- `hustings check --deploy` passes with the block's values (the secret key filled in), and fails
  naming the variable when any one of those a production site needs is left out.
"""

from __future__ import annotations

import ast
import os
import re
import secrets
import shlex
import subprocess
import sys
import textwrap
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import get_commands, load_command_class
from django.test import override_settings

from hustings.cli.main import build_parser
from hustings.web.checks import compiled_catalogues

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "deploy.md"
SETTINGS = ROOT / "src" / "hustings" / "web" / "settings.py"
HUSTINGS = "/srv/hustings/.venv/bin/hustings"
NEEDED = (
    "HUSTINGS_SECRET_KEY",
    "HUSTINGS_ALLOWED_HOSTS",
    "HUSTINGS_HTTPS",
    "HUSTINGS_PROXIES",
    "HUSTINGS_EMAIL_URL",
    "HUSTINGS_FROM_EMAIL",
    "HUSTINGS_SITE_URL",
)
"""The block's variables a production site cannot do without; the others have working defaults."""
DEFAULTED = {"DATABASE_URL", "HUSTINGS_DATA_DIR"}


def code_blocks() -> list[str]:
    """The guide's fenced code blocks, each dedented (most sit inside a numbered list)."""
    found, current = [], None
    for line in GUIDE.read_text(encoding="utf-8").splitlines():
        if line.strip() == "```":
            if current is None:
                current = []
            else:
                found.append(textwrap.dedent("\n".join(current)))
                current = None
        elif current is not None:
            current.append(line)
    assert current is None, "a code block is not closed"
    return found


def environment_block() -> dict[str, str]:
    blocks = [b for b in code_blocks() if b.strip() and all(re.match(r"[A-Z_]+=", x) for x in b.split("\n") if x)]
    assert len(blocks) == 1, blocks
    return dict(line.split("=", 1) for line in blocks[0].splitlines() if line)


def units() -> list[dict[str, dict[str, str]]]:
    """Each unit file of the guide as {section: {key: value}}."""
    parsed = []
    for block in code_blocks():
        if not block.startswith("[Unit]"):
            continue
        unit: dict[str, dict[str, str]] = {}
        section = ""
        for line in block.splitlines():
            if line.startswith("["):
                section = line.strip("[]")
                unit[section] = {}
            else:
                key, value = line.split("=", 1)
                unit[section][key] = value
        parsed.append(unit)
    return parsed


def settings_read() -> set[str]:
    """The environment variables `hustings.web.settings` reads (its calls of `_env("NAME", ...)`)."""
    names = set()
    for node in ast.walk(ast.parse(SETTINGS.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_env":
            first = node.args[0]
            assert isinstance(first, ast.Constant)
            names.add(first.value)
    return names


def settings_table() -> set[str]:
    text = GUIDE.read_text(encoding="utf-8").split("## Settings", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([A-Z_]+)(?:=1)?` \|", text, flags=re.MULTILINE))


def exec_words(line: str) -> list[str]:
    """An `ExecStart` as the words of the `hustings` command it runs, unescaped as systemd does;
    through `/bin/sh -c`, the shell's command with each `$(...)` standing for one word."""
    assert "%" not in line.replace("%%", ""), f"a lone % is a systemd specifier: {line}"
    assert "$" not in line.replace("$$", ""), f"a lone $ is a systemd variable: {line}"
    words = shlex.split(line.replace("%%", "%").replace("$$", "$"))
    if words[:2] == ["/bin/sh", "-c"]:
        words = shlex.split(re.sub(r"\$\([^)]*\)", "SUBSTITUTED", words[2]))
    assert words[0] == HUSTINGS, line
    return words[1:]


def test_the_environment_block_names_only_settings_that_are_read() -> None:
    block, table, read = set(environment_block()), settings_table(), settings_read()
    assert block <= table, block - table
    assert table <= read, table - read
    assert block - set(NEEDED) == DEFAULTED


def test_every_unit_runs_as_hustings_a_command_the_cli_accepts() -> None:
    found = units()
    services = [u for u in found if "Service" in u]
    assert len(services) == 4 and len(found) - len(services) == 2  # web, worker, two timed jobs and their timers
    commands = set()
    for unit in services:
        service = unit["Service"]
        assert (service["User"], service["EnvironmentFile"]) == ("hustings", "/etc/hustings.env"), unit
        assert service["WorkingDirectory"] == "/srv/hustings", unit
        words = exec_words(service["ExecStart"])
        build_parser(words[0]).parse_args(words)  # SystemExit(2) on an option the command lacks
        if words[0] == "manage":
            app = get_commands()[words[1]]  # KeyError for a command Django does not have
            load_command_class(app, words[1]).create_parser("hustings manage", words[1]).parse_args(words[2:])
        commands.add(words[0])
    assert commands == {"serve", "worker", "manage", "backup"}
    for unit in found:
        if "Timer" in unit:
            assert unit["Timer"]["OnCalendar"] and unit["Install"]["WantedBy"] == "timers.target", unit


def test_the_caddyfile_proxies_the_sites_host_to_the_web_units_port() -> None:
    caddy = [b for b in code_blocks() if "reverse_proxy" in b]
    assert len(caddy) == 1
    site, proxy, close = [line.strip() for line in caddy[0].splitlines()]
    serve = next(exec_words(u["Service"]["ExecStart"]) for u in units() if "serve" in u["Service"]["ExecStart"])
    port = build_parser("serve").parse_args(serve).port
    env = environment_block()
    assert site == f"{env['HUSTINGS_ALLOWED_HOSTS']} {{" == f"{urlsplit(env['HUSTINGS_SITE_URL']).hostname} {{"
    assert (proxy, close) == (f"reverse_proxy 127.0.0.1:{port}", "}")
    assert build_parser("serve").parse_args(serve).host == "127.0.0.1"  # reachable only through the proxy


def check_deploy(settings: dict[str, str], data_dir: Path) -> subprocess.CompletedProcess[str]:
    drop = ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")  # the browser tests set the latter for themselves
    env = {k: v for k, v in os.environ.items() if not k.startswith("HUSTINGS_") and k not in drop}
    env.update(settings, HUSTINGS_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="hustings.web.settings")
    command = [sys.executable, "-m", "hustings.cli.main", "check", "--deploy"]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120, check=False)


def test_check_deploy_passes_with_the_blocks_settings(tmp_path: Path) -> None:
    settings = environment_block()
    assert settings["HUSTINGS_SECRET_KEY"] == "..."  # the guide says how to make one
    settings["HUSTINGS_SECRET_KEY"] = secrets.token_urlsafe(60)
    done = check_deploy(settings, tmp_path)
    assert done.returncode == 0 and "Ready for production" in done.stdout, done.stderr


@pytest.mark.parametrize("left_out", NEEDED)
def test_check_deploy_names_each_setting_left_out(tmp_path: Path, left_out: str) -> None:
    settings = environment_block() | {"HUSTINGS_SECRET_KEY": secrets.token_urlsafe(60)}
    del settings[left_out]
    done = check_deploy(settings, tmp_path)
    assert done.returncode == 1, done.stdout
    assert left_out in done.stderr and "Traceback" not in done.stderr, done.stderr


def test_a_language_whose_catalogue_is_not_compiled_is_named(tmp_path: Path) -> None:
    with override_settings(LOCALE_PATHS=[tmp_path]):
        missing = compiled_catalogues()
        assert [(p.id, "the cy translation" in p.msg) for p in missing] == [("hustings.E007", True)]
        (tmp_path / "cy" / "LC_MESSAGES").mkdir(parents=True)
        (tmp_path / "cy" / "LC_MESSAGES" / "django.mo").write_bytes(b"")
        assert compiled_catalogues() == []
