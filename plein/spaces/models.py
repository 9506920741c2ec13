from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SpaceKind(models.TextChoices):
    TEAM = "team", _("Team")
    PROJECT = "project", _("Project")
    COMMUNITY = "community", _("Community of practice")
    OTHER = "other", _("Other")


class SpaceVisibility(models.TextChoices):
    OPEN = "open", _("Open: everyone in the organisation can read along")
    CLOSED = "closed", _("Closed: everyone sees the space and its members; content is for members")
    SECRET = "secret", _("Secret: only members know the space exists")


class JoinPolicy(models.TextChoices):
    ANYONE = "anyone", _("Anyone may join")
    REQUEST = "request", _("On request: moderators approve")
    INVITATION = "invitation", _("By invitation only")


class PostingPolicy(models.TextChoices):
    MEMBERS = "members", _("All members may post")
    MODERATORS = "moderators", _("Only owners and moderators post (announcements)")


class Space(models.Model):
    """A team, project or community where people work together.

    Three independent policies decide who sees it (``visibility``), who may
    join (``join_policy``) and what members may do (``posting`` and
    ``members_can_invite``). ``member_count`` and ``last_activity_at`` are
    kept by the actions so lists sort and count without aggregating.
    """

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("web address"), max_length=140, unique=True)
    kind = models.CharField(_("type"), max_length=16, choices=SpaceKind.choices, default=SpaceKind.TEAM)
    description = models.CharField(_("short description"), max_length=280, blank=True)
    about = models.TextField(_("about this space"), blank=True)
    image = models.ImageField(_("image"), upload_to="spaces/", blank=True)
    image_small = models.ImageField(upload_to="spaces/small/", blank=True, editable=False)
    department = models.ForeignKey(
        "org.Department",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="spaces",
        verbose_name=_("department"),
    )
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=SpaceVisibility.choices, default=SpaceVisibility.OPEN
    )
    join_policy = models.CharField(_("joining"), max_length=16, choices=JoinPolicy.choices, default=JoinPolicy.ANYONE)
    posting = models.CharField(
        _("who may post"), max_length=16, choices=PostingPolicy.choices, default=PostingPolicy.MEMBERS
    )
    members_can_invite = models.BooleanField(_("members may invite others"), default=True)
    auto_department = models.ForeignKey(
        "org.Department",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("everyone in this department joins automatically"),
        help_text=_("Sub-departments and teams included."),
    )
    auto_location = models.ForeignKey(
        "org.Location",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("everyone at this location joins automatically"),
    )
    member_count = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_activity_at = models.DateTimeField(default=timezone.now)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)

    class Meta:
        verbose_name = _("space")
        verbose_name_plural = _("spaces")
        ordering = ("name",)
        indexes = [
            models.Index(fields=["visibility", "archived_at"], name="space_listing"),
            models.Index(fields=["-last_activity_at"], name="space_activity"),
        ]

    def __str__(self) -> str:
        return str(self.name)

    def get_absolute_url(self) -> str:
        return reverse("spaces:space", args=[self.slug])

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def has_auto_membership(self) -> bool:
        return bool(self.auto_department_id or self.auto_location_id)


class SpaceRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    MODERATOR = "moderator", _("Moderator")
    MEMBER = "member", _("Member")
    GUEST = "guest", _("Guest")


MODERATING_ROLES = (SpaceRole.OWNER, SpaceRole.MODERATOR)


class Membership(models.Model):
    """A person in a space with one role.

    Guests' memberships end at ``expires_at``; memberships made because of a
    department or location rule are ``automatic`` and follow that rule.
    """

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="space_memberships")
    role = models.CharField(_("role"), max_length=16, choices=SpaceRole.choices, default=SpaceRole.MEMBER)
    automatic = models.BooleanField(default=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    joined_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("access ends"), null=True, blank=True)
    expiry_reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["space", "user"], name="one_membership_per_space")]
        indexes = [
            models.Index(fields=["user", "space"], name="membership_by_user"),
            models.Index(fields=["space", "role"], name="membership_by_role"),
            models.Index(fields=["space", "-joined_at"], name="membership_newest"),
            models.Index(fields=["expires_at"], name="membership_expiry", condition=Q(expires_at__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.space_id} ({self.role})"

    @property
    def is_moderator(self) -> bool:
        return self.role in MODERATING_ROLES

    def is_current(self, now: object = None) -> bool:
        return self.expires_at is None or self.expires_at > (now or timezone.now())  # type: ignore[operator]


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class JoinRequest(models.Model):
    """A colleague asks to join a space whose joining is "on request"."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="join_requests")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    message = models.TextField(_("message"), blank=True, max_length=1000)
    status = models.CharField(max_length=16, choices=RequestStatus.choices, default=RequestStatus.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    response = models.TextField(_("reply"), blank=True, max_length=1000)

    class Meta:
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        ordering = ("created_at", "id")
        constraints = [
            models.UniqueConstraint(
                fields=["space", "user"], condition=Q(status="pending"), name="one_pending_request_per_space"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} -> {self.space_id} ({self.status})"


class Invitation(models.Model):
    """An invitation for an external guest, sent by e-mail with a single-use link.

    Only a hash of the link's token is stored, so a database copy cannot be
    used to accept invitations.
    """

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    message = models.TextField(_("personal message"), blank=True, max_length=1000)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    access_until = models.DateTimeField(_("guest access ends"))
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.email} -> {self.space_id}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()
