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
        value = str(data.get("afdeling", ""))
        # Digits only and short: a huge number would overflow the database's integer.
        department = int(value) or None if value.isdigit() and len(value) < 12 else None
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
    """The viewer's current spaces that are not archived, busiest first; none for a deactivated account."""
    if not (viewer.is_authenticated and viewer.is_active):
        return Space.objects.none()
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


def _current_members(space: Space) -> QuerySet[Membership]:
    return Membership.objects.filter(permissions.current_memberships(), space=space, user__is_active=True)


def members(space: Space, *, query: str = "", role: str = "") -> QuerySet[Membership]:
    """Current members by name; ``query`` matches first and last name, ``role`` narrows to one role.

    Sorted by name alone so the database can walk the name index: a role-first sort would
    sort every membership of a 100,000-member space for each page.
    """
    found = _current_members(space)
    if role in SpaceRole.values:
        found = found.filter(role=role)
    for word in query.split()[:5]:
        found = found.filter(Q(user__first_name__icontains=word) | Q(user__last_name__icontains=word))
    return found.select_related("user", "user__profile", "invited_by").order_by(
        "user__last_name", "user__first_name", "pk"
    )


def members_count(space: Space, *, query: str = "", role: str = "") -> int | None:
    """The number :func:`members` finds when it is known without counting (no search, no role)."""
    return None if query or role else space.member_count


def owner_count(space: Space) -> int:
    return Membership.objects.filter(permissions.current_memberships(), space=space, role=SpaceRole.OWNER).count()


def pending_requests(space: Space) -> QuerySet[JoinRequest]:
    return JoinRequest.objects.filter(space=space, status=RequestStatus.PENDING).select_related("user", "user__profile")


def pending_request_of(viewer: Any, space: Space) -> JoinRequest | None:
    if not viewer.is_authenticated:
        return None
    return JoinRequest.objects.filter(space=space, user_id=viewer.pk, status=RequestStatus.PENDING).first()


def open_invitations(space: Space) -> QuerySet[Invitation]:
    return (
        space.invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())
        .select_related("invited_by")
        .order_by("-created_at", "-pk")
    )


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


GUEST_STATES = ("huidig", "verlopen")  # the guests page's ?toegang= filter: current, ended


def guests_overview(*, state: str = "") -> QuerySet[Membership]:
    """Every guest membership, for administrators: who, where, invited by whom, until when.

    ``state`` "huidig" keeps the memberships that have not ended, "verlopen" those that have.
    """
    found = Membership.objects.filter(user__kind=UserKind.GUEST)
    if state == "huidig":
        found = found.filter(permissions.current_memberships())
    elif state == "verlopen":
        found = found.exclude(permissions.current_memberships())
    return found.select_related("user", "space", "invited_by").order_by("expires_at", "user__last_name", "pk")


@dataclass(frozen=True)
class Candidate:
    """A colleague found on the invite page; members are shown but cannot be picked again."""

    person: User
    is_member: bool


def colleague_candidates(*, space: Space, query: str, limit: int = 20) -> list[Candidate]:
    """Active employees whose name holds every word of ``query`` (two queries)."""
    from plein.people.selectors_profile import find_colleagues

    found = find_colleagues(query, limit=limit)
    members = set(
        Membership.objects.filter(
            permissions.current_memberships(), space=space, user_id__in=[p.pk for p in found]
        ).values_list("user_id", flat=True)
    )
    return [Candidate(person=person, is_member=person.pk in members) for person in found]


def open_invitations_everywhere() -> QuerySet[Invitation]:
    """Guest invitations not yet used, withdrawn or expired, in every space (for administrators)."""
    return (
        Invitation.objects.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())
        .select_related("space", "invited_by")
        .order_by("expires_at", "pk")
    )


def guest_users_without_access() -> QuerySet[User]:
    """Active guests with no current membership left."""
    current = Membership.objects.filter(permissions.current_memberships(), user=OuterRef("pk"))
    return User.objects.filter(kind=UserKind.GUEST, is_active=True).exclude(Exists(current))


# --- what the spaces pages show ------------------------------------------------------------


@dataclass(frozen=True)
class SpaceCard:
    """A space in a list, with what the viewer may do from the list."""

    space: Space
    role: str | None
    can_join: bool
    can_request: bool
    requested: bool

    @property
    def role_label(self) -> str:
        return str(SpaceRole(self.role).label) if self.role else ""


def space_cards(*, viewer: Any, spaces: Any) -> list[SpaceCard]:
    """Cards for spaces from :func:`space_overview` (with ``viewer_role``); one query for open requests."""
    spaces = list(spaces)
    requested = pending_request_space_ids(viewer) if is_employee(viewer) and spaces else set()
    return [
        SpaceCard(
            space=space,
            role=getattr(space, "viewer_role", None),
            can_join=permissions.can_join(viewer, space),
            can_request=permissions.can_request_to_join(viewer, space) and space.pk not in requested,
            requested=space.pk in requested,
        )
        for space in spaces
    ]


def pending_request_space_ids(viewer: Any) -> set[int]:
    return set(
        JoinRequest.objects.filter(user_id=viewer.pk, status=RequestStatus.PENDING).values_list("space_id", flat=True)
    )


def overview_departments(viewer: Any, *, archived: bool = False) -> QuerySet[Any]:
    """Departments that the viewer's visible spaces belong to, for the overview's filter."""
    from plein.org.models import Department

    spaces = visible_spaces(viewer).filter(archived_at__isnull=not archived, department__isnull=False)
    return Department.objects.filter(pk__in=spaces.values("department_id")).order_by("name")


@dataclass(frozen=True)
class SpaceHeader:
    """What every page of a space shows in its header and tabs, for one viewer."""

    membership: Membership | None
    pending_request: JoinRequest | None
    pending_count: int  # waiting join requests; counted for moderators only
    can_read: bool
    can_join: bool
    can_request: bool
    can_moderate: bool
    can_manage: bool
    can_invite: bool
    can_delete: bool
    on_request: bool  # joining is "on request"

    @property
    def role(self) -> str | None:
        return self.membership.role if self.membership else None

    @property
    def role_label(self) -> str:
        return str(SpaceRole(self.role).label) if self.role else ""

    @property
    def show_requests(self) -> bool:
        """The requests tab: for moderators, while joining is on request or requests still wait."""
        return self.can_moderate and (self.on_request or self.pending_count > 0)


def space_header(*, viewer: Any, space: Space) -> SpaceHeader:
    """The viewer's membership, open request and permissions in ``space`` (at most three queries)."""
    membership = (
        Membership.objects.filter(permissions.current_memberships(), space=space, user_id=viewer.pk).first()
        if permissions.is_member(viewer, space)
        else None
    )
    can_moderate = permissions.can_moderate(viewer, space)
    return SpaceHeader(
        membership=membership,
        pending_request=pending_request_of(viewer, space) if membership is None and is_employee(viewer) else None,
        pending_count=pending_requests(space).count() if can_moderate else 0,
        can_read=permissions.can_read_space(viewer, space),
        can_join=permissions.can_join(viewer, space),
        can_request=permissions.can_request_to_join(viewer, space),
        can_moderate=can_moderate,
        can_manage=permissions.can_manage(viewer, space),
        can_invite=permissions.can_invite(viewer, space),
        can_delete=permissions.can_delete(viewer, space),
        on_request=space.join_policy == JoinPolicy.REQUEST,
    )


def first_members(space: Space, *, limit: int = 8) -> list[Membership]:
    """A few faces for the space's side column: its owners and moderators, then the newest members."""
    shown = leaders(space, limit=limit)
    if len(shown) < limit:
        newest = (
            _current_members(space)
            .exclude(role__in=[SpaceRole.OWNER, SpaceRole.MODERATOR])
            .select_related("user", "user__profile")
            .order_by("-joined_at", "-pk")
        )
        shown += list(newest[: limit - len(shown)])
    return shown


def leaders(space: Space, *, limit: int = 50) -> list[Membership]:
    """Owners and moderators, owners first."""
    return list(
        _current_members(space)
        .filter(role__in=[SpaceRole.OWNER, SpaceRole.MODERATOR])
        .select_related("user", "user__profile", "invited_by")
        .annotate(role_order=ROLE_ORDER)
        .order_by("role_order", "user__last_name", "user__first_name", "pk")[:limit]
    )


def membership_in(space: Space, membership_id: int) -> Membership:
    """A membership of ``space`` (404 for any other id)."""
    membership = Membership.objects.select_related("user").filter(space=space, pk=membership_id).first()
    if membership is None:
        raise Http404
    membership.space = space
    return membership


def join_request_in(space: Space, request_id: int) -> JoinRequest:
    """A join request for ``space``, answered or not (404 for any other id)."""
    found = JoinRequest.objects.select_related("user").filter(space=space, pk=request_id).first()
    if found is None:
        raise Http404
    found.space = space
    return found


# --- for other apps: site search -------------------------------------------------------------


def people_sharing_a_space(viewer: Any) -> QuerySet[User]:
    """Active colleagues who are current members of a space the viewer is a current member of.

    What a guest may find of the organisation: only the people in their own spaces.
    """
    theirs = Membership.objects.filter(permissions.current_memberships(), user_id=viewer.pk).values("space_id")
    shared = Membership.objects.filter(permissions.current_memberships(), space_id__in=theirs).values("user_id")
    return User.objects.filter(pk__in=shared, is_active=True, kind=UserKind.EMPLOYEE).exclude(pk=viewer.pk)
