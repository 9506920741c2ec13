"""Forms of the stream: the composer, the comment form and the edit forms.

Every check that matters lives in the actions (they raise StreamError); the
forms only carry what was typed, so a refused text comes back as it was.
"""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

FORMAT_HELP = _("**bold**, *italic*, - list, > quote, links")


def new_token() -> str:
    return uuid.uuid4().hex


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


class CommentForm(_TextForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].label = _("Comment")
        self.fields["body"].help_text = FORMAT_HELP
        self.fields["body"].widget.attrs["rows"] = 3
