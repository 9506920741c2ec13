"""Reads on people: the directory, its facets, experts and new colleagues.

Every list starts from :func:`employees` (active employees only), so people
who were deactivated never show up in a result, a count or a facet. Search
matches the folded ``Profile.search_text`` (see :mod:`plein.people.search`):
every typed word must occur in it, in any order.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cached_property
from operator import attrgetter
from typing import Any, NamedTuple

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Lower
from django.utils import timezone

from plein.accounts.models import User, UserKind
from plein.accounts.permissions import can_use_directory
from plein.core.pagination import PAGE_SIZE
from plein.people.models import Endorsement, Profile, Skill
from plein.people.search import TRIGRAM, among, matching, query_phrase, query_words

FACET_LIMIT = 10
BROAD = 5_000  # more matches than this are listed by name, without per-result facet counts
# Case-insensitive, so "de Vries" sorts among the d's on SQLite as on PostgreSQL.
BY_NAME = (Lower("last_name"), Lower("first_name"), "id")
# The unfiltered directory is everyone: counting all of them takes a while at
# 100,000 people and changes slowly, so those counts are cached for a few minutes.
UNFILTERED_FACETS_KEY = "people:directory:facets:v1"
EVERYONE_COUNT_KEY = "people:directory:count:v1"
UNFILTERED_SECONDS = 300
POPULAR_SKILLS_KEY = "people:experts:popular:v1"
EXPERT_LIMIT = 20_000  # skill links read for one topic; more makes the topic too broad to rank
NEW_COLLEAGUE_DAYS = 30
SkillLink = Profile.skills.through


@dataclass(frozen=True)
class DirectoryFilters:
    """What the directory is asked for: typed text plus the ticked facet values (ids)."""

    query: str = ""
    departments: tuple[int, ...] = ()
    locations: tuple[int, ...] = ()
    skills: tuple[int, ...] = ()

    @property
    def is_filtered(self) -> bool:
        return bool(self.departments or self.locations or self.skills)


@dataclass
class FacetValue:
    id: int
    name: str
    count: int | None  # None: not counted (a broad result)
    selected: bool


@dataclass
class Facet:
    param: str  # the GET parameter that filters on it
    values: list[FacetValue] = field(default_factory=list)
    hidden: list[int] = field(default_factory=list)  # ticked ids not among the values, kept in the form


def employees() -> QuerySet[User]:
    """Active employees with profile, department and location preloaded; guests and leavers excluded."""
    return User.objects.filter(is_active=True, kind=UserKind.EMPLOYEE, profile__isnull=False).select_related(
        "profile", "profile__department", "profile__location"
    )


def _filtered(people: QuerySet[User], filters: DirectoryFilters, *, skip: str = "") -> QuerySet[User]:
    """Apply the facet filters; ``skip`` leaves one out (a facet counts as if its own filter were off)."""
    if filters.departments and skip != "departments":
        people = people.filter(profile__department_id__in=filters.departments)
    if filters.locations and skip != "locations":
        people = people.filter(profile__location_id__in=filters.locations)
    if filters.skills and skip != "skills":
        people = people.filter(Exists(SkillLink.objects.filter(profile_id=OuterRef("pk"), skill_id__in=filters.skills)))
    return people


class _Row(NamedTuple):
    """One matching person as the first query of a text search reads them."""

    pk: int
    department_id: int | None
    department: str | None
    location_id: int | None
    location: str | None
    search_text: str
    last_name: str
    first_name: str

    def sort_key(self, phrase: str) -> tuple[int, str, str, int]:
        """The ranking of :func:`_rank`, then name, computed in Python for rows already read."""
        text = self.search_text
        if text.startswith(f"{phrase} "):
            rank = 0
        elif text.startswith(phrase):
            rank = 1
        elif f" {phrase}" in text:
            rank = 2
        else:
            rank = 3
        return (rank, self.last_name.lower(), self.first_name.lower(), self.pk)


_PROFILE_FIELDS = ("user_id", "department_id", "department__name", "location_id", "location__name", "search_text")


def _read_rows(query: str) -> list[_Row]:
    """The profiles matching ``query`` (at most ``BROAD + 1``), then which of them are active employees.

    Two queries rather than one join: the text index finds the profiles, and
    the users are then looked up by id. (Joined, PostgreSQL's default costs
    prefer scanning all 100,000 users to a thousand index lookups.)
    """
    found = matching(Profile.objects.order_by(), query, profile_prefix="").values_list(*_PROFILE_FIELDS)
    profiles = list(found[: BROAD + 1])
    names: dict[int, tuple[str, str]] = {}
    if len(profiles) <= BROAD:  # a broad search needs only the number of profiles
        active = among(User.objects.filter(is_active=True, kind=UserKind.EMPLOYEE), [p[0] for p in profiles])
        names = {
            pk: (last, first) for pk, last, first in active.order_by().values_list("pk", "last_name", "first_name")
        }
    return [
        _Row(pk, department_id, department, location_id, location, text, *names.get(pk, ("", "")))
        for pk, department_id, department, location_id, location, text in profiles
        if pk in names or len(profiles) > BROAD
    ]


class DirectorySearch:
    """One directory search: the people to page through, their count and the facets.

    A typed query is matched once: two queries read the id, department,
    location and name of at most ``BROAD + 1`` matching people. When that is all of
    them (a *narrow* search), the count and the department and location facets
    are tallied and the ranking sorted from those rows in Python, and only
    the page (24 ids) and the skill facet go back to the database. More matches than
    ``BROAD`` ("de", "van") make a *broad* search: ranking it or counting its
    facets would mean grouping tens of thousands of rows, so it is counted as
    "more than 5,000" (when nothing is ticked) and offers the organisation's
    largest facet values without counts; made of one- and two-letter words
    only, it is listed by name instead of ranked. Without a
    typed query the filters work in SQL (COUNT, page, three aggregates).

    Queries, whatever the data size: a narrow search 4 (+1 when a skill is
    ticked), a broad one 2 (+1 COUNT with filters), filters alone 2 (+3 facet
    aggregates when narrow), the unfiltered directory 1 (counts cached).
    """

    def __init__(self, *, viewer: Any, filters: DirectoryFilters, read_rows: bool = True) -> None:
        """``read_rows=False`` skips the first query, for callers that only want a first page of ``people``."""
        self.filters = filters
        self.viewer = viewer
        self.allowed = can_use_directory(viewer)
        self._words = query_words(filters.query) if self.allowed else []
        self._rows: list[_Row] | None = None
        if self._words and read_rows:
            self._rows = _read_rows(filters.query)

    @property
    def everyone(self) -> bool:
        return not (self.filters.query or self.filters.is_filtered)

    @property
    def narrow(self) -> bool:
        """A text search whose every match was read by the first query."""
        return self._rows is not None and len(self._rows) <= BROAD

    @property
    def capped(self) -> bool:
        """A broad text search without filters is not counted beyond ``BROAD``: "more than 5,000"."""
        return self._rows is not None and len(self._rows) > BROAD and not self.filters.is_filtered

    @cached_property
    def broad(self) -> bool:
        if self._rows is not None:
            return len(self._rows) > BROAD
        if self._words:  # not read: assume one- and two-letter words match most people
            return all(len(word) < TRIGRAM for word in self._words)
        return self.everyone or self.count > BROAD

    @cached_property
    def count(self) -> int:
        if not self.allowed:
            return 0
        if self.everyone:
            return everyone_count(viewer=self.viewer)
        if self.narrow:
            return len(self._kept())
        if self.capped:
            return BROAD
        return self._sql().count()

    # --- narrow text searches: tallied in Python ---------------------------------------------

    @cached_property
    def _with_ticked_skill(self) -> set[int]:
        """Of the matching people, those with a ticked skill (one query, only when a skill is ticked)."""
        if not self.filters.skills or self._rows is None:
            return set()
        links = SkillLink.objects.filter(skill_id__in=self.filters.skills)
        return set(
            among(links, [row.pk for row in self._rows], field="profile_id").values_list("profile_id", flat=True)
        )

    def _kept(self, *, skip: str = "") -> list[_Row]:
        """The matching rows that pass the ticked filters, except the ``skip`` facet's own."""
        filters, rows = self.filters, self._rows or []
        if filters.departments and skip != "departments":
            rows = [row for row in rows if row.department_id in filters.departments]
        if filters.locations and skip != "locations":
            rows = [row for row in rows if row.location_id in filters.locations]
        if filters.skills and skip != "skills":
            rows = [row for row in rows if row.pk in self._with_ticked_skill]
        return rows

    def _tally(self, skip: str, key: str, label: str, selected: Sequence[int]) -> list[FacetValue]:
        counts: Counter[tuple[int, str]] = Counter(map(attrgetter(key, label), self._kept(skip=skip)))
        counted = [(value, n) for value, n in counts.items() if value[0]]
        largest = heapq.nsmallest(FACET_LIMIT, counted, key=lambda item: (-item[1], item[0][1]))
        ticked = [(value, n) for value, n in counted if value[0] in selected]
        return _top(
            FacetValue(id=i, name=name, count=n, selected=i in selected) for (i, name), n in {*largest, *ticked}
        )

    # --- everything else: SQL ----------------------------------------------------------------

    def _sql(self, *, skip: str = "") -> QuerySet[User]:
        """Employees matching the text and the facet filters except ``skip``, in SQL."""
        people = employees()
        if self.narrow:
            return among(people, [row.pk for row in self._kept()])
        if self._words:
            people = matching(people, self.filters.query)
        return _filtered(people, self.filters, skip=skip)

    def page(self, number: str | None) -> Page[User]:
        """One page of the people found (``number`` as typed in the URL; a bad one gives the nearest page)."""
        if not self.narrow:
            paginator = Paginator(self.people, PAGE_SIZE)
            paginator.count = self.count  # known without a COUNT query for most searches
            return paginator.get_page(number)
        phrase = query_phrase(self.filters.query)
        ranked = [row.pk for row in sorted(self._kept(), key=lambda row: row.sort_key(phrase))]
        page: Page[Any] = Paginator(ranked, PAGE_SIZE).get_page(number)
        people = employees().in_bulk(list(page.object_list))
        page.object_list = [people[pk] for pk in page.object_list if pk in people]
        return page

    @cached_property
    def people(self) -> QuerySet[User]:
        """Everyone found, best name matches first (by name alone for a broad result)."""
        if not self.allowed:
            return User.objects.none()
        people = self._sql()
        phrase = query_phrase(self.filters.query)
        if not phrase or (self.broad and all(len(word) < TRIGRAM for word in self._words)):
            # Nothing typed, or only one- and two-letter words matching most people ("de"):
            # walking the name index finds a page of them soonest.
            return people.order_by(*BY_NAME)
        # Ranked, so sorted in full: the text index found them, and even a broad "van" is a
        # sort of some thousands, where walking the name index could pass 80,000 people first.
        return people.annotate(rank=_rank(phrase)).order_by("rank", *BY_NAME)

    def facets(self) -> dict[str, Facet]:
        """Department, location and skill values with counts for this result (see the class notes)."""
        if not self.allowed:
            return {}
        if self.everyone:
            return _unfiltered_facets()
        if self.broad:
            return _uncounted(_unfiltered_facets(), self.filters)
        filters = self.filters
        if self.narrow:
            departments = self._tally("departments", "department_id", "department", filters.departments)
            locations = self._tally("locations", "location_id", "location", filters.locations)
            links = among(SkillLink.objects.all(), [row.pk for row in self._kept(skip="skills")], field="profile_id")
            skills = _facet(links, key="skill_id", label="skill__name", selected=filters.skills)
        else:
            departments = _facet(
                self._sql(skip="departments"),
                key="profile__department_id",
                label="profile__department__name",
                selected=filters.departments,
            )
            locations = _facet(
                self._sql(skip="locations"),
                key="profile__location_id",
                label="profile__location__name",
                selected=filters.locations,
            )
            skills = _facet(
                self._sql(skip="skills"),
                key="profile__skills__id",
                label="profile__skills__name",
                selected=filters.skills,
            )
        return {
            "departments": Facet("afdeling", departments),
            "locations": Facet("locatie", locations),
            "skills": Facet("vaardigheid", skills),
        }


def _rank(phrase: str) -> Case:
    """The name starts with the typed words as whole words ("jan" -> Jan Bakker, 0), the name starts
    with them ("jan" -> Janneke, 1), another word starts with them (Annemarie Jansen, 2), the rest (3)."""
    return Case(
        When(profile__search_text__startswith=f"{phrase} ", then=Value(0)),
        When(profile__search_text__startswith=phrase, then=Value(1)),
        When(profile__search_text__contains=f" {phrase}", then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )


def directory(*, viewer: Any, query: str = "", filters: DirectoryFilters | None = None) -> QuerySet[User]:
    """Colleagues matching ``query`` (or ``filters``), best name matches first, for a first page or two.

    See :class:`DirectorySearch`; this skips its first query, so counts and facets are not available.
    """
    search = DirectorySearch(viewer=viewer, filters=filters or DirectoryFilters(query=query), read_rows=False)
    return search.people


def directory_facets(*, viewer: Any, filters: DirectoryFilters) -> dict[str, Facet]:
    return DirectorySearch(viewer=viewer, filters=filters).facets()


def _facet(people: QuerySet[Any], *, key: str, label: str, selected: Sequence[int]) -> list[FacetValue]:
    """The ``FACET_LIMIT`` most frequent values of ``key`` among ``people`` (ticked ones always included).

    Each facet is counted with the other facets' filters applied but not its
    own, so ticking one department still shows how many people the other
    departments would add.
    """
    rows = (
        people.order_by().values(value=F(key), label=F(label)).annotate(count=Count("pk")).filter(value__isnull=False)
    )
    ordering: list[Any] = ["-count", "label"]
    if selected:
        ordering.insert(0, Case(When(**{f"{key}__in": selected}, then=Value(0)), default=Value(1)))
    return _top(
        FacetValue(id=row["value"], name=row["label"], count=row["count"], selected=row["value"] in selected)
        for row in rows.order_by(*ordering)[: FACET_LIMIT + len(selected)]
    )


def _top(values: Iterable[FacetValue]) -> list[FacetValue]:
    """The ticked values and the largest others, ``FACET_LIMIT`` in all, largest first."""
    values = sorted(values, key=lambda value: (-(value.count or 0), value.name))
    ticked = [value for value in values if value.selected]
    others = [value for value in values if not value.selected][: max(FACET_LIMIT - len(ticked), 0)]
    return sorted([*ticked, *others], key=lambda value: (-(value.count or 0), value.name))


def _unfiltered_facets() -> dict[str, Facet]:
    """The facets of the whole directory, cached for a few minutes (three aggregates over everyone)."""
    facets: dict[str, Facet] | None = cache.get(UNFILTERED_FACETS_KEY)
    if facets is None:
        everyone = employees()
        facets = {
            name: Facet(param, _facet(everyone, key=key, label=label, selected=()))
            for name, param, key, label in (
                ("departments", "afdeling", "profile__department_id", "profile__department__name"),
                ("locations", "locatie", "profile__location_id", "profile__location__name"),
                ("skills", "vaardigheid", "profile__skills__id", "profile__skills__name"),
            )
        }
        cache.set(UNFILTERED_FACETS_KEY, facets, UNFILTERED_SECONDS)
    return facets


def _uncounted(facets: dict[str, Facet], filters: DirectoryFilters) -> dict[str, Facet]:
    """The organisation-wide values without counts, ticked ones marked (used for broad results)."""
    ticked = {"departments": filters.departments, "locations": filters.locations, "skills": filters.skills}
    return {
        name: Facet(
            facet.param,
            [FacetValue(v.id, v.name, None, v.id in ticked[name]) for v in facet.values],
            hidden=[i for i in ticked[name] if i not in {v.id for v in facet.values}],
        )
        for name, facet in facets.items()
    }


def everyone_count(*, viewer: Any) -> int:
    """How many colleagues the unfiltered directory lists (cached for a few minutes)."""
    if not can_use_directory(viewer):
        return 0
    count: int | None = cache.get(EVERYONE_COUNT_KEY)
    if count is None:
        count = employees().count()
        cache.set(EVERYONE_COUNT_KEY, count, UNFILTERED_SECONDS)
    return count


def person(*, viewer: Any, user_id: int) -> User | None:
    return employees().prefetch_related("profile__skills").filter(pk=user_id).first()


# --- new colleagues ---------------------------------------------------------------


def recently_joined(*, viewer: Any, days: int = NEW_COLLEAGUE_DAYS) -> QuerySet[User]:
    """Colleagues who joined in the last ``days`` days, newest first (the viewer left out)."""
    if not can_use_directory(viewer):
        return User.objects.none()
    since = timezone.now() - timedelta(days=days)
    return employees().filter(date_joined__gte=since).exclude(pk=viewer.pk).order_by("-date_joined", "-id")


def new_colleagues(*, viewer: Any, limit: int) -> list[User]:
    """The most recently joined colleagues (last 30 days), newest first."""
    return list(recently_joined(viewer=viewer)[:limit])


# --- find an expert -----------------------------------------------------------------


@dataclass
class MatchedSkill:
    name: str
    endorsements: int


class ExpertSearch:
    """People with a skill whose name contains the topic (folded), best experts first.

    Ranking: the skill is exactly the topic (0), a word of the skill starts
    with it (1), the topic occurs inside a word (2: "gis" in "logistiek"),
    no such skill but they wrote posts about it (3: tacit knowledge made
    visible); then endorsements for those skills plus posts on the topic
    the viewer may read; then name.

    The skill vocabulary is small, so the matching skills are read first; then
    who has them (at most ``EXPERT_LIMIT`` links) and their endorsements, and
    the ranking is done in Python; only the page's 24 people are read as
    users. A topic that matches more links than that ("e") is *too broad*: it
    offers the matching skills to choose from instead. Who wrote about the
    topic is one grouped query over posts with a matching #topic, and the
    names of writers without the skill one more. Queries: at most 6.
    """

    def __init__(self, *, viewer: Any, topic: str) -> None:
        self.viewer = viewer
        self.term = query_phrase(topic)
        self._written: Counter[int] = Counter()
        self.skills: list[Skill] = []
        self.too_broad = False
        self._ranked: list[int] = []
        self._links: list[tuple[int, int, str, str]] = []
        self._endorsed: Counter[tuple[int, int]] = Counter()
        self._totals: Counter[int] = Counter()
        if self.term and can_use_directory(viewer):
            self._search()

    def _search(self) -> None:
        self.skills = list(Skill.objects.filter(normalized__contains=self.term).order_by("name"))
        level = {skill.pk: _match_level(skill.normalized, self.term) for skill in self.skills}
        self._written = _writers_about(self.viewer, self.term)
        if not level:
            self._rank_writers({}, {})
            return
        active = Q(profile__user__is_active=True, profile__user__kind=UserKind.EMPLOYEE)
        fields = ("profile_id", "skill_id", "profile__user__last_name", "profile__user__first_name")
        links = list(
            SkillLink.objects.filter(active, skill_id__in=list(level)).values_list(*fields)[: EXPERT_LIMIT + 1]
        )
        if len(links) > EXPERT_LIMIT:
            self.too_broad = True
            return
        match: dict[int, int] = {}
        names: dict[int, tuple[str, str]] = {}
        for person_id, skill_id, last_name, first_name in links:
            if level[skill_id] < match.get(person_id, 3):
                match[person_id] = level[skill_id]
            names[person_id] = (last_name.lower(), first_name.lower())
        endorsements = among(Endorsement.objects.filter(skill_id__in=list(level)), list(match), field="person_id")
        self._endorsed = Counter(endorsements.values_list("person_id", "skill_id"))
        if self._endorsed:
            held = {(person_id, skill_id) for person_id, skill_id, _last, _first in links}
            for (person_id, skill_id), count in self._endorsed.items():
                if (person_id, skill_id) in held:  # an endorsement of a skill no longer listed does not count
                    self._totals[person_id] += count
        self._links = links
        self._rank_writers(match, names)

    def _rank_writers(self, match: dict[int, int], names: dict[int, tuple[str, str]]) -> None:
        """Rank everyone found: declared skill first, then endorsements plus posts written on the topic."""
        writers_only = [pk for pk in self._written if pk not in match]
        if writers_only:
            active = User.objects.filter(pk__in=writers_only, is_active=True, kind=UserKind.EMPLOYEE)
            for pk, last_name, first_name in active.values_list("pk", "last_name", "first_name"):
                match[pk] = 3
                names[pk] = (last_name.lower(), first_name.lower())
        for pk, count in self._written.items():
            if pk in match:
                self._totals[pk] += count
        totals = self._totals
        self._ranked = sorted(match, key=lambda pk: (match[pk], -totals[pk], *names[pk], pk))

    @property
    def count(self) -> int:
        return len(self._ranked)

    def page(self, number: str | None) -> Page[User]:
        """One page of experts, each with ``matched_skills`` and ``endorsement_count`` set."""
        page: Page[Any] = Paginator(self._ranked, PAGE_SIZE).get_page(number)
        ids = list(page.object_list)
        names = {skill.pk: str(skill.name) for skill in self.skills}
        matched: dict[int, list[MatchedSkill]] = {pk: [] for pk in ids}
        for person_id, skill_id, _last, _first in self._links:
            if person_id in matched:
                matched[person_id].append(MatchedSkill(names[skill_id], self._endorsed[(person_id, skill_id)]))
        users = employees().in_bulk(ids)
        people = []
        for pk in ids:
            if pk in users:
                person = users[pk]
                person.matched_skills = sorted(matched[pk], key=lambda s: (-s.endorsements, s.name))  # type: ignore[attr-defined]
                person.endorsement_count = self._totals[pk] - self._written[pk]  # type: ignore[attr-defined]
                person.posts_on_topic = self._written[pk]  # type: ignore[attr-defined]
                people.append(person)
        page.object_list = people
        return page


WRITERS_LIMIT = 500


def _writers_about(viewer: Any, term: str) -> Counter[int]:
    """Authors of posts the viewer may read with a #topic containing ``term``, and how many each wrote."""
    from plein.stream.selectors import visible_posts
    from plein.stream.text import topic_slug

    slug = topic_slug(term)
    if not slug:
        return Counter()
    rows = (
        visible_posts(viewer)
        .filter(topics__slug__contains=slug)
        .values("author_id")
        .annotate(posts=Count("pk", distinct=True))
        .order_by("-posts")[:WRITERS_LIMIT]
    )
    return Counter({row["author_id"]: row["posts"] for row in rows})


def _match_level(normalized: str, term: str) -> int:
    if normalized == term:
        return 0
    if normalized.startswith(term) or f" {term}" in normalized:
        return 1
    return 2


def popular_skills(*, viewer: Any, limit: int = 20) -> list[Skill]:
    """The skills most colleagues have, as suggestions on an empty expert search (cached for a few minutes)."""
    if not can_use_directory(viewer):
        return []
    skills: list[Skill] | None = cache.get(POPULAR_SKILLS_KEY)
    if skills is None:
        active = Q(profiles__user__is_active=True, profiles__user__kind=UserKind.EMPLOYEE)
        counted = Skill.objects.annotate(people=Count("profiles", filter=active)).filter(people__gt=0)
        skills = list(counted.order_by("-people", "name")[:limit])
        cache.set(POPULAR_SKILLS_KEY, skills, UNFILTERED_SECONDS)
    return skills
