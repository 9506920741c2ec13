from django.contrib import admin

from plein.people.models import Profile, Skill


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin[Profile]):
    list_display = ("user", "function", "department", "location")
    search_fields = ("user__first_name", "user__last_name", "function")
    raw_id_fields = ("user", "department", "location")
    list_select_related = ("user", "department", "location")


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin[Skill]):
    search_fields = ("name",)
