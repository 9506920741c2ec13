"""Work-process pages: tree, contents, documents, "last checked on", feedback and review reminders."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from wagtail.documents.models import Document

from plein.news import actions
from plein.news.models import PageFeedback, ProcessDocument
from plein.notifications.models import Notification
from tests.factories import UserFactory
from tests.news.factories import process_page


def test_a_page_shows_its_contents_documents_and_sub_pages(org: Any, client: Any) -> None:
    page = process_page(title="Inkoop", owner=org.editor)
    document = Document.objects.create(title="Inkoopbeleid", file=ContentFile(b"%PDF-1.4 inkoop", name="inkoop.pdf"))
    ProcessDocument.objects.create(page=page, document=document, sort_order=0)
    child = process_page(title="Aanbesteden", parent=page)
    client.force_login(org.in_team)
    html = client.get(page.reader_url).content.decode()
    assert 'href="#h-doel"' in html and 'id="h-doel"' in html and 'id="h-stappen"' in html
    assert "Inkoopbeleid" in html and child.reader_url in html
    assert f"Last checked on {timezone.localdate():%-d %B %Y}" in html
    child_html = client.get(child.reader_url).content.decode()
    assert page.reader_url in child_html  # the breadcrumb
    assert "Aanbesteden" in client.get(reverse("news:processes")).content.decode()


def test_documents_are_for_logged_in_colleagues_only(org: Any, client: Any) -> None:
    document = Document.objects.create(title="Handboek", file=ContentFile(b"tekst", name="handboek.txt"))
    assert client.get(document.url).status_code == 302  # to the log-in page
    client.force_login(org.guest)
    assert client.get(document.url).status_code == 404
    client.force_login(org.in_team)
    assert client.get(document.url).status_code == 200


def test_restricted_pages_are_not_found_outside_their_audience(org: Any, client: Any) -> None:
    page = process_page(title="Jeugdhulp aanvragen", everyone=False, departments=[org.social])
    client.force_login(org.in_other)
    assert client.get(page.reader_url).status_code == 404
    assert "Jeugdhulp aanvragen" not in client.get(reverse("news:processes")).content.decode()
    client.force_login(org.in_team)
    assert client.get(page.reader_url).status_code == 200
    client.force_login(org.guest)
    assert client.get(reverse("news:processes")).status_code == 404


def test_feedback_reaches_the_owner_and_an_empty_message_is_explained(org: Any, client: Any) -> None:
    page = process_page(owner=org.editor)
    client.force_login(org.in_team)
    response = client.post(page.reader_url, {"message": "   "})
    assert response.status_code == 400 and "Write what seems wrong or out of date." in response.content.decode()
    response = client.post(page.reader_url, {"message": "Het telefoonnummer klopt niet meer."})
    assert response.status_code == 302
    assert PageFeedback.objects.get().message == "Het telefoonnummer klopt niet meer."
    notice = Notification.objects.get(kind="page_feedback")
    assert notice.recipient == org.editor and notice.url == page.reader_url


def test_the_owner_is_reminded_once_and_can_mark_the_page_checked(org: Any, client: Any) -> None:
    owner = UserFactory()
    page = process_page(owner=owner, review_date=timezone.localdate() + timedelta(days=10))
    process_page(owner=owner, review_date=timezone.localdate() + timedelta(days=60))
    assert actions.remind_page_owners() == 1
    assert actions.remind_page_owners() == 0
    assert Notification.objects.filter(kind="page_review_due", recipient=owner).count() == 1

    client.force_login(owner)
    assert "You own this page" in client.get(page.reader_url).content.decode()
    client.post(page.reader_url, {"action": "checked"})
    assert page.review.last_checked_on == timezone.localdate()
    client.force_login(org.in_team)
    assert client.post(page.reader_url, {"action": "checked"}).status_code == 404
