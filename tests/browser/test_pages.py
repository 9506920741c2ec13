"""Every shell page, at desktop (1280 px) and phone (360 px) width: axe, CSP, layout, screenshots.

Each page is loaded twice: once with the site's Content Security Policy on (CSP reports,
status, one h1, no sideways scrolling down to 320 px, screenshots) and once in a context that
bypasses CSP so axe-core can be injected. Screenshots land in test-artifacts/screenshots/.
A walk is one test, so a run lists the defects of every page at once.
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# (screenshot name, path with {placeholders} from the organisation fixture, nav link marked current)
EMPLOYEE_PAGES = [
    ("home", "/", "/"),
    ("news", "/nieuws/", "/nieuws/"),
    ("spaces", "/ruimtes/", "/ruimtes/"),
    ("people", "/mensen/", "/mensen/"),
    ("profile", "/mensen/{colleague}/", "/mensen/"),
    ("organisation", "/organisatie/", None),
    ("team", "/organisatie/{team}/", None),
    ("search", "/zoeken/?q=bakk", None),
    ("notifications", "/meldingen/", None),
    ("settings", "/instellingen/", None),
    ("account-email", "/accounts/email/", None),
    ("password-change", "/accounts/password/change/", None),
    ("two-factor", "/accounts/2fa/", None),
    ("sessions", "/accounts/sessions/", None),
    ("help", "/hulp/", None),
    ("help-account", "/hulp/account/", None),
]

ANONYMOUS_PAGES = [
    ("login", "/accounts/login/", 200),
    ("password-reset", "/accounts/password/reset/", 200),
    ("not-found", "/bestaat-niet/", 404),
]


def test_employee_pages(auditor: Any, organisation: Any) -> None:
    audit = auditor(organisation.employee)
    for name, path, current in EMPLOYEE_PAGES:
        page = audit.visit(path.format(colleague=organisation.colleague.pk, team=organisation.team.pk), name)
        if page.locator("[data-notification-bell]").count() != 1:
            audit.problems.append(f"{name}: the shell header (notification bell) is missing at {page.url}")
        marked = [a.get_attribute("href") for a in page.locator("nav.plein-nav a[aria-current=page]").all()]
        if marked != ([current] if current else []):
            audit.problems.append(f"{name}: navigation marks {marked} as the current page, expected {current}")
    audit.assert_no_problems()


def test_pages_for_visitors_who_are_not_logged_in(auditor: Any, transactional_db: None) -> None:
    audit = auditor(None)
    for name, path, status in ANONYMOUS_PAGES:
        page = audit.visit(path, name, status=status)
        if page.locator("[data-notification-bell]").count() != 0:
            audit.problems.append(f"{name}: shows the logged-in shell to a visitor")
    audit.assert_no_problems()
