"""The home feed in the browser: the audit at 1280 and 360 px, and the live "N new posts" banner.

The banner test runs the real live endpoint (the pattern of test_live_badge.py): a colleague posts in
a closed space they share through the UI in a second browser context, and the first page shows the
banner without a reload; "show" brings the post in through htmx.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from plein.core.dispatch import deliver_pending
from plein.spaces.models import SpaceRole, SpaceVisibility
from plein.stream import actions
from tests.browser.conftest import PHONE, SCREENSHOTS
from tests.browser.test_live_badge import LIVE_TIMEOUT_MS, live_endpoint  # noqa: F401 (a fixture)
from tests.spaces.factories import SpaceFactory, add_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _english(settings: Any) -> None:
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def space(organisation: Any) -> Any:
    space = SpaceFactory(
        name="Team Burgerzaken", slug="team-burgerzaken", owner=organisation.manager, visibility=SpaceVisibility.CLOSED
    )
    add_member(space, organisation.employee)
    add_member(space, organisation.colleague, role=SpaceRole.MODERATOR)
    return space


def test_home_feed_passes_the_audit(auditor: Any, organisation: Any, space: Any) -> None:
    post = actions.create_post(
        author=organisation.colleague,
        body="Nieuwe **werkinstructie** voor paspoorten staat online. #balie",
        space=space,
    )
    actions.create_comment(author=organisation.manager, post=post, body="Dank je, Pieter!")
    actions.react(user=organisation.manager, target=post, value="thanks")
    actions.create_post(author=organisation.manager, body="Vrijdag borrel in de kantine.", space=space)
    audit = auditor(organisation.employee)  # the first visit rebuilds the inbox
    page = audit.visit("/", "feed-home")
    expect(page.get_by_text("Nieuwe werkinstructie voor paspoorten")).to_be_visible()
    expect(page.get_by_text("In Team Burgerzaken").first).to_be_visible()
    expect(page.get_by_text("Unread").first).to_be_visible()
    audit.visit("/?filter=verplicht", "feed-must-read")
    expect(audit.page.get_by_text("Nothing you must read.")).to_be_visible()
    audit.visit("/feed/bijpraten/", "feed-catch-up")
    audit.assert_no_problems()


def test_read_marks_are_reported_when_posts_scroll_into_view(new_page: Any, organisation: Any, space: Any) -> None:
    from plein.feed.models import PostRead

    post = actions.create_post(author=organisation.colleague, body="Lees mij", space=space)
    page = new_page(viewport=PHONE, user=organisation.employee)
    with page.expect_response(lambda r: urlsplit(r.url).path == "/feed/gelezen/", timeout=LIVE_TIMEOUT_MS) as sent:
        page.goto("/")
        page.locator(f"#post-{post.pk}").scroll_into_view_if_needed()
    assert sent.value.status == 204
    assert list(PostRead.objects.filter(user=organisation.employee).values_list("post_id", flat=True)) == [post.pk]


def test_live_banner_shows_new_posts_without_moving_the_feed(
    live_endpoint: str,  # noqa: F811 (first: the browser contexts close before the live server stops)
    new_page: Any,
    organisation: Any,
    space: Any,
) -> None:
    earlier = actions.create_post(author=organisation.manager, body="Eerder bericht", space=space)
    reader = new_page(user=organisation.employee)
    with reader.expect_response(lambda r: r.url == live_endpoint, timeout=LIVE_TIMEOUT_MS) as stream:
        reader.goto("/")
    assert stream.value.status == 200
    first = reader.locator(f"#post-{earlier.pk}")
    expect(first).to_be_visible()
    top = first.bounding_box()
    reader.evaluate("() => { window.__feedMarker = 'same document'; }")
    banner = reader.locator("[data-feed-banner]")
    expect(banner).to_be_hidden()

    writer = new_page(user=organisation.colleague)
    writer.goto(space.get_absolute_url())
    writer.locator("#composer-body").fill("Wie heeft de sleutel van de archiefkast?")
    writer.get_by_role("button", name="Post", exact=True).click()
    expect(writer.get_by_text("Wie heeft de sleutel van de archiefkast?")).to_be_visible()

    expect(banner).to_be_visible(timeout=LIVE_TIMEOUT_MS)
    expect(banner).to_have_text("1 new post — show")
    assert reader.locator(".plein-feed__live").get_attribute("aria-live") == "polite"
    assert first.bounding_box() == top, "the banner moved the feed"
    reader.screenshot(path=str(SCREENSHOTS / "feed-live-banner-1280.png"))

    deliver_pending()  # the worker pushes the post into the reader's inbox
    banner.click()
    expect(reader.get_by_text("Wie heeft de sleutel van de archiefkast?")).to_be_visible()
    expect(banner).to_be_hidden()
    assert reader.evaluate("() => window.__feedMarker") == "same document", "the page was reloaded"
