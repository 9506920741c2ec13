"""Reads for the profile page, the edit page and the follow lists.

Each function runs a fixed number of queries, however many skills,
endorsements or followers a person has; visibility is decided by
:mod:`plein.people.permissions` and applied here, so templates only ask
``page.show.<field>``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.dates import WEEKDAYS

from plein.accounts.models import User, UserKind
from plein.core.models import Interaction, InteractionKind
from plein.core.text import fold
from plein.org.models import Department, Location
from plein.people import permissions
from plein.people.completeness import Completeness, completeness
from plein.people.models import Endorsement, Profile, Skill
from plein.spaces.models import Space
from plein.spaces.selectors import spaces_of_person

# Everything the profile page may show, besides name and photo.
PAGE_FIELDS = (
    "function",
    "pronouns",
    "email",
    "phone",
    "mobile",
    "department",
    "manager",
    "location",
    "room",
    "working_days",
    "working_hours",
    "about",
    "languages",
    "links",
    "skills",
)
LOOKUP_LIMIT = 10


@dataclass(frozen=True)
class SkillRow:
    skill: Skill
    endorsements: int
    endorsed_by_viewer: bool


@dataclass(frozen=True)
class FollowStats:
    followers: int
    following: int
    viewer_follows: bool


@dataclass(frozen=True)
class ProfilePage:
    person: User
    profile: Profile
    show: dict[str, bool]
    skills: list[SkillRow]
    follow: FollowStats
    department_chain: list[Department]
    manager: User | None
    completeness: Completeness | None  # only for the person themselves
    spaces: list[Space]  # the person's spaces that the viewer may see
    can_edit: bool
    can_endorse: bool
    can_follow: bool

    @property
    def working_day_names(self) -> list[str]:
        return [str(WEEKDAYS[day]) for day in sorted(self.profile.working_days or []) if day in WEEKDAYS]

    @property
    def links(self) -> list[str]:
        """Web links only: an imported ``javascript:`` address is never made clickable."""
        return [link for link in self.profile.links or [] if str(link).startswith(("https://", "http://"))]


def _people() -> QuerySet[User]:
    """Active employees with what a person card shows."""
    return User.objects.filter(is_active=True, kind=UserKind.EMPLOYEE).select_related(
        "profile", "profile__department", "profile__location"
    )


def _follows() -> QuerySet[Interaction]:
    return Interaction.objects.filter(kind=InteractionKind.FOLLOW, target_type=ContentType.objects.get_for_model(User))


def person(*, user_id: int) -> User | None:
    """An active employee with profile, department, location and manager, or None."""
    return _people().select_related("profile__manager").filter(pk=user_id).first()


def profile_page(*, viewer: Any, person: User) -> ProfilePage:
    """Everything the profile page shows of ``person`` to ``viewer`` (who may view the profile)."""
    profile = person.profile
    show = {field: permissions.can_see_field(viewer, profile, field) for field in PAGE_FIELDS}
    skills = skill_rows(viewer=viewer, person=person) if show["skills"] else []
    department = profile.department if show["department"] else None
    chain = [*_ancestors(department), department] if department else []
    manager = profile.manager if show["manager"] and profile.manager and profile.manager.is_active else None
    own = viewer.pk == person.pk
    return ProfilePage(
        person=person,
        profile=profile,
        show=show,
        skills=skills,
        follow=follow_stats(viewer=viewer, person=person),
        department_chain=chain,
        manager=manager,
        completeness=completeness(profile, skill_count=len(skills)) if own else None,
        spaces=spaces_of_person(viewer=viewer, person=person),
        can_edit=permissions.can_edit_profile(viewer, profile),
        can_endorse=permissions.can_endorse(viewer, person),
        can_follow=permissions.can_follow(viewer, person),
    )


def _ancestors(department: Department) -> list[Department]:
    paths = department.ancestor_paths()
    return list(Department.objects.filter(path__in=paths).order_by("path")) if paths else []


def skill_rows(*, viewer: Any, person: User, skill_id: int | None = None) -> list[SkillRow]:
    """The person's skills, most endorsed first, with counts and whether ``viewer`` endorsed each. One query."""
    skills = (
        Skill.objects.filter(profiles=person.pk)
        .annotate(
            endorsement_count=Count("endorsements", filter=Q(endorsements__person=person.pk), distinct=True),
            endorsed=Exists(
                Endorsement.objects.filter(person=person.pk, skill=OuterRef("pk"), endorser=getattr(viewer, "pk", None))
            ),
        )
        .order_by("-endorsement_count", "name")
    )
    if skill_id is not None:
        skills = skills.filter(pk=skill_id)
    return [SkillRow(skill=s, endorsements=s.endorsement_count, endorsed_by_viewer=s.endorsed) for s in skills]


def skill_row(*, viewer: Any, person: User, skill_id: int) -> SkillRow | None:
    """One of the person's skills (None when it is not on the profile)."""
    rows = skill_rows(viewer=viewer, person=person, skill_id=skill_id)
    return rows[0] if rows else None


def follow_stats(*, viewer: Any, person: User) -> FollowStats:
    """Follower and following counts and whether ``viewer`` follows ``person``. One query."""
    counts = (
        _follows()
        .filter(Q(target_id=person.pk) | Q(user=person.pk))
        .aggregate(
            followers=Count("pk", filter=Q(target_id=person.pk)),
            following=Count("pk", filter=Q(user=person.pk)),
            viewer_follows=Count("pk", filter=Q(target_id=person.pk, user=getattr(viewer, "pk", None))),
        )
    )
    return FollowStats(
        followers=counts["followers"] or 0,
        following=counts["following"] or 0,
        viewer_follows=bool(counts["viewer_follows"]),
    )


def followers(*, person: User) -> QuerySet[User]:
    """Active colleagues who follow ``person``, by name."""
    ids = _follows().filter(target_id=person.pk).values("user_id")
    return _people().filter(pk__in=ids).order_by("last_name", "first_name", "id")


def following(*, person: User) -> QuerySet[User]:
    """Active colleagues ``person`` follows, by name."""
    ids = _follows().filter(user=person.pk).values("target_id")
    return _people().filter(pk__in=ids).order_by("last_name", "first_name", "id")


# --- edit page -------------------------------------------------------------------------------


def editable_profile(*, user_id: int) -> Profile | None:
    """A profile with what the edit form shows, or None (deactivated people included: admins fix them)."""
    return (
        Profile.objects.select_related("user", "department", "location", "manager", "manager__profile")
        .prefetch_related("skills")
        .filter(pk=user_id)
        .first()
    )


def colleagues() -> QuerySet[User]:
    """Everyone who can be chosen as a manager."""
    return _people()


def department_count() -> int:
    return Department.objects.count()


def departments() -> QuerySet[Department]:
    return Department.objects.order_by("path")


def locations() -> QuerySet[Location]:
    return Location.objects.order_by("name")


def find_departments(query: str, *, limit: int = LOOKUP_LIMIT) -> list[Department]:
    """Departments whose name holds every word of ``query``, shortest (most specific) name first."""
    words = query.split()
    if not words:
        return []
    found = Department.objects.all()
    for word in words:
        found = found.filter(name__icontains=word)
    return list(found.order_by("name")[:limit])


def find_colleagues(query: str, *, exclude: int | None = None, limit: int = LOOKUP_LIMIT) -> list[User]:
    """Active employees whose first or last name holds every word of ``query``."""
    words = query.split()
    if not words:
        return []
    found = _people()
    for word in words:
        found = found.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    if exclude is not None:
        found = found.exclude(pk=exclude)
    return list(found.order_by("last_name", "first_name", "id")[:limit])


def suggest_skills(query: str, *, exclude: list[str], limit: int = 8) -> list[Skill]:
    """Vocabulary skills matching ``query`` (accents and case ignored), most used first."""
    folded = fold(query).strip()
    if len(folded) < 2:
        return []
    skills = (
        Skill.objects.filter(Q(normalized__contains=folded) | Q(name__icontains=query.strip()))
        .exclude(normalized__in=[fold(name) for name in exclude])
        .annotate(used=Count("profiles"))
        .order_by("-used", "name")
    )
    return list(skills[:limit])
