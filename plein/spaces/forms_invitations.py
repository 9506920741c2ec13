"""Forms for inviting people: colleagues by name, external guests by e-mail, and accepting an invitation."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from plein.accounts.models import User, UserKind
from plein.spaces.invitations import MAX_ACCESS_DAYS

MAX_ADDRESSES = 20
MAX_PEOPLE = 50
ADDRESS_SEPARATORS = re.compile(r"[\s,;]+")


def end_of_day(day: date) -> datetime:
    """Access "until" a date lasts through that whole day, in the organisation's time zone."""
    return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))


class AccessUntilField(forms.DateField):
    """A date input for the last day of a guest's access; cleans to the end of that day."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **kwargs)

    def set_bounds(self) -> None:
        """Tell the browser's date picker which days may be chosen (today is only known per request)."""
        today = timezone.localdate()
        self.widget.attrs.update(min=today.isoformat(), max=(today + timedelta(days=MAX_ACCESS_DAYS)).isoformat())

    def clean(self, value: Any) -> datetime:  # type: ignore[override]
        day = super().clean(value)
        today = timezone.localdate()
        if day < today:
            raise ValidationError(_("Choose a date in the future."))
        if day > today + timedelta(days=MAX_ACCESS_DAYS):
            raise ValidationError(_("Guest access can be given for at most two years at a time."))
        return end_of_day(day)


class AddColleaguesForm(forms.Form):
    """The colleagues ticked in the search results on the invite page."""

    people = forms.ModelMultipleChoiceField(
        queryset=User.objects.filter(is_active=True, kind=UserKind.EMPLOYEE),
        error_messages={"required": _("Tick at least one colleague to add.")},
    )

    def clean_people(self) -> list[User]:
        people = list(self.cleaned_data["people"])
        if len(people) > MAX_PEOPLE:
            raise ValidationError(
                ngettext(
                    "Add at most %(max)d colleague at a time.", "Add at most %(max)d colleagues at a time.", MAX_PEOPLE
                )
                % {"max": MAX_PEOPLE}
            )
        return people


class GuestInvitationForm(forms.Form):
    emails = forms.CharField(
        label=_("E-mail addresses"),
        help_text=_("One address per line; up to 20 at a time."),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": _("Enter the e-mail address of the person you want to invite.")},
    )
    message = forms.CharField(
        label=_("Personal message (optional)"),
        help_text=_("Shown in the e-mail and on the page where they accept the invitation."),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    access_until = AccessUntilField(
        label=_("Access until"),
        help_text=_("On this day their access to the space ends. Moderators can extend it later."),
        error_messages={"required": _("Choose the last day of their access."), "invalid": _("Enter a valid date.")},
    )

    def __init__(self, *args: Any, access_days: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        until = self.fields["access_until"]
        assert isinstance(until, AccessUntilField)
        until.set_bounds()
        until.initial = timezone.localdate() + timedelta(days=access_days)

    def clean_emails(self) -> list[str]:
        addresses = list(dict.fromkeys(a.lower() for a in ADDRESS_SEPARATORS.split(self.cleaned_data["emails"]) if a))
        if not addresses:
            raise ValidationError(self.fields["emails"].error_messages["required"])
        if len(addresses) > MAX_ADDRESSES:
            raise ValidationError(
                ngettext(
                    "You can invite at most %(max)d person at a time.",
                    "You can invite at most %(max)d people at a time.",
                    MAX_ADDRESSES,
                )
                % {"max": MAX_ADDRESSES}
            )
        return addresses


class ExtendGuestForm(forms.Form):
    until = AccessUntilField(
        label=_("Access until"),
        error_messages={"required": _("Choose the last day of their access."), "invalid": _("Enter a valid date.")},
    )


class LoginMethod:
    PASSWORD = "password"  # noqa: S105 (the name of a choice, not a password)
    CODE = "code"


class AcceptInvitationForm(forms.Form):
    """A new guest's name and how they will log in: a password, or a one-time code by e-mail."""

    first_name = forms.CharField(
        label=_("First name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    last_name = forms.CharField(
        label=_("Last name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )
    login_method = forms.ChoiceField(
        label=_("How do you want to log in?"),
        choices=[
            (LoginMethod.PASSWORD, _("With a password I choose now")),
            (LoginMethod.CODE, _("Without a password: each time with a one-time code sent to my e-mail")),
        ],
        initial=LoginMethod.PASSWORD,
        widget=forms.RadioSelect,
    )
    password1 = forms.CharField(
        label=_("Password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters; not a common password and not only digits."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    @property
    def password(self) -> str:
        """The chosen password; empty for log-in by code."""
        if self.cleaned_data.get("login_method") != LoginMethod.PASSWORD:
            return ""
        return str(self.cleaned_data.get("password1", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("login_method") != LoginMethod.PASSWORD:
            return data
        password, again = data.get("password1", ""), data.get("password2", "")
        if not password:
            self.add_error("password1", _("Choose a password, or choose to log in with a code."))
        elif password != again:
            self.add_error("password2", _("The two passwords are not the same."))
        else:
            person = User(email=self.email, first_name=data.get("first_name", ""), last_name=data.get("last_name", ""))
            try:
                password_validation.validate_password(password, user=person)
            except ValidationError as error:
                self.add_error("password1", error)
        return data
