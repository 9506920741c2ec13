"""Generate the demo organisation Gemeente Zuiderveld into an empty database.

People, the department tree, locations and skills (planned in
:mod:`plein.demo.plan`), then spaces with their members, waiting join
requests and one external guest (planned in :mod:`plein.demo.plan_spaces`),
the stream (:mod:`plein.demo.plan_posts`) and the activity around it: follows,
visits, home-feed inboxes and notifications (:mod:`plein.demo.plan_activity`).

This is a bulk import, not a series of user actions: it writes rows with
``bulk_create`` and records no domain events, so the outbox, feeds and
notifications do not fill with "user created" for every generated person, and
100,000 people load in minutes instead of hours. Anything a consumer would
have derived from those events must therefore not be assumed to exist for
demo people.

It refuses to run when the database already holds users or departments, so
demo people are never mixed into a real organisation.

Speed comes from three choices: the password is hashed once and every demo
person shares the encoded hash (hashing is deliberately slow: most of a second each);
rows are inserted in batches; and people are inserted before departments, so
each department is created with its manager already set instead of being
updated afterwards. Primary keys come back from ``bulk_create`` (RETURNING),
which SQLite 3.35+ and PostgreSQL both provide.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from plein.accounts.models import User, UserKind
from plein.core.text import fold
from plein.demo.accounts import DEMO_ACCOUNTS, DEMO_GUEST, DEMO_PASSWORD, print_logins
from plein.demo.plan import SIZES, OrgPlan, PersonPlan, build_plan
from plein.demo.plan_activity import create_activity
from plein.demo.plan_posts import create_posts
from plein.demo.plan_spaces import SpacesPlan, build_space_plan
from plein.demo.vocabulary import LOCATIONS, TOWN, all_skills
from plein.org.models import Department, DepartmentKind, Location
from plein.people.models import Profile, Skill
from plein.people.search import search_text_for
from plein.spaces.models import JoinRequest, Membership, Space, SpaceRole

__all__ = ["DEMO_ACCOUNTS", "DEMO_GUEST", "DEMO_PASSWORD", "SIZES", "generate", "print_logins"]

BATCH = 2_000
SQLITE_CACHE_KB = 1_000_000  # 1 GB while generating


def generate(*, size: str, seed: int, scale: float = 1.0) -> str:
    """Create the demo organisation of ``size`` from ``seed``; return a one-line summary.

    ``scale`` multiplies the stream and the notifications (not the people or spaces): tests write a
    hundredth of a medium demo's posts. Precondition: no users and no departments exist (raises
    ``RuntimeError``).
    """
    if connection.vendor == "sqlite":
        # Millions of rows go into indexes in random order; SQLite's default 2 MB page cache would
        # make every insert read pages back. Only this connection's cache; it ends with the command.
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KB}")
    with transaction.atomic():
        # Checked inside the transaction: on SQLite it holds the write lock from BEGIN,
        # so no one can add people between the check and the inserts.
        _refuse_unless_empty()
        plan = build_plan(size=size, seed=seed)
        password = make_password(DEMO_PASSWORD)  # once: hashing is slow on purpose
        now = timezone.now()
        locations = _create_locations()
        skills = _create_skills()
        users = _create_users(plan.people, password=password, now=now)
        departments = _create_departments(plan, users)
        EmailAddress.objects.bulk_create(
            [EmailAddress(user_id=user.pk, email=user.email, primary=True, verified=True) for user in users],
            batch_size=BATCH,
        )
        Profile.objects.bulk_create(
            [
                _profile(user, person, department=departments[person.unit], location=locations[person.location])
                for person, user in zip(plan.people, users, strict=True)
            ],
            batch_size=BATCH,
        )
        link = Profile.skills.through
        links = [
            link(profile_id=user.pk, skill_id=skills[name].pk)
            for person, user in zip(plan.people, users, strict=True)
            for name in person.skills
        ]
        link.objects.bulk_create(links, batch_size=BATCH)
        spaces = build_space_plan(plan, size=size, seed=seed)
        guest = _create_guest(password=password, now=now)
        rooms = _create_spaces(spaces, users=users, departments=departments, locations=locations, guest=guest, now=now)
        stream = create_posts(
            spaces, spaces=rooms, users=users, guest=guest, size=size, seed=seed, now=now, scale=scale
        )
        activity = create_activity(
            plan, spaces, stream, users=users, guest=guest, spaces=rooms, size=size, seed=seed, now=now, scale=scale
        )
    return (
        f"{len(users)} people, {len(departments)} units "
        f"({plan.count(DepartmentKind.DIRECTORATE)} directorates, {plan.count(DepartmentKind.DEPARTMENT)} departments, "
        f"{plan.count(DepartmentKind.TEAM)} teams), {len(locations)} locations, {len(skills)} skills, "
        f"{len(links)} skill links, {len(spaces.spaces)} spaces with {spaces.membership_count} memberships, "
        f"1 external guest, {len(stream.posts)} posts, {stream.comments} comments, {stream.reactions} reactions, "
        f"{activity.follows} follows, {activity.active} recent visitors with {activity.inbox_entries} inbox entries, "
        f"{activity.notifications} notifications (size {size}, seed {seed})"
    )


def _refuse_unless_empty() -> None:
    if User.objects.exists() or Department.objects.exists():
        raise RuntimeError(
            "The demo organisation can only be generated into an empty database, and this one already "
            "has users or departments. Use a fresh database, or `plein demo --if-empty` to skip."
        )


def _create_locations() -> dict[str, Location]:
    created = Location.objects.bulk_create(
        [Location(name=spec.name, address=spec.address, city=TOWN) for spec in LOCATIONS]
    )
    return {location.name: location for location in created}


def _create_skills() -> dict[str, Skill]:
    """The vocabulary's skills, reusing any that someone already added by hand."""
    names = all_skills()
    existing = {skill.name: skill for skill in Skill.objects.filter(name__in=names)}
    missing = [Skill(name=name, normalized=fold(name)) for name in names if name not in existing]
    return existing | {skill.name: skill for skill in Skill.objects.bulk_create(missing)}


def _create_users(people: Sequence[PersonPlan], *, password: str, now: datetime) -> list[User]:
    users = []
    for person in people:
        account = person.account
        is_admin = account is not None and account.is_admin
        users.append(
            User(
                email=person.email,
                first_name=person.first_name,
                last_name=person.last_name,
                kind=UserKind.EMPLOYEE,
                password=password,
                date_joined=now - timedelta(seconds=person.joined_seconds_ago),
                is_staff=is_admin,
                is_superuser=is_admin,
                is_editor=account is not None and account.is_editor,
                is_community_manager=account is not None and account.is_community_manager,
                is_ambassador=account is not None and account.is_ambassador,
            )
        )
    return User.objects.bulk_create(users, batch_size=BATCH)


def _profile(user: User, person: PersonPlan, *, department: Department, location: Location) -> Profile:
    """A profile with its directory search text, computed from rows already in memory (no queries)."""
    profile = Profile(user=user, function=person.function, department=department, location=location)
    profile.search_text = search_text_for(profile, person.skills)
    return profile


def _create_departments(plan: OrgPlan, users: Sequence[User]) -> list[Department]:
    """Create the tree level by level, so each level's parents already have primary keys."""
    departments = [
        Department(
            name=unit.name,
            kind=unit.kind,
            path=unit.path,
            manager_id=users[unit.manager].pk if unit.manager is not None else None,
        )
        for unit in plan.units
    ]
    for depth in sorted({len(unit.path) for unit in plan.units}):
        level = []
        for unit, department in zip(plan.units, departments, strict=True):
            if len(unit.path) == depth:
                department.parent_id = departments[unit.parent].pk if unit.parent is not None else None
                level.append(department)
        Department.objects.bulk_create(level, batch_size=BATCH)
    return departments


def _create_guest(*, password: str, now: datetime) -> User:
    """The external guest: no profile (guests have none), in one space only."""
    guest = User.objects.create(
        email=DEMO_GUEST.email,
        first_name=DEMO_GUEST.first_name,
        last_name=DEMO_GUEST.last_name,
        kind=UserKind.GUEST,
        password=password,
        date_joined=now - timedelta(days=30),
    )
    EmailAddress.objects.create(user=guest, email=guest.email, primary=True, verified=True)
    return guest


def _create_spaces(
    plan: SpacesPlan,
    *,
    users: Sequence[User],
    departments: Sequence[Department],
    locations: dict[str, Location],
    guest: User,
    now: datetime,
) -> list[Space]:
    """Spaces, memberships (with each space's member count) and waiting join requests, in bulk."""

    def ago(seconds: int) -> datetime:
        return now - timedelta(seconds=seconds)

    spaces = []
    for index, planned in enumerate(plan.spaces):
        members = len(planned.members) + (index == plan.guest_space)
        owner = next((m.person for m in planned.members if m.role == SpaceRole.OWNER), None)
        spaces.append(
            Space(
                name=planned.name,
                slug=planned.slug,
                kind=planned.kind,
                description=planned.description,
                about=planned.about,
                department_id=departments[planned.department].pk if planned.department is not None else None,
                visibility=planned.visibility,
                join_policy=planned.join_policy,
                posting=planned.posting,
                members_can_invite=planned.members_can_invite,
                auto_department_id=(
                    departments[planned.auto_department].pk if planned.auto_department is not None else None
                ),
                auto_location_id=locations[planned.auto_location].pk if planned.auto_location else None,
                member_count=members,
                created_by_id=users[owner].pk if owner is not None else None,
                created_at=ago(planned.created_seconds_ago),
                last_activity_at=ago(planned.active_seconds_ago),
                archived_at=ago(planned.archived_seconds_ago) if planned.archived_seconds_ago is not None else None,
            )
        )
    Space.objects.bulk_create(spaces, batch_size=BATCH)
    # Memberships are the one table that grows past the people (280,000 rows in the large demo), and
    # nothing needs their primary keys back: plain parameterised inserts are several times quicker
    # than building model instances for bulk_create.
    adapt = connection.ops.adapt_datetimefield_value
    user_ids = [user.pk for user in users]
    rows: list[tuple[Any, ...]] = [
        (space.pk, user_ids[m.person], m.role, m.automatic, None, adapt(ago(m.joined_seconds_ago)), None)
        for space, planned in zip(spaces, plan.spaces, strict=True)
        for m in planned.members
    ]
    if plan.guest_space is not None:
        inviter = users[plan.guest_inviter].pk if plan.guest_inviter is not None else None
        joined = adapt(ago(plan.guest_joined_seconds_ago))
        until = adapt(now + timedelta(days=plan.guest_days_left))
        rows.append((spaces[plan.guest_space].pk, guest.pk, SpaceRole.GUEST, False, inviter, joined, until))
    _insert(Membership, ("space", "user", "role", "automatic", "invited_by", "joined_at", "expires_at"), rows)
    JoinRequest.objects.bulk_create(
        [
            JoinRequest(
                space_id=spaces[request.space].pk,
                user_id=users[request.person].pk,
                message=request.message,
                created_at=ago(request.seconds_ago),
            )
            for request in plan.requests
        ]
    )
    return spaces


def _insert(model: type[Model], fields: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
    """Insert rows of already adapted values, in batches; no model instances, no primary keys back."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)  # type: ignore[union-attr,arg-type]
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608 - names only
    with connection.cursor() as cursor:
        for batch in itertools.batched(rows, 10_000):
            cursor.executemany(sql, batch)
