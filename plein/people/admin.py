from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from plein.core.text import fold, squash_spaces
from plein.people import actions
from plein.people.models import Profile, Skill


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin[Profile]):
    list_display = ("user", "function", "department", "location")
    search_fields = ("user__first_name", "user__last_name", "function")
    raw_id_fields = ("user", "department", "location")
    list_select_related = ("user", "department", "location")


class MergeSkillsForm(forms.Form):
    keep = forms.ModelChoiceField(
        queryset=Skill.objects.none(),
        widget=forms.RadioSelect,
        label=_("Keep this skill"),
        help_text=_("The others are merged into it: their people and endorsements move over, then they are deleted."),
    )

    def __init__(self, *args: Any, skills: QuerySet[Skill], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["keep"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = skills
        field.label_from_instance = _with_usage  # type: ignore[method-assign,assignment]


def _with_usage(skill: Any) -> str:
    return ngettext("%(name)s (%(count)d person)", "%(name)s (%(count)d people)", skill.people) % {
        "name": skill.name,
        "count": skill.people,
    }


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin[Skill]):
    search_fields = ("name",)
    list_display = ("name", "people")
    actions = ("merge_skills",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Skill]:
        return super().get_queryset(request).annotate(people=Count("profiles", distinct=True))

    def save_model(self, request: HttpRequest, obj: Skill, form: Any, change: bool) -> None:
        # The folded name is what typed skills are matched on ("GIS" and "gis" are one skill).
        obj.name = squash_spaces(obj.name)
        obj.normalized = fold(obj.name)
        super().save_model(request, obj, form, change)

    @admin.display(description=_("people"), ordering="people")
    def people(self, skill: Any) -> int:
        return int(skill.people)

    @admin.action(description=_("Merge selected skills into one"), permissions=["change"])
    def merge_skills(self, request: HttpRequest, queryset: QuerySet[Skill]) -> HttpResponse | None:
        """Ask which skill to keep (the most used one is suggested), then merge the rest into it."""
        if not request.user.is_superuser:
            raise PermissionDenied
        skills = queryset.order_by("-people", "name")  # type: ignore[misc]  # annotated in get_queryset
        if skills.count() < 2:
            self.message_user(request, _("Select at least two skills to merge."), messages.WARNING)
            return None
        form = MergeSkillsForm(request.POST if "keep" in request.POST else None, skills=skills)
        if form.is_valid():
            keep = form.cleaned_data["keep"]
            merged = [skill for skill in skills if skill.pk != keep.pk]
            actions.merge_skills(actor=request.user, keep=keep, duplicates=merged)  # type: ignore[arg-type]
            self.message_user(
                request,
                _("Merged %(merged)s into “%(keep)s”.")
                % {"merged": ", ".join(f"“{skill.name}”" for skill in merged), "keep": keep.name},
                messages.SUCCESS,
            )
            return None
        if not form.is_bound:
            form.initial["keep"] = skills.first()
        context = {
            **self.admin_site.each_context(request),
            "title": _("Merge skills"),
            "opts": self.model._meta,
            "form": form,
            "skills": skills,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return render(request, "admin/people/skill/merge_skills.html", context)
