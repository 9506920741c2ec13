"""The reactions control: one "React" button with the choices behind it (plain forms without JavaScript),
the chosen reaction on the button, and the summary with who reacted."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from plein.stream import actions
from tests.factories import UserFactory
from tests.spaces.factories import SpaceFactory, add_member
from tests.stream.factories import CommentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):  # type: ignore[no-untyped-def]
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def member(db):  # type: ignore[no-untyped-def]
    return UserFactory(first_name="Mira", last_name="Lid")


@pytest.fixture
def post(member):  # type: ignore[no-untyped-def]
    space = SpaceFactory(name="Wijkteam")
    add_member(space, member)
    return actions.create_post(author=member, body="Koffie?", space=space)


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def control(html: str, dom_id: str) -> str:
    """The markup of one reactions control."""
    start = html.index(f'id="{dom_id}"')
    return html[start : html.index("</details>", start)]


def test_one_react_button_holds_the_five_choices_as_plain_forms(post, member):  # type: ignore[no-untyped-def]
    html = client_for(member).get(post.get_absolute_url()).content.decode()
    part = control(html, f"reactions-post-{post.pk}")
    assert re.search(r"<summary[^>]*>\s*React\s*</summary>", part)
    assert f'action="/berichten/{post.pk}/reageren/"' in part and 'method="post"' in part
    values = re.findall(r'name="value"\s+value="(\w*)"', part)
    assert values == ["like", "thanks", "celebrate", "insightful", "curious"]
    assert part.count('aria-pressed="false"') == 5


def test_the_chosen_reaction_is_on_the_button_and_in_the_summary(post, member):  # type: ignore[no-untyped-def]
    other = UserFactory()
    add_member(post.space, other)
    actions.react(user=other, target=post, value="like")
    client = client_for(member)
    response = client.post(reverse("stream:react", args=[post.pk]), {"value": "thanks"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert re.search(r"Your reaction:</span>\s*Thanks\s*</summary>", html)
    assert "plein-react__toggle--mine" in html
    # Choosing the pressed one again removes it (its button sends an empty value).
    assert re.search(r'value=""\s+aria-pressed="true">\s*<span aria-hidden="true">🙏</span>', html)
    summary = html[html.index("plein-reactions__summary") :]
    assert re.search(r"Like <span class=\"plein-reaction__count\">1</span>", summary)
    assert re.search(r"Thanks <span class=\"plein-reaction__count\">1</span>", summary)
    assert f'href="/berichten/{post.pk}/reacties/">2 reactions</a>' in summary


def test_comments_get_the_same_button(post, member):  # type: ignore[no-untyped-def]
    comment = CommentFactory(post=post, author=member)
    html = client_for(member).get(post.get_absolute_url()).content.decode()
    part = control(html, f"reactions-comment-{comment.pk}")
    assert f'action="/opmerkingen/{comment.pk}/reageren/"' in part
    assert re.search(r"<summary[^>]*>\s*React\s*</summary>", part)


def test_people_who_cannot_react_see_only_the_summary(post, member):  # type: ignore[no-untyped-def]
    actions.react(user=member, target=post, value="celebrate")
    reader = UserFactory()  # reads the open space, is not a member
    html = client_for(reader).get(post.get_absolute_url()).content.decode()
    assert "data-react" not in html and "plein-react__choices" not in html
    assert 'Celebrate <span class="plein-reaction__count">1</span>' in html
