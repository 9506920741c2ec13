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
from tests.news.editorial_setup import ensure_editorial_setup
from tests.news.factories import news_item
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


def test_official_news_in_the_feed_passes_the_audit(auditor: Any, organisation: Any, space: Any) -> None:
    ensure_editorial_setup()
    actions.create_post(author=organisation.colleague, body="De balie is vrijdag dicht.", space=space)
    news_item(
        title="Nieuwe afspraken over hybride werken",
        lead="Vanaf 1 februari gelden nieuwe afspraken over thuis en op kantoor werken.",
        must_read=True,
    )
    audit = auditor(organisation.employee)
    page = audit.visit("/", "feed-news")
    news = page.locator(".plein-feed__item--news")
    expect(news.get_by_text("News from the organisation")).to_be_visible()
    expect(news.get_by_role("link", name="Nieuwe afspraken over hybride werken")).to_be_visible()
    expect(page.get_by_text("De balie is vrijdag dicht.")).to_be_visible()
    audit.visit("/feed/bijpraten/", "feed-catch-up-news")
    expect(audit.page.get_by_role("link", name="Nieuwe afspraken over hybride werken")).to_be_visible()
    audit.assert_no_problems()


def test_filter_the_feed_catch_up_and_react_from_the_feed(auditor: Any, organisation: Any, space: Any) -> None:
    """Posts reach the reader through the real fan-out: a space, a person and a topic they follow, a mention."""
    from datetime import timedelta

    from django.utils import timezone

    from plein.feed.models import FeedState
    from plein.people import actions as people_actions

    now = timezone.now()
    reader = organisation.employee
    FeedState.objects.create(user=reader, last_seen_at=now - timedelta(hours=2), inbox_built_at=now)
    people_actions.follow(user=reader, person=organisation.manager)
    elsewhere = SpaceFactory(name="Duurzaam Zuiderveld", slug="duurzaam", owner=organisation.manager)
    add_member(elsewhere, organisation.colleague)
    in_space = actions.create_post(author=organisation.colleague, body="Balie morgen later open.", space=space)
    from_person = actions.create_post(author=organisation.manager, body="Mijn week in het kort.")
    actions.set_topic_follow(user=reader, topic=_topic("fietsen"), follow=True)
    on_topic = actions.create_post(author=organisation.colleague, body="Wie doet mee? #fietsen", space=elsewhere)
    mention = actions.create_post(
        author=organisation.colleague, body=f"Vraag voor @[Sanne de Vries](user:{reader.pk})", space=space
    )
    deliver_pending()  # the worker's fan-out into the reader's inbox

    audit = auditor(reader)
    page = audit.visit("/", "feed-filters-all")
    feed = page.locator("#feed-list")
    for post in (in_space, from_person, on_topic, mention):
        expect(feed.locator(f"#post-{post.pk}")).to_be_visible()
    tabs = page.get_by_role("navigation", name="Show in your feed")
    shown = {
        "My spaces": {in_space},  # one reason per post: the mention files under People
        "People": {from_person, mention},
        "Topics": {on_topic},
        "Must read": set(),
        "All": {in_space, from_person, on_topic, mention},
    }
    for label, wanted in shown.items():
        tabs.get_by_role("link", name=label, exact=True).click()
        expect(tabs.get_by_role("link", name=label, exact=True)).to_have_attribute("aria-current", "page")
        ids = set(page.locator("#feed-list [data-feed-post]").evaluate_all("els => els.map(e => +e.dataset.feedPost)"))
        assert ids == {post.pk for post in wanted}, label
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(SCREENSHOTS / "feed-filters-360.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    audit.visit("/?filter=mensen", "feed-filter-people")
    audit.visit("/?filter=onderwerpen", "feed-filter-topics")
    audit.visit("/?filter=ruimtes", "feed-filter-spaces")

    # React from the feed with the keyboard.
    page = audit.visit("/", "feed-react")
    react = page.locator(f"#post-{in_space.pk}").get_by_role("button", name="React", exact=True)
    react.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")  # Celebrate
    expect(page.locator(f"#post-{in_space.pk}").get_by_role("button", name="Your reaction: Celebrate")).to_be_focused()

    # Catch up: mentions first, then the rest.
    page.get_by_role("link", name="Catch up").click()
    expect(page.get_by_role("heading", level=1, name="Catch up")).to_be_visible()
    order = page.locator("[data-feed-post]").evaluate_all("els => els.map(e => +e.dataset.feedPost)")
    assert order[0] == mention.pk and set(order) == {in_space.pk, from_person.pk, on_topic.pk, mention.pk}
    expect(page.locator(f"[data-feed-post='{mention.pk}']").get_by_text("Mentions you")).to_be_visible()
    audit.visit("/feed/bijpraten/", "feed-catch-up-full")
    audit.assert_no_problems()


def _topic(name: str) -> Any:
    from plein.stream.models import Topic

    return Topic.objects.get_or_create(slug=name, defaults={"name": name})[0]


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
    live_endpoint: str,
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
