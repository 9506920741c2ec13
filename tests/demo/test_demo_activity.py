"""The demo's activity: a follow graph, recent and absent visitors, filled inboxes, notifications."""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.utils import timezone

from plein.accounts.models import User
from plein.core.models import Interaction, InteractionKind
from plein.demo.generate import DEMO_ACCOUNTS, generate
from plein.demo.plan_activity import INBOX_KEEP
from plein.feed.models import FeedState, InboxEntry
from plein.notifications.models import Notification
from plein.stream.selectors import visible_posts

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):  # type: ignore[no-untyped-def]
    generate(size="small", seed=1)


def test_people_follow_their_team_their_managers_and_some_others(demo):
    people = ContentType.objects.get_for_model(User)
    follows = Interaction.objects.filter(kind=InteractionKind.FOLLOW, target_type=people)
    per_person = Counter(follows.values_list("user_id", flat=True))
    assert len(per_person) == User.objects.filter(kind="employee").count()
    assert 20 <= statistics.median(per_person.values()) <= 60
    assert not follows.filter(target_id=F("user_id")).exists()
    employee = User.objects.get(email=DEMO_ACCOUNTS[0].email)
    manager = employee.profile.department.manager
    assert follows.filter(user=employee, target_id=manager.pk).exists()


def test_half_the_people_were_away_for_weeks(demo):
    states = FeedState.objects.filter(user__kind="employee")
    cutoff = timezone.now() - timedelta(days=settings.PLEIN_FEED_ACTIVE_DAYS)
    recent = states.filter(last_seen_at__gte=cutoff).count()
    assert states.count() == User.objects.filter(kind="employee").count()
    assert 0.35 <= recent / states.count() <= 0.7
    assert states.filter(user__email__in=[a.email for a in DEMO_ACCOUNTS], last_seen_at__gte=cutoff).count() == 4


def test_inboxes_hold_what_the_fan_out_would_have_pushed(demo):
    users = User.objects.filter(pk__in=InboxEntry.objects.values("user_id").distinct())
    cutoff = timezone.now() - timedelta(days=settings.PLEIN_FEED_ACTIVE_DAYS)
    assert users.exists()
    assert not FeedState.objects.filter(user__in=users, last_seen_at__lt=cutoff).exists()  # recent visitors only
    assert max(Counter(InboxEntry.objects.values_list("user_id", flat=True)).values()) <= INBOX_KEEP
    for user in users.order_by("pk")[:15]:
        entries = InboxEntry.objects.filter(user=user)
        post_ids = set(entries.values_list("post_id", flat=True))
        assert post_ids == set(visible_posts(user).filter(pk__in=post_ids).values_list("pk", flat=True)), user
        assert not entries.filter(post__author=user).exists()
        assert not entries.exclude(created_at=F("post__created_at")).exists()


def test_notifications_after_the_last_visit_are_unread(demo):
    assert Notification.objects.count() > 1_000
    seen = dict(FeedState.objects.values_list("user_id", "last_seen_at"))
    for notification in Notification.objects.order_by("pk")[:2_000]:
        assert (notification.read_at is None) == (notification.created_at >= seen[notification.recipient_id])
