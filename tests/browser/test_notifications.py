"""The notification pages at 1280 and 360 px with axe-core, and the bell updating live when a
colleague in another browser context mentions the person."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from plein.core.dispatch import deliver_pending
from plein.notifications.models import Notification
from plein.spaces.models import SpaceRole
from plein.stream import actions
from plein.stream.models import Post
from tests.browser.conftest import axe_at_both_widths
from tests.browser.test_live_badge import LIVE_TIMEOUT_MS, live_endpoint  # noqa: F401 - a fixture
from tests.factories import UserFactory
from tests.spaces.factories import SpaceFactory, add_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _english(settings: Any) -> None:
    settings.LANGUAGE_CODE = "en"


def mention(user: Any) -> str:
    return f"@[{user.first_name} {user.last_name}](user:{user.pk})"


@pytest.fixture
def people(organisation: Any) -> dict[str, Any]:
    """Sanne's post with reactions and comments, a mention, a must-read and a review date."""
    sanne = organisation.employee
    team = SpaceFactory(name="Team Burgerzaken", slug="team-burgerzaken", owner=sanne)
    others = [UserFactory(first_name=name, last_name="de Jong") for name in ("Anna", "Bram", "Cor", "Dirk", "Eva")]
    for person in [organisation.colleague, *others]:
        add_member(team, person, role=SpaceRole.MEMBER)
    post = actions.create_post(author=sanne, space=team, body="Nieuwe werkplekken op de tweede verdieping")
    for person in others:
        actions.react(user=person, target=Post.objects.get(pk=post.pk), value="like")
    for person in others[:3]:
        actions.create_comment(author=person, post=Post.objects.get(pk=post.pk), body="Mooi!")
    actions.create_post(author=organisation.colleague, space=team, body=f"{mention(sanne)} kun jij het rooster delen?")
    deliver_pending()
    Notification.objects.create(
        recipient=sanne,
        kind="page_review_due",
        url="/",
        params={"title": "Paspoort aanvragen", "date": "2026-12-24"},
        read_at=timezone.now(),
        updated_at=timezone.now() - timezone.timedelta(days=2),
    )
    return {"sanne": sanne, "team": team, "colleague": organisation.colleague}


def test_notification_pages_pass_the_audit(auditor: Any, people: dict[str, Any]) -> None:
    audit = auditor(people["sanne"])
    for name, path in [
        ("notifications", "/meldingen/"),
        ("notifications-unread", "/meldingen/?filter=ongelezen"),
        ("notifications-empty-filter", "/meldingen/?filter=moetlezen"),
        ("notification-settings", "/meldingen/instellingen/"),
    ]:
        page = audit.visit(path, name)
    page = audit.visit("/meldingen/", "notifications")
    items = page.locator(".plein-notification")
    expect(items.first).to_contain_text("mentioned you")
    expect(page.get_by_role("link", name="Eva de Jong and 4 others reacted to your post")).to_be_visible()
    expect(page.get_by_role("link", name="Dec. 24, 2026")).to_be_visible()

    # Marking one read takes it out of the unread filter.
    page.goto("/meldingen/?filter=ongelezen")
    unread = page.locator(".plein-notification").count()
    assert unread == 4  # the welcome, the mention, the comments and the reactions
    page.locator(".plein-notification form button").first.click()
    expect(page.locator(".plein-notification")).to_have_count(unread - 1)

    # A form with a mistake explains it in place, keeps what was typed and passes axe.
    for check_page in (audit.page, audit.axe_page):
        check_page.goto("/meldingen/instellingen/")
        check_page.select_option("#id_quiet_from", "21:00")
        check_page.locator("#quiet button[type=submit]").click()
        expect(check_page.get_by_text("Fill in both times")).to_be_visible()
        expect(check_page.locator("#id_quiet_from")).to_have_value("21:00")
    audit.problems += axe_at_both_widths(audit.axe_page, "notification-settings-error")
    audit.assert_no_problems()


def test_the_bell_updates_live_when_a_colleague_mentions_you(
    live_endpoint: str,  # first: the browser contexts close before the live server stops
    new_page: Callable[..., Any],
    people: dict[str, Any],
) -> None:
    sanne, colleague, team = people["sanne"], people["colleague"], people["team"]
    Notification.objects.filter(recipient=sanne).update(read_at=timezone.now())
    mine = new_page(user=sanne)
    with mine.expect_response(lambda r: r.url == live_endpoint, timeout=LIVE_TIMEOUT_MS):
        mine.goto("/")
    badge = mine.locator("[data-notification-count]")
    expect(badge).to_be_hidden()

    theirs = new_page(user=colleague)
    theirs.goto(team.get_absolute_url())
    theirs.locator("#composer-body").fill(f"{mention(sanne)} wil jij hier even naar kijken?")
    theirs.get_by_role("button", name="Post", exact=True).click()
    expect(theirs.get_by_text("wil jij hier even naar kijken?")).to_be_visible()
    theirs.wait_for_load_state("networkidle")
    deliver_pending()  # what `plein worker` does

    expect(badge).to_have_text("1", timeout=LIVE_TIMEOUT_MS)
    expect(badge).to_be_visible()
    mine.goto("/meldingen/")
    link = mine.locator(".plein-notification a").first
    expect(link).to_contain_text("mentioned you")
    link.click()
    expect(mine.get_by_text("wil jij hier even naar kijken?")).to_be_visible()
    expect(badge).to_be_hidden(timeout=LIVE_TIMEOUT_MS)
