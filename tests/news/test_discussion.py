"""Comments and reactions under a news item: who may, what is kept, counters, events, query budget."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plein.core.models import Event
from plein.news import actions_discussion
from plein.news.models import NewsComment, NewsDiscussion
from tests.factories import UserFactory
from tests.news.factories import news_item


def _say(client: Any, item: Any, body: str, **extra: Any) -> Any:
    return client.post(reverse("news:comment", args=[item.slug]), {"body": body, **extra})


def _counts(item: Any) -> tuple[int, int]:
    row = NewsDiscussion.objects.filter(pk=item.pk).first()
    return (row.comment_count, row.reaction_count) if row else (0, 0)


def test_readers_comment_and_reply_one_level_deep(org: Any, client: Any) -> None:
    item = news_item(title="Nieuwe koffieautomaat")
    client.force_login(org.in_team)
    response = _say(client, item, "Eindelijk **goede** koffie <script>alert(1)</script>")
    first = NewsComment.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"#comment-{first.pk}")
    assert "<strong>goede</strong>" in first.body_html and "<script>" not in first.body_html
    client.force_login(org.in_other)
    _say(client, item, "Mee eens", parent=str(first.pk))
    reply = NewsComment.objects.exclude(pk=first.pk).get()
    _say(client, item, "Ik ook", parent=str(reply.pk))  # a reply to a reply joins the thread
    assert NewsComment.objects.filter(parent=first).count() == 2
    assert _counts(item) == (3, 0)
    commented = Event.objects.filter(kind="news.commented")
    assert commented.count() == 3
    assert commented.filter(payload__parent_author=org.in_team.pk).count() == 2
    page = client.get(item.reader_url).content.decode()
    assert "3 comments" in page and "Mee eens" in page and "&lt;script&gt;" in page


def test_mentions_are_rendered_by_the_stream_rules(org: Any, client: Any) -> None:
    item = news_item()
    client.force_login(org.in_team)
    _say(client, item, f"Vraag het @[Fenna Fysiek](user:{org.in_other.pk})")
    comment = NewsComment.objects.get()
    assert reverse("people:profile", args=[org.in_other.pk]) in comment.body_html
    assert Event.objects.get(kind="news.commented").payload["mentions"] == [org.in_other.pk]


def test_bad_input_is_explained_in_place_and_the_text_is_kept(org: Any, client: Any) -> None:
    item = news_item()
    client.force_login(org.in_team)
    empty = _say(client, item, "   ")
    assert empty.status_code == 200 and "Write something first." in empty.content.decode()
    long_text = "lang " * 1001
    too_long = _say(client, item, long_text).content.decode()
    assert "the limit is 5000" in too_long and long_text.strip() in too_long
    first = actions_discussion.comment(author=org.in_team, item=item, body="Eerste")
    reply = _say(client, item, "", parent=str(first.pk)).content.decode()
    assert "Write something first." in reply and '<details class="plein-reply" open>' in reply
    assert NewsComment.objects.count() == 1 and _counts(item) == (1, 0)


def test_authors_edit_their_own_and_editors_delete_any(org: Any, client: Any) -> None:
    item = news_item()
    mine = actions_discussion.comment(author=org.in_team, item=item, body="Oorspronkelijk")
    edit_url = reverse("news:comment_edit", args=[item.slug, mine.pk])
    client.force_login(org.in_other)
    assert client.get(edit_url).status_code == 403
    assert client.post(reverse("news:comment_delete", args=[item.slug, mine.pk])).status_code == 403
    client.force_login(org.in_team)
    assert "Oorspronkelijk" in client.get(edit_url).content.decode()
    assert "Write something first." in client.post(edit_url, {"body": ""}).content.decode()
    client.post(edit_url, {"body": "Verbeterd"})
    mine.refresh_from_db()
    assert mine.body == "Verbeterd" and mine.edited_at is not None
    other = actions_discussion.comment(author=org.in_other, item=item, body="Onaardig")
    client.force_login(org.editor)
    assert client.post(reverse("news:comment_delete", args=[item.slug, other.pk])).status_code == 302
    other.refresh_from_db()
    assert other.is_deleted and other.deleted_by == org.editor and _counts(item) == (1, 0)
    assert "Onaardig" in client.get(item.reader_url).content.decode()  # editors still see what it said
    client.force_login(org.in_team)
    page = client.get(item.reader_url).content.decode()
    assert "Onaardig" not in page and "This comment has been deleted." in page
    client.post(reverse("news:comment_delete", args=[item.slug, mine.pk]))
    assert _counts(item) == (0, 0)
    assert Event.objects.filter(kind="news.comment_deleted").count() == 2


def test_one_reaction_per_person_changeable_with_who_reacted(org: Any, client: Any) -> None:
    item = news_item()
    react = reverse("news:react", args=[item.slug])
    client.force_login(org.in_team)
    assert client.post(react, {"value": "like"}).status_code == 302
    client.post(react, {"value": "celebrate"})
    assert _counts(item) == (0, 1)
    client.force_login(org.in_other)
    client.post(react, {"value": "thanks"})
    bar = client.post(react, {"value": "like"}, HTTP_HX_REQUEST="true").content.decode()
    assert 'id="reactions-news-' in bar and "<html" not in bar
    assert _counts(item) == (0, 2)
    who = client.get(reverse("news:reactors", args=[item.slug])).content.decode()
    assert "Jet Jeugd" in who and "Celebrate" in who and "Fenna Fysiek" in who
    client.post(react, {"value": ""})  # pressing one's own reaction again takes it back
    assert _counts(item) == (0, 1)
    assert "Choose one of the reactions." in client.post(react, {"value": "boos"}, follow=True).content.decode()
    assert Event.objects.filter(kind="news.reacted").count() == 4


def test_people_outside_the_audience_get_not_found(org: Any, client: Any) -> None:
    item = news_item(everyone=False, departments=[org.team])
    comment = actions_discussion.comment(author=org.in_team, item=item, body="Alleen voor Jeugd")
    for person in (org.in_other, org.guest):
        client.force_login(person)
        assert _say(client, item, "Hallo").status_code == 404
        assert client.post(reverse("news:react", args=[item.slug]), {"value": "like"}).status_code == 404
        assert client.get(reverse("news:reactors", args=[item.slug])).status_code == 404
        assert client.post(reverse("news:comment_delete", args=[item.slug, comment.pk])).status_code == 404
    assert NewsComment.objects.count() == 1 and _counts(item) == (1, 0)


def test_editors_outside_the_audience_read_but_do_not_take_part(org: Any, client: Any) -> None:
    item = news_item(everyone=False, departments=[org.team])
    client.force_login(org.editor)
    page = client.get(item.reader_url).content.decode()
    assert 'id="opmerking-schrijven"' not in page and "plein-react__toggle" not in page
    assert _say(client, item, "Hallo").status_code == 404


def test_switched_off_the_controls_are_gone_and_the_endpoints_refuse(org: Any, client: Any) -> None:
    item = news_item(allow_comments=False, allow_reactions=False)
    client.force_login(org.in_team)
    page = client.get(item.reader_url).content.decode()
    assert 'id="opmerkingen"' not in page and 'id="reacties"' not in page
    assert _say(client, item, "Hallo").status_code == 404
    assert client.post(reverse("news:react", args=[item.slug]), {"value": "like"}).status_code == 404
    assert client.get(reverse("news:reactors", args=[item.slug])).status_code == 404
    assert not NewsComment.objects.exists() and _counts(item) == (0, 0)
    open_item = news_item()
    assert 'id="opmerking-schrijven"' in client.get(open_item.reader_url).content.decode()


def test_the_news_page_costs_the_same_with_200_comments(org: Any, client: Any) -> None:
    item = news_item()
    people = [org.in_team, org.in_other, *(UserFactory() for _ in range(8))]
    actions_discussion.comment(author=org.in_other, item=item, body="Eerste")
    actions_discussion.react(user=org.in_other, item=item, value="like")
    client.force_login(org.in_team)
    client.get(item.reader_url)  # warm the per-process caches (content types, site settings)
    with CaptureQueriesContext(connection) as one:
        assert client.get(item.reader_url).status_code == 200
    top = []
    for n in range(199):
        parent = top[n % len(top)] if top and n % 3 == 0 else None
        made = actions_discussion.comment(author=people[n % len(people)], item=item, body=f"Nummer {n}", parent=parent)
        if parent is None:
            top.append(made)
    for person in people[2:]:
        actions_discussion.react(user=person, item=item, value="thanks")
    with CaptureQueriesContext(connection) as many:
        page = client.get(item.reader_url)
    assert page.status_code == 200 and "200 comments" in page.content.decode()
    assert len(many) == len(one), "\n".join(q["sql"][:160] for q in many.captured_queries)
