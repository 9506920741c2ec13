"""Profile photos: real images made with Pillow; unsafe or unusable files are refused clearly."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import translation
from PIL import ExifTags, Image

from plein.people import photos
from plein.people.photos import PhotoError, square_renditions, validate_photo

RED = (220, 20, 20)
BLUE = (20, 20, 220)


@pytest.fixture(autouse=True)
def _english_messages():
    # The assertions read the English source texts; the site default is Dutch.
    with translation.override("en"):
        yield


def upload(data: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def image_bytes(image: Image.Image, fmt: str, **params) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **params)
    return buffer.getvalue()


def two_halves(size: tuple[int, int] = (200, 100)) -> Image.Image:
    """Left half red, right half blue."""
    image = Image.new("RGB", size, BLUE)
    image.paste(RED, (0, 0, size[0] // 2, size[1]))
    return image


def close_to(pixel, colour, tolerance: int = 40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel[:3], colour, strict=True))


def opened(content) -> Image.Image:
    content.seek(0)
    return Image.open(io.BytesIO(content.read()))


def test_renditions_are_square_jpegs_of_512_and_96_pixels():
    large, small = square_renditions(upload(image_bytes(two_halves((640, 480)), "JPEG")))
    large_image, small_image = opened(large), opened(small)
    assert (large_image.format, large_image.size, large_image.mode) == ("JPEG", (512, 512), "RGB")
    assert (small_image.format, small_image.size) == ("JPEG", (96, 96))


def test_exif_orientation_is_applied_and_all_metadata_removed():
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # "rotate 90° clockwise to display"
    exif[ExifTags.Base.Make] = "Spycam"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (52.0, 5.0, 30.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (4.0, 53.0, 10.0)
    data = image_bytes(two_halves(), "JPEG", exif=exif, quality=95)
    original = Image.open(io.BytesIO(data))
    assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo), "the test image should carry GPS data"

    large, small = square_renditions(upload(data))
    for content in (large, small):
        raw = content.read()
        result = Image.open(io.BytesIO(raw))
        assert not result.getexif(), "EXIF survived"
        assert "exif" not in result.info
        assert b"Exif" not in raw and b"Spycam" not in raw
    result = opened(large)
    # Turned upright: the red left half of the stored image is now on top.
    assert close_to(result.getpixel((256, 60)), RED)
    assert close_to(result.getpixel((256, 450)), BLUE)


def test_without_orientation_the_centre_is_cropped():
    large, _small = square_renditions(upload(image_bytes(two_halves(), "PNG"), "p.png", "image/png"))
    result = opened(large)
    assert close_to(result.getpixel((60, 256)), RED)
    assert close_to(result.getpixel((450, 256)), BLUE)


def test_png_with_transparency_gets_a_white_background():
    image = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
    image.paste((20, 120, 20, 255), (16, 16, 48, 48))
    large, _small = square_renditions(upload(image_bytes(image, "PNG"), "a.png", "image/png"))
    result = opened(large)
    assert result.mode == "RGB"
    assert close_to(result.getpixel((5, 5)), (255, 255, 255))
    assert close_to(result.getpixel((256, 256)), (20, 120, 20))


def test_animated_gif_uses_the_first_frame():
    frames = [Image.new("RGB", (50, 50), RED), Image.new("RGB", (50, 50), BLUE)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    large, _small = square_renditions(upload(buffer.getvalue(), "a.gif", "image/gif"))
    assert close_to(opened(large).getpixel((256, 256)), RED)


def test_a_text_file_named_jpg_is_refused():
    with pytest.raises(PhotoError) as refused:
        square_renditions(upload(b"Dit is geen foto, maar een boodschappenlijstje.\n" * 10))
    assert "not a photo" in refused.value.message


def test_an_empty_file_is_refused():
    with pytest.raises(PhotoError, match="empty"):
        validate_photo(upload(b""))


def test_other_image_formats_are_refused():
    # Pillow can read EPS and many more; only common photo formats are accepted.
    with pytest.raises(PhotoError, match="not a photo"):
        validate_photo(upload(image_bytes(Image.new("RGB", (10, 10)), "BMP"), "x.bmp", "image/bmp"))


@override_settings(PLEIN_MAX_IMAGE_BYTES=10_000)
def test_a_file_over_the_size_limit_is_refused_before_it_is_read():
    noisy = Image.effect_noise((300, 300), 80).convert("RGB")
    data = image_bytes(noisy, "PNG")
    assert len(data) > 10_000
    with translation.override("en"), pytest.raises(PhotoError) as refused:
        validate_photo(upload(data, "big.png", "image/png"))
    assert "at most 9.8\xa0KB" in refused.value.message  # human-readable sizes


def png_claiming(width: int, height: int) -> bytes:
    """A tiny valid PNG whose header is patched to claim ``width`` x ``height`` pixels."""
    data = bytearray(image_bytes(Image.new("L", (1, 1)), "PNG"))
    ihdr = data.index(b"IHDR")
    data[ihdr + 4 : ihdr + 12] = struct.pack(">II", width, height)
    crc = zlib.crc32(bytes(data[ihdr : ihdr + 17])) & 0xFFFFFFFF
    data[ihdr + 17 : ihdr + 21] = struct.pack(">I", crc)
    return bytes(data)


def test_an_image_bomb_header_is_refused_without_decoding():
    bomb = png_claiming(100_000, 100_000)
    assert len(bomb) < 200
    with pytest.raises(PhotoError, match="too many pixels"):
        square_renditions(upload(bomb, "bomb.png", "image/png"))


def test_a_compressed_bomb_under_pillows_own_limit_is_refused_by_ours():
    # 8000 x 6000 = 48 megapixels of one colour: a few kilobytes as a 1-bit PNG.
    data = image_bytes(Image.new("1", (8000, 6000)), "PNG")
    assert len(data) < 50_000
    assert Image.MAX_IMAGE_PIXELS > 8000 * 6000
    with pytest.raises(PhotoError, match="too many pixels"):
        validate_photo(upload(data, "bomb.png", "image/png"))


def test_a_truncated_jpeg_is_refused():
    data = image_bytes(Image.effect_noise((400, 400), 60).convert("RGB"), "JPEG")
    with pytest.raises(PhotoError):
        square_renditions(upload(data[: len(data) // 2]))


def test_a_photo_under_the_pixel_cap_is_accepted():
    data = image_bytes(Image.new("RGB", (4000, 3000), RED), "JPEG")
    assert photos.MAX_PIXELS > 4000 * 3000
    large, _small = square_renditions(upload(data))
    assert opened(large).size == (512, 512)
