"""The rate limit holds when one member's posts arrive at the same moment: each post locks the
member's account row, so the check and the insert of two posts cannot interleave. On PostgreSQL
exactly the limit's number get through; on SQLite (one writer at a time) never more."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection
from django.test import override_settings
from tests.web.audit_reset import audit_reset  # noqa: F401 (a fixture)
from tests.web.test_debate_fixtures import NOW, make_debate
from tests.web.visitors import make_party

from hustings.services.debates import RateLimited, posting
from hustings.store.debates.models import Comment

pytestmark = pytest.mark.usefixtures("audit_reset")


@pytest.mark.django_db(transaction=True)
def test_simultaneous_posts_by_one_member_keep_to_the_limit(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    party = make_party()
    debate = make_debate(party)
    member = party.users["member"]
    attempts = 8
    start = threading.Barrier(attempts)
    outcomes: list[str] = []

    def attempt(i: int) -> None:
        try:
            start.wait()
            posting.post(member, debate, f"at once {i}", NOW)
            outcomes.append("posted")
        except RateLimited:
            outcomes.append("limited")
        except Exception as error:
            outcomes.append(f"error: {error}")
        finally:
            connection.close()

    with override_settings(HUSTINGS_DEBATE_RATE_LIMIT=(3, 60)):
        threads = [threading.Thread(target=attempt, args=(i,)) for i in range(attempts)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert Comment.objects.count() == outcomes.count("posted") <= 3, outcomes
    if connection.vendor == "postgresql":
        assert sorted(outcomes) == ["limited"] * 5 + ["posted"] * 3, outcomes
    else:
        # SQLite lets one writer in at a time: the others are refused by the database ("locked")
        # or by the limit, never let through.
        assert all(o in ("posted", "limited") or "locked" in o for o in outcomes), outcomes
