"""The editors' forms in Wagtail, with Plein's checks before anything is published."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.forms import WagtailAdminPageForm


class AudienceFormMixin:
    def check_audience(self, cleaned: dict[str, Any]) -> None:
        chosen = any(cleaned.get(f) for f in ("audience_departments", "audience_locations", "audience_spaces"))
        if not cleaned.get("audience_everyone") and not chosen:
            self.add_error(  # type: ignore[attr-defined]
                "audience_everyone",
                _("Choose who this is for: all employees, or at least one department, location or space."),
            )

    def check_schedule(self, cleaned: dict[str, Any]) -> None:
        go_live_at = cleaned.get("go_live_at")
        instance = self.instance  # type: ignore[attr-defined]
        not_yet_live = instance.pk is None or not instance.live
        if go_live_at and go_live_at < timezone.now() and not_yet_live and go_live_at != instance.go_live_at:
            self.add_error(  # type: ignore[attr-defined]
                "go_live_at",
                _("A scheduled publication must be in the future. Leave it empty to publish straight away."),
            )


class NewsItemForm(AudienceFormMixin, WagtailAdminPageForm):
    must_read_override = forms.BooleanField(
        label=_("Publish even if people exceed their weekly must-read budget"),
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("image") and not (cleaned.get("image_alt") or "").strip():
            self.add_error("image_alt", _("Describe the image for people who cannot see it."))
        self.check_audience(cleaned)
        self.check_schedule(cleaned)
        deadline = cleaned.get("must_read_deadline")
        publish_on = (cleaned.get("go_live_at") or timezone.now()).date()
        if deadline and deadline < publish_on:
            self.add_error("must_read_deadline", _("The confirmation deadline must be after the publication date."))
        if cleaned.get("must_read") and not cleaned.get("must_read_override") and not self.errors:
            self._check_budget(cleaned)
        return cleaned

    def _check_budget(self, cleaned: dict[str, Any]) -> None:
        from plein.news.budget import people_over_budget

        publish_at: datetime.datetime = cleaned.get("go_live_at") or self.instance.first_published_at or timezone.now()
        over, budget = people_over_budget(
            exclude_pk=self.instance.pk,
            publish_at=publish_at,
            everyone=bool(cleaned.get("audience_everyone")),
            departments=list(cleaned.get("audience_departments") or []),
            locations=list(cleaned.get("audience_locations") or []),
            spaces=list(cleaned.get("audience_spaces") or []),
        )
        if over:
            message = ngettext(
                "%(count)s person would receive more than %(budget)s must-reads in that week.",
                "%(count)s people would receive more than %(budget)s must-reads in that week.",
                over,
            ) % {"count": over, "budget": budget}
            self.add_error(
                "must_read_override",
                f"{message} {_('Consider a normal news item, or tick this box to publish it as a must-read anyway.')}",
            )


class ProcessPageForm(AudienceFormMixin, WagtailAdminPageForm):
    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        self.check_audience(cleaned)
        self.check_schedule(cleaned)
        return cleaned
