"""The folded search text of a profile, and how a typed query is matched against it.

One text column per profile, lower case and without accents, holding name,
function, skills, department, location, room and phone numbers. Search then
is a set of ``LIKE '%word%'`` conditions on one column (trigram GIN index on
PostgreSQL) instead of joins across five tables.

The text starts with "first name last name", so "the name starts with the
query" is a prefix test on the same column. Room and phone numbers are only
included when the person shows them to all colleagues: otherwise a search by
number would reveal what the profile hides.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from django.db import connections
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from plein.core.text import fold, squash_spaces
from plein.people.models import Profile, Visibility

MAX_QUERY_WORDS = 8
# Characters that mean something to LIKE or FTS5 and never in a name: dropped from typed words.
_OPERATOR_CHARACTERS = str.maketrans("", "", '%_\\"')
# A word made of digits and phone punctuation ("06-1234", "(010)") is matched without the punctuation.
_PHONE_WORD = re.compile(r"^[\d()+.\-/]*\d[\d()+.\-/]*$")
_PHONE_PUNCTUATION = re.compile(r"[\s()+.\-/]")


def _shown_to_colleagues(profile: Profile, field: str) -> bool:
    return bool((profile.visibility or {}).get(field, Visibility.COLLEAGUES) == Visibility.COLLEAGUES)


def _digits(number: str) -> str:
    return _PHONE_PUNCTUATION.sub("", number)


def search_text_for(profile: Profile, skill_names: Iterable[str]) -> str:
    """The folded search text; reads ``profile.user``, ``.department`` and ``.location`` (preload them)."""
    user = profile.user
    parts = [
        user.first_name,
        user.last_name,
        profile.function,
        profile.department.name if profile.department else "",
        profile.location.name if profile.location else "",
        *skill_names,
    ]
    if _shown_to_colleagues(profile, "room"):
        parts.append(profile.room)
    for field in ("phone", "mobile"):
        number = getattr(profile, field)
        if number and _shown_to_colleagues(profile, field):
            parts += [number, _digits(number)]
    return squash_spaces(fold(" ".join(p for p in parts if p)))


def query_words(query: str) -> list[str]:
    """The folded words of a typed query, each of which must occur in the search text.

    "Jan de Vr" -> ["jan", "de", "vr"]; "06-1234 5678" -> ["061234", "5678"].
    At most ``MAX_QUERY_WORDS`` words, so a pasted paragraph does not become a huge query.
    """
    words = []
    for word in fold(query).translate(_OPERATOR_CHARACTERS).split():
        if _PHONE_WORD.match(word):
            word = _digits(word)
        if word and word not in words:
            words.append(word)
    return words[:MAX_QUERY_WORDS]


def query_phrase(query: str) -> str:
    """The folded query as one phrase, for "the name starts with what was typed"."""
    return squash_spaces(fold(query))


def refresh_search_text(profile_ids: Iterable[int]) -> int:
    """Recompute the search text of these profiles (by user id). Returns how many changed."""
    profiles = list(
        Profile.objects.filter(pk__in=list(profile_ids))
        .select_related("user", "department", "location")
        .prefetch_related("skills")
    )
    changed = []
    for profile in profiles:
        text = search_text_for(profile, (skill.name for skill in profile.skills.all()))
        if text != profile.search_text:
            profile.search_text = text
            changed.append(profile)
    Profile.objects.bulk_update(changed, ["search_text"], batch_size=1000)
    return len(changed)


# --- matching -----------------------------------------------------------------------------
#
# PostgreSQL: one ``LIKE '%word%'`` per word on ``search_text``, served by the
# trigram GIN index (migration 0002).
#
# SQLite: a LIKE scan over 100,000 profiles takes ~100 ms, so migration 0002
# adds an FTS5 table with the trigram tokenizer, kept in step with
# ``people_profile.search_text`` by triggers (so every writer -- actions, the
# demo's bulk_create, the importer -- keeps it current without knowing about
# it). Words of three letters or more are looked up there with MATCH (a
# trigram phrase is a substring match). Shorter words cannot use trigrams, so
# they are LIKE conditions on the profile row: after a MATCH they only check
# the few rows it found, and on their own ("de") they match most people
# anyway, so a scan that stops at the first page is the quick plan. (LIKE is
# never used on the FTS table: SQLite 3.40 crashes on a short LIKE followed
# by a longer one there.)

SQLITE_FTS_TABLE = "people_profile_fts"
_SQLITE_TRIGGERS = {
    "people_profile_fts_insert": (
        "AFTER INSERT ON people_profile BEGIN "
        "INSERT INTO people_profile_fts(rowid, search_text) VALUES (new.user_id, new.search_text); END"
    ),
    "people_profile_fts_update": (
        "AFTER UPDATE OF search_text ON people_profile BEGIN "
        "UPDATE people_profile_fts SET search_text = new.search_text WHERE rowid = new.user_id; END"
    ),
    "people_profile_fts_delete": (
        "AFTER DELETE ON people_profile BEGIN DELETE FROM people_profile_fts WHERE rowid = old.user_id; END"
    ),
}
TRIGRAM = 3


def matching(people: QuerySet[Any], query: str, *, profile_prefix: str = "profile__") -> QuerySet[Any]:
    """Narrow ``people`` (users, or profiles with ``profile_prefix=""``) to those matching every typed word."""
    words = query_words(query)
    long_words = [word for word in words if len(word) >= TRIGRAM]
    if long_words and connections[people.db].vendor == "sqlite":
        phrase = " AND ".join(f'"{word}"' for word in long_words)
        # Only constant SQL is interpolated; the typed words travel as a parameter.
        fts = RawSQL(f"SELECT rowid FROM {SQLITE_FTS_TABLE} WHERE {SQLITE_FTS_TABLE} MATCH %s", [phrase])  # noqa: S608, S611
        people = people.filter(pk__in=fts)
        words = [word for word in words if len(word) < TRIGRAM]
    for word in words:
        people = people.filter(**{f"{profile_prefix}search_text__contains": word})
    return people


def among(people: QuerySet[Any], ids: list[int], *, field: str = "pk") -> QuerySet[Any]:
    """``people.filter(pk__in=ids)`` with the ids as one parameter, not one placeholder each.

    The directory narrows four queries to the same few thousand ids; one JSON
    or array parameter keeps each query's SQL small and quick to build.
    """
    vendor = connections[people.db].vendor
    if vendor == "sqlite":
        return people.filter(**{f"{field}__in": RawSQL("SELECT value FROM json_each(%s)", [json.dumps(ids)])})
    if vendor == "postgresql":
        # An array literal as text: psycopg adapts a long Python list element by element, slowly.
        array = "{" + ",".join(str(int(pk)) for pk in ids) + "}"
        return people.filter(**{f"{field}__in": RawSQL("SELECT unnest(%s::integer[])", [array])})
    return people.filter(**{f"{field}__in": ids})


def install_sqlite_index(connection: Any) -> None:
    """Create the FTS5 table and its triggers where missing; refill the table if any trigger was missing.

    Idempotent. Run by migration 0002 and after every ``migrate``: when SQLite
    rebuilds ``people_profile`` for a schema change (Django copies it to a new
    table), the triggers go with the old table and must come back.
    """
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        if "people_profile" not in tables:
            return
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {SQLITE_FTS_TABLE} USING fts5(search_text, tokenize='trigram')"
        )
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'people_profile'")
        present = {row[0] for row in cursor.fetchall()}
        if present >= set(_SQLITE_TRIGGERS):
            return
        for name, body in _SQLITE_TRIGGERS.items():
            cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")
        cursor.execute(f"DELETE FROM {SQLITE_FTS_TABLE}")  # noqa: S608 (constant names only)
        cursor.execute(
            f"INSERT INTO {SQLITE_FTS_TABLE}(rowid, search_text) SELECT user_id, search_text FROM people_profile"  # noqa: S608
        )


# --- indexes for the directory's own orderings ---------------------------------------------
#
# The directory lists everyone by name and "new colleagues" by join date; at
# 100,000 people both are a full sort (~100 ms) without an index, and one
# LIMIT 24 walk with it. They are on accounts_user but exist for the
# directory, so migration 0002 of this app creates them.

DIRECTORY_INDEXES = {
    "people_user_name_sort": "accounts_user (lower(last_name), lower(first_name), id)",
    "people_user_joined": "accounts_user (date_joined, id)",
}
PG_TRIGRAM_INDEX = "people_profile_search_text_trgm"
INDEX_MIGRATION = "0002_directory_indexes"


def install_indexes(connection: Any) -> None:
    """Create every index migration 0002 adds, where missing (idempotent, any database)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {PG_TRIGRAM_INDEX} ON people_profile USING gin (search_text gin_trgm_ops)"
            )
        for name, target in DIRECTORY_INDEXES.items():
            cursor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")
    if connection.vendor == "sqlite":
        install_sqlite_index(connection)


def uninstall_indexes(connection: Any) -> None:
    with connection.cursor() as cursor:
        for name in (*DIRECTORY_INDEXES, PG_TRIGRAM_INDEX):
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
    if connection.vendor == "sqlite":
        uninstall_sqlite_index(connection)


def repair_indexes(connection: Any) -> None:
    """After ``migrate``: put back what a table rebuild dropped (SQLite rebuilds tables to alter them).

    Only once migration 0002 is applied, so migrating back below it stays possible.
    """
    if ("people", INDEX_MIGRATION) in MigrationRecorder(connection).applied_migrations():
        install_indexes(connection)


def uninstall_sqlite_index(connection: Any) -> None:
    with connection.cursor() as cursor:
        for name in _SQLITE_TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        cursor.execute(f"DROP TABLE IF EXISTS {SQLITE_FTS_TABLE}")
