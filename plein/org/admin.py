from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from plein.org import actions
from plein.org.models import Department, Location


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin[Department]):
    list_display = ("name", "kind", "path")
    list_filter = ("kind",)
    search_fields = ("name",)
    raw_id_fields = ("parent", "manager")
    readonly_fields = ("path",)

    def save_model(self, request: HttpRequest, obj: Department, form: Any, change: bool) -> None:
        actions.save_department(actor=request.user, department=obj, changed=list(form.changed_data))


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin[Location]):
    list_display = ("name", "city")
    search_fields = ("name", "city")

    def save_model(self, request: HttpRequest, obj: Location, form: Any, change: bool) -> None:
        actions.save_location(actor=request.user, location=obj, changed=list(form.changed_data))
