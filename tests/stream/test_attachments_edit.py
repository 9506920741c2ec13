"""Attachments after posting: editing them, posts of images alone, photos sent as files, and removing the stored
files when a post or its space is deleted for good (after the commit, never before)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from PIL import Image

from plein.core.models import Event
from plein.spaces import actions as space_actions
from plein.spaces.models import SpaceRole
from plein.stream import actions
from plein.stream.actions import StreamError
from plein.stream.models import Attachment, AttachmentKind, Post, PostRevision
from tests.factories import UserFactory
from tests.spaces.factories import SpaceFactory, add_member

# The same people and settings as the attachment tests: English wording, media in a temporary folder.
from tests.stream.test_attachments import english_and_media, jpeg_with_exif, member, png  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(db):  # type: ignore[no-untyped-def]
    return UserFactory(first_name="Mo", last_name="Derator")


@pytest.fixture
def space(member, moderator):  # type: ignore[no-untyped-def]
    space = SpaceFactory(name="Wijkteam")
    add_member(space, member)
    add_member(space, moderator, role=SpaceRole.MODERATOR)
    return space


def on_disk(*attachments: Attachment) -> list[bool]:
    """Whether each stored file (the full file, and the preview of an image) is still in storage."""
    found = []
    for attachment in attachments:
        for field in (attachment.file, attachment.preview):
            if field.name:
                found.append(field.storage.exists(field.name))
    return found


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def jpeg_with_gps(name: str = "locatie.jpg") -> SimpleUploadedFile:
    """A photo as a phone makes it: camera make and a GPS position in its EXIF."""
    exif = Image.Exif()
    exif[0x010F] = "GeheimeCamera"  # Make
    exif[0x8825] = {1: "N", 2: (52.0, 5.0, 30.0), 3: "E", 4: (4.0, 53.0, 10.0)}  # GPS: latitude, longitude
    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), (30, 90, 200)).save(buffer, "JPEG", exif=exif.tobytes())
    data = buffer.getvalue()
    with Image.open(io.BytesIO(data)) as original:
        assert original.getexif().get_ifd(0x8825), "the test photo carries a GPS position"
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def stored_bytes(field) -> bytes:  # type: ignore[no-untyped-def]
    with field.open("rb") as handle:
        return bytes(handle.read())


# --- editing attachments --------------------------------------------------------------------------


def test_edit_removes_one_image_and_adds_an_image_and_a_file(space, member, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    post = actions.create_post(
        author=member,
        body="Het uitje",
        space=space,
        images=[(png("weide.png"), "Groene weide"), (png("bos.png"), "Donker bos")],
    )
    meadow, forest = post.images
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        actions.edit_post(
            actor=member,
            post=post,
            body="Het uitje, met route",
            remove=[meadow.pk],
            images=[(png("strand.png"), "Zonnig strand")],
            files=[SimpleUploadedFile("route.pdf", b"%PDF-1.4 route")],
        )
        # Removed from the post at once; the file stays in storage until the edit is committed.
        assert on_disk(meadow) == [True, True]
    for callback in callbacks:
        callback()
    assert on_disk(meadow) == [False, False]
    assert on_disk(forest) == [True, True]
    post = Post.objects.get(pk=post.pk)
    assert [(a.name, a.alt_text, a.position) for a in post.images] == [
        ("bos.jpg", "Donker bos", 1),
        ("strand.jpg", "Zonnig strand", 2),
    ]
    assert [a.name for a in post.files] == ["route.pdf"]
    assert post.body == "Het uitje, met route" and post.edited_at is not None
    revision = PostRevision.objects.get(post=post)
    assert revision.body == "Het uitje" and revision.attachments == ["weide.jpg", "bos.jpg"]
    event = Event.objects.filter(kind="post.edited").get()
    assert event.payload == {"attachments_removed": 1, "attachments_added": 2}


def test_edit_applies_the_same_limits_and_asks_for_alt_text(space, member):  # type: ignore[no-untyped-def]
    post = actions.create_post(
        author=member, body="Veel", space=space, images=[(png(f"{n}.png"), f"Plaatje {n}") for n in range(9)]
    )
    with pytest.raises(StreamError, match="With the images it keeps, this message would have 11"):
        actions.edit_post(actor=member, post=post, body="Veel", images=[(png("a.png"), "A"), (png("b.png"), "B")])
    with pytest.raises(StreamError, match=r"Describe the image “nieuw\.png”"):
        actions.edit_post(actor=member, post=post, body="Veel", images=[(png("nieuw.png"), " ")])
    with pytest.raises(StreamError, match="cannot be attached"):
        actions.edit_post(actor=member, post=post, body="Veel", files=[SimpleUploadedFile("x.exe", b"MZ")])
    # Removing one makes room for one.
    actions.edit_post(
        actor=member,
        post=post,
        body="Veel",
        remove=[post.images[0].pk],
        images=[(png("a.png"), "A"), (png("b.png"), "B")],
    )
    assert Attachment.objects.filter(post=post, kind=AttachmentKind.IMAGE).count() == 10
    assert PostRevision.objects.filter(post=post).count() == 1  # the refused edits left no revision


def test_only_the_author_edits_attachments_and_others_ids_are_ignored(space, member, moderator):  # type: ignore[no-untyped-def]
    mine = actions.create_post(author=member, body="Mijn foto", space=space, images=[(png(), "Weide")])
    theirs = actions.create_post(author=moderator, body="Hun foto", space=space, images=[(png(), "Bos")])
    with pytest.raises(PermissionDenied):
        actions.edit_post(actor=moderator, post=mine, body="Weg ermee", remove=[mine.images[0].pk])
    actions.edit_post(actor=member, post=mine, body="Mijn foto", remove=[theirs.images[0].pk])
    assert Attachment.objects.filter(post=theirs).count() == 1


def test_edit_page_removes_and_adds_and_keeps_ticks_on_an_error(space, member):  # type: ignore[no-untyped-def]
    post = actions.create_post(
        author=member,
        body="Notulen",
        space=space,
        images=[(png(), "Plattegrond")],
        files=[SimpleUploadedFile("notulen.pdf", b"%PDF-1.4 notulen")],
    )
    image, document = post.images[0], post.files[0]
    client = client_for(member)
    url = reverse("stream:edit", args=[post.pk])
    html = client.get(url).content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert re.search(rf'name="verwijder"\s+value="{image.pk}"', html) and "Remove image “plaatje.jpg”" in html
    assert "Remove file “notulen.pdf”" in html and 'name="afbeelding_1"' in html and 'name="alt_1"' in html

    # A new image without a description: the message in place, text and ticks kept, nothing changed.
    response = client.post(
        url, {"body": "Notulen, bijgewerkt", "verwijder": [str(document.pk)], "afbeelding_1": png("nieuw.png")}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Describe the image “nieuw.png”" in html and "choose your images and files again" in html
    assert ">Notulen, bijgewerkt</textarea>" in html
    ticks = {
        box: "checked" in tag for tag, box in re.findall(r'(<input[^>]*name="verwijder"[^>]*value="(\d+)"[^>]*>)', html)
    }
    assert ticks == {str(image.pk): False, str(document.pk): True}
    assert Attachment.objects.filter(post=post).count() == 2

    response = client.post(
        url,
        {
            "body": "Notulen, bijgewerkt",
            "verwijder": [str(document.pk)],
            "afbeelding_1": png("nieuw.png"),
            "alt_1": "Nieuwe plattegrond",
        },
    )
    assert response.status_code == 302
    assert sorted(Attachment.objects.filter(post=post).values_list("name", flat=True)) == ["nieuw.jpg", "plaatje.jpg"]


def test_moderators_see_the_attachments_in_the_history(space, member, moderator):  # type: ignore[no-untyped-def]
    post = actions.create_post(author=member, body="Eerst", space=space, images=[(png("kaart.png"), "Kaart")])
    actions.edit_post(actor=member, post=post, body="Daarna", remove=[post.images[0].pk])
    html = client_for(moderator).get(post.get_absolute_url()).content.decode()
    assert "Edit history" in html and "Attachments: kaart.jpg" in html


# --- a post of images alone -------------------------------------------------------------------------


def test_a_post_may_be_only_images(space, member):  # type: ignore[no-untyped-def]
    post = actions.create_post(author=member, body="  ", space=space, images=[(png(), "Zonsondergang")])
    assert post.body_html == "" and len(post.images) == 1
    html = client_for(member).get(space.get_absolute_url()).content.decode()
    assert 'alt="Zonsondergang"' in html


def test_files_alone_or_nothing_is_refused_with_a_clear_message(space, member):  # type: ignore[no-untyped-def]
    with pytest.raises(StreamError, match=r"Write something or add an image first\."):
        actions.create_post(author=member, body="", space=space)
    with pytest.raises(StreamError, match=r"Write something or add an image first\."):
        actions.create_post(author=member, body=" ", space=space, files=[SimpleUploadedFile("a.pdf", b"%PDF-1.4")])
    assert not Post.objects.exists()


def test_removing_the_last_image_of_a_post_without_text_is_refused(space, member):  # type: ignore[no-untyped-def]
    post = actions.create_post(author=member, body="", space=space, images=[(png(), "Zonsondergang")])
    with pytest.raises(StreamError, match=r"Write something or add an image first\."):
        actions.edit_post(actor=member, post=post, body="", remove=[post.images[0].pk])
    actions.edit_post(actor=member, post=post, body="Nu met tekst", remove=[post.images[0].pk])
    assert not Attachment.objects.filter(post=post).exists()


def test_the_composer_posts_images_without_text(space, member):  # type: ignore[no-untyped-def]
    client = client_for(member)
    data = {"ruimte": space.slug, "body": "", "afbeelding_1": png(), "alt_1": "Een groen vlak"}
    assert client.post(reverse("stream:create"), data).status_code == 302
    response = client.post(reverse("stream:create"), {"ruimte": space.slug, "body": ""})
    assert "Write something or add an image first." in response.content.decode()
    assert Post.objects.count() == 1


# --- photos sent through the files input ----------------------------------------------------------


def test_a_jpeg_sent_as_a_file_loses_its_exif_and_gps(space, member):  # type: ignore[no-untyped-def]
    client = client_for(member)
    data = {"ruimte": space.slug, "body": "Hier was het", "bestanden": [jpeg_with_gps()]}
    assert client.post(reverse("stream:create"), data).status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.kind == AttachmentKind.FILE and attachment.name == "locatie.jpg"
    data = stored_bytes(attachment.file)
    assert b"GeheimeCamera" not in data
    with Image.open(io.BytesIO(data)) as stored:
        assert stored.format == "JPEG" and stored.size == (120, 80)
        assert not stored.getexif() and not stored.getexif().get_ifd(0x8825)
    assert attachment.size == len(data) and attachment.content_type == "image/jpeg"
    # Served as a download, as files are.
    response = client.get(reverse("stream:attachment", args=[attachment.pk, "bestand"]))
    assert b"".join(response.streaming_content) == data


def test_a_png_sent_as_a_file_stays_lossless_and_a_fake_photo_is_refused(space, member):  # type: ignore[no-untyped-def]
    post = actions.create_post(author=member, body="Schermafdruk", space=space, files=[png("scherm.png")])
    attachment = post.files[0]
    with Image.open(io.BytesIO(stored_bytes(attachment.file))) as stored:
        assert stored.format == "PNG" and not stored.info.get("exif")
    assert attachment.name == "scherm.png"
    fake = SimpleUploadedFile("vakantie.jpg", b"%PDF-1.4 geen foto", content_type="image/jpeg")
    with pytest.raises(StreamError, match=r"“vakantie\.jpg” is not an image"):
        actions.create_post(author=member, body="Kijk", space=space, files=[fake])
    # Through the edit form the same happens.
    actions.edit_post(actor=member, post=post, body="Schermafdruk", files=[jpeg_with_exif("foto.jpg", (60, 40))])
    added = Attachment.objects.get(post=post, name="foto.jpg")
    assert b"GeheimeCamera" not in stored_bytes(added.file)


# --- deleting for good --------------------------------------------------------------------------------


def test_purging_a_post_removes_its_files_after_the_commit(
    space, member, moderator, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    post = actions.create_post(
        author=member,
        body="Weg ermee",
        space=space,
        images=[(png(), "Plaatje")],
        files=[SimpleUploadedFile("a.pdf", b"%PDF-1.4 a")],
    )
    attachments, post_id = list(post.attachments.all()), post.pk
    actions.delete_post(actor=member, post=post)
    post.refresh_from_db()
    with pytest.raises(PermissionDenied):
        actions.purge_post(actor=member, post=post)  # the author deletes; only moderators delete for good
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        actions.purge_post(actor=moderator, post=post)
        assert on_disk(*attachments) == [True, True, True]
    assert not Post.objects.filter(pk=post_id).exists() and not Attachment.objects.exists()
    for callback in callbacks:
        callback()
    assert on_disk(*attachments) == [False, False, False]


def test_a_rolled_back_purge_keeps_the_files(space, member, moderator, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    post = actions.create_post(author=member, body="Blijft", space=space, images=[(png(), "Plaatje")])
    attachment, post_id = post.images[0], post.pk
    actions.delete_post(actor=member, post=post)
    post.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                actions.purge_post(actor=moderator, post=post)
                raise RuntimeError("something after the purge failed")
        except RuntimeError:
            pass
    assert Post.objects.filter(pk=post_id).exists() and on_disk(attachment) == [True, True]


def test_only_deleted_posts_are_purged_from_the_menu(space, member, moderator):  # type: ignore[no-untyped-def]
    post = actions.create_post(author=member, body="Bericht", space=space)
    client = client_for(moderator)
    assert "Delete for good" not in client.get(post.get_absolute_url()).content.decode()
    assert client.post(reverse("stream:purge", args=[post.pk])).status_code == 403
    actions.delete_post(actor=member, post=post)
    assert "Delete for good" in client.get(post.get_absolute_url()).content.decode()
    response = client.post(reverse("stream:purge", args=[post.pk]))
    assert response.status_code == 302 and response.url == space.get_absolute_url()
    assert not Post.objects.filter(body="Bericht").exists()


def test_deleting_a_space_removes_its_posts_files_after_the_commit(space, member, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    admin = UserFactory(is_superuser=True, is_staff=True)
    elsewhere = SpaceFactory(name="Elders")
    add_member(elsewhere, member)
    post = actions.create_post(author=member, body="Foto", space=space, images=[(png(), "Plaatje")])
    kept = actions.create_post(author=member, body="Blijft", space=elsewhere, images=[(png(), "Ander plaatje")])
    profile = actions.create_post(author=member, body="Profiel", files=[SimpleUploadedFile("b.pdf", b"%PDF-1.4 b")])
    gone, stays, own = post.images[0], kept.images[0], profile.files[0]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        space_actions.delete_space(actor=admin, space=space, confirm_name=space.name)
        assert on_disk(gone) == [True, True]
    assert not Attachment.objects.filter(pk=gone.pk).exists()
    for callback in callbacks:
        callback()
    assert on_disk(gone) == [False, False]
    assert on_disk(stays, own) == [True, True, True]


def test_a_refused_space_deletion_keeps_the_files(space, member, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    admin = UserFactory(is_superuser=True, is_staff=True)
    post = actions.create_post(author=member, body="Foto", space=space, images=[(png(), "Plaatje")])
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(space_actions.SpaceError):
        space_actions.delete_space(actor=admin, space=space, confirm_name="verkeerd")
    assert on_disk(post.images[0]) == [True, True]


def test_files_already_gone_do_not_stop_the_clean_up(space, member, moderator, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    post = actions.create_post(author=member, body="Foto", space=space, images=[(png(), "Plaatje")])
    image = post.images[0]
    Path(image.file.path).unlink()
    actions.delete_post(actor=member, post=post)
    post.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        actions.purge_post(actor=moderator, post=post)
    assert on_disk(image) == [False, False]
