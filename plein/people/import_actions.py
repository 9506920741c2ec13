"""Importing people from an HR export: the one write action, :func:`import_people`.

The plan (:mod:`plein.people.importer`) is computed inside the same
``transaction.atomic()`` that applies it, from a snapshot read in that
transaction, so what is written is exactly what was checked.

Why bulk writes instead of ``create_user`` and a savepoint per row: a first
import of a municipality is 2,000-10,000 rows, and ``create_user`` costs about
ten queries per person (two saves, e-mail address, profile, search text, event
and deliveries) plus two for a savepoint, which makes 10,000 rows take minutes
on SQLite instead of seconds. Instead every row is checked up front against
the snapshot (all that can go wrong with a row: missing or malformed values,
duplicates in the file, e-mail addresses that belong to someone else, unknown
managers, manager cycles, too-long values), and a bad row is reported with its
line number and left out of the plan before anything is written, so it cannot
corrupt the rest. The good rows are then written with ``bulk_create`` and
``bulk_update`` in batches: the number of queries depends on the number of
batches and tree levels, not on the number of rows. Should the database still
refuse a write (only a concurrent change between the snapshot and the write can
cause that), the whole import rolls back and reports the error: never half an
import (principle 8).

Events: each new person gets the same ``user.created`` event that
``create_user`` records (subject the user, audience the user, so the welcome
notification arrives), written in bulk with their deliveries rather than one
:func:`~plein.core.events.record_event` call per person; and the import as a
whole records one ``people.imported`` event with the counts and the ids of the
people it deactivated and reactivated (to audit or undo a mistaken import). An
import that changes nothing records nothing.
"""

from __future__ import annotations

import hashlib
import secrets
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import DataError, IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plein.accounts.models import User, UserKind
from plein.core.events import NewEvent, audience_user, record_event, record_events
from plein.org.models import Department, Location
from plein.people.importer import (
    DepartmentRef,
    ImportFileError,
    LocationRef,
    PersonChange,
    PersonKey,
    Plan,
    Snapshot,
    load_snapshot,
    plan_import,
    read_csv,
)
from plein.people.models import Profile
from plein.people.search import refresh_search_text, search_text_for

BATCH = 1000
# Keeps ``pk IN (...)`` lists well below SQLite's limit of 32,766 parameters.
ID_CHUNK = 5000


@dataclass
class ImportResult:
    plan: Plan
    dry_run: bool
    applied: bool

    @property
    def refused(self) -> bool:
        return self.plan.mass_deactivation_refused

    @property
    def has_errors(self) -> bool:
        return bool(self.plan.errors)


def import_people(
    *,
    data: bytes,
    actor: Any = None,
    dry_run: bool = False,
    deactivate_missing: bool = True,
    allow_mass_deactivation: bool = False,
    source: str = "",
) -> ImportResult:
    """Import (or with ``dry_run`` only plan) the people in a CSV export.

    ``actor`` is the administrator who imports (None from the command line).
    Raises :class:`plein.people.importer.ImportFileError` when the file cannot
    be read at all, or when the database refuses the writes (then nothing is
    written). When the plan would deactivate more people than the safety valve
    allows (and ``allow_mass_deactivation`` is not given) nothing is written
    and the result says ``refused``.
    """
    parsed = read_csv(data)
    options = {"deactivate_missing": deactivate_missing, "allow_mass_deactivation": allow_mass_deactivation}
    if dry_run:
        return ImportResult(plan=plan_import(parsed, load_snapshot(), **options), dry_run=True, applied=False)
    try:
        with transaction.atomic():
            snapshot = load_snapshot()
            plan = plan_import(parsed, snapshot, **options)
            if plan.mass_deactivation_refused:
                return ImportResult(plan=plan, dry_run=False, applied=False)
            if plan.has_changes or plan.new_departments or plan.new_locations:
                _apply(plan, snapshot, actor=actor, source=source, digest=hashlib.sha256(data).hexdigest())
    except (IntegrityError, DataError) as error:
        raise ImportFileError(
            _(
                "The database refused the changes, so nothing was changed: %(error)s. Someone may have "
                "changed people or departments while the import ran; run it again."
            )
            % {"error": error}
        ) from error
    return ImportResult(plan=plan, dry_run=False, applied=True)


def _apply(plan: Plan, snapshot: Snapshot, *, actor: Any, source: str, digest: str) -> None:
    now = timezone.now()
    locations = _create_locations(plan)
    departments = _create_departments(plan)
    users = _create_users(plan.created, now=now)
    people = {change.key: change.user_id for change in plan.created}

    def ids(change: PersonChange) -> dict[str, int | None]:
        return {
            "department_id": _department_id(change.department, departments),
            "location_id": _location_id(change.location, locations),
            "manager_id": _person_id(change.manager, people),
        }

    # New people's search text is computed here, from the rows in memory, with the same
    # function refresh_search_text uses: re-reading 10,000 fresh profiles would double the work.
    names = _Names(snapshot, plan, departments, locations)
    new_profiles = []
    for change, user in zip(plan.created, users, strict=True):
        profile = Profile(user=user, **change.profile_values, **ids(change))
        profile.department = names.department(profile.department_id)
        profile.location = names.location(profile.location_id)
        profile.search_text = search_text_for(profile, [])
        new_profiles.append(profile)
    new_profiles += [
        Profile(user_id=_user_id(c), **c.profile_values, **ids(c)) for c in plan.updated if c.create_profile
    ]
    Profile.objects.bulk_create(new_profiles, batch_size=BATCH)
    _update_profiles([c for c in plan.updated if not c.create_profile], ids, now=now)
    _update_users({c.user_id: c for c in [*plan.updated, *plan.reactivated]}.values())
    _update_email_addresses([c for c in plan.updated if "email" in c.user_values])
    deactivated = [person.user_id for person in plan.deactivated]
    for chunk in _chunks(deactivated, ID_CHUNK):
        User.objects.filter(pk__in=chunk).update(is_active=False)
    # Who is managed by whom, and which fields are managed, is not part of the search text.
    stale = [
        _user_id(c)
        for c in plan.updated
        if c.create_profile or {f.field for f in c.changes} - {"managed_fields", "manager"}
    ]
    for chunk in _chunks(stale, ID_CHUNK):
        refresh_search_text(chunk)
    _record_user_created([c.user_id for c in plan.created if c.user_id is not None], actor=actor)
    record_event(
        kind="people.imported",
        actor=actor,
        payload={
            "source": source,
            "sha256": digest,
            "rows": plan.rows,
            "created": len(plan.created),
            "updated": len(plan.updated),
            "reactivated": len(plan.reactivated),
            "deactivated": len(deactivated),
            "unchanged": plan.unchanged,
            "errors": len(plan.errors),
            "new_departments": len(plan.new_departments),
            "new_locations": len(plan.new_locations),
            "managed_fields": plan.managed_fields,
            "deactivated_ids": deactivated,
            "reactivated_ids": [c.user_id for c in plan.reactivated],
        },
    )


def _create_locations(plan: Plan) -> dict[str, int]:
    created = Location.objects.bulk_create([Location(name=name) for name in plan.new_locations.values()])
    return {folded: location.pk for folded, location in zip(plan.new_locations, created, strict=True)}


def _create_departments(plan: Plan) -> dict[tuple[str, ...], int]:
    """New units level by level, so every parent has its primary key before its children."""
    ids: dict[tuple[str, ...], int] = {}
    by_depth: dict[int, list[Any]] = defaultdict(list)
    for unit in plan.new_departments:
        by_depth[len(unit.key)].append(unit)
    for depth in sorted(by_depth):
        units = by_depth[depth]
        rows = [
            Department(name=u.name, kind=u.kind, path=u.path, parent_id=_department_id(u.parent, ids)) for u in units
        ]
        Department.objects.bulk_create(rows, batch_size=BATCH)
        ids.update({unit.key: row.pk for unit, row in zip(units, rows, strict=True)})
    return ids


class _Names:
    """Unsaved departments and locations carrying just the name, for computing search texts."""

    def __init__(
        self, snapshot: Snapshot, plan: Plan, departments: dict[tuple[str, ...], int], locations: dict[str, int]
    ) -> None:
        self.departments = {pk: name for pk, (name, _parent, _path) in snapshot.departments.items()}
        self.departments.update({departments[unit.key]: unit.name for unit in plan.new_departments})
        self.locations = dict(snapshot.locations)
        self.locations.update({locations[key]: name for key, name in plan.new_locations.items()})
        self.cache: dict[tuple[type, int], Any] = {}

    def department(self, pk: int | None) -> Department | None:
        if pk is None:
            return None
        if (Department, pk) not in self.cache:
            self.cache[Department, pk] = Department(pk=pk, name=self.departments[pk])
        return self.cache[Department, pk]  # type: ignore[no-any-return]

    def location(self, pk: int | None) -> Location | None:
        if pk is None:
            return None
        if (Location, pk) not in self.cache:
            self.cache[Location, pk] = Location(pk=pk, name=self.locations[pk])
        return self.cache[Location, pk]  # type: ignore[no-any-return]


def _create_users(created: Sequence[PersonChange], *, now: Any) -> list[User]:
    users = [
        User(
            **change.user_values,
            kind=UserKind.EMPLOYEE,
            # Unusable, as make_password(None) makes it (log-in by password reset, SSO or
            # LDAP), but with one call to the random source instead of forty.
            password=UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30),
            date_joined=now,
        )
        for change in created
    ]
    User.objects.bulk_create(users, batch_size=BATCH)
    for change, user in zip(created, users, strict=True):
        change.user_id = user.pk
    EmailAddress.objects.bulk_create(
        [EmailAddress(user_id=user.pk, email=user.email, primary=True, verified=True) for user in users],
        batch_size=BATCH,
    )
    return users


def _update_profiles(changes: Sequence[PersonChange], ids: Any, *, now: Any) -> None:
    """One statement per set of changed fields, so fields a row leaves alone are never written."""
    groups: dict[tuple[str, ...], list[tuple[int, dict[str, Any]]]] = defaultdict(list)
    for change in changes:
        changed = {c.field for c in change.changes}
        values = dict(change.profile_values)
        values.update({name: pk for name, pk in _field_ids(ids(change)).items() if name in changed})
        if values:
            groups[tuple(sorted(values))].append((_user_id(change), {**values, "updated_at": now}))
    for fields, rows in groups.items():
        _update_rows(Profile, [*fields, "updated_at"], rows)


def _field_ids(ids: dict[str, int | None]) -> dict[str, int | None]:
    return {attname.removesuffix("_id"): pk for attname, pk in ids.items()}


def _update_users(changes: Iterable[PersonChange]) -> None:
    groups: dict[tuple[str, ...], list[tuple[int, dict[str, Any]]]] = defaultdict(list)
    for change in changes:
        if change.user_values:
            groups[tuple(sorted(change.user_values))].append((_user_id(change), change.user_values))
    for fields, rows in groups.items():
        _update_rows(User, list(fields), rows)


def _update_rows(model: Any, fields: Sequence[str], rows: Sequence[tuple[int, dict[str, Any]]]) -> None:
    """``UPDATE ... SET <fields> WHERE pk = %s`` for many rows, sent with one ``executemany``.

    Django's ``bulk_update`` builds a ``CASE WHEN`` expression per row and
    field in Python, which takes about a millisecond each: half a minute for
    10,000 people. The values go through each field's own ``get_db_prep_save``,
    exactly as ``save()`` would send them.
    """
    if not rows:
        return
    meta = model._meta
    quote = connection.ops.quote_name
    columns = [meta.get_field(name) for name in fields]
    assignments = ", ".join(f"{quote(column.column)} = %s" for column in columns)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"  # noqa: S608
    params = [
        [column.get_db_prep_save(values[column.name], connection) for column in columns] + [pk] for pk, values in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _update_email_addresses(changes: Sequence[PersonChange]) -> None:
    """The primary address follows the new log-in address; a secondary address equal to it is folded in."""
    new_email = {change.user_id: change.user_values["email"] for change in changes}
    for chunk in _chunks(list(new_email), ID_CHUNK):
        addresses = list(EmailAddress.objects.filter(user_id__in=chunk))
        duplicates = [a.pk for a in addresses if not a.primary and a.email.lower() == new_email[a.user_id]]
        EmailAddress.objects.filter(pk__in=duplicates).delete()
        primaries = [a for a in addresses if a.primary]
        for address in primaries:
            address.email = new_email[address.user_id]
            address.verified = True
        EmailAddress.objects.bulk_update(primaries, ["email", "verified"], batch_size=BATCH)
        without = set(chunk) - {a.user_id for a in primaries}
        EmailAddress.objects.bulk_create(
            [EmailAddress(user_id=pk, email=new_email[pk], primary=True, verified=True) for pk in without]
        )


def _record_user_created(user_ids: Sequence[int], *, actor: Any) -> None:
    """The ``user.created`` events ``create_user`` records, one per new person, in bulk."""
    record_events(
        [
            NewEvent(
                kind="user.created",
                subject_type=User._meta.label_lower,
                subject_id=str(pk),
                audience=(audience_user(pk),),
                payload={"source": "import"},
            )
            for pk in user_ids
        ],
        actor=actor,
        batch_size=BATCH,
    )


def _user_id(change: PersonChange) -> int:
    assert change.user_id is not None, "new people get their id before their profile"
    return change.user_id


def _department_id(ref: DepartmentRef | None, created: dict[tuple[str, ...], int]) -> int | None:
    if ref is None or isinstance(ref, int):
        return ref
    return created[ref]


def _location_id(ref: LocationRef | None, created: dict[str, int]) -> int | None:
    if ref is None or isinstance(ref, int):
        return ref
    return created[ref]


def _person_id(key: PersonKey | None, created: dict[PersonKey, int | None]) -> int | None:
    if key is None:
        return None
    return key[1] if key[0] == "user" else created[key]


def _chunks[T](items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
