from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from plein.news.actions import MAX_FEEDBACK_LENGTH


class FeedbackForm(forms.Form):
    message = forms.CharField(
        label=_("What seems wrong or out of date?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_FEEDBACK_LENGTH,
        error_messages={"required": _("Write what seems wrong or out of date.")},
    )
