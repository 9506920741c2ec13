"""The demo's stream: posts where their authors may post, counters equal to the rows, topics and mentions."""

from __future__ import annotations

from collections import Counter

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q

from plein.accounts.models import User
from plein.core.models import Interaction, InteractionKind
from plein.demo.generate import DEMO_GUEST, generate
from plein.demo.plan_posts import POST_COUNTS
from plein.spaces.models import MODERATING_ROLES, Membership, PostingPolicy
from plein.stream.models import Comment, Post, Topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):  # type: ignore[no-untyped-def]
    generate(size="small", seed=1)


def test_small_demo_has_posts_in_spaces_and_on_profiles(demo):
    assert Post.objects.count() == POST_COUNTS["small"] + 2  # and two announcements
    assert Post.objects.filter(space=None).count() > 100
    assert Comment.objects.exclude(parent=None).exists()
    assert Post.objects.filter(is_announcement=True).count() == 2
    assert Post.objects.exclude(pinned_at=None).exists()
    assert {"duurzaamheid", "omgevingswet", "werkplek", "datagedreven"} <= set(
        Topic.objects.values_list("slug", flat=True)
    )
    assert Post.mentions.through.objects.count() > 50
    # A tenth of the people write most of the posts.
    per_author = sorted(Counter(Post.objects.values_list("author_id", flat=True)).values(), reverse=True)
    assert sum(per_author[: User.objects.count() // 10]) > Post.objects.count() / 2


def test_counters_equal_the_real_counts(demo):
    post_type = ContentType.objects.get_for_model(Post)
    reactions = Counter(
        Interaction.objects.filter(kind=InteractionKind.REACTION, target_type=post_type).values_list(
            "target_id", flat=True
        )
    )
    for post in Post.objects.annotate(comments_made=Count("comments", filter=Q(comments__deleted_at=None))):
        assert post.comment_count == post.comments_made, post.pk
        assert post.reaction_count == reactions[post.pk], post.pk
        last = post.comments.order_by("-created_at").values_list("created_at", flat=True).first()
        assert post.last_activity_at == (last or post.created_at), post.pk


def test_replies_are_one_level_deep_in_the_same_post(demo):
    for reply in Comment.objects.exclude(parent=None).select_related("parent"):
        assert reply.parent.parent_id is None and reply.parent.post_id == reply.post_id
        assert reply.created_at >= reply.parent.created_at


def test_posts_are_where_their_author_may_post(demo):
    roles = {(m.space_id, m.user_id): m.role for m in Membership.objects.all()}
    for post in Post.objects.select_related("space", "author"):
        if post.space is None:
            assert not post.author.is_guest
            continue
        role = roles.get((post.space_id, post.author_id))
        assert role is not None, post.pk
        assert post.space.posting == PostingPolicy.MEMBERS or role in MODERATING_ROLES, post.pk
        assert not post.space.is_archived


def test_the_demo_guest_posts_only_in_their_space(demo):
    guest = User.objects.get(email=DEMO_GUEST.email)
    space_ids = set(Membership.objects.filter(user=guest).values_list("space_id", flat=True))
    assert set(Post.objects.filter(author=guest).values_list("space_id", flat=True)) <= space_ids
    assert not Post.objects.filter(author=guest, space=None).exists()


def test_mentions_link_to_the_person_mentioned(demo):
    for post in Post.objects.filter(mentions__isnull=False).prefetch_related("mentions")[:50]:
        for person in post.mentions.all():
            assert f'href="/mensen/{person.pk}/"' in post.body_html
            assert f"(user:{person.pk})" in post.body
