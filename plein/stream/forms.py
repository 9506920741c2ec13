"""Forms of the stream: the composer, the comment form and the edit forms.

Every check that matters lives in the actions (they raise StreamError); the
forms only carry what was typed, so a refused text comes back as it was.
"""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from plein.stream.models import MAX_ALT_TEXT_LENGTH, MAX_IMAGES

FORMAT_HELP = _("**bold**, *italic*, - list, > quote, links")


# The composer shows this many image slots (file + description); the rest up to MAX_IMAGES fold away.
IMAGE_SLOTS_SHOWN = 3


def new_token() -> str:
    return uuid.uuid4().hex


def image_slots() -> list[dict[str, Any]]:
    """The composer's image slots: ``afbeelding_N`` (the file) and ``alt_N`` (its description)."""
    return [
        {"number": n, "file": f"afbeelding_{n}", "alt": f"alt_{n}", "shown": n <= IMAGE_SLOTS_SHOWN}
        for n in range(1, MAX_IMAGES + 1)
    ]


def uploaded_images(request: HttpRequest) -> list[tuple[Any, str]]:
    """(file, alt text) for every filled image slot, in order (the action refuses more than MAX_IMAGES)."""
    found = []
    for n in range(1, MAX_IMAGES * 2):
        upload = request.FILES.get(f"afbeelding_{n}")
        if upload is not None:
            found.append((upload, request.POST.get(f"alt_{n}", "")[: MAX_ALT_TEXT_LENGTH * 2]))
    return found


class _TextForm(forms.Form):
    body = forms.CharField(required=False, strip=False, widget=forms.Textarea(attrs={"rows": 4}))
    client_token = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("client_token", new_token())


class PostForm(_TextForm):
    """The composer; also the edit form of a post."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].label = _("Message")
        self.fields["body"].help_text = FORMAT_HELP

    @property
    def image_slots(self) -> list[dict[str, Any]]:
        return image_slots()


class CommentForm(_TextForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].label = _("Comment")
        self.fields["body"].help_text = FORMAT_HELP
        self.fields["body"].widget.attrs["rows"] = 3
