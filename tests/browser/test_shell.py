"""Logging in through the real form and using the shell (header, menu, navigation, skip link) by keyboard."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, login
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAV_HREFS = ["/", "/nieuws/", "/werkprocessen/", "/ruimtes/", "/mensen/"]
# Needs the Dutch translations (plein/locale/nl) to be compiled.
DUTCH_NAV = ["Home", "Nieuws", "Werkprocessen", "Ruimtes", "Mensen"]
DUTCH_LOG_OUT = "Uitloggen"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_log_in_and_find_the_shell(new_page: Any, organisation: Any, viewport: dict[str, int]) -> None:
    page = new_page(viewport=viewport)
    login(page, organisation.employee.email, PASSWORD)
    assert urlparse(page.url).path == "/", f"log-in should land on home, landed on {page.url}"

    header = page.locator("header.plein-header")
    expect(header.locator(".plein-brand")).to_contain_text("Gemeente Zuiderveld")
    search = page.get_by_role("search")
    expect(search).to_have_count(1)
    expect(search.get_by_role("combobox")).to_be_visible()  # the search box offers quick results
    bell = page.locator("[data-notification-bell]")
    expect(bell).to_be_visible()
    # The welcome notification is unread; the badge shows it and the label names the count.
    expect(bell.locator("[data-notification-count]")).to_have_text("1")
    expect(bell).to_have_attribute("aria-label", _contains("1"))
    expect(page.locator("h1")).to_have_count(1)

    nav = page.locator("nav.plein-nav")
    expect(nav).to_have_attribute("aria-label", _non_empty())
    links = nav.get_by_role("link")
    assert [links.nth(i).get_attribute("href") for i in range(links.count())] == NAV_HREFS
    expect(nav.locator("a[aria-current=page]")).to_have_attribute("href", "/")
    for link in links.all():
        expect(link).to_be_visible()

    # The profile menu works with the keyboard: Enter opens, Escape closes (and returns focus), Space opens.
    menu = page.locator("details.plein-menu")
    toggle = menu.locator("summary")
    log_out = menu.locator("form[action='/accounts/logout/'] button[type=submit]")
    expect(log_out).to_be_hidden()
    toggle.focus()
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("open", "")
    expect(log_out).to_be_visible()
    _inside_viewport(page, menu.locator(".plein-menu__list"), viewport)
    page.keyboard.press("Escape")
    expect(log_out).to_be_hidden()
    expect(toggle).to_be_focused()
    page.keyboard.press("Space")
    expect(log_out).to_be_visible()
    log_out_text = log_out.inner_text().strip()
    page.keyboard.press("Escape")

    # Skip link: the first Tab from the top of the page reaches it, Enter moves focus to the content.
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator("a.plein-skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_have_attribute("href", "#inhoud")
    _inside_viewport(page, skip, viewport)
    page.keyboard.press("Enter")
    expect(page.locator("#inhoud")).to_be_focused()

    # Every control reached with Tab shows where the focus is (WCAG 2.4.7).
    unmarked = _tab_through(page)
    assert not unmarked, f"controls without a visible focus indicator: {unmarked}"

    # Last, the words that depend on the compiled Dutch translations.
    nav_texts = [t.strip() for t in links.all_inner_texts()]
    assert nav_texts == DUTCH_NAV, f"Dutch navigation expected {DUTCH_NAV}, got {nav_texts} (translations missing?)"
    assert log_out_text == DUTCH_LOG_OUT, f"Dutch log-out button expected, got {log_out_text!r}"


def test_csp_is_enforced_and_reported(new_page: Any, organisation: Any) -> None:
    """The CSP detector the whole suite relies on: an inline script is refused and the refusal is seen."""
    page = new_page(user=organisation.employee)
    page.goto("/")
    with pytest.raises(PlaywrightError, match=r"(?i)content security policy|refused"):
        page.add_script_tag(content="window.__injected = true;")
    assert page.evaluate("() => window.__injected === undefined")
    assert page.log.csp, "Chromium refused an inline script but no CSP message reached the console listener"
    page.log.csp.clear()


FOCUS_STYLE_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  const shadowed = style.boxShadow && style.boxShadow !== 'none';
  const label = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  return {index: [...document.querySelectorAll('*')].indexOf(el), label, visible: outlined || shadowed};
}"""


def _tab_through(page: Any, limit: int = 40) -> list[str]:
    """Tab from the top of the page through every control; name those with no focus indicator."""
    page.goto("/")
    unmarked: list[str] = []
    seen: set[int] = set()
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS_STYLE_JS)
        if focused is None or focused["index"] in seen:
            break
        seen.add(focused["index"])
        if not focused["visible"]:
            unmarked.append(focused["label"])
    assert len(seen) >= 10, f"Tab reached only {len(seen)} controls on the home page"
    return unmarked


def _contains(text: str) -> re.Pattern[str]:
    return re.compile(re.escape(text))


def _non_empty() -> re.Pattern[str]:
    return re.compile(r"\S")


def _inside_viewport(page: Any, locator: Any, viewport: dict[str, int]) -> None:
    box = locator.bounding_box()
    assert box is not None, "element is not rendered"
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"] + 1, (
        f"element sticks out of the {viewport['width']}px viewport: {box}"
    )
    assert box["y"] >= 0, f"element is above the top of the page: {box}"
