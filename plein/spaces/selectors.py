"""Reads on spaces: querysets with visibility applied and related rows preloaded."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.http import Http404
from django.utils import timezone

from plein.accounts.models import User, UserKind
from plein.accounts.permissions import is_admin, is_employee
from plein.core.models import Interaction, InteractionKind
from plein.core.text import fold
from plein.spaces import permissions
from plein.spaces.models import (
    Invitation,
    JoinPolicy,
    JoinRequest,
    Membership,
    RequestStatus,
    Space,
    SpaceKind,
    SpaceRole,
    SpaceVisibility,
)

ROLE_ORDER = Case(
    When(role=SpaceRole.OWNER, then=Value(0)),
    When(role=SpaceRole.MODERATOR, then=Value(1)),
    When(role=SpaceRole.MEMBER, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)


def _member_of(viewer: Any) -> Exists:
    return Exists(Membership.objects.filter(permissions.current_memberships(), space=OuterRef("pk"), user_id=viewer.pk))


def visible_spaces(viewer: Any) -> QuerySet[Space]:
    """Every space that exists for the viewer (see :mod:`plein.spaces.permissions`)."""
    spaces = Space.objects.all()
    if not (viewer.is_authenticated and viewer.is_active):
        return spaces.none()
    if is_admin(viewer):
        return spaces
    if is_employee(viewer):
        return spaces.filter(Q(visibility__in=[SpaceVisibility.OPEN, SpaceVisibility.CLOSED]) | _member_of(viewer))
    return spaces.filter(_member_of(viewer))


def readable_space_ids(viewer: Any) -> QuerySet[Space, Any]:
    """Ids of the spaces whose content the viewer may read (for the stream, feed and search)."""
    spaces = Space.objects.all()
    if not (viewer.is_authenticated and viewer.is_active):
        return spaces.none().values("pk")
    if is_admin(viewer):
        return spaces.values("pk")
    if is_employee(viewer):
        return spaces.filter(Q(visibility=SpaceVisibility.OPEN) | _member_of(viewer)).values("pk")
    return spaces.filter(_member_of(viewer)).values("pk")


def space_for(viewer: Any, slug: str) -> Space:
    """The space at ``slug`` if it exists for the viewer; otherwise 404, never 403."""
    space = Space.objects.select_related("department").filter(slug=slug).first()
    if space is None or not permissions.can_see_space(viewer, space):
        raise Http404
    return space


def with_viewer_role(spaces: QuerySet[Space], viewer: Any) -> QuerySet[Space]:
    role = Membership.objects.filter(permissions.current_memberships(), space=OuterRef("pk"), user_id=viewer.pk)
    return spaces.annotate(viewer_role=Subquery(role.values("role")[:1]))


@dataclass(frozen=True)
class SpaceFilters:
    query: str = ""
    kind: str = ""
    department: int | None = None
    sort: str = "activity"  # activity | name | members
    mine: bool = False
    archived: bool = False

    SORTS = ("activity", "name", "members")

    @classmethod
    def from_query(cls, data: Any) -> SpaceFilters:
        kind = data.get("soort", "")
        sort = data.get("sorteer", "activity")
        try:
            department = int(data.get("afdeling", "")) or None
        except ValueError:
            department = None
        return cls(
            query=" ".join(str(data.get("q", "")).split())[:100],
            kind=kind if kind in SpaceKind.values else "",
            department=department,
            sort=sort if sort in cls.SORTS else "activity",
            mine=data.get("mijn") == "1",
            archived=data.get("archief") == "1",
        )


ORDERINGS = {
    "activity": ("-last_activity_at", "name"),
    "name": ("name", "pk"),
    "members": ("-member_count", "name"),
}


def space_overview(*, viewer: Any, filters: SpaceFilters) -> QuerySet[Space]:
    """The spaces list: visible spaces, filtered and sorted, with the viewer's role."""
    spaces = visible_spaces(viewer).filter(archived_at__isnull=not filters.archived)
    if filters.mine:
        spaces = spaces.filter(_member_of(viewer))
    if filters.kind:
        spaces = spaces.filter(kind=filters.kind)
    if filters.department:
        spaces = spaces.filter(department_id=filters.department)
    for word in filters.query.split():
        spaces = spaces.filter(Q(name__icontains=word) | Q(description__icontains=word) | Q(slug__icontains=fold(word)))
    return with_viewer_role(spaces, viewer).select_related("department").order_by(*ORDERINGS[filters.sort])


def my_spaces(viewer: Any) -> QuerySet[Space]:
    return (
        with_viewer_role(Space.objects.filter(_member_of(viewer), archived_at__isnull=True), viewer)
        .select_related("department")
        .order_by("-last_activity_at", "name")
    )


def suggested_spaces(viewer: Any, *, limit: int = 4) -> list[Space]:
    """Open and closed spaces worth joining: the viewer's department first, then where colleagues they follow are."""
    if not is_employee(viewer):
        return []
    department_id = getattr(getattr(viewer, "profile", None), "department_id", None)
    followed = Interaction.objects.filter(user_id=viewer.pk, kind=InteractionKind.FOLLOW).values("target_id")
    followed_members = Exists(
        Membership.objects.filter(space=OuterRef("pk"), user_id__in=followed, user__is_active=True)
    )
    spaces = (
        Space.objects.filter(visibility__in=[SpaceVisibility.OPEN, SpaceVisibility.CLOSED], archived_at__isnull=True)
        .exclude(join_policy=JoinPolicy.INVITATION)
        .exclude(_member_of(viewer))
        .annotate(
            own_department=Case(
                When(department_id=department_id, then=Value(1)), default=Value(0), output_field=IntegerField()
            )
            if department_id
            else Value(0, output_field=IntegerField()),
            colleagues_there=Case(When(followed_members, then=Value(1)), default=Value(0), output_field=IntegerField()),
        )
        .order_by("-own_department", "-colleagues_there", "-member_count", "name")
    )
    return list(spaces[:limit])


def members(space: Space, *, query: str = "", role: str = "") -> QuerySet[Membership]:
    """Current members, owners first, then by name; ``query`` matches first and last name."""
    found = Membership.objects.filter(permissions.current_memberships(), space=space, user__is_active=True)
    if role in SpaceRole.values:
        found = found.filter(role=role)
    for word in query.split()[:5]:
        found = found.filter(Q(user__first_name__icontains=word) | Q(user__last_name__icontains=word))
    return (
        found.select_related("user", "user__profile", "invited_by")
        .annotate(role_order=ROLE_ORDER)
        .order_by("role_order", "user__last_name", "user__first_name", "pk")
    )


def owner_count(space: Space) -> int:
    return Membership.objects.filter(permissions.current_memberships(), space=space, role=SpaceRole.OWNER).count()


def pending_requests(space: Space) -> QuerySet[JoinRequest]:
    return JoinRequest.objects.filter(space=space, status=RequestStatus.PENDING).select_related("user", "user__profile")


def pending_request_of(viewer: Any, space: Space) -> JoinRequest | None:
    if not viewer.is_authenticated:
        return None
    return JoinRequest.objects.filter(space=space, user_id=viewer.pk, status=RequestStatus.PENDING).first()


def open_invitations(space: Space) -> QuerySet[Invitation]:
    return space.invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


def share_a_space(viewer_id: int, person_id: int) -> bool:
    """Whether both people are current members of at least one common space."""
    theirs = Membership.objects.filter(permissions.current_memberships(), user_id=person_id).values("space_id")
    return Membership.objects.filter(permissions.current_memberships(), user_id=viewer_id, space_id__in=theirs).exists()


def spaces_of_person(*, viewer: Any, person: Any, limit: int = 12) -> list[Space]:
    """The spaces the person belongs to that the viewer may see, busiest first."""
    theirs = Membership.objects.filter(permissions.current_memberships(), user_id=person.pk).values("space_id")
    return list(
        visible_spaces(viewer)
        .filter(pk__in=theirs, archived_at__isnull=True)
        .order_by("-last_activity_at", "name")[:limit]
    )


def guests_overview() -> QuerySet[Membership]:
    """Every guest membership, for administrators: who, where, invited by whom, until when."""
    return (
        Membership.objects.filter(user__kind=UserKind.GUEST)
        .select_related("user", "space", "invited_by")
        .order_by("expires_at", "user__last_name", "pk")
    )


def guest_users_without_access() -> QuerySet[User]:
    """Active guests with no current membership left."""
    current = Membership.objects.filter(permissions.current_memberships(), user=OuterRef("pk"))
    return User.objects.filter(kind=UserKind.GUEST, is_active=True).exclude(Exists(current))
