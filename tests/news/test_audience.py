"""Targeting: everyone, departments with their sub-departments, locations, spaces; guests only via spaces."""

from __future__ import annotations

from typing import Any

from plein.news import permissions
from plein.news.audience import audience_users
from plein.news.selectors import news_for
from tests.factories import UserFactory
from tests.news.factories import news_item


def _visible(user: Any) -> set[str]:
    return set(news_for(user).values_list("title", flat=True))


def test_news_for_everyone_reaches_employees_but_not_guests(org: Any) -> None:
    news_item(title="Voor iedereen", editor=org.editor)
    assert "Voor iedereen" in _visible(org.in_team)
    assert "Voor iedereen" in _visible(org.in_other)
    assert "Voor iedereen" not in _visible(org.guest)


def test_a_department_includes_its_sub_departments_and_not_its_siblings(org: Any) -> None:
    news_item(title="Sociaal", everyone=False, departments=[org.social], editor=org.editor)
    assert "Sociaal" in _visible(org.in_team)  # the team is below the directorate
    assert "Sociaal" not in _visible(org.in_other)
    targeted_team = news_item(title="Alleen het team", everyone=False, departments=[org.team])
    unplaced = UserFactory()
    assert "Alleen het team" not in _visible(unplaced)
    assert set(audience_users(targeted_team)) == {org.in_team}


def test_locations_and_spaces_including_the_space_guest(org: Any) -> None:
    news_item(title="Stadhuis", everyone=False, locations=[org.location])
    news_item(title="Project", everyone=False, spaces=[org.space])
    assert _visible(org.in_other) == {"Stadhuis"}
    assert _visible(org.in_team) == {"Project"}
    assert _visible(org.guest) == {"Project"}


def test_unpublished_and_expired_news_is_not_shown(org: Any) -> None:
    from datetime import timedelta

    from django.utils import timezone

    news_item(title="Concept", publish=False)
    gone = news_item(title="Verlopen")
    type(gone).objects.filter(pk=gone.pk).update(expire_at=timezone.now() - timedelta(minutes=1))
    assert _visible(org.in_team) == set()
    gone.refresh_from_db()
    assert not permissions.can_read(org.in_team, gone)


def test_editors_may_open_any_published_item_but_lists_show_what_targets_them(org: Any) -> None:
    item = news_item(title="Team", everyone=False, departments=[org.team])
    assert permissions.can_read(org.editor, item)
    assert not permissions.can_read(org.in_other, item)
    assert "Team" not in _visible(org.editor)


def test_audience_users_matches_the_per_person_rule(org: Any) -> None:
    item = news_item(everyone=False, departments=[org.social], locations=[org.location], spaces=[org.space])
    people = [org.in_team, org.in_other, org.guest, org.editor, org.chief]
    expected = {p for p in people if news_for(p).filter(pk=item.pk).exists()}
    assert set(audience_users(item)) == expected == {org.in_team, org.in_other, org.guest}
