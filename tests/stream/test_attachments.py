"""Images and files on posts: checked before anything is written, images redrawn without EXIF, shown with alt text."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from plein.core.models import SiteSettings
from plein.stream import actions
from plein.stream.actions import StreamError
from plein.stream.models import Attachment, AttachmentKind, Post
from tests.factories import UserFactory
from tests.spaces.factories import SpaceFactory, add_member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_and_media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.LANGUAGE_CODE = "en"
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def member(db):  # type: ignore[no-untyped-def]
    return UserFactory(first_name="Mira", last_name="Lid")


@pytest.fixture
def space(member):  # type: ignore[no-untyped-def]
    space = SpaceFactory(name="Wijkteam")
    add_member(space, member)
    return space


def limits(**fields: object) -> None:
    SiteSettings.objects.update_or_create(pk=1, defaults={"name": "Gemeente", "primary_colour": "#1d4ed8", **fields})
    cache.clear()


def jpeg_with_exif(name: str = "foto.jpg", size: tuple[int, int] = (3000, 2000)) -> SimpleUploadedFile:
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "GeheimeCamera"  # Make
    exif[0x0131] = "GeheimProgramma"  # Software
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes())
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def png(name: str = "plaatje.png", size: tuple[int, int] = (40, 30)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (0, 128, 0)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def stored_files(settings) -> list[Path]:  # type: ignore[no-untyped-def]
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def test_image_is_stored_resized_and_without_exif(space, member):  # type: ignore[no-untyped-def]
    upload = jpeg_with_exif()
    assert b"GeheimeCamera" in upload.read()
    upload.seek(0)
    post = actions.create_post(author=member, body="Onze nieuwe wijkbus", space=space, images=[(upload, "Rode bus")])
    image = post.attachments.get()
    assert image.kind == AttachmentKind.IMAGE
    assert image.alt_text == "Rode bus"
    assert image.name == "foto.jpg"
    assert (image.width, image.height) == (1600, 1067)
    for field in (image.file, image.preview):
        field.open("rb")
        data = field.read()
        field.close()
        assert b"GeheimeCamera" not in data
        assert b"GeheimProgramma" not in data
        with Image.open(io.BytesIO(data)) as stored:
            assert not stored.getexif()
            assert stored.format == "JPEG"
    with Image.open(image.file.path) as full:
        assert full.size == (3000, 2000)
    assert "foto" not in image.file.name  # stored under a random name


def test_transparent_png_stays_png(space, member):  # type: ignore[no-untyped-def]
    buffer = io.BytesIO()
    Image.new("RGBA", (20, 10), (0, 0, 0, 0)).save(buffer, "PNG")
    upload = SimpleUploadedFile("logo.png", buffer.getvalue())
    post = actions.create_post(author=member, body="Logo", space=space, images=[(upload, "Het logo")])
    image = post.attachments.get()
    assert image.content_type == "image/png"
    assert (image.width, image.height) == (20, 10)


def test_alt_text_is_required(space, member):  # type: ignore[no-untyped-def]
    with pytest.raises(StreamError, match="Describe the image"):
        actions.create_post(author=member, body="Kijk", space=space, images=[(png(), "  ")])
    assert not Post.objects.exists()


def test_eleven_images_are_refused(space, member):  # type: ignore[no-untyped-def]
    images = [(png(f"{n}.png"), f"Plaatje {n}") for n in range(11)]
    with pytest.raises(StreamError, match="at most 10"):
        actions.create_post(author=member, body="Veel", space=space, images=images)
    assert not Post.objects.exists()


def test_ten_images_are_fine(space, member):  # type: ignore[no-untyped-def]
    images = [(png(f"{n}.png"), f"Plaatje {n}") for n in range(10)]
    post = actions.create_post(author=member, body="Tien", space=space, images=images)
    assert [a.position for a in post.images] == list(range(10))


def test_a_file_that_is_not_an_image_is_refused(space, member):  # type: ignore[no-untyped-def]
    fake = SimpleUploadedFile("foto.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")
    with pytest.raises(StreamError, match="not an image"):
        actions.create_post(author=member, body="Kijk", space=space, images=[(fake, "Een foto")])


def test_image_bomb_is_refused_before_decoding(space, member):  # type: ignore[no-untyped-def]
    buffer = io.BytesIO()
    Image.new("1", (8000, 6000)).save(buffer, "PNG")  # 48 megapixels in a few kilobytes
    bomb = SimpleUploadedFile("klein.png", buffer.getvalue())
    with pytest.raises(StreamError, match="too many pixels"):
        actions.create_post(author=member, body="Kijk", space=space, images=[(bomb, "Wit vlak")])


def test_disallowed_type_is_refused(space, member):  # type: ignore[no-untyped-def]
    script = SimpleUploadedFile("setup.exe", b"MZ...", content_type="application/octet-stream")
    with pytest.raises(StreamError, match="“exe” cannot be attached"):
        actions.create_post(author=member, body="Hier", space=space, files=[script])


def test_web_pages_are_refused_even_when_listed(space, member):  # type: ignore[no-untyped-def]
    limits(attachment_types="pdf, html")
    page = SimpleUploadedFile("pagina.html", b"<script>alert(1)</script>", content_type="text/html")
    with pytest.raises(StreamError, match="cannot be attached"):
        actions.create_post(author=member, body="Hier", space=space, files=[page])


def test_too_large_is_refused(space, member):  # type: ignore[no-untyped-def]
    limits(attachment_max_mb=1)
    big = SimpleUploadedFile("verslag.txt", b"a" * (1024 * 1024 + 1), content_type="text/plain")
    with pytest.raises(StreamError, match=r"at most 1\.0"):
        actions.create_post(author=member, body="Verslag", space=space, files=[big])


def test_file_is_stored_with_its_name_type_and_size(space, member):  # type: ignore[no-untyped-def]
    limits(attachment_types="pdf, .TXT")
    upload = SimpleUploadedFile("Notulen juni.pdf", b"%PDF-1.4 hallo", content_type="application/pdf")
    post = actions.create_post(author=member, body="Notulen", space=space, files=[upload])
    attachment = post.attachments.get()
    assert (attachment.kind, attachment.name, attachment.size) == (AttachmentKind.FILE, "Notulen juni.pdf", 14)
    assert attachment.content_type == "application/pdf"
    assert attachment.type_label == "PDF"
    assert attachment.file.name.endswith(".pdf") and "Notulen" not in attachment.file.name


def test_nothing_is_written_when_one_file_fails(space, member, settings):  # type: ignore[no-untyped-def]
    good = SimpleUploadedFile("notulen.pdf", b"%PDF-1.4 hallo")
    bad = SimpleUploadedFile("virus.exe", b"MZ")
    with pytest.raises(StreamError):
        actions.create_post(
            author=member, body="Alles", space=space, images=[(jpeg_with_exif(), "Bus")], files=[good, bad]
        )
    assert not Post.objects.exists()
    assert not Attachment.objects.exists()
    assert stored_files(settings) == []


def test_existing_signature_still_works(space, member):  # type: ignore[no-untyped-def]
    post = actions.create_post(author=member, body="Zonder bijlagen", space=space)
    assert post.images == [] and post.files == []


def test_post_page_shows_images_with_alt_text_and_files(space, member):  # type: ignore[no-untyped-def]
    post = actions.create_post(
        author=member,
        body="Uitje",
        space=space,
        images=[(png(), "Groene weide")],
        files=[SimpleUploadedFile("route.pdf", b"%PDF-1.4 route")],
    )
    client = Client()
    client.force_login(member)
    html = client.get(post.get_absolute_url()).content.decode()
    image, document = post.images[0], post.files[0]
    assert 'alt="Groene weide"' in html
    assert f'src="/berichten/bijlagen/{image.pk}/voorbeeld/"' in html
    assert f'href="/berichten/bijlagen/{image.pk}/bestand/"' in html
    assert 'width="40"' in html and 'height="30"' in html and 'loading="lazy"' in html
    assert f'href="/berichten/bijlagen/{document.pk}/bestand/"' in html
    assert "(PDF, 14\xa0bytes)" in html


def test_images_and_files_are_served_only_to_people_who_may_see_the_post(space, member):  # type: ignore[no-untyped-def]
    space.visibility = "secret"
    space.save(update_fields=["visibility"])
    post = actions.create_post(
        author=member,
        body="Intern",
        space=space,
        images=[(png(), "Plattegrond")],
        files=[SimpleUploadedFile("begroting.pdf", b"%PDF-1.4 geheim")],
    )
    image, document = post.images[0], post.files[0]
    reader = Client()
    reader.force_login(member)
    response = reader.get(f"/berichten/bijlagen/{document.pk}/bestand/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 geheim"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert reader.get(f"/berichten/bijlagen/{image.pk}/voorbeeld/")["Content-Type"] in ("image/jpeg", "image/png")

    outsider = Client()
    outsider.force_login(UserFactory())
    for path in (f"/berichten/bijlagen/{document.pk}/bestand/", f"/berichten/bijlagen/{image.pk}/voorbeeld/"):
        assert outsider.get(path).status_code == 404
    # The open media route does not serve posts' files, whoever asks.
    assert reader.get(f"/media/{document.file.name}").status_code == 404
    assert Client().get(f"/berichten/bijlagen/{document.pk}/bestand/").status_code == 302  # to the log-in page


def test_space_stream_lists_attachments_without_extra_queries(space, member, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    for n in range(3):
        actions.create_post(author=member, body=f"Bericht {n}", space=space, images=[(png(), f"Plaatje {n}")])
    client = Client()
    client.force_login(member)
    client.get(space.get_absolute_url())
    with django_assert_max_num_queries(40) as captured:
        html = client.get(space.get_absolute_url()).content.decode()
    assert html.count('alt="Plaatje') == 3
    assert sum("stream_attachment" in query["sql"] for query in captured.captured_queries) == 1


def test_composer_is_multipart_with_image_slots(space, member):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(member)
    html = client.get(space.get_absolute_url()).content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert 'name="afbeelding_1"' in html and 'name="alt_10"' in html
    assert 'name="bestanden"' in html


def test_view_posts_multipart(space, member):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(member)
    data = {
        "ruimte": space.slug,
        "body": "Met foto",
        "client_token": "abc",
        "afbeelding_1": jpeg_with_exif(size=(400, 300)),
        "alt_1": "Een rode bus",
        "bestanden": [SimpleUploadedFile("notulen.pdf", b"%PDF-1.4 hallo")],
    }
    response = client.post(reverse("stream:create"), data)
    assert response.status_code == 302
    post = Post.objects.get()
    assert [(a.kind, a.alt_text) for a in post.attachments.all()] == [("file", ""), ("image", "Een rode bus")]


def test_view_keeps_the_text_and_asks_to_choose_files_again(space, member):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(member)
    data = {"ruimte": space.slug, "body": "Mijn tekst", "afbeelding_1": png(), "alt_1": ""}
    response = client.post(reverse("stream:create"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Describe the image" in html
    assert "choose your images and files again" in html
    assert ">Mijn tekst</textarea>" in html
    assert not Post.objects.exists()
