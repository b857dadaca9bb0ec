"""In a real browser: a secretary uploads a member file with errors and sees the reasons and no
import button; then uploads a good file and imports it."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from tests.browser.pages import sign_in
from tests.web.audit_reset import audit_reset  # noqa: F401 (a fixture)
from tests.web.visitors import make_party

from hustings.store.members.models import Person

HEADER = "Membership Number,Name,Email,Unit,Category,Joined\n"


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("audit_reset")
def test_secretary_sees_refusals_then_imports_a_good_file(page: Page, live_server: object, tmp_path: Path) -> None:
    make_party()
    url = str(live_server)
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "L700,Ivy Import,ivy@example.org,isn-hi,member,31/02/2016\n", encoding="utf-8")
    good = tmp_path / "good.csv"
    good.write_text(HEADER + "L700,Ivy Import,ivy@example.org,isn-hi,member,28/02/2016\n", encoding="utf-8")
    sign_in(page, url, "right_officer", "pw-right_officer-2016!")
    page.goto(f"{url}/imports/")
    page.get_by_label("Member file (CSV or XLSX)").set_input_files(str(bad))
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_role("table", name="Refused rows")).to_contain_text("31/02/2016 is not a date")
    expect(page.get_by_role("button", name="Import these")).to_have_count(0)
    page.goto(f"{url}/imports/")
    page.get_by_label("Member file (CSV or XLSX)").set_input_files(str(good))
    page.get_by_role("button", name="Upload and check").click()
    page.get_by_role("button", name="Import these 1 rows").click()
    expect(page.get_by_role("status").filter(has_text="Imported")).to_contain_text("1 created")
    assert Person.objects.filter(ref="L700").exists()
