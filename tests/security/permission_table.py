"""Who may read and write each route: the data of the generated permission matrix
(`test_permission_matrix.py`) and of the table in `docs/web.md`. Plain Python, no Django and no
Hustings: `python -m tests.security.permission_table` rewrites the table in docs/web.md.

Keys are route names (`namespace:name`; every admin page is `ADMIN`) and API operations
(`"METHOD /api/path/{param}/"` as the OpenAPI schema writes them); values map a method to the
identities that may use it (the names of `tests.web.visitors.WORLD_VISITORS`). A method with no
entry is refused to everyone. Objects are the first organisation's: a ballot and a process over the
whole of it, a debate in Islington North CLP, L000001 and an import job in Highbury."""

from __future__ import annotations

import sys
from pathlib import Path

ADMIN = "admin:*"
WRITES = ("POST",)  # the pages' writing method; API operations are tried with their own
BEGIN = "<!-- begin permission table (generated: python -m tests.security.permission_table) -->"
END = "<!-- end permission table -->"

IDENTITIES = (
    "anonymous",
    "member",
    "other_member",
    "right_officer",
    "wrong_officer",
    "general_secretary",
    "branch_general_secretary",
    "returning_officer",
    "branch_returning_officer",
    "auditor",
    "moderator",
    "other_general_secretary",
    "other_auditor",
    "other_returning_officer",
    "suspended_officer",
)
EVERYONE = frozenset(IDENTITIES)
SIGNED_IN = EVERYONE - {"anonymous"}
NOBODY: frozenset[str] = frozenset()

# Everyone who belongs to the first organisation (a membership or a role: the suspended branch's
# general secretary too, whose suspension stops their powers, not their belonging); the second
# organisation's officers read none of its ballots, processes, debates, units or adopted rulebooks.
# A list (ballots, processes, suspensions, debates, the unit tree, organisations) answers everyone
# signed in, filtered to their own organisations: `test_organisation_isolation.py` reads what it shows.
FIRST_ORGANISATION = SIGNED_IN - {"other_general_secretary", "other_auditor", "other_returning_officer"}

# The member-facing lists that answer everyone signed in but show only their own organisations'.
OWN_ORGANISATIONS_ONLY = frozenset(
    {
        "GET /api/debates/",
        "GET /api/organisations/",
        "GET /api/units/",
        "ballots:list",
        "debates:index",
        "debates:search",
        "organisations:tree",
        "processes:list",
        "processes:suspensions",
        "rulebooks:index",
    }
)

# The second organisation's officers and the officer of a suspended branch: every route and form in
# the matrix aims at the first organisation, so whatever they reach, they change nothing.
OUTSIDERS = frozenset({"anonymous", "other_general_secretary", "other_auditor", "other_returning_officer"}) | {
    "suspended_officer"
}


def _(*names: str) -> frozenset[str]:
    unknown = set(names) - EVERYONE
    assert not unknown, f"unknown identities {unknown}"
    return frozenset(names)


EXPECTED: dict[str, dict[str, frozenset[str]]] = {
    "GET /api/ballots/{ballot_id}/board": {"GET": EVERYONE},
    # A ballot's roll summary (weights and sections, counts only): its returning officers.
    "GET /api/ballots/{ballot_id}/roll": {"GET": _("returning_officer")},
    # A member's proxies, as on the proxy page: members of the ballot's organisation (another's
    # ballot is not found); the matrix's ballot allows no proxies, so a write is answered with the
    # rule (400) and changes nothing. tests/security/test_weights_and_proxies.py attacks them.
    "GET /api/ballots/{ballot_id}/proxy": {"GET": FIRST_ORGANISATION},
    "POST /api/ballots/{ballot_id}/proxy": {"POST": FIRST_ORGANISATION},
    "DELETE /api/ballots/{ballot_id}/proxy": {"DELETE": FIRST_ORGANISATION},
    "POST /api/ballots/{ballot_id}/proxy/cast": {"POST": FIRST_ORGANISATION},
    "GET /api/analysis/{election}": {"GET": EVERYONE},
    "GET /api/debates/": {"GET": SIGNED_IN},
    "GET /api/debates/{debate_id}/": {"GET": FIRST_ORGANISATION},
    "GET /api/debates/{debate_id}/comments/": {"GET": FIRST_ORGANISATION},
    "GET /api/eligibility/": {"GET": SIGNED_IN},
    "GET /api/members/": {
        "GET": _(
            "right_officer", "wrong_officer", "general_secretary", "branch_general_secretary", "other_general_secretary"
        )
    },
    "GET /api/members/{ref}/": {"GET": _("member", "right_officer", "general_secretary", "branch_general_secretary")},
    "GET /api/organisations/": {"GET": SIGNED_IN},
    "GET /api/rulebooks/": {"GET": SIGNED_IN},
    "GET /api/rulebooks/{name}/": {"GET": SIGNED_IN},
    "GET /api/units/": {"GET": SIGNED_IN},
    "GET /api/units/{code}/": {"GET": FIRST_ORGANISATION},
    "POST /api/ballots/{ballot_id}/cast": {"POST": EVERYONE},
    "POST /api/ballots/{ballot_id}/signatures": {"POST": EVERYONE},
    # An end-to-end ballot's cast and audit: the voting code (or, for an audit, nothing) is the
    # authority; the matrix's ballot is closed, so each answers 410 and stores nothing.
    "POST /api/ballots/{ballot_id}/e2e/cast": {"POST": EVERYONE},
    "POST /api/ballots/{ballot_id}/e2e/audit": {"POST": EVERYONE},
    "POST /api/count": {"POST": EVERYONE},
    "POST /api/debates/{debate_id}/comments/": {"POST": _("member", "other_member")},
    "accounts:home": {"GET": SIGNED_IN, "POST": SIGNED_IN},
    "accounts:login": {"GET": EVERYONE, "POST": EVERYONE},
    "accounts:logout": {"POST": EVERYONE},
    "accounts:password_reset": {"GET": EVERYONE, "POST": EVERYONE},
    "accounts:password_reset_complete": {"GET": EVERYONE},
    "accounts:password_reset_confirm": {"GET": EVERYONE, "POST": EVERYONE},
    "accounts:password_reset_done": {"GET": EVERYONE},
    "accounts:unlock": {
        "GET": _(
            "right_officer", "wrong_officer", "general_secretary", "branch_general_secretary", "other_general_secretary"
        ),
        "POST": _(
            "right_officer", "wrong_officer", "general_secretary", "branch_general_secretary", "other_general_secretary"
        ),
    },
    "accounts:roles": {
        "GET": _("general_secretary", "branch_general_secretary", "other_general_secretary"),
        "POST": _("general_secretary", "branch_general_secretary"),
    },
    "admin:*": {},
    "admin:login": {"GET": EVERYONE, "POST": EVERYONE},
    "admin:logout": {"GET": EVERYONE, "POST": EVERYONE},
    "api:api-root": {},
    "api:openapi-json": {"GET": EVERYONE, "POST": EVERYONE},
    "api:openapi-view": {"GET": EVERYONE, "POST": EVERYONE},
    "api:tokens": {"GET": SIGNED_IN, "POST": SIGNED_IN},
    "audit:export": {
        "GET": _("general_secretary", "branch_general_secretary", "auditor", "other_general_secretary", "other_auditor")
    },
    "audit:log": {
        "GET": _("general_secretary", "branch_general_secretary", "auditor", "other_general_secretary", "other_auditor")
    },
    "ballots:board": {"GET": EVERYONE, "POST": EVERYONE},
    "ballots:board_json": {"GET": EVERYONE},
    "ballots:close": {"GET": _("returning_officer"), "POST": _("returning_officer")},
    "ballots:count": {"POST": _("returning_officer")},
    "ballots:counting": {"GET": _("returning_officer")},
    "ballots:credentials": {"GET": _("returning_officer"), "POST": _("returning_officer")},
    "ballots:detail": {"GET": FIRST_ORGANISATION},
    "ballots:export": {"GET": EVERYONE},
    "ballots:list": {"GET": SIGNED_IN},
    "ballots:not_reached": {"GET": _("returning_officer"), "POST": _("returning_officer")},
    "ballots:open": {
        "GET": _("returning_officer", "branch_returning_officer", "other_returning_officer"),
        "POST": _("returning_officer"),
    },
    "ballots:paper": {"GET": _("returning_officer"), "POST": _("returning_officer")},
    # Card votes recorded in the room: the ballot's returning officers; the matrix's ballot has no
    # card votes, so the page says so and a POST writes nothing.
    "ballots:cards": {"GET": _("returning_officer"), "POST": _("returning_officer")},
    # The proxy page: members of the ballot's organisation (another's ballot is not found); the
    # matrix's ballot allows no proxies, so a POST is answered with the rule and writes nothing.
    "ballots:proxy": {"GET": FIRST_ORGANISATION, "POST": FIRST_ORGANISATION},
    "ballots:publish": {"GET": _("returning_officer"), "POST": _("returning_officer")},
    "ballots:reminders": {"GET": _("returning_officer"), "POST": _("returning_officer")},
    "ballots:results": {"GET": EVERYONE},
    "ballots:scrutineers": {"GET": EVERYONE, "POST": EVERYONE},
    "ballots:vote": {"GET": EVERYONE, "POST": EVERYONE},
    # A trustee's page and files are the trustee's alone; the matrix's ballot has no trustees, so
    # nobody reaches them. tests/security/test_e2e_attacks.py tries them with a real trustee.
    "ballots:trustee": {"GET": NOBODY, "POST": NOBODY},
    "ballots:trustee_file": {"GET": NOBODY},
    "debates:answer": {"POST": _("right_officer")},
    "debates:close": {"POST": _("general_secretary", "moderator")},
    "debates:conduct": {"GET": EVERYONE, "POST": EVERYONE},
    "debates:debate": {"GET": FIRST_ORGANISATION, "POST": FIRST_ORGANISATION},
    "debates:dismiss": {"POST": _("general_secretary", "moderator")},
    "debates:edit": {"GET": _("member"), "POST": _("member")},
    "debates:feed": {},
    "debates:hide": {"GET": _("general_secretary", "moderator"), "POST": _("general_secretary", "moderator")},
    "debates:history": {"GET": FIRST_ORGANISATION, "POST": FIRST_ORGANISATION},
    "debates:index": {"GET": SIGNED_IN, "POST": SIGNED_IN},
    "debates:log": {"GET": _("general_secretary", "moderator"), "POST": _("general_secretary", "moderator")},
    "debates:new": {
        "GET": _("general_secretary", "branch_general_secretary", "moderator", "other_general_secretary"),
        "POST": _("general_secretary", "branch_general_secretary", "moderator", "other_general_secretary"),
    },
    "debates:preferences": {"GET": SIGNED_IN, "POST": SIGNED_IN},
    "debates:questions": {"GET": FIRST_ORGANISATION, "POST": FIRST_ORGANISATION},
    "debates:queue": {
        "GET": _("general_secretary", "branch_general_secretary", "moderator", "other_general_secretary"),
        "POST": _("general_secretary", "branch_general_secretary", "moderator", "other_general_secretary"),
    },
    "debates:reopen": {"GET": _("general_secretary", "moderator"), "POST": _("general_secretary", "moderator")},
    "debates:reply": {"GET": FIRST_ORGANISATION, "POST": FIRST_ORGANISATION},
    "debates:report": {"GET": FIRST_ORGANISATION, "POST": FIRST_ORGANISATION},
    "debates:search": {"GET": SIGNED_IN, "POST": SIGNED_IN},
    "debates:unhide": {"GET": _("general_secretary", "moderator"), "POST": _("general_secretary", "moderator")},
    "debates:vote": {"POST": _("member", "other_member")},
    "explorer:count": {"GET": EVERYONE, "POST": EVERYONE},
    # A large upload's count: anyone may queue one, and only its link (an unguessable key) finds it.
    "explorer:count_job": {"GET": EVERYONE},
    # A saved count (the member's): anyone with its link reads it; only its owner deletes it.
    "explorer:saved": {"GET": EVERYONE},
    "explorer:saved_delete": {"GET": frozenset({"member"}), "POST": frozenset({"member"})},
    "explorer:election": {"GET": EVERYONE},
    "explorer:elections": {"GET": EVERYONE},
    "explorer:embed": {"GET": EVERYONE},
    "explorer:hemicycle_png": {"GET": EVERYONE},
    "explorer:hemicycle_svg": {"GET": EVERYONE},
    "imports:apply": {},
    "imports:index": {
        "GET": _(
            "right_officer", "wrong_officer", "general_secretary", "branch_general_secretary", "other_general_secretary"
        ),
        "POST": _(
            "right_officer", "wrong_officer", "general_secretary", "branch_general_secretary", "other_general_secretary"
        ),
    },
    "imports:job": {
        "GET": _("right_officer", "general_secretary", "branch_general_secretary"),
        "POST": _("right_officer", "general_secretary", "branch_general_secretary"),
    },
    "imports:progress": {
        "GET": _("right_officer", "general_secretary", "branch_general_secretary"),
        "POST": _("right_officer", "general_secretary", "branch_general_secretary"),
    },
    "imports:report_csv": {
        "GET": _("right_officer", "general_secretary", "branch_general_secretary"),
        "POST": _("right_officer", "general_secretary", "branch_general_secretary"),
    },
    "members:contact": {
        "GET": _("right_officer", "general_secretary", "branch_general_secretary"),
        "POST": _("right_officer", "general_secretary", "branch_general_secretary"),
    },
    "members:move": {
        "GET": _("right_officer", "general_secretary", "branch_general_secretary"),
        "POST": _("right_officer", "general_secretary", "branch_general_secretary"),
    },
    "members:payment": {
        "GET": _("right_officer", "general_secretary", "branch_general_secretary"),
        "POST": _("right_officer", "general_secretary", "branch_general_secretary"),
    },
    "members:person": {"GET": _("member", "right_officer", "general_secretary", "branch_general_secretary")},
    "members:search": {
        "GET": _(
            "right_officer", "wrong_officer", "general_secretary", "branch_general_secretary", "other_general_secretary"
        )
    },
    "members:status": {
        "GET": _("right_officer", "general_secretary", "branch_general_secretary"),
        "POST": _("right_officer", "general_secretary", "branch_general_secretary"),
    },
    "organisations:tree": {"GET": SIGNED_IN, "POST": SIGNED_IN},
    "organisations:unit": {"GET": FIRST_ORGANISATION, "POST": FIRST_ORGANISATION},
    "processes:action": {"POST": _("general_secretary", "returning_officer")},
    "processes:detail": {"GET": FIRST_ORGANISATION, "POST": FIRST_ORGANISATION},
    "processes:lift": {"POST": _("general_secretary", "returning_officer")},
    "processes:list": {"GET": SIGNED_IN, "POST": SIGNED_IN},
    "processes:new": {
        "GET": _(
            "general_secretary",
            "branch_general_secretary",
            "returning_officer",
            "branch_returning_officer",
            "other_general_secretary",
            "other_returning_officer",
        ),
        "POST": _("general_secretary", "returning_officer", "other_general_secretary", "other_returning_officer"),
    },
    "processes:suspensions": {"GET": SIGNED_IN, "POST": _("general_secretary", "returning_officer")},
    "processes:webhook": {"POST": EVERYONE},
    # The language switcher (Django's set_language): anyone may choose English or Welsh; it only
    # sets a cookie and redirects (a GET redirects without choosing).
    "set_language": {"GET": EVERYONE, "POST": EVERYONE},
    "rulebooks:adopt": {
        "GET": _("general_secretary", "other_general_secretary"),
        "POST": _("general_secretary", "other_general_secretary"),
    },
    "rulebooks:diff": {"GET": FIRST_ORGANISATION},
    "rulebooks:index": {"GET": SIGNED_IN},
    "rulebooks:version": {"GET": SIGNED_IN},
}


LEGEND = {
    "anonymous": "not signed in",
    "member": "a member of Highbury (L000001)",
    "other_member": "a member of Finsbury Park",
    "right_officer": "the secretary of Highbury (L000001's branch)",
    "wrong_officer": "the secretary of Finsbury Park (beside it)",
    "general_secretary": "the general secretary, organisation-wide",
    "branch_general_secretary": "the general secretary of Highbury only",
    "returning_officer": "the returning officer, organisation-wide",
    "branch_returning_officer": "the returning officer of Highbury only",
    "auditor": "the auditor, organisation-wide",
    "moderator": "the moderator of Islington North CLP",
    "other_general_secretary": "a second organisation's general secretary",
    "other_auditor": "a second organisation's auditor",
    "other_returning_officer": "a second organisation's returning officer",
    "suspended_officer": "the general secretary of Tollington, a suspended branch",
}


def _who(allowed: frozenset[str]) -> str:
    if allowed == EVERYONE:
        return "everyone"
    if allowed == SIGNED_IN:
        return "every signed-in visitor"
    if allowed == FIRST_ORGANISATION:
        return "every signed-in visitor of the first organisation"
    if not allowed:
        return "nobody"
    if SIGNED_IN - allowed and len(SIGNED_IN - allowed) < len(allowed):
        return "signed in, except " + ", ".join(i for i in IDENTITIES if i in SIGNED_IN - allowed)
    return ", ".join(i for i in IDENTITIES if i in allowed)


def render_markdown() -> str:
    """The table of docs/web.md: each route or operation, who may read it and who may write to it."""
    lines = [
        "| Identity | Who |",
        "|---|---|",
        *(f"| `{name}` | {words} |" for name, words in LEGEND.items()),
        "",
        "| Route or API operation | Read (GET) | Write |",
        "|---|---|---|",
    ]
    for key in sorted(EXPECTED):
        methods = EXPECTED[key]
        if key.split()[0] in ("GET", "POST", "PUT", "PATCH", "DELETE"):
            method = key.split()[0]
            read = _who(methods.get(method, NOBODY)) if method == "GET" else "—"
            write = _who(methods.get(method, NOBODY)) if method != "GET" else "—"
        else:
            read = _who(methods.get("GET", NOBODY))
            write = " ".join(f"{m}: {_who(methods.get(m, NOBODY))}" for m in WRITES)
        if key in OWN_ORGANISATIONS_ONLY:
            read += " (their own organisations' only)"
        name = "every admin page (staff only)" if key == ADMIN else key
        lines.append(f"| `{name}` | {read} | {write} |")
    return "\n".join(lines) + "\n"


def rewrite_docs(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    path.write_text(text[:start] + "\n" + render_markdown() + text[end:], encoding="utf-8")


if __name__ == "__main__":
    rewrite_docs(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "docs" / "web.md")
