"""Every shell page, at desktop (1280 px) and phone (360 px) width: axe, CSP, layout, screenshots.

Each page is loaded twice: once with the site's Content Security Policy on (CSP reports,
status, one h1, no sideways scrolling down to 320 px, screenshots) and once in a context that
bypasses CSP so axe-core can be injected. Screenshots land in test-artifacts/screenshots/.
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# (screenshot name, path; {placeholders} come from the organisation fixture)
EMPLOYEE_PAGES = [
    ("home", "/"),
    ("news", "/nieuws/"),
    ("spaces", "/spaces/"),
    ("people", "/mensen/"),
    ("profile", "/mensen/{colleague}/"),
    ("organisation", "/organisatie/"),
    ("team", "/organisatie/{team}/"),
    ("search", "/zoeken/?q=bakk"),
    ("notifications", "/meldingen/"),
    ("settings", "/instellingen/"),
    ("account-email", "/accounts/email/"),
    ("password-change", "/accounts/password/change/"),
    ("two-factor", "/accounts/2fa/"),
    ("sessions", "/accounts/sessions/"),
]

ANONYMOUS_PAGES = [
    ("login", "/accounts/login/", 200),
    ("password-reset", "/accounts/password/reset/", 200),
    ("not-found", "/bestaat-niet/", 404),
]


@pytest.mark.parametrize(("name", "path"), EMPLOYEE_PAGES, ids=[name for name, _ in EMPLOYEE_PAGES])
def test_employee_page(audit: Any, organisation: Any, name: str, path: str) -> None:
    url = path.format(colleague=organisation.colleague.pk, team=organisation.team.pk)
    page = audit(url, name, user=organisation.employee)
    # Logged in and inside the shell, not bounced to the log-in form.
    assert page.locator("[data-notification-bell]").count() == 1, f"{name}: the shell header is missing"


@pytest.mark.parametrize(("name", "path", "status"), ANONYMOUS_PAGES, ids=[name for name, *_ in ANONYMOUS_PAGES])
def test_anonymous_page(audit: Any, transactional_db: None, name: str, path: str, status: int) -> None:
    page = audit(path, name, status=status)
    assert page.locator("[data-notification-bell]").count() == 0
