"""Every page of every role, in Chromium at a phone's width (390 px) and a desktop's (1280 px): no
page scrolls sideways, and axe-core finds no serious or critical violation.

The pages are the permission matrix's (`tests/security/test_permission_matrix.py`): every URL
pattern but the admin's, the API's operations and the files (CSV, JSON, images), filled with the
objects of its world (`tests/security/conftest.py`: an open and a published ballot, a process, a
suspension, a debate with a comment, a report and a question, an import job, a saved count, an
adopted rulebook) and an end-to-end verifiable ballot whose key is made, with three trustees.

Each role reads each page `permission_table.EXPECTED` lets it read. To keep the run short, a page
open to everyone is read by the anonymous visitor only (it is the same page for all), and the
others by every role of `ROLES` it admits; one browser, one context per role (signed in by its
session cookie), the width changed in place: the page loads once per role. axe runs at 390 px,
where the pages differ most. axe-core is vendored (tests/browser/vendor/) and injected into a
context that bypasses the Content-Security-Policy, for the test only."""

from __future__ import annotations

import random
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, Page
from tests.browser.test_accessibility import AXE
from tests.security.conftest import populate
from tests.security.permission_table import EVERYONE, EXPECTED
from tests.security.test_permission_matrix import _url, page_routes
from tests.services.e2e_machines import Machine
from tests.web.audit_reset import audit_reset  # noqa: F401 (a fixture)
from tests.web.visitors import World, make_world

from hustings.services import ballots as svc
from hustings.services.ballots.e2e import keys

ROLES = ("anonymous", "member", "right_officer", "general_secretary", "returning_officer", "auditor", "moderator")
PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 900}
TRUSTEES = ("member", "general_secretary", "auditor")

# Files, not pages (and routes that only redirect or answer scripts).
NOT_PAGES = {
    "api:openapi-json",
    "audit:export",
    "ballots:board_json",
    "ballots:export",
    "ballots:trustee_file",
    "debates:feed",
    "debates:log",
    "explorer:hemicycle_png",
    "explorer:hemicycle_svg",
    "imports:progress",
    "imports:report_csv",
}

OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  const wide = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.right > width + 1 && box.width > 0) {
      let p = el.parentElement, clipped = false;
      while (p && p !== document.body) {
        const s = getComputedStyle(p).overflowX;
        if (s === 'auto' || s === 'scroll' || s === 'hidden') { clipped = true; break; }
        p = p.parentElement;
      }
      if (!clipped) wide.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
        (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '') +
        ' ' + Math.round(box.right) + 'px');
    }
  }
  return wide.slice(0, 5).concat(['page ' + document.documentElement.scrollWidth + 'px']);
}"""

AXE_RUN = """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
  .filter(v => v.impact === 'serious' || v.impact === 'critical')
  .map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at ' +
    JSON.stringify(v.nodes.slice(0, 3).map(n => n.target)))"""


def e2e_ballot(world: World) -> int:
    """An end-to-end verifiable ballot over the party, its key made by three trustees: open."""
    for name in TRUSTEES:
        assert name in world.users
    ballot = svc.open_ballot(
        world.users["returning_officer"],
        organisation=world.party.organisation.slug,
        title="Leader 2016 (verifiable)",
        rulebook="labour-2016",
        process_kind="leadership_challenge",
        method="irv",
        seats=1,
        candidates=["Jeremy Corbyn", "Owen Smith"],
        trustees=[(f"Trustee {name}", name) for name in TRUSTEES],
        quorum=2,
    )
    rng = random.Random(7)
    machines = {i: Machine(i, rng) for i in range(1, len(TRUSTEES) + 1)}
    election = keys.election_document(ballot)
    for i, name in enumerate(TRUSTEES, 1):
        public, signing = machines[i].keys(election)
        keys.register_keys(world.users[name], ballot, public, signing)
    roster = keys.roster_document(ballot)
    for i, name in enumerate(TRUSTEES, 1):
        keys.upload_dealing(world.users[name], ballot, machines[i].deal(roster))
    dealings = keys.dealing_documents(ballot)
    for i, name in enumerate(TRUSTEES, 1):
        keys.confirm(world.users[name], ballot, machines[i].receive(dealings))
    return int(ballot.pk)


def pages_of(world: World, role: str) -> list[str]:
    """The paths `role` reads: every page the table lets it read (a page open to everyone by the
    anonymous visitor only), and the end-to-end ballot's pages."""
    paths = []
    for name, (route, pattern) in sorted(page_routes().items()):
        readers = EXPECTED.get(name, {}).get("GET", frozenset())
        if name.startswith("admin:") or name in NOT_PAGES or role not in readers:
            continue
        if readers == EVERYONE and role != "anonymous":
            continue
        paths.append(_url(world, name, route, pattern))
    e2e = world.objects["e2e"]
    paths += [f"/ballots/{e2e}/board/"] if role == "anonymous" else []
    if role in ("member", "returning_officer"):
        paths += [f"/ballots/{e2e}/", f"/ballots/{e2e}/vote/"]
    if role in TRUSTEES:
        paths.append(f"/ballots/{e2e}/trustee/")
    return paths


# Swagger UI, as django-ninja ships it (not Hustings' markup): checked for width, not by axe.
NOT_OURS = ("/api/docs",)


def problems(page: Page, path: str) -> list[str]:
    found = []
    page.set_viewport_size(PHONE)
    response = page.goto(path)
    if response is None or response.status >= 400:
        return [f"{path}: status {response.status if response else None}"]
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        wide = page.evaluate(OVERFLOW)
        if wide:
            found.append(f"{path} at {viewport['width']} px scrolls sideways: {wide}")
    page.set_viewport_size(PHONE)
    if path in NOT_OURS:
        return found
    page.add_script_tag(path=str(AXE))
    found += [f"{path}: {v}" for v in page.evaluate(AXE_RUN)]
    return found


def signed_in(browser: Browser, base: str, world: World, role: str) -> Page:
    context = browser.new_context(locale="en-GB", viewport=PHONE, bypass_csp=True, base_url=base)
    if role != "anonymous":
        client = Client()
        client.force_login(world.users[role])
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("audit_reset")
@pytest.mark.parametrize("role", ROLES)
def test_every_page_fits_a_phone_and_has_no_serious_violations(browser: Browser, live_server: Any, role: str) -> None:
    world = populate(make_world())
    world.objects["e2e"] = e2e_ballot(world)
    page = signed_in(browser, str(live_server), world, role)
    paths = pages_of(world, role)
    assert len(paths) > 5
    found = [problem for path in paths for problem in problems(page, path)]
    page.context.close()
    assert found == [], f"{role}:\n" + "\n".join(found)
