from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from plein.notifications.kinds import CHANNEL_LABELS, CHANNELS, GROUPS
from plein.notifications.models import Digest, NotificationSettings, SpaceLevel
from plein.notifications.preferences import channel_on

WEEKDAYS = (
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
)
PAUSE_DAYS = ((1, _("1 day")), (3, _("3 days")), (7, _("1 week")), (14, _("2 weeks")), (30, _("30 days")))


# Every half hour; empty means no quiet hours.
TIMES = [("", _("No quiet hours")), *((f"{h:02d}:{m:02d}", f"{h:02d}:{m:02d}") for h in range(24) for m in (0, 30))]


def _time(value: str) -> datetime.time:
    return datetime.time.fromisoformat(value)


def field_name(group: str, channel: str) -> str:
    return f"{group}__{channel}"


class ChannelsForm(forms.Form):
    """One checkbox per group and channel (fixed ones shown but not changeable), and the digest."""

    digest = forms.ChoiceField(label=_("E-mail digest"), choices=Digest.choices)

    def __init__(self, *args: Any, settings: NotificationSettings | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["digest"].initial = settings.digest if settings else Digest.DAILY
        for group in GROUPS:
            for channel in CHANNELS:
                self.fields[field_name(group.key, channel)] = forms.BooleanField(
                    label=str(group.label),
                    required=False,
                    initial=channel_on(settings, group, channel),
                    disabled=channel in group.fixed,
                )

    def by_channel(self) -> list[tuple[Any, list[Any]]]:
        """(channel label, its checkboxes): one fieldset per channel reads well on a phone too."""
        return [
            (CHANNEL_LABELS[channel], [self[field_name(group.key, channel)] for group in GROUPS])
            for channel in CHANNELS
        ]

    def channels(self) -> dict[str, dict[str, bool]]:
        return {
            group.key: {channel: bool(self.cleaned_data[field_name(group.key, channel)]) for channel in CHANNELS}
            for group in GROUPS
        }


class QuietForm(forms.Form):
    quiet_from = forms.TypedChoiceField(
        label=_("Quiet from"), choices=TIMES, coerce=_time, empty_value=None, required=False
    )
    quiet_until = forms.TypedChoiceField(
        label=_("Quiet until"), choices=TIMES, coerce=_time, empty_value=None, required=False
    )
    quiet_days = forms.TypedMultipleChoiceField(
        label=_("Days without e-mail or push"),
        choices=WEEKDAYS,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("quiet_from"), data.get("quiet_until")
        if (start is None) != (end is None) and not self.errors:
            missing = "quiet_until" if end is None else "quiet_from"
            self.add_error(missing, _("Fill in both times, or leave both empty for no quiet hours."))
        return data


class PauseForm(forms.Form):
    days = forms.TypedChoiceField(label=_("Pause for"), choices=PAUSE_DAYS, coerce=int)


class SpaceLevelsForm(forms.Form):
    """One choice per space the person belongs to."""

    def __init__(self, *args: Any, spaces: list[Any], levels: dict[int, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.spaces = spaces
        for space in spaces:
            self.fields[f"space_{space.pk}"] = forms.ChoiceField(
                label=space.name, choices=SpaceLevel.choices, initial=levels.get(space.pk, SpaceLevel.DEFAULT)
            )

    def rows(self) -> list[tuple[Any, Any]]:
        return [(space, self[f"space_{space.pk}"]) for space in self.spaces]

    def changes(self, levels: dict[int, str]) -> list[tuple[Any, str]]:
        """(space, level) for each space whose level the person changed."""
        return [
            (space, self.cleaned_data[f"space_{space.pk}"])
            for space in self.spaces
            if self.cleaned_data[f"space_{space.pk}"] != levels.get(space.pk, SpaceLevel.DEFAULT)
        ]
