"""The secret key: one for every process of a site, never drawn per process.

Django signs sessions, CSRF tokens and password-reset links with `SECRET_KEY`; two processes with
different keys reject each other's cookies, so members behind a multi-process server would be
signed out at random. The key comes from `HUSTINGS_SECRET_KEY`, else from the file `secret_key` in
the data directory. Outside production the file is made at the first start, atomically: the key is
written whole to a private temporary file which is then linked to its name, and linking fails if
the name exists, so of several processes starting at once exactly one wins and the others read
the winner's key (never an empty or half-written file). In production (`production=True`) no key
is ever made: a site without one refuses to start.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

KEY_FILE_NAME = "secret_key"


def load_secret_key(data_dir: Path, production: bool, environ: dict[str, str] | None = None) -> str:
    """`HUSTINGS_SECRET_KEY`, else the data directory's key file, else (not in production) a new
    key written there. Raises `ImproperlyConfigured` in production when there is neither."""
    environ = dict(os.environ) if environ is None else environ
    if key := environ.get("HUSTINGS_SECRET_KEY", "").strip():
        return key
    path = data_dir / KEY_FILE_NAME
    if path.is_file():
        return _read(path)
    if production:
        raise ImproperlyConfigured(
            "Hustings runs in production (HUSTINGS_HTTPS=1, or debug off with a host other than "
            f"localhost in HUSTINGS_ALLOWED_HOSTS) and has no secret key: set HUSTINGS_SECRET_KEY, "
            f"or put the key in {path} (one line, 50 random characters or more, readable only by "
            "the server), the same for every process of the site."
        )
    return create_key_file(path)


def create_key_file(path: Path) -> str:
    """Write a new key to `path` unless another process has already: return the key on disk."""
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(8)}")
    descriptor = os.open(draft, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            out.write(secrets.token_urlsafe(50) + "\n")
            out.flush()
            os.fsync(out.fileno())
        with contextlib.suppress(FileExistsError):  # another process linked its key first: read that one
            os.link(draft, path)  # atomic, and refuses an existing name: the first process wins
    finally:
        draft.unlink(missing_ok=True)
    return _read(path)


def _read(path: Path) -> str:
    key = path.read_text(encoding="utf-8").strip()
    if not key:
        raise ImproperlyConfigured(f"the secret key file {path} is empty: delete it, or write a key in it")
    return key
