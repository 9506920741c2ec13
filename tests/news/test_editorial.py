"""Editors in Wagtail's admin: Plein's checks, the review workflow and scheduled publication by the worker."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Revision
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from plein.core.dispatch import deliver_pending
from plein.core.models import Event
from plein.core.periodic import run_due_jobs
from plein.news.models import NewsIndexPage, NewsItem
from plein.notifications.models import Notification
from tests.news.factories import news_item


def _form(**values: Any) -> dict[str, Any]:
    data = {
        "title": "Nieuwe werkplekken",
        "slug": "nieuwe-werkplekken",
        "lead": "Vanaf maart werken we anders.",
        "body": rich_text("<p>Alles over de nieuwe werkplekken.</p>"),
        "allow_comments": "on",
        "allow_reactions": "on",
        "audience_everyone": "on",
        "comments": inline_formset([]),
    }
    data.update(values)
    return nested_form_data({k: v for k, v in data.items() if v is not None})


def _add_url() -> str:
    return reverse("wagtailadmin_pages:add", args=("news", "newsitem", NewsIndexPage.objects.get().pk))


def _errors(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_an_image_needs_alt_text_and_the_audience_must_be_chosen(org: Any, client: Any) -> None:
    client.force_login(org.editor)
    image = Image.objects.create(title="Werkplek", file=get_test_image_file())
    page = _errors(client.post(_add_url(), _form(image=image.pk, audience_everyone=None)))
    assert "Describe the image for people who cannot see it." in page
    assert "Choose who this is for" in page
    assert "Vanaf maart werken we anders." in page  # what the editor typed stays
    assert not NewsItem.objects.exists()


def test_dates_must_make_sense(org: Any, client: Any) -> None:
    client.force_login(org.editor)
    past = (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
    page = _errors(client.post(_add_url(), _form(go_live_at=past)))
    assert "A scheduled publication must be in the future" in page
    soon = timezone.localtime() + timedelta(days=2)
    page = _errors(
        client.post(
            _add_url(),
            _form(
                go_live_at=soon.strftime("%Y-%m-%d %H:%M"),
                expire_at=(soon - timedelta(days=1)).strftime("%Y-%m-%d %H:%M"),
                must_read="on",
                must_read_deadline=(soon - timedelta(days=1)).strftime("%Y-%m-%d"),
            ),
        )
    )
    assert "Go live date/time must be before expiry date/time" in page
    assert "The confirmation deadline must be after the publication date." in page
    assert not NewsItem.objects.exists()


def test_the_editor_is_told_before_exceeding_the_weekly_must_read_budget(org: Any, client: Any) -> None:
    for _ in range(3):
        news_item(must_read=True)
    client.force_login(org.editor)
    page = _errors(client.post(_add_url(), _form(must_read="on")))
    assert "4 people would receive more than 3 must-reads in that week." in page
    response = client.post(_add_url(), _form(must_read="on", must_read_override="on"))
    assert response.status_code == 302
    assert NewsItem.objects.filter(slug="nieuwe-werkplekken", must_read=True).exists()


def test_editors_cannot_publish_themselves(org: Any, client: Any) -> None:
    client.force_login(org.editor)
    client.post(_add_url(), _form(**{"action-publish": "1"}))
    item = NewsItem.objects.get(slug="nieuwe-werkplekken")
    assert not item.live


@pytest.mark.django_db(transaction=False)
def test_from_draft_through_review_to_publication_by_the_worker(org: Any, client: Any) -> None:
    client.force_login(org.editor)
    when = timezone.localtime() + timedelta(hours=2)
    response = client.post(
        _add_url(), _form(must_read="on", go_live_at=when.strftime("%Y-%m-%d %H:%M"), **{"action-submit": "1"})
    )
    assert response.status_code == 302
    item = NewsItem.objects.get(slug="nieuwe-werkplekken")
    state = item.current_workflow_state
    assert state is not None and state.status == "in_progress" and not item.live

    # The chief editor approves, with a comment; the item is scheduled, not yet live.
    client.force_login(org.chief)
    task_state = state.current_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(item.pk, "approve", task_state.pk))
    assert client.post(url, {"comment": "Prima, zo publiceren."}).status_code in (200, 302)
    item.refresh_from_db()
    assert not item.live
    scheduled = Revision.page_revisions.get(object_id=str(item.pk), approved_go_live_at__isnull=False)

    # Time passes: the worker's periodic job publishes it and the must-read reaches its audience.
    moment = timezone.now() - timedelta(seconds=1)
    scheduled.content["go_live_at"] = moment.isoformat()
    scheduled.approved_go_live_at = moment
    scheduled.save(update_fields=["content", "approved_go_live_at"])
    assert "news.publish_scheduled" in run_due_jobs(now=1e12)
    item.refresh_from_db()
    assert item.live
    assert Event.objects.filter(kind="news.published", subject_id=str(item.pk)).count() == 1
    deliver_pending()
    told = set(Notification.objects.filter(kind="news_must_read").values_list("recipient_id", flat=True))
    assert told == {org.in_team.pk, org.in_other.pk, org.editor.pk, org.chief.pk}


def test_the_chief_editor_can_send_it_back(org: Any, client: Any) -> None:
    client.force_login(org.editor)
    client.post(_add_url(), _form(**{"action-submit": "1"}))
    item = NewsItem.objects.get(slug="nieuwe-werkplekken")
    client.force_login(org.chief)
    task_state = item.current_workflow_state.current_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(item.pk, "reject", task_state.pk))
    client.post(url, {"comment": "De inleiding is te lang."})
    item.refresh_from_db()
    assert not item.live
    assert item.current_workflow_state.status == "needs_changes"
