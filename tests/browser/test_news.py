"""News and work processes in the browser: the reader pages pass the audit; a reader confirms a
must-read on a phone; an editor writes a news item in the editorial environment and submits it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from plein.accounts.roles import sync_role_groups
from plein.news import actions, actions_discussion
from plein.news.models import NewsCategory, NewsItem, ProcessDocument
from tests.browser.conftest import PHONE, login, screenshot
from tests.factories import PASSWORD, UserFactory
from tests.news.editorial_setup import ensure_editorial_setup
from tests.news.factories import news_item, process_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _english(settings: Any) -> None:
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def editorial(organisation: Any) -> dict[str, Any]:
    ensure_editorial_setup()  # migrations made it, but an earlier browser test's flush may have emptied the tables
    editor = UserFactory(first_name="Emma", last_name="Redacteur", is_editor=True)
    sync_role_groups(editor)
    category = NewsCategory.objects.create(name="Organisatie", slug="organisatie")
    must = news_item(
        title="Nieuwe regels voor thuiswerken",
        lead="Vanaf 1 januari gelden nieuwe afspraken over thuiswerken. Lees ze en bevestig.",
        body="<h2>Wat verandert er</h2><p>Je werkt maximaal drie dagen thuis.</p>",
        category=category,
        must_read=True,
        must_read_deadline=timezone.localdate() + timedelta(days=14),
        editor=editor,
    )
    news_item(title="Het nieuwe stadhuis is open", lead="De verbouwing is klaar.", category=category)
    news_item(title="Alleen voor het team", everyone=False, departments=[organisation.team])
    page = process_page(
        title="Een dienstreis aanvragen",
        owner=organisation.manager,
        summary="Zo vraag je een dienstreis aan en declareer je de kosten.",
        body="<h2>Voordat je gaat</h2><p>Vraag toestemming.</p><h2>Declareren</h2><p>Binnen een maand.</p>",
    )
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    document = Document.objects.create(title="Formulier dienstreis", file=ContentFile(b"tekst", name="reis.txt"))
    ProcessDocument.objects.create(page=page, document=document, sort_order=0)
    actions.confirm_read(user=organisation.colleague, item=must)
    return {"editor": editor, "must": must, "page": page}


def test_reader_pages_pass_the_audit(auditor: Any, organisation: Any, editorial: dict[str, Any]) -> None:
    question = actions_discussion.comment(
        author=organisation.colleague, item=editorial["must"], body="Geldt dit ook **parttime**?"
    )
    actions_discussion.comment(author=organisation.manager, item=editorial["must"], body="Ja.", parent=question)
    actions_discussion.react(user=organisation.colleague, item=editorial["must"], value="thanks")
    reader = auditor(organisation.employee)
    reader.visit("/", "home-with-must-read")
    reader.visit("/nieuws/", "news-overview")
    reader.visit(editorial["must"].reader_url, "news-item-must-read")
    reader.visit("/werkprocessen/", "work-processes")
    reader.visit(editorial["page"].reader_url, "work-process-page")
    reader.assert_no_problems()
    editor = auditor(editorial["editor"])
    editor.visit(editorial["must"].reader_url, "news-item-for-editors")
    editor.visit(f"{editorial['must'].reader_url}statistieken/", "news-statistics")
    editor.assert_no_problems()


def test_a_reader_confirms_a_must_read_on_a_phone(new_page: Any, organisation: Any, editorial: dict[str, Any]) -> None:
    page = new_page(viewport=PHONE, user=organisation.employee)
    page.goto("/")
    must_reads = page.get_by_role("region", name="Must read")
    expect(must_reads).to_be_visible()
    must_reads.get_by_role("link", name="Nieuwe regels voor thuiswerken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuwe regels voor thuiswerken")
    page.get_by_role("button", name="Read and understood").click()
    expect(page.get_by_text("you confirmed that you have read and understood this")).to_be_visible()
    screenshot(page, "news-confirmed", PHONE["width"])
    page.goto("/")
    expect(page.get_by_role("region", name="Must read")).to_have_count(0)


@pytest.mark.before_flush  # Wagtail's review workflow and the editors' permissions as migrations made them
def test_an_editor_writes_a_news_item_and_submits_it_for_review(
    new_page: Any, organisation: Any, editorial: dict[str, Any]
) -> None:
    page = new_page()
    login(page, editorial["editor"].email, PASSWORD)
    index = NewsItem.objects.get(pk=editorial["must"].pk).get_parent()
    page.goto(f"/redactie/pages/add/news/newsitem/{index.pk}/")
    page.fill("#id_title", "Open dag op het stadhuis")
    page.fill("#id_lead", "Op zaterdag 12 juni is iedereen welkom.")
    body = page.locator("[data-contentpath='body'] [contenteditable='true']").first
    body.click()
    page.keyboard.type("Kom kijken hoe we werken.")
    page.locator("#id_lead").click()  # the rich text editor stores its value when it loses focus
    screenshot(page, "editor-news-item", 1280)
    page.locator(
        "footer [aria-label='More actions'], footer .dropdown-toggle, footer button[aria-expanded]"
    ).last.click()
    screenshot(page, "editor-news-item-actions", 1280)
    page.get_by_role("button", name="Submit to Goedkeuring hoofdredactie").click()
    page.wait_for_url(f"**/redactie/pages/{index.pk}/")
    screenshot(page, "editor-news-item-submitted", 1280)
    row = page.get_by_role("row").filter(has_text="Open dag op het stadhuis")
    expect(row).to_contain_text("In moderation", ignore_case=True)
    item = NewsItem.objects.get(title="Open dag op het stadhuis")
    assert not item.live
    assert item.current_workflow_state is not None and item.current_workflow_state.status == "in_progress"


# The narrowest a statistics column may be drawn at 360 px: readable, not letter by letter.
MIN_COLUMN_PX = 56


def test_the_statistics_table_is_readable_on_a_phone(
    auditor: Any, new_page: Any, organisation: Any, editorial: dict[str, Any]
) -> None:
    from tests.factories import DepartmentFactory

    for name in ("Directie Ruimtelijke Ontwikkeling en Duurzaamheid", "Directie Bedrijfsvoering", "Griffie"):
        unit = DepartmentFactory(name=name, parent=organisation.root)
        person = UserFactory()
        person.profile.department = unit
        person.profile.save(update_fields=["department"])
    url = f"{editorial['must'].reader_url}statistieken/"
    editor = auditor(editorial["editor"])
    editor.visit(url, "news-statistics-units")  # axe at 1280 and 360, screenshots, no sideways page scroll
    editor.assert_no_problems()

    page = new_page(viewport=PHONE, user=editorial["editor"])
    page.goto(url)
    region = page.get_by_role("region", name="Confirmation rate per unit, after publication")
    expect(region).to_be_visible()
    expect(region.get_by_role("row")).to_have_count(6)  # the header, four units and "No department"
    widths = page.eval_on_selector_all(
        ".plein-table thead th", "cells => cells.map(c => Math.round(c.getBoundingClientRect().width))"
    )
    assert min(widths) >= MIN_COLUMN_PX, widths
    # Unit names stay whole words: the first column is not squeezed to a few letters per line.
    assert page.get_by_role("rowheader", name="Directie Bedrijfsvoering").evaluate("c => c.offsetWidth") >= 120
    # The table scrolls inside its region, never the page.
    assert region.evaluate("r => r.scrollWidth > r.clientWidth")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "news-statistics-phone", PHONE["width"])
