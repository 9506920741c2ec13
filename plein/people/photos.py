"""Profile photos: refuse anything unsafe, then make square JPEG renditions without metadata.

Uploaded files are untrusted. Before any pixel is decoded the file size, the
format (only common photo formats: some Pillow plug-ins, such as EPS, start
outside programs) and the claimed dimensions are checked, so a small file that
unpacks to gigabytes (an "image bomb") is refused cheaply. The renditions are
built on a fresh image, so no EXIF (GPS position, camera serial), ICC or
comment data survives.
"""

from __future__ import annotations

import io
import struct
import warnings
from typing import IO, Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

LARGE = 512
SMALL = 96
JPEG_QUALITY = 85
# A phone photo is 12 to 50 megapixels; more is refused before decoding.
MAX_PIXELS = 40_000_000
FORMATS = ("JPEG", "PNG", "GIF", "WEBP")
# JPEG can decode at 1/2, 1/4 or 1/8 scale; this is the smallest size worth decoding.
DRAFT_SIZE = (LARGE * 2, LARGE * 2)


class PhotoError(ValueError):
    """A photo that cannot be used; ``message`` is translated and tells the person what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def validate_photo(upload: IO[bytes] | Any) -> None:
    """Raise :class:`PhotoError` unless ``upload`` is a photo that :func:`square_renditions` can use."""
    with _opened(upload) as image:
        _decode(image)


def square_renditions(upload: IO[bytes] | Any) -> tuple[ContentFile[bytes], ContentFile[bytes]]:
    """A 512 and a 96 pixel square JPEG of ``upload``, centre-cropped, upright, without metadata."""
    with _opened(upload) as image:
        image.draft("RGB", DRAFT_SIZE)  # only JPEG acts on this; it makes big photos cheap to decode
        upright = _decode(image)
    square = ImageOps.fit(_flatten(upright), (LARGE, LARGE), method=Image.Resampling.LANCZOS)
    small = square.resize((SMALL, SMALL), Image.Resampling.LANCZOS)
    return _jpeg(square, "large.jpg"), _jpeg(small, "small.jpg")


class _opened:
    """Context manager: the checked but not yet decoded first frame of ``upload``."""

    def __init__(self, upload: Any) -> None:
        self.upload = upload
        self.image: Image.Image | None = None

    def __enter__(self) -> Image.Image:
        upload = self.upload
        size = _byte_size(upload)
        limit = settings.PLEIN_MAX_IMAGE_BYTES
        if size == 0:
            raise PhotoError(_("The file is empty. Choose a photo (JPEG, PNG, GIF or WebP)."))
        if size > limit:
            raise PhotoError(
                _("The file is %(size)s; a photo may be at most %(limit)s. Choose a smaller photo.")
                % {"size": filesizeformat(size), "limit": filesizeformat(limit)}
            )
        upload.seek(0)
        # A private copy (at most PLEIN_MAX_IMAGE_BYTES): Pillow may close the file it reads.
        data = io.BytesIO(upload.read(limit + 1))
        upload.seek(0)
        # Pillow warns above MAX_IMAGE_PIXELS and raises above twice that; both mean "refuse".
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            try:
                image = Image.open(data, formats=FORMATS)
            except (Image.DecompressionBombError, Image.DecompressionBombWarning):
                raise PhotoError(_too_big_message()) from None
            except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
                raise PhotoError(_not_a_photo_message()) from None
        self.image = image
        width, height = image.size
        if width < 1 or height < 1:
            raise PhotoError(_not_a_photo_message())
        if width * height > MAX_PIXELS:
            raise PhotoError(_too_big_message())
        if getattr(image, "n_frames", 1) > 1:
            image.seek(0)  # an animation: the first frame is the photo
        return image

    def __exit__(self, *exc: object) -> None:
        if self.image is not None:
            self.image.close()


def _byte_size(upload: Any) -> int:
    size = getattr(upload, "size", None)
    if isinstance(size, int):
        return size
    upload.seek(0, io.SEEK_END)
    end = int(upload.tell())
    upload.seek(0)
    return end


def _decode(image: Image.Image) -> Image.Image:
    """Decode the pixels and turn the image upright according to its EXIF orientation."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image.load()
            upright = ImageOps.exif_transpose(image)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise PhotoError(_too_big_message()) from None
        except (OSError, ValueError, SyntaxError, EOFError, struct.error):
            raise PhotoError(_("The photo could not be read; the file may be damaged. Try another photo.")) from None
    return upright if upright is not None else image


def _flatten(image: Image.Image) -> Image.Image:
    """RGB on a white background (transparent parts of a PNG or GIF become white)."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    if image.mode in ("I", "I;16", "I;16B", "I;16L", "F"):
        # 16-bit and float greyscale: scale to 8 bits before colour conversion.
        image = image.point(lambda value: value / 256).convert("L")
    return image.convert("RGB")


def _jpeg(image: Image.Image, name: str) -> ContentFile[bytes]:
    # A new image carries no ``info`` (EXIF, ICC, comments) from the upload.
    clean = Image.new("RGB", image.size)
    clean.paste(image)
    buffer = io.BytesIO()
    clean.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return ContentFile(buffer.getvalue(), name=name)


def _not_a_photo_message() -> str:
    return _("This file is not a photo that can be used. Choose a JPEG, PNG, GIF or WebP image.")


def _too_big_message() -> str:
    return _("The photo has too many pixels (at most %(megapixels)d megapixels). Choose a smaller photo.") % {
        "megapixels": MAX_PIXELS // 1_000_000
    }
