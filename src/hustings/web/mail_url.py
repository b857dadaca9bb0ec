"""Django's mail settings from one URL, `HUSTINGS_EMAIL_URL`.

- `smtp://user:password@host:587/?tls=1` — SMTP with STARTTLS (`tls=1`) or without;
  `smtps://user:password@host:465/` — SMTP over TLS from the first byte (`EMAIL_USE_SSL`);
  `timeout=SECONDS` in the query sets the connection's timeout (default 20).
- `console://` — every message printed on the server's standard output (the default, for
  development; `hustings check --deploy` names it as a problem).
- `file:///path/to/folder` — each message written to a file there; `memory://` — kept in memory
  (Django's `locmem`, for tests).

User name and password are percent-decoded (`%40` for `@`). Anything else raises ValueError with
the URL's scheme named, so a misspelt setting stops the server at start rather than losing mail.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

CONSOLE = "django.core.mail.backends.console.EmailBackend"
SMTP = "django.core.mail.backends.smtp.EmailBackend"
UNDELIVERED = (
    CONSOLE,
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
)
"""Backends that deliver to no one: a production site using one sends no voting code."""

_TRUE = ("1", "true", "yes", "on")


def mail_settings(url: str) -> dict[str, Any]:
    """The `EMAIL_*` settings the URL describes (see the module's docstring)."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme == "console":
        return {"EMAIL_BACKEND": CONSOLE}
    if scheme == "memory":
        return {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    if scheme == "file":
        if not parts.path:
            raise ValueError(f"HUSTINGS_EMAIL_URL {url!r} names no folder (file:///path/to/folder)")
        return {"EMAIL_BACKEND": UNDELIVERED[2], "EMAIL_FILE_PATH": unquote(parts.path)}
    if scheme not in ("smtp", "smtps"):
        raise ValueError(f"HUSTINGS_EMAIL_URL scheme {scheme!r} is not supported (use smtp://, smtps:// or console://)")
    if not parts.hostname:
        raise ValueError(f"HUSTINGS_EMAIL_URL {url!r} names no host")
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    try:
        port = parts.port or (465 if scheme == "smtps" else 25)
        timeout = float(query.get("timeout", "20"))
    except ValueError as problem:
        raise ValueError(f"HUSTINGS_EMAIL_URL {url!r}: {problem}") from None
    return {
        "EMAIL_BACKEND": SMTP,
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": port,
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": scheme == "smtp" and query.get("tls", "").lower() in _TRUE,
        "EMAIL_USE_SSL": scheme == "smtps",
        "EMAIL_TIMEOUT": timeout,
    }
