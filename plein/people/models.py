from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Skill(models.Model):
    """A skill or area of expertise from the shared vocabulary.

    Anyone may add a new skill by typing it; administrators merge duplicates.
    ``normalized`` (lower case, accents folded) makes "GIS" and "gis" one skill.
    """

    name = models.CharField(_("name"), max_length=80, unique=True)
    normalized = models.CharField(max_length=80, unique=True, editable=False)

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ("name",)

    def __str__(self) -> str:
        return str(self.name)


class Visibility(models.TextChoices):
    COLLEAGUES = "colleagues", _("Colleagues")
    SPACES = "spaces", _("People in my spaces")
    HIDDEN = "hidden", _("Only me")


class Profile(models.Model):
    """The public side of a person.

    Optional fields each have a visibility in ``visibility`` (field name ->
    :class:`Visibility`); fields listed in ``managed_fields`` come from an HR
    or directory source and are read-only for the person.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="profile"
    )
    employee_number = models.CharField(_("employee number"), max_length=40, null=True, blank=True, unique=True)
    pronouns = models.CharField(_("pronouns"), max_length=40, blank=True)
    function = models.CharField(_("function"), max_length=160, blank=True)
    department = models.ForeignKey(
        "org.Department",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
        verbose_name=_("department"),
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
        verbose_name=_("manager"),
    )
    location = models.ForeignKey(
        "org.Location",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
        verbose_name=_("location"),
    )
    room = models.CharField(_("building and room"), max_length=80, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    mobile = models.CharField(_("mobile phone"), max_length=32, blank=True)
    working_days = models.JSONField(_("working days"), default=list, blank=True)
    working_hours = models.CharField(_("working hours"), max_length=120, blank=True)
    about = models.TextField(_("about me"), max_length=2000, blank=True)
    languages = models.CharField(_("languages spoken"), max_length=200, blank=True)
    links = models.JSONField(_("links"), default=list, blank=True)
    photo = models.ImageField(_("photo"), upload_to="photos/", blank=True)
    photo_small = models.ImageField(upload_to="photos/small/", blank=True, editable=False)
    skills = models.ManyToManyField("people.Skill", blank=True, related_name="profiles", verbose_name=_("skills"))
    visibility = models.JSONField(default=dict, blank=True)
    managed_fields = models.JSONField(default=list, blank=True)
    # Folded (lower case, no accents) name, function, skills, department,
    # location and phone numbers; kept current by plein.people.search.
    search_text = models.TextField(blank=True, default="", editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")
        indexes = [models.Index(Lower("phone"), name="profile_phone_lower")]

    def __str__(self) -> str:
        return str(self.user)

    def get_absolute_url(self) -> str:
        return reverse("people:profile", args=[self.user_id])


class Endorsement(models.Model):
    """A colleague vouches for someone's skill; one per endorser, person and skill."""

    endorser = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="endorsements_given")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="endorsements")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="endorsements")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        constraints = [
            models.UniqueConstraint(fields=["endorser", "person", "skill"], name="one_endorsement_per_skill"),
            models.CheckConstraint(condition=~models.Q(endorser=models.F("person")), name="no_self_endorsement"),
        ]
        indexes = [models.Index(fields=["person", "skill"])]

    def __str__(self) -> str:
        return f"{self.endorser_id} endorses {self.person_id} for {self.skill_id}"
