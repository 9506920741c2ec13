from django.contrib import admin

from plein.org.models import Department, Location


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin[Department]):
    list_display = ("name", "kind", "path")
    list_filter = ("kind",)
    search_fields = ("name",)
    raw_id_fields = ("parent", "manager")
    readonly_fields = ("path",)


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin[Location]):
    list_display = ("name", "city")
    search_fields = ("name", "city")
