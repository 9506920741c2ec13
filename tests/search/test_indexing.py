"""The index follows the event spine: what changes is findable (or gone) after the worker's delivery."""

from __future__ import annotations

import pytest

from plein.core.dispatch import deliver_pending
from plein.core.models import Event
from plein.search.access import EMPLOYEES, Searcher, space_key
from plein.search.analysis import parse_query
from plein.search.content import ContentFilters, search_content
from plein.search.indexing import rebuild
from plein.search.models import SearchDocument
from plein.spaces import actions as space_actions
from plein.stream import actions
from tests.factories import GuestFactory, UserFactory
from tests.spaces.factories import SpaceFactory, add_member
from tests.stream.factories import CommentFactory, PostFactory, fresh

pytestmark = pytest.mark.django_db


def found(user, query: str, **filters) -> list[tuple[str, int]]:
    results = search_content(searcher=Searcher(user), query=parse_query(query), filters=ContentFilters(**filters))
    assert not results.failed
    return [(hit.document.kind, hit.document.object_id) for hit in results.hits]


def test_a_new_post_is_found_after_delivery_and_follows_edits_deletes_and_restores(employee):
    space = SpaceFactory(name="Wijkteam")
    add_member(space, employee, role="owner")
    post = actions.create_post(author=employee, space=space, body="De begroting voor 2026 is klaar.")
    assert found(employee, "begroting") == []  # not yet delivered
    deliver_pending()
    assert found(employee, "begroting") == [("post", post.pk)]

    actions.edit_post(actor=employee, post=post, body="Het jaarverslag is klaar.")
    deliver_pending()
    assert found(employee, "begroting") == []
    assert found(employee, "jaarverslag") == [("post", post.pk)]

    actions.delete_post(actor=employee, post=post)
    deliver_pending()
    assert found(employee, "jaarverslag") == []
    assert not SearchDocument.objects.filter(kind="post", object_id=post.pk).exists()

    actions.restore_post(actor=employee, post=post)
    deliver_pending()
    assert found(employee, "jaarverslag") == [("post", post.pk)]


def test_comments_are_found_and_leave_with_their_post(employee):
    space = SpaceFactory()
    add_member(space, employee, role="owner")
    post = actions.create_post(author=employee, space=space, body="Wie helpt met de verhuizing?")
    comment = actions.create_comment(author=employee, post=post, body="Ik neem de verhuisdozen mee.")
    deliver_pending()
    assert found(employee, "verhuisdozen") == [("comment", comment.pk)]

    actions.delete_comment(actor=employee, comment=comment)
    deliver_pending()
    assert found(employee, "verhuisdozen") == []

    actions.restore_comment(actor=employee, comment=comment)
    deliver_pending()
    assert found(employee, "verhuisdozen") == [("comment", comment.pk)]

    actions.delete_post(actor=employee, post=post)
    deliver_pending()
    assert found(employee, "verhuisdozen") == []


def test_an_edited_comment_is_found_by_its_new_words_only(employee):
    space = SpaceFactory()
    add_member(space, employee, role="owner")
    post = actions.create_post(author=employee, space=space, body="Wie regelt de borrel?")
    comment = actions.create_comment(author=employee, post=post, body="Ik bestel de bitterballen.")
    deliver_pending()
    assert found(employee, "bitterballen") == [("comment", comment.pk)]

    actions.edit_comment(actor=fresh(employee), comment=comment, body="Ik bestel de kaasstengels.")
    assert Event.objects.filter(kind="comment.edited", subject_id=str(comment.pk)).exists()
    deliver_pending()
    assert found(employee, "bitterballen") == []
    assert found(employee, "kaasstengels") == [("comment", comment.pk)]


def test_closing_a_space_takes_its_content_away_from_outsiders_at_once(employee):
    owner = UserFactory()
    space = SpaceFactory(name="Projectgroep")
    add_member(space, owner, role="owner")
    post = actions.create_post(author=owner, space=space, body="Planning van de aanbesteding.")
    deliver_pending()
    assert found(employee, "aanbesteding") == [("post", post.pk)]
    assert SearchDocument.objects.get(kind="post").keys == sorted([EMPLOYEES, space_key(space.pk)])

    space_actions.update_space(actor=owner, space=space, changes={"visibility": "closed"})
    deliver_pending()
    assert found(employee, "aanbesteding") == []
    assert found(owner, "aanbesteding") == [("post", post.pk)]


def test_leaving_a_space_needs_no_index_work(employee):
    space = SpaceFactory(visibility="closed")
    add_member(space, employee)
    post = PostFactory(space=space, body="Notulen van het overleg.")
    rebuild()
    assert found(employee, "notulen") == [("post", post.pk)]
    space.memberships.filter(user=employee).delete()
    assert found(fresh(employee), "notulen") == []


def test_a_deleted_space_takes_its_documents_along(employee):
    admin = UserFactory(is_superuser=True)
    space = SpaceFactory()
    post = PostFactory(space=space, body="Fotowedstrijd in de zomer.")
    CommentFactory(post=post, body="Mooie fotowedstrijd!")
    rebuild()
    assert len(found(employee, "fotowedstrijd")) == 2
    space_actions.delete_space(actor=admin, space=space, confirm_name=space.name)
    deliver_pending()
    assert found(employee, "fotowedstrijd") == []
    assert not SearchDocument.objects.exists()


def test_rebuild_drops_documents_of_objects_that_are_gone(employee, index_all):
    post = PostFactory(body="Tijdelijke tekst.")
    index_all()
    assert found(employee, "tijdelijke") == [("post", post.pk)]
    post.delete()
    index_all()
    assert found(employee, "tijdelijke") == []


def test_a_deactivated_account_finds_nothing(employee, index_all):
    PostFactory(body="Open nieuws voor iedereen.")
    index_all()
    assert found(employee, "nieuws")
    employee.is_active = False
    employee.save(update_fields=["is_active"])
    assert found(fresh(employee), "nieuws") == []


def test_guests_find_only_their_spaces_content(index_all):
    guest = GuestFactory()
    theirs, other = SpaceFactory(visibility="closed"), SpaceFactory()
    add_member(theirs, guest, role="guest")
    mine = PostFactory(space=theirs, body="Afspraken met de partner.")
    PostFactory(space=other, body="Afspraken intern.")
    PostFactory(space=None, body="Afspraken op mijn profiel.")
    index_all()
    assert found(guest, "afspraken") == [("post", mine.pk)]


def test_the_rebuild_command_reports_progress(employee, capsys):
    from plein.cli import main

    PostFactory(body="Eerste bericht")
    assert main(["search", "rebuild"]) == 0
    out = capsys.readouterr().out
    assert "post: 1 indexed" in out and "Search index rebuilt in" in out
    assert found(employee, "eerste")
    assert main(["search", "rebuild", "--kind", "nonsense"]) == 2
    assert "unknown kind nonsense" in capsys.readouterr().err
