from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from plein.accounts.models import User
from plein.accounts.roles import sync_role_groups


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ("last_name", "first_name")
    list_display = ("email", "first_name", "last_name", "kind", "is_superuser", "is_editor", "is_active")
    list_filter = (
        "kind",
        "is_superuser",
        "is_editor",
        "is_chief_editor",
        "is_community_manager",
        "is_ambassador",
        "is_active",
    )
    search_fields = ("email", "first_name", "last_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Name"), {"fields": ("first_name", "last_name", "language")}),
        (
            _("Kind and roles"),
            {
                "fields": (
                    "kind",
                    "is_superuser",
                    "is_staff",
                    "is_editor",
                    "is_chief_editor",
                    "is_community_manager",
                    "is_ambassador",
                )
            },
        ),
        (_("Status"), {"fields": ("is_active", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "first_name", "last_name", "password1", "password2")}),
    )

    def save_related(self, request: Any, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        sync_role_groups(form.instance)
