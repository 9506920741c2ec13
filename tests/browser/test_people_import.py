"""An administrator imports people from an HR export: upload, read the dry run, apply.

The upload form, the dry-run report, the applied report and a refused file are each checked
like every page: CSP on with no violations, one h1, no sideways scrolling down to 320 px, and
axe-core at desktop and phone width (in the CSP-bypassing context, which has its own run).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from plein.accounts.models import User
from tests.browser.conftest import axe_at_both_widths, layout_problems, session_cookie
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GOOD = Path(__file__).resolve().parents[1] / "people" / "data" / "good.csv"


def submit(page: Any, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def check(audit: Any, name: str) -> None:
    """Layout and CSP of the normal page, axe on the axe page, both showing the same step."""
    audit.problems += layout_problems(audit.page, name)
    audit.problems += [f"{name}: {p}" for p in [*audit.page.log.csp, *audit.page.log.errors]]
    audit.page.log.csp.clear()
    audit.page.log.errors.clear()
    audit.problems += axe_at_both_widths(audit.axe_page, name)


def upload(page: Any, path: Path) -> None:
    page.goto("/mensen/import/")
    page.set_input_files("#id_file", str(path))
    submit(page, "Check the file")


def test_admin_uploads_previews_and_applies(
    auditor: Any, live_server: Any, transactional_db: None, tmp_path: Path
) -> None:
    admin = UserFactory(first_name="Beheer", last_name="Zuiderveld", is_superuser=True, is_staff=True, language="en")
    audit = auditor(admin)
    page = audit.visit("/mensen/import/", "people-import")

    # A file that cannot be read gets a clear message on the form.
    broken = tmp_path / "export.csv"
    broken.write_bytes(b"naam;afdeling\nJos\x81;Ruimte\n")  # 0x81 is neither UTF-8 nor Windows-1252
    for each in (page, audit.axe_page):
        upload(each, broken)
    expect(page.locator(".errorlist")).to_contain_text("not text in UTF-8 or Windows-1252")
    check(audit, "people-import-refused-file")

    # The dry run shows what would change, and changes nothing.
    for each in (page, audit.axe_page):
        upload(each, GOOD)
    expect(page.get_by_role("heading", name="What the import would do")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Anouk Jansen")
    expect(page.locator("main")).to_contain_text(
        "Gemeente Zuiderveld / Ruimte / Vergunningen / Team Vergunningen Noord"
    )
    assert not User.objects.filter(email="a.jansen@zuiderveld.nl").exists()
    check(audit, "people-import-dry-run")

    submit(page, "Apply these changes")
    expect(page.locator(".utrecht-alert")).to_contain_text("The import has been applied.")
    assert User.objects.filter(email="a.jansen@zuiderveld.nl", is_active=True).exists()
    # The axe page applies the file it previewed too; with a session of its own, since a kept
    # file is used once (its run changes nothing, but the page is the same).
    audit.axe_page.context.clear_cookies()
    audit.axe_page.context.add_cookies([session_cookie(admin, live_server.url)])
    upload(audit.axe_page, GOOD)
    expect(audit.axe_page.locator("main")).to_contain_text("Nothing to change")
    audit.problems += axe_at_both_widths(audit.axe_page, "people-import-nothing-to-change")
    User.objects.filter(email="a.jansen@zuiderveld.nl").update(first_name="Anouk-Marie")
    upload(audit.axe_page, GOOD)
    submit(audit.axe_page, "Apply these changes")
    expect(audit.axe_page.locator(".utrecht-alert")).to_contain_text("The import has been applied.")
    check(audit, "people-import-applied")

    # The new colleague is in the directory.
    page.goto("/mensen/?q=Anouk")
    expect(page.locator("main")).to_contain_text("Anouk Jansen")
    audit.assert_no_problems()
