"""The stream in the browser: a phone user (375 px) writes a post with an image and a mention chosen by keyboard,
reacts with the keyboard through the one "React" button, and comments; reactions work without JavaScript; a
double click posts once; editing attachments works; the stream pages pass axe at 1280 and 360 px without CSP
reports."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from playwright.sync_api import expect

from plein.core.models import Interaction, InteractionKind
from plein.spaces.models import SpaceRole
from plein.stream import actions
from plein.stream.models import Post
from tests.browser.conftest import SCREENSHOTS, format_violations, run_axe, session_cookie
from tests.spaces.factories import SpaceFactory, add_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_375 = {"width": 375, "height": 812}


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


def png_bytes(size: tuple[int, int] = (640, 400)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (40, 120, 60)).save(buffer, "PNG")
    return buffer.getvalue()


def test_write_a_post_with_an_image_and_a_mention_comment_and_react_on_a_phone(
    new_page: Any, organisation: Any, space: Any
) -> None:
    page = new_page(viewport=PHONE_375, user=organisation.employee)
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
    # A real PNG through the first image slot, with its description.
    page.get_by_label("Image file").first.set_input_files(
        files=[{"name": "rooster.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    page.get_by_label("Description for people who cannot see the image").first.fill("Het nieuwe baliérooster")
    page.screenshot(path=str(SCREENSHOTS / "stream-composer-image-375.png"), full_page=True)
    page.get_by_role("button", name="Post", exact=True).click()
    post = Post.objects.get(author=organisation.employee)
    article = page.locator(f"#post-{post.pk}")
    expect(article.get_by_role("link", name="@Pieter Bakker")).to_be_visible()
    image = article.get_by_role("img", name="Het nieuwe baliérooster")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.naturalWidth") == 640
    assert list(post.mentions.values_list("pk", flat=True)) == [organisation.colleague.pk]
    assert [(a.kind, a.alt_text) for a in post.attachments.all()] == [("image", "Het nieuwe baliérooster")]
    # The draft is gone after posting.
    page.reload()
    expect(page.locator("#composer-body")).to_have_value("")
    article = page.locator(f"#post-{post.pk}")
    page.screenshot(path=str(SCREENSHOTS / "stream-post-with-image-375.png"), full_page=True)

    # React with the keyboard: Enter opens the choices, the arrows move, Escape closes and returns focus.
    react = article.get_by_role("button", name="React", exact=True)
    expect(react).to_have_attribute("aria-expanded", "false")
    react.focus()
    page.keyboard.press("Enter")
    expect(react).to_have_attribute("aria-expanded", "true")
    expect(article.get_by_role("button", name="Like", exact=True)).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(article.get_by_role("button", name="Thanks", exact=True)).to_be_focused()
    page.keyboard.press("Escape")
    expect(react).to_have_attribute("aria-expanded", "false")
    expect(react).to_be_focused()
    expect(article.get_by_role("button", name="Thanks", exact=True)).to_be_hidden()
    page.keyboard.press("Enter")
    page.keyboard.press("End")
    expect(article.get_by_role("button", name="Curious", exact=True)).to_be_focused()
    page.keyboard.press("ArrowDown")  # wraps around to the first
    page.keyboard.press("ArrowDown")
    page.screenshot(path=str(SCREENSHOTS / "stream-react-open-375.png"))
    page.keyboard.press("Enter")  # Thanks
    chosen = article.get_by_role("button", name="Your reaction: Thanks")
    expect(chosen).to_be_focused()
    expect(chosen).to_have_attribute("aria-expanded", "false")
    expect(article.locator(".plein-reactions__summary")).to_contain_text("Thanks 1")
    assert list(
        Interaction.objects.filter(kind=InteractionKind.REACTION, user=organisation.employee).values_list(
            "value", flat=True
        )
    ) == ["thanks"]
    # A click outside closes an open set of choices.
    chosen.click()
    expect(chosen).to_have_attribute("aria-expanded", "true")
    page.locator("h1").click()
    expect(chosen).to_have_attribute("aria-expanded", "false")

    article.get_by_role("link", name="Write a comment").click()
    page.get_by_label("Your comment").fill("Ik zet hem ook in het rooster.")
    page.get_by_role("button", name="Comment", exact=True).click()
    expect(page.get_by_text("Ik zet hem ook in het rooster.")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "stream-comment-375.png"), full_page=True)


def test_reactions_work_without_javascript(browser: Any, live_server: Any, organisation: Any, space: Any) -> None:
    context = browser.new_context(
        viewport=PHONE_375, base_url=live_server.url, java_script_enabled=False, locale="en-GB"
    )
    try:
        context.add_cookies([session_cookie(organisation.employee, live_server.url)])
        page = context.new_page()
        post = Post.objects.get()
        page.goto(post.get_absolute_url())
        article = page.locator(f"#post-{post.pk}")
        article.locator("summary", has_text="React").click()
        article.get_by_role("button", name="Celebrate", exact=True).click()
        page.wait_for_url(f"**{post.get_absolute_url()}*")
        article = page.locator(f"#post-{post.pk}")
        expect(article.locator("summary")).to_contain_text("Celebrate")
        expect(article.locator(".plein-reactions__summary")).to_contain_text("Celebrate 1")
    finally:
        context.close()


def test_a_double_click_on_post_makes_one_post(new_page: Any, organisation: Any, space: Any) -> None:
    page = new_page(viewport=PHONE_375, user=organisation.employee)
    page.goto(space.get_absolute_url())
    page.locator("#composer-body").fill("Eén keer, ook bij een dubbelklik")
    page.get_by_role("button", name="Post", exact=True).dblclick()
    expect(page.get_by_text("Eén keer, ook bij een dubbelklik")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert Post.objects.filter(author=organisation.employee).count() == 1


def test_edit_attachments_and_the_open_reactions_pass_the_audit(
    auditor: Any, organisation: Any, space: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    post = actions.create_post(
        author=organisation.employee,
        body="Rooster en notulen",
        space=space,
        images=[(SimpleUploadedFile("rooster.png", png_bytes()), "Het rooster")],
        files=[SimpleUploadedFile("notulen.pdf", b"%PDF-1.4 notulen")],
    )
    audit = auditor(organisation.employee)
    page = audit.visit(f"/berichten/{post.pk}/bewerken/", "stream-edit-attachments")
    page.set_viewport_size(PHONE_375)
    page.screenshot(path=str(SCREENSHOTS / "stream-edit-attachments-375.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label("Remove file “notulen.pdf”").check()
    page.get_by_label("Image file").first.set_input_files(
        files=[{"name": "kaart.png", "mimeType": "image/png", "buffer": png_bytes((200, 100))}]
    )
    page.get_by_role("button", name="Save", exact=True).click()
    # No description: the message in place, the text kept; then with one it is saved.
    expect(page.get_by_text("Describe the image “kaart.png”")).to_be_visible()
    expect(page.locator("#edit-body")).to_have_value("Rooster en notulen")
    expect(page.get_by_label("Remove file “notulen.pdf”")).to_be_checked()
    page.get_by_label("Image file").first.set_input_files(
        files=[{"name": "kaart.png", "mimeType": "image/png", "buffer": png_bytes((200, 100))}]
    )
    page.get_by_label("Description for people who cannot see the image").first.fill("Kaart van de wijk")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("img", name="Kaart van de wijk")).to_be_visible()
    assert sorted(post.attachments.values_list("name", flat=True)) == ["kaart.jpg", "rooster.jpg"]

    audit.visit(post.get_absolute_url(), "stream-post-edited")
    audit.axe_page.locator(f"#post-{post.pk}").get_by_role("button", name="React", exact=True).click()
    for viewport in (PHONE_375, {"width": 1280, "height": 900}):
        audit.axe_page.set_viewport_size(viewport)
        violations = run_axe(audit.axe_page)
        assert not violations, format_violations("reaction choices open", violations)
    audit.page.locator(f"#post-{post.pk}").get_by_role("button", name="React", exact=True).click()
    audit.page.screenshot(path=str(SCREENSHOTS / "stream-react-open-1280.png"))
    audit.assert_no_problems()


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
