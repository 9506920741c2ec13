"""Fixtures for the browser suite: Debian's Chromium driven by Playwright against ``live_server``.

One browser per session; every test gets fresh contexts (cookie jars). Normal contexts keep the
site's Content Security Policy switched on and record every CSP refusal Chromium logs and every
uncaught script exception; the ``axe`` context (``bypass_csp=True``) exists only so axe-core can be
injected as a script tag, and is never used to judge CSP.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from plein.notifications.actions import notify
from plein.org.models import DepartmentKind
from plein.people.models import Skill
from tests.factories import PASSWORD, DepartmentFactory, LocationFactory, UserFactory

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the tests
# (factories, force_login) are safe because nothing else runs on that loop.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}
NARROWEST = {"width": 320, "height": 740}
VIEWPORTS = (DESKTOP, PHONE)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CSP_PATTERN = re.compile(r"Content Security Policy|Refused to", re.IGNORECASE)


# --- browser ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run `npm ci` to install axe-core")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class PageLog:
    """What a page said on the console while the test drove it."""

    csp: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def attach(self, page: Any) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))

    def _console(self, message: Any) -> None:
        text = message.text
        if CSP_PATTERN.search(text):
            self.csp.append(f"{message.type}: {text}")

    def assert_clean(self, where: str) -> None:
        problems = [*self.csp, *self.errors]
        assert not problems, f"{where}: Content Security Policy violations or script errors:\n" + "\n".join(
            f"  - {p}" for p in problems
        )
        self.csp.clear()
        self.errors.clear()


@pytest.fixture
def new_page(browser: Any, live_server: Any) -> Iterator[Callable[..., Any]]:
    """Open a page in a fresh context; ``bypass_csp`` only for the axe context.

    ``user`` logs the context in with a session cookie (quicker than the form, which has its own
    tests). Every normal page carries ``page.log`` (a PageLog); at the end of the test any CSP
    message or script error that was not already reported fails the test.
    """
    contexts: list[Any] = []
    logs: list[tuple[str, PageLog]] = []

    def open_page(*, viewport: dict[str, int] = DESKTOP, bypass_csp: bool = False, user: Any = None) -> Any:
        context = browser.new_context(
            viewport=viewport, base_url=live_server.url, bypass_csp=bypass_csp, locale="en-GB"
        )
        contexts.append(context)
        if user is not None:
            context.add_cookies([session_cookie(user, live_server.url)])
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.log = PageLog()
        page.log.attach(page)
        if not bypass_csp:
            logs.append((f"context {len(contexts)}", page.log))
        return page

    yield open_page
    for context in contexts:
        context.close()
    for where, log in logs:
        log.assert_clean(where)


def session_cookie(user: Any, url: str) -> dict[str, Any]:
    """A logged-in session for ``user`` without going through the form (the form has its own test)."""
    client = Client()
    client.force_login(user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": url,
    }


# --- checks ------------------------------------------------------------------------------


def login(page: Any, email: str, password: str) -> None:
    """Log in through the real form and wait for the page it leads to."""
    page.goto("/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.locator("form[action='/accounts/login/'] button[type=submit]").click()


def run_axe(page: Any) -> list[dict[str, Any]]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        "async (tags) => { const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});"
        " return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))})); }",
        AXE_TAGS,
    )
    return list(result)


def format_violations(where: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"{where}: {len(violations)} axe violation(s)"]
    for v in violations:
        lines.append(f"  - {v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:8]:
            summary = " / ".join(s.strip() for s in (node["summary"] or "").splitlines()[1:3] if s.strip())
            lines.append(f"      {node['target']}  {summary}")
        if len(v["nodes"]) > 8:
            lines.append(f"      … and {len(v['nodes']) - 8} more")
    return "\n".join(lines)


def axe_at_both_widths(page: Any, name: str) -> list[str]:
    """Run axe on the loaded page at desktop and phone width; return readable failures."""
    failures = []
    for viewport in VIEWPORTS:
        page.set_viewport_size(viewport)
        violations = run_axe(page)
        if violations:
            failures.append(format_violations(f"{name} at {viewport['width']}px ({page.url})", violations))
    return failures


def screenshot(page: Any, name: str, width: int) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)


def layout_problems(page: Any, name: str) -> list[str]:
    """Screenshots at both widths, no sideways scrolling down to 320 px, exactly one h1."""
    problems = []
    h1_count = page.locator("h1").count()
    if h1_count != 1:
        problems.append(f"{name}: expected exactly one <h1>, found {h1_count}")
    for viewport in (*VIEWPORTS, NARROWEST):
        page.set_viewport_size(viewport)
        if viewport in VIEWPORTS:
            screenshot(page, name, viewport["width"])
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > viewport["width"]:
            wide = page.evaluate(WIDEST_ELEMENTS, viewport["width"])
            problems.append(
                f"{name}: page is {width}px wide at a {viewport['width']}px viewport (scrolls sideways); "
                f"overflowing elements: {wide}"
            )
    page.set_viewport_size(DESKTOP)
    return problems


# Names the elements that stick out past the viewport, to make an overflow report actionable.
WIDEST_ELEMENTS = """(limit) => {
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.right > limit + 1 && r.width > 0) {
      const id = el.id ? '#' + el.id : '';
      const cls = el.classList.length ? '.' + [...el.classList].join('.') : '';
      out.push(`${el.tagName.toLowerCase()}${id}${cls} (right=${Math.round(r.right)})`);
    }
  }
  return out.slice(0, 6);
}"""


class Auditor:
    """Checks pages the way every page is checked, for one visitor (a user, or nobody).

    Each page is loaded in a normal context (status, a CSP header, exactly one h1, no sideways
    scrolling at 360 and 320 px, screenshots at 1280 and 360 px, no CSP report or script error)
    and again in the axe context (axe at 1280 and 360 px). The two contexts are reused from
    page to page. Problems are collected, so one run lists every defect of every page.
    """

    def __init__(self, new_page: Callable[..., Any], user: Any) -> None:
        self.page = new_page()
        self.axe_page = new_page(bypass_csp=True)
        if user is not None:
            # A real log-in (so allauth records the session, as the session list shows), shared by both contexts.
            login(self.page, user.email, PASSWORD)
            self.axe_page.context.add_cookies(self.page.context.cookies())
        self.problems: list[str] = []

    def visit(self, path: str, name: str, *, status: int = 200) -> Any:
        page = self.page
        response = page.goto(path)
        problems = []
        if response is None or response.status != status:
            got = response.status if response is not None else "no response"
            problems.append(f"{name}: GET {path} answered {got}, expected {status} (ended at {page.url})")
        else:
            policy = response.headers.get("content-security-policy") or ""
            # Django adds the nonce only to pages that use one; what matters is that inline code is never allowed.
            if "script-src 'self'" not in policy or "unsafe-inline" in policy or "unsafe-eval" in policy:
                problems.append(f"{name}: GET {path} lacks a strict Content-Security-Policy (got {policy!r})")
        problems += layout_problems(page, name)
        problems += [f"{name}: {p}" for p in [*page.log.csp, *page.log.errors]]
        page.log.csp.clear()
        page.log.errors.clear()
        self.axe_page.goto(path)
        problems += axe_at_both_widths(self.axe_page, name)
        self.problems += problems
        return page

    def assert_no_problems(self) -> None:
        assert not self.problems, f"{len(self.problems)} problem(s):\n" + "\n".join(self.problems)


@pytest.fixture
def auditor(new_page: Callable[..., Any]) -> Callable[[Any], Auditor]:
    """``auditor(user)`` (or ``auditor(None)`` for a visitor who is not logged in)."""
    return lambda user: Auditor(new_page, user)


# --- data ---------------------------------------------------------------------------------


@dataclass
class Organisation:
    root: Any
    directorate: Any
    team: Any
    employee: Any
    colleague: Any
    manager: Any


@pytest.fixture
def organisation(transactional_db: None) -> Organisation:
    """Gemeente Zuiderveld > Directie Dienstverlening > Team Burgerzaken, with people in it.

    Committed for real (transactional_db), so the live server's thread sees it.
    """
    root = DepartmentFactory(name="Gemeente Zuiderveld", kind=DepartmentKind.ORGANISATION)
    directorate = DepartmentFactory(name="Directie Dienstverlening", kind=DepartmentKind.DIRECTORATE, parent=root)
    team = DepartmentFactory(name="Team Burgerzaken", kind=DepartmentKind.TEAM, parent=directorate)
    town_hall = LocationFactory(name="Stadhuis", address="Marktplein 1")

    manager = UserFactory(first_name="Fatima", last_name="El Amrani", with_profile__function="Teamleider")
    employee = UserFactory(first_name="Sanne", last_name="de Vries")
    colleague = UserFactory(first_name="Pieter", last_name="Bakker", is_ambassador=True)
    for person in (manager, employee, colleague):
        person.profile.department = team
        person.profile.location = town_hall
        person.profile.save(update_fields=["department", "location"])
    colleague.profile.skills.add(Skill.objects.create(name="Basisregistratie Personen"))
    directorate.manager = manager
    directorate.save(update_fields=["manager"])
    team.manager = manager
    team.save(update_fields=["manager"])
    notify(recipient_id=employee.pk, kind="welcome", event=None, url="/instellingen/")
    return Organisation(root, directorate, team, employee, colleague, manager)
