from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

PATH_STEP = 4  # characters per level in Department.path: up to 36**4 siblings


class DepartmentKind(models.TextChoices):
    ORGANISATION = "organisation", _("Organisation")
    DIRECTORATE = "directorate", _("Directorate")
    DEPARTMENT = "department", _("Department")
    TEAM = "team", _("Team")


class Department(models.Model):
    """A unit in the organisation tree.

    ``path`` is a materialised path (``0001`` + ``0003`` + ...), so a subtree
    is one indexed prefix query and ancestors are derived from the path
    without walking parents one by one.
    """

    name = models.CharField(_("name"), max_length=160)
    kind = models.CharField(_("kind"), max_length=16, choices=DepartmentKind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("parent")
    )
    path = models.CharField(max_length=255, unique=True)
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="managed_departments",
        verbose_name=_("manager"),
    )

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ("path",)

    def __str__(self) -> str:
        return str(self.name)

    def get_absolute_url(self) -> str:
        return reverse("org:department", args=[self.pk])

    @property
    def depth(self) -> int:
        return len(self.path) // PATH_STEP

    def ancestor_paths(self) -> list[str]:
        return [self.path[:end] for end in range(PATH_STEP, len(self.path), PATH_STEP)]


class Location(models.Model):
    name = models.CharField(_("name"), max_length=160)
    address = models.CharField(_("address"), max_length=255, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ("name",)

    def __str__(self) -> str:
        return str(self.name)
