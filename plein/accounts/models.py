from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserKind(models.TextChoices):
    EMPLOYEE = "employee", _("Employee")
    GUEST = "guest", _("External guest")


class Role(models.TextChoices):
    """Roles a person can hold; an admin is a Django superuser."""

    ADMIN = "admin", _("Administrator")
    EDITOR = "editor", _("Editor")
    CHIEF_EDITOR = "chief_editor", _("Chief editor")
    COMMUNITY_MANAGER = "community_manager", _("Community manager")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)


class User(AbstractUser):
    """A person who can log in: an employee or an external guest.

    Log-in is by e-mail address; there is no separate user name.
    """

    username = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail address"), unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=UserKind.choices, default=UserKind.EMPLOYEE)
    is_editor = models.BooleanField(
        _("editor"), default=False, help_text=_("Writes news and work-process pages in the editorial environment.")
    )
    is_chief_editor = models.BooleanField(
        _("chief editor"), default=False, help_text=_("Approves and publishes what editors submit.")
    )
    is_community_manager = models.BooleanField(_("community manager"), default=False)
    is_ambassador = models.BooleanField(
        _("ambassador"), default=False, help_text=_("Shows the ambassador badge on the profile.")
    )
    language = models.CharField(_("language"), max_length=8, blank=True, default="")

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects = UserManager()  # type: ignore[assignment,misc]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ("last_name", "first_name")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.email

    @property
    def initials(self) -> str:
        parts = [self.first_name, self.last_name.split(" ")[-1] if self.last_name else ""]
        letters = "".join(p[0] for p in parts if p)
        return (letters or self.email[:1]).upper()

    @property
    def is_guest(self) -> bool:
        return self.kind == UserKind.GUEST

    @property
    def roles(self) -> list[Role]:
        held = []
        if self.is_superuser:
            held.append(Role.ADMIN)
        if self.is_editor:
            held.append(Role.EDITOR)
        if self.is_chief_editor:
            held.append(Role.CHIEF_EDITOR)
        if self.is_community_manager:
            held.append(Role.COMMUNITY_MANAGER)
        return held
