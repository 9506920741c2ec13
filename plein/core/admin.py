from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from plein.core.actions import retry_deliveries, update_site_settings
from plein.core.models import Event, EventDelivery, SiteSettings

admin.site.site_header = _("Plein administration")
admin.site.site_title = _("Plein administration")
admin.site.index_title = _("Administration")


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin[SiteSettings]):
    fieldsets = (
        (None, {"fields": ("name", "logo", "primary_colour", "require_mfa_for_staff")}),
        (
            _("External guests"),
            {
                "fields": (
                    "guest_invitations_enabled",
                    "guest_allowed_domains",
                    "guest_access_days",
                    "invitation_valid_days",
                ),
                "description": _(
                    "Space owners and moderators can invite people from outside the organisation by e-mail. "
                    "Guests see only the spaces they are invited to, until their access ends."
                ),
            },
        ),
        (
            _("Attachments"),
            {
                "fields": ("attachment_max_mb", "attachment_types"),
                "description": _(
                    "Images and files people add to their messages. Images are always resized and "
                    "stored without their metadata (such as the place a photo was taken)."
                ),
            },
        ),
        (
            _("Must-reads"),
            {
                "fields": ("must_read_weekly_budget", "must_read_reminder_days"),
                "description": _("Must-reads are explicit and rare: a weekly budget per person keeps them that way."),
            },
        ),
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not SiteSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: SiteSettings, form: Any, change: bool) -> None:
        update_site_settings(actor=request.user, site=obj, changed=list(form.changed_data))


class EventDeliveryInline(admin.TabularInline[EventDelivery, Event]):
    model = EventDelivery
    extra = 0
    readonly_fields = ("consumer", "status", "attempts", "next_attempt_at", "delivered_at", "last_error")
    can_delete = False


@admin.register(Event)
class EventAdmin(admin.ModelAdmin[Event]):
    list_display = ("id", "kind", "actor", "subject_type", "subject_id", "created_at")
    list_filter = ("kind",)
    readonly_fields = ("kind", "actor", "subject_type", "subject_id", "audience", "payload", "created_at")
    inlines = [EventDeliveryInline]
    list_select_related = ("actor",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(EventDelivery)
class EventDeliveryAdmin(admin.ModelAdmin[EventDelivery]):
    list_display = ("id", "event", "consumer", "status", "attempts", "next_attempt_at", "last_error")
    list_filter = ("status", "consumer")
    list_select_related = ("event",)
    readonly_fields = ("event", "consumer", "status", "attempts", "next_attempt_at", "delivered_at", "last_error")
    actions = ["retry"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Retry the selected failed deliveries"))
    def retry(self, request: HttpRequest, queryset: QuerySet[EventDelivery]) -> None:
        count = retry_deliveries(delivery_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(
            request,
            ngettext("%(count)d delivery will be retried.", "%(count)d deliveries will be retried.", count)
            % {"count": count},
            messages.SUCCESS,
        )
