"""Spaces in Django's admin: mostly to look things up.

Spaces, members and invitations are made and changed on the site itself,
where the actions keep member counts, events and e-mails right; here an
administrator finds things, changes a space's settings through the same
action, and withdraws invitations.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from plein.spaces import actions, invitations
from plein.spaces.models import Invitation, JoinRequest, Membership, Space


class ViewOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ArchivedFilter(admin.SimpleListFilter):
    title = _("archived")
    parameter_name = "archived"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", _("Archived")), ("no", _("Active"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Space]) -> QuerySet[Space]:
        if self.value() in ("yes", "no"):
            return queryset.filter(archived_at__isnull=self.value() == "no")
        return queryset


@admin.register(Space)
class SpaceAdmin(admin.ModelAdmin[Space]):
    list_display = ("name", "kind", "visibility", "join_policy", "member_count", "last_activity_at", "archived_at")
    list_filter = ("kind", "visibility", "join_policy", ArchivedFilter)
    search_fields = ("name", "slug", "description")
    readonly_fields = ("slug", "member_count", "created_by", "created_at", "last_activity_at", "archived_at")
    raw_id_fields = ("department", "auto_department", "auto_location")
    fields = (
        "name",
        "slug",
        "kind",
        "description",
        "about",
        "department",
        "visibility",
        "join_policy",
        "posting",
        "members_can_invite",
        "auto_department",
        "auto_location",
        "member_count",
        "created_by",
        "created_at",
        "last_activity_at",
        "archived_at",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # spaces are made on the site, with their first owner

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # deleting asks for the name on the space's own page

    def save_model(self, request: HttpRequest, obj: Space, form: Any, change: bool) -> None:
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        actions.update_space(actor=request.user, space=obj, changes=changes)  # type: ignore[arg-type]


class ExpiryFilter(admin.SimpleListFilter):
    title = _("access")
    parameter_name = "access"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("ends", _("Ends on a date")), ("ended", _("Ended")), ("open", _("No end date"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Membership]) -> QuerySet[Membership]:
        now = timezone.now()
        if self.value() == "ends":
            return queryset.filter(expires_at__gt=now)
        if self.value() == "ended":
            return queryset.filter(expires_at__lte=now)
        if self.value() == "open":
            return queryset.filter(expires_at__isnull=True)
        return queryset


@admin.register(Membership)
class MembershipAdmin(ViewOnlyAdmin):
    list_display = ("user", "space", "role", "automatic", "joined_at", "expires_at")
    list_filter = ("role", "automatic", ExpiryFilter)
    list_select_related = ("user", "space")
    search_fields = ("user__email", "user__first_name", "user__last_name", "space__name")
    date_hierarchy = "joined_at"


@admin.register(JoinRequest)
class JoinRequestAdmin(ViewOnlyAdmin):
    list_display = ("user", "space", "status", "created_at", "decided_by", "decided_at")
    list_filter = ("status",)
    list_select_related = ("user", "space", "decided_by")
    search_fields = ("user__email", "user__first_name", "user__last_name", "space__name")


class InvitationStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            ("open", _("Waiting")),
            ("accepted", _("Accepted")),
            ("withdrawn", _("Withdrawn")),
            ("expired", _("Expired")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Invitation]) -> QuerySet[Invitation]:
        unused = Q(accepted_at__isnull=True, revoked_at__isnull=True)
        now = timezone.now()
        match self.value():
            case "open":
                return queryset.filter(unused, expires_at__gt=now)
            case "accepted":
                return queryset.filter(accepted_at__isnull=False)
            case "withdrawn":
                return queryset.filter(revoked_at__isnull=False)
            case "expired":
                return queryset.filter(unused, expires_at__lte=now)
        return queryset


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin[Invitation]):
    list_display = ("email", "space", "invited_by", "created_at", "expires_at", "access_until", "state")
    list_filter = (InvitationStateFilter,)
    list_select_related = ("space", "invited_by")
    search_fields = ("email", "space__name")
    readonly_fields = (
        "space",
        "email",
        "message",
        "token_hash",
        "invited_by",
        "created_at",
        "expires_at",
        "access_until",
        "accepted_at",
        "accepted_by",
        "revoked_at",
    )
    actions = ["withdraw"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # invitations are sent from a space's invite page, which mails the link

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # kept as a record; withdraw instead

    @admin.display(description=_("state"))
    def state(self, obj: Invitation) -> str:
        if obj.accepted_at:
            return str(_("Accepted"))
        if obj.revoked_at:
            return str(_("Withdrawn"))
        if obj.expires_at <= timezone.now():
            return str(_("Expired"))
        return str(_("Waiting"))

    @admin.action(description=_("Withdraw the selected invitations"))
    def withdraw(self, request: HttpRequest, queryset: QuerySet[Invitation]) -> None:
        count = 0
        for invitation in queryset.select_related("space"):
            if invitation.is_open:
                invitations.revoke_invitation(actor=request.user, invitation=invitation)  # type: ignore[arg-type]
                count += 1
        self.message_user(
            request,
            ngettext("%(count)d invitation withdrawn.", "%(count)d invitations withdrawn.", count) % {"count": count},
            messages.SUCCESS,
        )
