"""Forms of the spaces pages: a space's settings (also used to create one), join requests, deleting.

Saving goes through the actions; anything they refuse (a bad image, a rule
of the model) comes back as an error on the form, so the person keeps what
they typed.
"""

from __future__ import annotations

import copy
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from plein.accounts.models import User
from plein.accounts.permissions import is_admin
from plein.org.models import Department, Location
from plein.people.forms import plain_text
from plein.people.photos import PhotoError, validate_photo
from plein.spaces import actions
from plein.spaces.models import Space

IMAGE_TYPES = "image/jpeg,image/png,image/gif,image/webp"
# The order of the page; the error summary follows it.
FIELD_ORDER = (
    "name",
    "kind",
    "description",
    "about",
    "department",
    "image",
    "visibility",
    "join_policy",
    "posting",
    "members_can_invite",
    "auto_department",
    "auto_location",
)


def _indented(department: Department) -> str:
    """A department's name, indented by its depth, for the tree order of a <select>."""
    return "\u00a0\u00a0" * (department.depth - 1) + department.name


class SpaceForm(forms.ModelForm):  # type: ignore[type-arg]
    """Create a space (``space=None``) or change its settings; ``save()`` returns the space or None."""

    image = forms.FileField(
        label=_("Image"),
        required=False,
        widget=forms.FileInput(attrs={"accept": IMAGE_TYPES}),
        help_text=_("A JPEG, PNG, GIF or WebP image, shown beside the name. It is cropped to a square."),
    )

    class Meta:
        model = Space
        fields = (
            "name",
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
        )
        labels = {
            "name": _("Name"),
            "kind": _("Type"),
            "description": _("Short description"),
            "about": _("About this space"),
            "department": _("Department"),
            "visibility": _("Who can see this space?"),
            "join_policy": _("Who may join?"),
            "posting": _("Who may post?"),
            "members_can_invite": _("Members may invite colleagues"),
            "auto_department": _("Everyone in this department is a member"),
            "auto_location": _("Everyone at this location is a member"),
        }
        help_texts = {
            "name": _("For example: Team Burgerzaken, Project Omgevingswet or Koffieclub."),
            "description": _("One sentence, shown in lists of spaces. At most 280 characters."),
            "about": _(
                "What the space is for, who it is for and how you work together. "
                "Plain text; an empty line starts a new paragraph."
            ),
            "department": _("The department the space belongs to, if any. Helps colleagues find it."),
            "members_can_invite": _("Otherwise only owners and moderators invite."),
            "auto_department": _(
                "Sub-departments and teams included. Members who join this way cannot leave; "
                "people who move to another department leave automatically."
            ),
            "auto_location": _("Members who join this way cannot leave."),
        }
        error_messages = {"name": {"required": _("Give the space a name.")}}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2, "maxlength": 280}),
            "about": forms.Textarea(attrs={"rows": 6}),
            "visibility": forms.RadioSelect,
            "join_policy": forms.RadioSelect,
            "posting": forms.RadioSelect,
        }

    def __init__(self, *args: Any, actor: User, space: Space | None = None, **kwargs: Any) -> None:
        # A copy, so a refused change never shows on the rest of the page (header, tabs).
        kwargs.update(instance=copy.copy(space) if space else None, label_suffix="")
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.space = space
        departments = Department.objects.order_by("path")
        for name in ("department", "auto_department"):
            field = self.fields[name]
            field.queryset = departments  # type: ignore[attr-defined]
            field.label_from_instance = _indented  # type: ignore[attr-defined]
            field.empty_label = gettext("(none)")  # type: ignore[attr-defined]
        self.fields["auto_location"].queryset = Location.objects.order_by("name")  # type: ignore[attr-defined]
        self.fields["auto_location"].empty_label = gettext("(none)")  # type: ignore[attr-defined]
        if not is_admin(actor):
            # Automatic membership is for administrators; the action ignores it for others as well.
            del self.fields["auto_department"], self.fields["auto_location"]

    @property
    def is_admin_form(self) -> bool:
        return "auto_department" in self.fields

    def clean_name(self) -> str:
        name = plain_text(self.cleaned_data.get("name") or "")
        if not name:
            raise ValidationError(self.fields["name"].error_messages["required"], code="required")
        return name

    def clean_description(self) -> str:
        return plain_text(self.cleaned_data.get("description") or "")

    def clean_about(self) -> str:
        return plain_text(self.cleaned_data.get("about") or "", multiline=True)

    def clean_image(self) -> Any:
        image = self.cleaned_data.get("image")
        if image:
            try:
                validate_photo(image)
            except PhotoError as error:
                raise ValidationError(error.message, code="image") from None
        return image

    @property
    def image_dropped(self) -> bool:
        """A good image was chosen, but other errors stopped the save: it must be chosen again."""
        return bool(self.is_bound and self.errors and "image" not in self.errors and self.files.get("image"))

    def save(self, commit: bool = True) -> Space | None:  # type: ignore[override]
        """Create or update through the actions; None (with the errors on the form) when refused."""
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.fields}
        image = self.cleaned_data.get("image") or None
        try:
            if self.space is None:
                return actions.create_space(actor=self.actor, image=image, **fields)
            # Only what changed, so the event names it and automatic membership syncs only when its rule changed.
            changes = {name: value for name, value in fields.items() if name in self.changed_data}
            return actions.update_space(actor=self.actor, space=self.instance, changes=changes, image=image)
        except PhotoError as error:
            self.add_error("image", error.message)
        except ValidationError as error:
            self._add_validation_error(error)
        return None

    def _add_validation_error(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                self.add_error(name if name in self.fields else None, errors)
        else:
            self.add_error(None, error)

    def error_summary(self) -> list[tuple[str, Any]]:
        """(link target, message) per error, in the order of the page."""
        order = [*FIELD_ORDER, "__all__"]
        items = []
        for name in sorted(self.errors, key=lambda n: order.index(n) if n in order else len(order)):
            radio = isinstance(self.fields.get(name) and self.fields[name].widget, forms.RadioSelect)
            anchor = "" if name == "__all__" else f"id_{name}_0" if radio else f"id_{name}"
            items += [(anchor, message) for message in self.errors[name]]
        return items


class _Form(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class JoinRequestForm(_Form):
    message = forms.CharField(
        label=_("Message to the moderators (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example why you would like to join. At most 1000 characters."),
    )

    def clean_message(self) -> str:
        return plain_text(self.cleaned_data.get("message") or "", multiline=True)


class DecisionForm(_Form):
    """A moderator's answer to one join request."""

    DECISIONS = (("approve", _("Approve")), ("decline", _("Decline")))

    request = forms.IntegerField(min_value=1, max_value=2**62, widget=forms.HiddenInput)
    decision = forms.ChoiceField(choices=DECISIONS)
    response = forms.CharField(label=_("Reply (optional)"), required=False, max_length=1000)

    def clean_response(self) -> str:
        return plain_text(self.cleaned_data.get("response") or "", multiline=True)


class DeleteForm(_Form):
    name = forms.CharField(label=_("Name of the space"), max_length=200)
