"""The profile edit form: every field on one page, with a visibility choice per optional field.

Fields an HR or directory source manages are removed from the form (shown
read-only by the template), so they can never be changed here; the action
ignores them as well. Choices among thousands (departments in a big
organisation, colleagues as manager) are made with a search box: htmx shows
matches while typing, and without JavaScript the typed text is resolved on
save (several matches: the person picks one from the list shown).
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import nh3
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, URLValidator
from django.db import transaction
from django.db.models import Model, QuerySet
from django.forms.utils import ErrorList
from django.urls import reverse
from django.utils.dates import WEEKDAYS
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from plein.accounts.models import User
from plein.core.text import fold, squash_spaces
from plein.org.models import Department
from plein.people import actions, selectors_profile
from plein.people.actions import EDITABLE_FIELDS
from plein.people.models import Profile, Visibility
from plein.people.permissions import OPTIONAL_FIELDS
from plein.people.photos import PhotoError, validate_photo

# Up to this many departments a plain <select> is fine; above it, a search box.
SELECT_LIMIT = 500
MAX_LINKS = 5
MAX_LINK_LENGTH = 500
MAX_SKILL_LENGTH = 80
NONE = "none"  # the posted value of "no department" / "no manager"
TEXT_FIELDS = ("pronouns", "function", "room", "phone", "mobile", "working_hours", "languages")
SECTIONS: tuple[tuple[str | Promise, tuple[str, ...]], ...] = (
    (_("About you"), ("pronouns", "function", "about", "languages", "skills")),
    (_("Work"), ("department", "manager", "location", "room", "working_days", "working_hours")),
    (_("Contact"), ("phone", "mobile", "links")),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

phone_validator = RegexValidator(
    r"^[0-9 +\-()]*$", _("Use only digits, spaces, +, - and brackets, for example +31 6 1234 5678.")
)


def plain_text(value: str, *, multiline: bool = False) -> str:
    """Text without HTML tags or control characters; one line unless ``multiline``."""
    text = html.unescape(nh3.clean(value, tags=set()))
    text = unicodedata.normalize("NFC", _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n")))
    if multiline:
        return re.sub(r"\n{3,}", "\n\n", "\n".join(line.rstrip() for line in text.split("\n"))).strip()
    return squash_spaces(text)


def split_skills(value: str) -> list[str]:
    """Skill names from comma (or semicolon or line) separated text, duplicates dropped."""
    names: list[str] = []
    seen: set[str] = set()
    for part in re.split(r"[,;\n]", value):
        name = squash_spaces(part)
        if name and fold(name) not in seen:
            seen.add(fold(name))
            names.append(name)
    return names


class _Unchanged:
    """Posted when nothing was picked from a search list."""


UNCHANGED = _Unchanged()


class LookupField(forms.Field):
    """A choice among thousands made with a search box (see :class:`ProfileForm`).

    The posted value is empty (nothing picked), ``"none"`` or a primary key.
    """

    widget = forms.HiddenInput
    default_error_messages = {
        "invalid_choice": _("That choice no longer exists. Search again and choose from the list.")
    }

    def __init__(self, *, queryset: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(required=False, **kwargs)
        self.queryset = queryset

    def to_python(self, value: Any) -> Any:
        if value in (None, ""):
            return UNCHANGED
        if value == NONE:
            return None
        try:
            pk = int(value)
        except (TypeError, ValueError):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from None
        found = self.queryset.filter(pk=pk).first()
        if found is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return found


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    checked: bool


@dataclass
class Lookup:
    """What the template needs to draw a search-box choice."""

    name: str
    label: str | Promise
    url: str
    query: str
    options: list[Option]  # the current choice, "none", and what was picked
    results: list[Option]  # matches of a search that needs the person to choose
    none_label: str | Promise
    search_label: str | Promise
    help_text: str | Promise
    errors: ErrorList

    @property
    def search_name(self) -> str:
        return f"{self.name}_search"


@dataclass
class Row:
    name: str
    label: str | Promise
    field: forms.BoundField | None = None  # None when read-only
    visibility: forms.BoundField | None = None
    display: str = ""  # the value shown when read-only
    lookup: Lookup | None = None
    note: str | Promise = ""


@dataclass
class Section:
    title: str | Promise
    rows: list[Row] = field(default_factory=list)


class ProfileForm(forms.ModelForm):  # type: ignore[type-arg]
    """Edit a profile. ``save(actor=...)`` writes through the actions, in one transaction."""

    working_days = forms.TypedMultipleChoiceField(
        label=_("Working days"),
        choices=[(day, WEEKDAYS[day]) for day in range(7)],
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    links = forms.CharField(
        label=_("Links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One web address per line, at most five; for example your LinkedIn page."),
    )
    skills = forms.CharField(
        label=_("Skills and expertise"),
        required=False,
        max_length=3000,
        help_text=_("Separate skills with commas, for example: Omgevingswet, GIS, B1 writing. At most 30."),
    )
    photo = forms.FileField(
        label=_("New photo"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"}),
        help_text=_("A JPEG, PNG, GIF or WebP image. It is cropped to a square; location data is removed."),
    )
    remove_photo = forms.BooleanField(label=_("Remove my photo"), required=False)

    class Meta:
        model = Profile
        # Links and visibility have fields of their own on this form.
        fields = tuple(f for f in EDITABLE_FIELDS if f not in ("links", "visibility"))
        labels = {
            "pronouns": _("Pronouns"),
            "function": _("Function"),
            "room": _("Building and room"),
            "phone": _("Phone"),
            "mobile": _("Mobile phone"),
            "working_hours": _("Working hours"),
            "about": _("About me"),
            "languages": _("Languages you speak"),
        }
        help_texts = {
            "pronouns": _("Optional, for example she/her, he/him or they/them."),
            "room": _("For example: Town hall, room 2.14"),
            "working_hours": _("For example: 8:30 to 17:00, Friday mornings only"),
            "about": _("What you work on and what colleagues can ask you about. Plain text, at most 2000 characters."),
            "languages": _("For example: Dutch, English, Arabic"),
        }
        widgets = {"about": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args: Any, profile: Profile, actor: User, **kwargs: Any) -> None:
        self.actor = actor
        self.own = actor.pk == profile.user_id
        # The action ignores managed fields only for the person; the form mirrors that.
        self.locked = set(profile.managed_fields or []) if self.own else set()
        self.managed = set(profile.managed_fields or [])
        current_skills = [skill.name for skill in profile.skills.all()]
        initial = {
            "links": "\n".join(profile.links or []),
            "skills": ", ".join(current_skills),
            **{
                f"visibility_{name}": (profile.visibility or {}).get(name, Visibility.COLLEAGUES)
                for name in OPTIONAL_FIELDS
            },
        }
        kwargs.update(instance=profile, initial=initial, label_suffix="")
        super().__init__(*args, **kwargs)
        self.profile = profile
        self.lookup_results: dict[str, list[Model]] = {}
        for name in OPTIONAL_FIELDS:
            # Not required: a missing choice keeps the current one.
            self.fields[f"visibility_{name}"] = forms.ChoiceField(
                label=_("Visible to"), choices=Visibility.choices, required=False
            )
        self.department_lookup = selectors_profile.department_count() > SELECT_LIMIT
        if self.department_lookup:
            self.fields["department"] = LookupField(label=_("Department"), queryset=Department.objects.all())
        else:
            department = forms.ModelChoiceField(
                label=_("Department"), queryset=selectors_profile.departments(), required=False
            )
            department.empty_label = gettext("(no department)")
            department.label_from_instance = _indented  # type: ignore[method-assign,assignment]
            self.fields["department"] = department
        self.fields["manager"] = LookupField(label=_("Manager"), queryset=selectors_profile.colleagues())
        location = forms.ModelChoiceField(label=_("Location"), queryset=selectors_profile.locations(), required=False)
        location.empty_label = gettext("(no location)")
        self.fields["location"] = location
        self.fields["phone"].validators.append(phone_validator)
        self.fields["mobile"].validators.append(phone_validator)
        for name in self.locked:
            self.fields.pop(name, None)

    # --- cleaning -------------------------------------------------------------------------

    def clean_about(self) -> str:
        return plain_text(self.cleaned_data.get("about", ""), multiline=True)

    def _clean_phone(self, name: str) -> str:
        value = squash_spaces(self.cleaned_data.get(name, ""))
        if value and sum(char.isdigit() for char in value) < 3:
            raise ValidationError(_("Enter a phone number with at least three digits."), code="too_short")
        return value

    def clean_phone(self) -> str:
        return self._clean_phone("phone")

    def clean_mobile(self) -> str:
        return self._clean_phone("mobile")

    def clean_links(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data.get("links", "").splitlines() if line.strip()]
        if len(lines) > MAX_LINKS:
            raise ValidationError(
                _("Enter at most %(max)d links; you entered %(count)d.") % {"max": MAX_LINKS, "count": len(lines)},
                code="too_many",
            )
        check = URLValidator(schemes=["http", "https"])
        for line in lines:
            try:
                if len(line) > MAX_LINK_LENGTH:
                    raise ValidationError("too long")
                check(line)
            except ValidationError:
                raise ValidationError(
                    _("“%(link)s” is not a web address. Start each link with https:// (one per line).")
                    % {"link": line[:80]},
                    code="invalid",
                ) from None
        return lines

    def clean_skills(self) -> list[str]:
        names = split_skills(plain_text(self.cleaned_data.get("skills", "")))
        if len(names) > actions.MAX_SKILLS:
            raise ValidationError(
                _("Enter at most %(max)d skills; you entered %(count)d.")
                % {"max": actions.MAX_SKILLS, "count": len(names)},
                code="too_many",
            )
        too_long = [name for name in names if len(name) > MAX_SKILL_LENGTH]
        if too_long:
            raise ValidationError(
                _("A skill may be at most %(max)d characters: shorten “%(skill)s”.")
                % {"max": MAX_SKILL_LENGTH, "skill": too_long[0][:40] + "…"},
                code="too_long",
            )
        return names

    def clean_photo(self) -> Any:
        photo = self.cleaned_data.get("photo")
        if photo:
            try:
                validate_photo(photo)
            except PhotoError as error:
                raise ValidationError(error.message, code="photo") from None
        return photo

    def clean_department(self) -> Any:
        return self._clean_lookup("department", selectors_profile.find_departments)

    def clean_manager(self) -> Any:
        manager = self._clean_lookup(
            "manager", lambda query: selectors_profile.find_colleagues(query, exclude=self.profile.user_id)
        )
        if manager is not None and manager.pk == self.profile.user_id:
            raise ValidationError(_("Choose someone else as manager."), code="self")
        return manager

    def _clean_lookup(self, name: str, find: Any) -> Any:
        chosen = self.cleaned_data.get(name)
        initial = getattr(self.profile, name)
        if not isinstance(self.fields[name], LookupField):
            return chosen
        query = squash_spaces(self.data.get(f"{name}_search", ""))
        if chosen is UNCHANGED:
            chosen = initial
        if not query or chosen != initial or (initial is not None and fold(_name(initial)) == fold(query)):
            return chosen
        # Typed, but nothing picked from the list (no JavaScript, or Enter pressed): resolve the text.
        matches = find(query)
        exact = [match for match in matches if fold(_name(match)) == fold(query)]
        if len(exact) == 1:
            return exact[0]
        if len(matches) == 1:
            return matches[0]
        self.lookup_results[name] = matches
        if not matches:
            raise ValidationError(
                _("Nothing matches “%(query)s”. Try part of the name.") % {"query": query[:80]}, code="no_match"
            )
        raise ValidationError(_("Several match “%(query)s”: choose one below.") % {"query": query[:80]}, code="choose")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in TEXT_FIELDS:
            if isinstance(data.get(name), str):
                data[name] = plain_text(data[name])
        return data

    @property
    def photo_dropped(self) -> bool:
        """A valid photo was chosen, but other errors stopped the save: it must be chosen again."""
        return bool(self.is_bound and self.errors and "photo" not in self.errors and self.files.get("photo"))

    # --- saving ---------------------------------------------------------------------------

    def changes(self) -> dict[str, Any]:
        data = self.cleaned_data
        changes = {name: data[name] for name in self.Meta.fields if name in self.fields and name in data}
        if "links" in self.fields:
            changes["links"] = data["links"]
        changes["visibility"] = {
            **(self.profile.visibility or {}),
            **{name: data[f"visibility_{name}"] for name in OPTIONAL_FIELDS if data.get(f"visibility_{name}")},
        }
        return changes

    def save(self, commit: bool = True) -> Profile | None:  # type: ignore[override]
        """Write the photo and the changes; None (with an error on the form) when the photo fails."""
        photo = self.cleaned_data.get("photo")
        with transaction.atomic():
            if photo:
                try:
                    actions.set_photo(actor=self.actor, profile=self.profile, image=photo)
                except PhotoError as error:
                    self.add_error("photo", error.message)
                    return None
            elif self.cleaned_data.get("remove_photo") and self.profile.photo:
                actions.remove_photo(actor=self.actor, profile=self.profile)
            skills = self.cleaned_data["skills"] if "skills" in self.fields else None
            return actions.update_profile(actor=self.actor, profile=self.profile, changes=self.changes(), skills=skills)

    # --- drawing ----------------------------------------------------------------------------

    @property
    def sections(self) -> list[Section]:
        sections = []
        for title, names in SECTIONS:
            section = Section(title)
            for name in names:
                section.rows.append(self._row(name))
            sections.append(section)
        return sections

    def _row(self, name: str) -> Row:
        label = _FIELD_LABELS[name]
        visibility = self[f"visibility_{name}"] if name in OPTIONAL_FIELDS else None
        note: str | Promise = ""
        if name in self.managed:
            note = (
                _("Comes from the HR system")
                if name in self.locked
                else _("Comes from the HR system; the next import may overwrite a change.")
            )
        if name not in self.fields:
            return Row(name, label, visibility=visibility, display=self._display(name), note=note)
        row = Row(name, label, field=self[name], visibility=visibility, note=note)
        if isinstance(self.fields[name], LookupField):
            row.lookup = self._lookup(name, label)
        return row

    def _display(self, name: str) -> str:
        profile = self.profile
        if name == "skills":
            return ", ".join(skill.name for skill in profile.skills.all())
        if name == "working_days":
            return ", ".join(str(WEEKDAYS[day]) for day in sorted(profile.working_days or []) if day in WEEKDAYS)
        if name == "links":
            return "\n".join(profile.links or [])
        value = getattr(profile, name)
        return str(_label(value)) if value else ""

    def _lookup(self, name: str, label: str | Promise) -> Lookup:
        initial = getattr(self.profile, name)
        bound_ok = self.is_bound and name not in self.errors and name in getattr(self, "cleaned_data", {})
        selected = self.cleaned_data[name] if bound_ok else initial
        options = []
        if initial is not None:
            options.append(Option(str(initial.pk), _label(initial), selected == initial))
        if selected is not None and selected != initial:
            options.append(Option(str(selected.pk), _label(selected), True))
        options.append(Option(NONE, "", selected is None))
        results = lookup_options(self.lookup_results.get(name, []))
        url = reverse("people:lookup_departments" if name == "department" else "people:lookup_colleagues")
        if name == "manager":
            url += f"?exclude={self.profile.user_id}"
        texts = _LOOKUP_TEXTS[name]
        return Lookup(
            name=name,
            label=label,
            url=url,
            query=self.data.get(f"{name}_search", "") if self.is_bound else "",
            options=options,
            results=results,
            none_label=texts[0],
            search_label=texts[1],
            help_text=texts[2],
            errors=self.errors.get(name, ErrorList()),
        )

    def error_summary(self) -> list[tuple[str, Any]]:
        """(link target, message) per error, in the order of the page."""
        order = ["photo", "remove_photo"] + [name for _title, names in SECTIONS for name in names]
        anchors = {"working_days": "id_working_days_0"}
        items = []

        def position(name: str) -> int:
            base = name.removeprefix("visibility_")
            return order.index(base) if base in order else len(order)

        for name in sorted(self.errors, key=position):
            base = name.removeprefix("visibility_")
            anchor = anchors.get(name, f"id_{name}")
            for message in self.errors[name]:
                if name == "__all__":
                    items.append(("", message))
                else:
                    label = _FIELD_LABELS.get(base, self.fields[name].label)
                    if name.startswith("visibility_"):
                        label = f"{label} ({gettext('Visible to')})"
                    items.append((anchor, f"{label}: {message}"))
        return items


def _indented(department: Department) -> str:
    """A department's name, indented by its depth, for the tree order of a <select>."""
    return "\u00a0\u00a0" * (department.depth - 1) + department.name


def lookup_options(found: list[Any]) -> list[Option]:
    """Search matches as radio options for the lookup partial."""
    return [Option(str(match.pk), _label(match), False) for match in found]


def _name(value: Any) -> str:
    return value.display_name if isinstance(value, User) else str(value)


def _label(value: Any) -> str:
    if isinstance(value, User):
        function = value.profile.function if hasattr(value, "profile") else ""
        return f"{value.display_name} — {function}" if function else value.display_name
    return str(value)


_FIELD_LABELS: dict[str, str | Promise] = {
    "photo": _("Photo"),
    "remove_photo": _("Remove my photo"),
    "pronouns": _("Pronouns"),
    "function": _("Function"),
    "about": _("About me"),
    "languages": _("Languages you speak"),
    "skills": _("Skills and expertise"),
    "department": _("Department"),
    "manager": _("Manager"),
    "location": _("Location"),
    "room": _("Building and room"),
    "working_days": _("Working days"),
    "working_hours": _("Working hours"),
    "phone": _("Phone"),
    "mobile": _("Mobile phone"),
    "links": _("Links"),
}

# (label of "none", label of the search box, help text)
_LOOKUP_TEXTS: dict[str, tuple[str | Promise, str | Promise, str | Promise]] = {
    "department": (
        _("No department"),
        _("Search for another department"),
        _("Type part of the name, then choose from the list."),
    ),
    "manager": (
        _("No manager"),
        _("Search for a colleague"),
        _("Type part of the name, then choose from the list."),
    ),
}
