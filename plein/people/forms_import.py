"""The upload form of the people import (the admin page; the command line reads the file itself)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from plein.people.importer import ImportFileError, read_csv

MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # about 150,000 rows


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8 or Windows-1252 (Excel), with a header row; comma or semicolon as delimiter."),
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
    )
    deactivate_missing = forms.BooleanField(
        label=_("Deactivate people who are no longer in the file"),
        required=False,
        initial=True,
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is too large (%(size)s); at most %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_UPLOAD_BYTES)}
            )
        data = upload.read()
        try:
            read_csv(data)
        except ImportFileError as error:
            raise forms.ValidationError(str(error)) from None
        self.cleaned_data["data"] = data
        return upload


class ImportConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    deactivate_missing = forms.BooleanField(required=False, widget=forms.HiddenInput)
    allow_mass_deactivation = forms.BooleanField(
        label=_("Yes, deactivate all these people: the file is complete"), required=False
    )
