"""`HUSTINGS_EMAIL_URL` read into Django's mail settings."""

from __future__ import annotations

import pytest

from hustings.web.mail_url import CONSOLE, SMTP, mail_settings


def test_smtp_with_starttls_user_and_password() -> None:
    found = mail_settings("smtp://ro%40example.org:p%2Fw@mail.example.org:587/?tls=1")
    assert found["EMAIL_BACKEND"] == SMTP and found["EMAIL_HOST"] == "mail.example.org"
    assert (found["EMAIL_PORT"], found["EMAIL_USE_TLS"], found["EMAIL_USE_SSL"]) == (587, True, False)
    assert (found["EMAIL_HOST_USER"], found["EMAIL_HOST_PASSWORD"]) == ("ro@example.org", "p/w")


def test_smtps_defaults_to_port_465_and_ssl() -> None:
    found = mail_settings("smtps://mail.example.org")
    assert (found["EMAIL_PORT"], found["EMAIL_USE_SSL"], found["EMAIL_USE_TLS"]) == (465, True, False)


def test_console_is_the_development_default() -> None:
    assert mail_settings("console://") == {"EMAIL_BACKEND": CONSOLE}


@pytest.mark.parametrize("url", ["smpt://x", "smtp://", "file://", "smtp://host:99999/"])
def test_a_bad_url_is_refused_in_words(url: str) -> None:
    with pytest.raises(ValueError, match="HUSTINGS_EMAIL_URL"):
        mail_settings(url)
