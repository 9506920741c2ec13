from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Skill(models.Model):
    """A skill or area of expertise from the shared vocabulary."""

    name = models.CharField(_("name"), max_length=80, unique=True)

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ("name",)

    def __str__(self) -> str:
        return str(self.name)


class Profile(models.Model):
    """The public side of a person; the People feature extends it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="profile"
    )
    function = models.CharField(_("function"), max_length=160, blank=True)
    department = models.ForeignKey(
        "org.Department",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
        verbose_name=_("department"),
    )
    location = models.ForeignKey(
        "org.Location",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
        verbose_name=_("location"),
    )
    photo = models.ImageField(_("photo"), upload_to="photos/", blank=True)
    skills = models.ManyToManyField("people.Skill", blank=True, related_name="profiles", verbose_name=_("skills"))

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return str(self.user)

    def get_absolute_url(self) -> str:
        return reverse("people:profile", args=[self.user_id])
