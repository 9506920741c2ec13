"""The stream in the browser: a phone user writes a post with a mention chosen by keyboard, comments and reacts;
the space stream, a post page and a topic page pass axe at 1280 and 360 px without CSP reports."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from plein.spaces.models import SpaceRole
from plein.stream import actions
from plein.stream.models import Post
from tests.browser.conftest import PHONE
from tests.spaces.factories import SpaceFactory, add_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _english(settings: Any) -> None:
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def space(organisation: Any) -> Any:
    space = SpaceFactory(name="Team Burgerzaken", slug="team-burgerzaken", owner=organisation.manager)
    add_member(space, organisation.employee)
    add_member(space, organisation.colleague, role=SpaceRole.MODERATOR)
    post = actions.create_post(
        author=organisation.colleague,
        body="Nieuwe **werkinstructie** voor paspoorten staat online. #balie\n\n- lees hem\n- geef feedback",
        space=space,
    )
    actions.create_comment(author=organisation.manager, post=post, body="Dank je, Pieter!")
    actions.react(user=organisation.manager, target=post, value="thanks")
    return space


def test_write_a_post_with_a_mention_comment_and_react_on_a_phone(new_page: Any, organisation: Any, space: Any) -> None:
    page = new_page(viewport=PHONE, user=organisation.employee)
    page.goto(space.get_absolute_url())
    box = page.locator("#composer-body")
    box.click()
    box.press_sequentially("Vraag voor @Pie")
    option = page.get_by_role("option", name="Pieter Bakker")
    expect(option).to_be_visible()
    expect(box).to_have_attribute("aria-activedescendant", option.get_attribute("id") or "")
    box.press("Enter")
    expect(box).to_have_value(f"Vraag voor @[Pieter Bakker](user:{organisation.colleague.pk}) ")
    box.press_sequentially("kun je even kijken? #bal")
    expect(page.get_by_role("option", name="#balie")).to_be_visible()
    box.press("ArrowDown")
    box.press("Escape")
    expect(page.get_by_role("listbox")).to_be_hidden()
    box.press_sequentially("ie")
    page.get_by_role("button", name="Post", exact=True).click()
    post = Post.objects.get(author=organisation.employee)
    article = page.locator(f"#post-{post.pk}")
    expect(article.get_by_role("link", name="@Pieter Bakker")).to_be_visible()
    assert list(post.mentions.values_list("pk", flat=True)) == [organisation.colleague.pk]
    # The draft is gone after posting.
    page.reload()
    expect(page.locator("#composer-body")).to_have_value("")
    # React (htmx swaps the buttons) and comment on the post page.
    like = article.get_by_role("button", name="Like")
    like.click()
    expect(article.get_by_role("button", name="Like 1")).to_have_attribute("aria-pressed", "true")
    article.get_by_role("link", name="Write a comment").click()
    page.get_by_label("Your comment").fill("Ik zet hem ook in het rooster.")
    page.get_by_role("button", name="Comment", exact=True).click()
    expect(page.get_by_text("Ik zet hem ook in het rooster.")).to_be_visible()


def test_stream_pages_pass_the_audit(auditor: Any, organisation: Any, space: Any) -> None:
    post = Post.objects.get()
    audit = auditor(organisation.colleague)
    audit.visit(space.get_absolute_url(), "stream-space")
    audit.visit(post.get_absolute_url(), "stream-post")
    audit.visit("/onderwerpen/balie/", "stream-topic")
    audit.visit(f"/berichten/{post.pk}/reacties/", "stream-reactors")
    audit.visit(f"/mensen/{organisation.colleague.pk}/", "stream-profile")
    audit.assert_no_problems()


def test_profile_stream_and_link_previews_pass_the_audit(auditor: Any, organisation: Any, space: Any) -> None:
    post = Post.objects.get()
    actions.create_post(
        author=organisation.employee,
        body=f"Zie /berichten/{post.pk}/ en /ruimtes/{space.slug}/ en /mensen/{organisation.colleague.pk}/",
    )
    audit = auditor(organisation.employee)
    audit.visit(f"/mensen/{organisation.employee.pk}/", "stream-own-profile")
    audit.visit(f"/berichten/van/{organisation.employee.pk}/", "stream-person-posts")
    audit.assert_no_problems()
