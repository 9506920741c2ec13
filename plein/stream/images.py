"""Images and files attached to a post: checked before anything is stored.

Images follow :mod:`plein.people.photos`: the byte size, the format (common
photo formats only) and the claimed dimensions are checked before any pixel
is decoded, so an "image bomb" is refused cheaply. What is stored is drawn on
a fresh image, so no EXIF (GPS position, camera serial), ICC or comment data
survives: the full image (turned upright) and a preview of at most 1600 pixels.

Other files are accepted by extension from the list the administrators keep
in the site settings; types a browser would run as a web page are never
accepted. A photo attached as a file (a JPEG in the files input) is redrawn
like an image, so it loses its metadata just the same. Stored names are random, so a file cannot be found by guessing;
``name`` keeps what the author called it.
"""

from __future__ import annotations

import io
import mimetypes
import struct
import uuid
import warnings
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.core.files.base import ContentFile, File
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from plein.people.photos import FORMATS, MAX_PIXELS

PREVIEW_SIZE = 1600
JPEG_QUALITY = 85
MAX_NAME_LENGTH = 200
# A browser would run these as a page or script when opened from the site: never accepted.
NEVER_ALLOWED = frozenset({"htm", "html", "xhtml", "shtml", "svg", "svgz", "js", "mjs", "xml", "xsl", "swf"})
# Images attached as files are redrawn too (no EXIF, GPS or camera data survives whichever input they came in).
IMAGE_EXTENSIONS = frozenset({"jpg", "jpeg", "jpe", "jfif", "png", "gif", "webp"})


class AttachmentProblem(ValueError):
    """An image or file that cannot be attached; ``message`` is translated and names the file."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class PreparedImage:
    """A checked image, ready to store: the full picture and its preview, both without metadata."""

    name: str
    full: ContentFile[bytes]
    preview: ContentFile[bytes]
    width: int
    height: int
    content_type: str
    alt_text: str


@dataclass
class PreparedFile:
    name: str
    upload: File[Any]
    size: int
    content_type: str


def display_name(upload: Any) -> str:
    """The file's own name without any folder, shortened to fit."""
    name = PurePath(str(getattr(upload, "name", "") or "").replace("\\", "/")).name.strip()
    return name[-MAX_NAME_LENGTH:] or _("file")


def extension(name: str) -> str:
    return PurePath(name).suffix.lower().lstrip(".")


def byte_size(upload: Any) -> int:
    size = getattr(upload, "size", None)
    if isinstance(size, int):
        return size
    upload.seek(0, io.SEEK_END)
    end = int(upload.tell())
    upload.seek(0)
    return end


def _check_size(upload: Any, name: str, max_bytes: int) -> int:
    size = byte_size(upload)
    if size == 0:
        raise AttachmentProblem(_("“%(name)s” is empty. Choose another file.") % {"name": name})
    if size > max_bytes:
        raise AttachmentProblem(
            _("“%(name)s” is %(size)s; a file may be at most %(limit)s.")
            % {"name": name, "size": filesizeformat(size), "limit": filesizeformat(max_bytes)}
        )
    return size


def _redraw(upload: Any, name: str, max_bytes: int) -> tuple[Image.Image, str]:
    """Check ``upload`` as an image and draw its pixels (turned upright) on a fresh image.

    Returns the clean image and the format it came in; AttachmentProblem if it is not a usable image.
    """
    _check_size(upload, name, max_bytes)
    upload.seek(0)
    data = io.BytesIO(upload.read(max_bytes + 1))
    upload.seek(0)
    not_an_image = _("“%(name)s” is not an image that can be shown. Choose a JPEG, PNG, GIF or WebP image.") % {
        "name": name
    }
    too_big = _("“%(name)s” has too many pixels (at most %(megapixels)d megapixels). Choose a smaller image.") % {
        "name": name,
        "megapixels": MAX_PIXELS // 1_000_000,
    }
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(data, formats=FORMATS)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise AttachmentProblem(too_big) from None
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
            raise AttachmentProblem(not_an_image) from None
        with image:
            source_format = str(image.format or "")
            width, height = image.size
            if width < 1 or height < 1:
                raise AttachmentProblem(not_an_image)
            if width * height > MAX_PIXELS:
                raise AttachmentProblem(too_big)
            if getattr(image, "n_frames", 1) > 1:
                image.seek(0)  # an animation: the first frame is shown
            try:
                image.load()
                upright = ImageOps.exif_transpose(image) or image
                return _clean(upright), source_format
            except (Image.DecompressionBombError, Image.DecompressionBombWarning):
                raise AttachmentProblem(too_big) from None
            except (OSError, ValueError, SyntaxError, EOFError, struct.error):
                raise AttachmentProblem(
                    _("“%(name)s” could not be read; the file may be damaged. Choose another image.") % {"name": name}
                ) from None


def prepare_image(upload: Any, alt_text: str, *, max_bytes: int) -> PreparedImage:
    """Check ``upload`` and draw its clean full-size and preview renditions; AttachmentProblem if unusable."""
    name = display_name(upload)
    clean, _source_format = _redraw(upload, name, max_bytes)
    preview = clean.copy()
    preview.thumbnail((PREVIEW_SIZE, PREVIEW_SIZE), Image.Resampling.LANCZOS)
    kind = "PNG" if clean.mode == "RGBA" else "JPEG"
    suffix = ".png" if kind == "PNG" else ".jpg"
    stored = uuid.uuid4().hex
    return PreparedImage(
        name=PurePath(name).stem[: MAX_NAME_LENGTH - 4] + suffix,
        full=_encode(clean, kind, f"{stored}{suffix}"),
        preview=_encode(preview, kind, f"{stored}-preview{suffix}"),
        width=preview.width,
        height=preview.height,
        content_type="image/png" if kind == "PNG" else "image/jpeg",
        alt_text=alt_text,
    )


def _prepare_image_file(upload: Any, name: str, max_bytes: int) -> PreparedFile:
    """An image attached as a file: redrawn like any image, so its metadata is gone; lossless ones stay PNG."""
    clean, source_format = _redraw(upload, name, max_bytes)
    kind = "PNG" if clean.mode == "RGBA" or source_format in ("PNG", "GIF") else "JPEG"
    suffix = ".png" if kind == "PNG" else ".jpg"
    if extension(name) in ("jpg", "jpeg") and kind == "JPEG":
        suffix = "." + extension(name)
    encoded = _encode(clean, kind, f"{uuid.uuid4().hex}{suffix}")
    return PreparedFile(
        name=PurePath(name).stem[: MAX_NAME_LENGTH - 5] + suffix,
        upload=encoded,
        size=encoded.size,
        content_type="image/png" if kind == "PNG" else "image/jpeg",
    )


def prepare_file(upload: Any, *, max_bytes: int, allowed: frozenset[str]) -> PreparedFile:
    """Check a file's type (by extension) and size; AttachmentProblem if it cannot be attached."""
    name = display_name(upload)
    kind = extension(name)
    if not kind or kind in NEVER_ALLOWED or kind not in allowed:
        raise AttachmentProblem(
            _("Files of type “%(type)s” cannot be attached (“%(name)s”). Allowed: %(allowed)s.")
            % {"type": kind or "?", "name": name, "allowed": ", ".join(sorted(allowed - NEVER_ALLOWED))}
        )
    if kind in IMAGE_EXTENSIONS:
        return _prepare_image_file(upload, name, max_bytes)
    size = _check_size(upload, name, max_bytes)
    upload.seek(0)
    stored = File(upload, name=f"{uuid.uuid4().hex}.{kind}")
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return PreparedFile(name=name, upload=stored, size=size, content_type=content_type)


def _clean(image: Image.Image) -> Image.Image:
    """A new image with only the pixels: RGBA when the original is transparent, else RGB."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        source = image.convert("RGBA")
        clean = Image.new("RGBA", source.size)
    else:
        if image.mode in ("I", "I;16", "I;16B", "I;16L", "F"):
            image = image.point(lambda value: value / 256).convert("L")
        source = image.convert("RGB")
        clean = Image.new("RGB", source.size)
    clean.paste(source)
    return clean


def _encode(image: Image.Image, kind: str, name: str) -> ContentFile[bytes]:
    buffer = io.BytesIO()
    if kind == "PNG":
        image.save(buffer, "PNG", optimize=True)
    else:
        image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return ContentFile(buffer.getvalue(), name=name)
