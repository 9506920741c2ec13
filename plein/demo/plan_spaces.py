"""Plan the demo's spaces in memory: which spaces, their policies, who is in them and as what.

Pure and seeded like :mod:`plein.demo.plan`, but with its own random stream,
so adding or changing spaces never changes the people of a demo.

- Team spaces mirror units: a department's or a team's space holds its people,
  led by its manager.
- Projects, communities and the rest get Zipf-like sizes: a few spaces are
  large, most have a handful of members, drawn half from the department that
  runs the space and half from everyone.
- The fixed spaces of :mod:`plein.demo.space_vocabulary` are in every demo:
  each demo account owns one (with a colleague's request waiting for an
  answer), the demo guest is in one project, "Mededelingen" reaches everyone
  and only its owners and moderators post there.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from django.utils.text import slugify

from plein.demo.plan import DAY, OrgPlan, _share
from plein.demo.space_vocabulary import (
    COMMUNITY_THEMES,
    FIXED_SPACES,
    JOIN_MESSAGES,
    KNOWLEDGE_PREFIX,
    ORGANISATION_WIDE,
    OTHER_THEMES,
    OWN_REQUEST_MESSAGE,
    PROJECT_PATTERNS,
    TEAM_DESCRIPTION,
    SpaceSpec,
)
from plein.demo.vocabulary import DISTRICTS, all_skills
from plein.org.models import DepartmentKind
from plein.spaces.models import JoinPolicy, PostingPolicy, SpaceKind, SpaceRole, SpaceVisibility

SPACE_COUNTS: dict[str, int] = {"small": 40, "bench-small": 100, "medium": 250, "large": 2_500}
# Members of the largest project or community (rank 1); rank r gets ZIPF_TOP / r ** ZIPF_EXPONENT.
ZIPF_TOP: dict[str, int] = {"small": 60, "bench-small": 300, "medium": 1_200, "large": 5_000}
ZIPF_EXPONENT = 0.9
MIN_MEMBERS = 3
# Generated spaces by kind (the fixed spaces come on top).
KIND_SHARES: dict[str, float] = {
    SpaceKind.TEAM: 0.35,
    SpaceKind.PROJECT: 0.35,
    SpaceKind.COMMUNITY: 0.22,
    SpaceKind.OTHER: 0.08,
}
# (visibility, joining, weight) per kind: mostly open, some closed, a few secret.
POLICIES: dict[str, tuple[tuple[str, str, float], ...]] = {
    SpaceKind.TEAM: (
        ("open", "anyone", 30),
        ("open", "request", 20),
        ("closed", "request", 40),
        ("closed", "invitation", 10),
    ),
    SpaceKind.PROJECT: (
        ("open", "anyone", 40),
        ("open", "request", 15),
        ("closed", "request", 25),
        ("closed", "invitation", 15),
        ("secret", "invitation", 5),
    ),
    SpaceKind.COMMUNITY: (("open", "anyone", 80), ("open", "request", 12), ("closed", "request", 8)),
    SpaceKind.OTHER: (("open", "anyone", 65), ("open", "request", 10), ("closed", "request", 25)),
}
SECRET_SCALE = 0.15  # secret spaces are small circles
ANNOUNCEMENT_SHARE = 0.03  # generated spaces where only owners and moderators post
ARCHIVED_SHARE: dict[str, float] = {SpaceKind.PROJECT: 0.06}  # finished projects; other kinds rarely end
GUEST_DAYS_LEFT = 60
GUEST_JOINED_DAYS_AGO = 20
EXTRA_PICKS = 4  # spaces each demo account joined besides its own


class MemberPlan(NamedTuple):
    person: int  # index in OrgPlan.people
    role: str
    automatic: bool
    joined_seconds_ago: int


class RequestPlan(NamedTuple):
    space: int  # index in SpacesPlan.spaces
    person: int
    message: str
    seconds_ago: int


@dataclass
class SpacePlan:
    name: str
    kind: str
    description: str
    about: str = ""
    visibility: str = SpaceVisibility.OPEN
    join_policy: str = JoinPolicy.ANYONE
    posting: str = PostingPolicy.MEMBERS
    members_can_invite: bool = True
    department: int | None = None  # index in OrgPlan.units
    auto_department: int | None = None
    auto_location: str | None = None
    created_seconds_ago: int = 0
    active_seconds_ago: int = 0
    archived_seconds_ago: int | None = None
    slug: str = ""
    roles: dict[int, str] = field(default_factory=dict)  # person -> role, while planning
    automatic: set[int] = field(default_factory=set)
    members: list[MemberPlan] = field(default_factory=list)

    def add(self, person: int, role: str = SpaceRole.MEMBER, *, automatic: bool = False) -> None:
        """Add someone with ``role``; adding a plain member keeps any role they already have.

        Any other role makes an automatic membership deliberate, as a role given by hand does.
        """
        self.roles[person] = role if person not in self.roles or role != SpaceRole.MEMBER else self.roles[person]
        if automatic and role == SpaceRole.MEMBER:
            self.automatic.add(person)
        else:
            self.automatic.discard(person)


@dataclass
class SpacesPlan:
    spaces: list[SpacePlan] = field(default_factory=list)
    requests: list[RequestPlan] = field(default_factory=list)
    guest_space: int | None = None  # where the demo guest is a member
    guest_inviter: int | None = None
    guest_days_left: int = GUEST_DAYS_LEFT
    guest_joined_seconds_ago: int = GUEST_JOINED_DAYS_AGO * DAY

    @property
    def membership_count(self) -> int:
        return sum(len(space.members) for space in self.spaces) + (self.guest_space is not None)


class _Org:
    """Who is where in the organisation plan, looked up once."""

    def __init__(self, org: OrgPlan) -> None:
        self.org = org
        self.size = len(org.people)
        self.accounts = {p.account.role: i for i, p in enumerate(org.people) if p.account is not None}
        self.units_by_name = {unit.name: i for i, unit in enumerate(org.units)}
        self.by_department: dict[str, list[int]] = {}
        self.by_unit: dict[int, list[int]] = {}
        self.by_location: dict[str, list[int]] = {}
        for index, person in enumerate(org.people):
            spec = org.units[person.unit].spec
            if spec is not None:
                self.by_department.setdefault(spec.name, []).append(index)
            self.by_unit.setdefault(person.unit, []).append(index)
            self.by_location.setdefault(person.location, []).append(index)

    def department_unit(self, name: str | None) -> int | None:
        return self.units_by_name.get(name) if name else None


def build_space_plan(org: OrgPlan, *, size: str, seed: int) -> SpacesPlan:
    rng = random.Random(f"spaces:{seed}")
    people = _Org(org)
    plan = SpacesPlan()
    generated = SPACE_COUNTS[size] - len(FIXED_SPACES)
    counts = dict(zip(KIND_SHARES, _share(generated, list(KIND_SHARES.values())), strict=True))
    zipf: list[tuple[SpacePlan, str | None, float]] = []  # space, department that runs it, scale

    for spec in FIXED_SPACES:
        space = _fixed_space(spec, people)
        plan.spaces.append(space)
        if spec.auto:
            _fill_automatic(space, spec, people)
        else:
            zipf.append((space, spec.department, spec.scale))
    for space in _team_spaces(rng, people, counts[SpaceKind.TEAM]):
        plan.spaces.append(space)
    for kind, names in (
        (SpaceKind.PROJECT, _project_names(rng)),
        (SpaceKind.COMMUNITY, _community_names(rng)),
        (SpaceKind.OTHER, _other_names(rng)),
    ):
        for _ in range(counts[kind]):
            name, department, description = next(names)
            space = SpacePlan(
                name=name, kind=kind, description=description, department=people.department_unit(department)
            )
            _draw_policies(rng, space)
            plan.spaces.append(space)
            zipf.append((space, department, 1.0))
    _fill_zipf(rng, people, zipf, top=ZIPF_TOP[size])
    _place_demo_accounts(rng, people, plan)
    _unique_slugs(plan.spaces)
    _times_and_members(rng, org, plan)
    _requests(rng, people, plan)
    return plan


def _fixed_space(spec: SpaceSpec, people: _Org) -> SpacePlan:
    space = SpacePlan(
        name=spec.name,
        kind=spec.kind,
        description=spec.description,
        about=spec.about,
        visibility=spec.visibility,
        join_policy=spec.join_policy,
        posting=spec.posting,
        members_can_invite=spec.members_can_invite,
        department=people.department_unit(spec.department),
    )
    if spec.archived:
        space.archived_seconds_ago = 0  # set with the times
    if spec.auto == ORGANISATION_WIDE:
        space.auto_department = 0  # the organisation unit: everyone
    elif spec.auto:
        space.auto_location = spec.auto
    return space


def _fill_automatic(space: SpacePlan, spec: SpaceSpec, people: _Org) -> None:
    covered = range(people.size) if spec.auto == ORGANISATION_WIDE else people.by_location.get(spec.auto, [])
    for person in covered:
        space.add(person, automatic=True)
    if not spec.owner and space.department is not None:
        manager = people.org.units[space.department].manager
        if manager is not None:
            space.add(manager, SpaceRole.OWNER)


def _draw_policies(rng: random.Random, space: SpacePlan) -> None:
    options = POLICIES[space.kind]
    space.visibility, space.join_policy, _ = rng.choices(options, weights=[o[2] for o in options])[0]
    if rng.random() < ANNOUNCEMENT_SHARE:
        space.posting = PostingPolicy.MODERATORS
    space.members_can_invite = space.visibility != SpaceVisibility.SECRET and rng.random() < 0.8
    if rng.random() < ARCHIVED_SHARE.get(space.kind, 0.01):
        space.archived_seconds_ago = 0


def _team_spaces(rng: random.Random, people: _Org, count: int) -> Iterator[SpacePlan]:
    """Spaces of some departments and more teams; a unit's space holds its people, led by its manager."""
    units = people.org.units
    departments = [i for i, unit in enumerate(units) if unit.kind == DepartmentKind.DEPARTMENT]
    teams = [i for i, unit in enumerate(units) if unit.kind == DepartmentKind.TEAM]
    rng.shuffle(departments)
    rng.shuffle(teams)
    chosen_departments = departments[: min(len(departments), count // 3 + 1)]
    for index in [*chosen_departments, *teams][:count]:
        unit = units[index]
        is_department = unit.kind == DepartmentKind.DEPARTMENT
        name = f"Afdeling {unit.name}" if is_department else unit.name
        space = SpacePlan(
            name=name, kind=SpaceKind.TEAM, description=TEAM_DESCRIPTION.format(unit=name), department=index
        )
        _draw_policies(rng, space)
        space.archived_seconds_ago = None  # units that exist keep their space
        members = people.by_department[unit.spec.name] if is_department and unit.spec else people.by_unit[index]
        for person in members:
            space.add(person)
        if unit.manager is not None:
            space.add(unit.manager, SpaceRole.OWNER)
        others = [p for p in members if p != unit.manager]
        if len(others) > 8:
            space.add(rng.choice(others), SpaceRole.MODERATOR)
        yield space


def _cycle_names(
    rng: random.Random, candidates: list[tuple[str, str | None, str]]
) -> Iterator[tuple[str, str | None, str]]:
    """The candidates in random order; once used up, again by district ("... Noord"), then numbered."""
    rng.shuffle(candidates)
    suffixes: Iterator[str] = itertools.chain([""], (f" {d}" for d in DISTRICTS), (f" {n}" for n in itertools.count(2)))
    for suffix in suffixes:
        for name, department, description in candidates:
            yield f"{name}{suffix}", department, description


def _project_names(rng: random.Random) -> Iterator[tuple[str, str | None, str]]:
    fixed = {spec.name for spec in FIXED_SPACES}
    candidates = [
        (name, pattern.department, pattern.description.format(place=name[0].lower() + name[1:]))
        for pattern in PROJECT_PATTERNS
        for prefix in pattern.prefixes
        for place in pattern.places
        if (name := f"{prefix} {place}") not in fixed
    ]
    return _cycle_names(rng, candidates)


def _community_names(rng: random.Random) -> Iterator[tuple[str, str | None, str]]:
    knowledge = [
        (f"{KNOWLEDGE_PREFIX} {skill}", None, f"Collega's die verstand hebben van {skill} helpen elkaar verder.")
        for skill in all_skills()
    ]
    return _cycle_names(rng, [*COMMUNITY_THEMES, *knowledge])


def _other_names(rng: random.Random) -> Iterator[tuple[str, str | None, str]]:
    return _cycle_names(rng, list(OTHER_THEMES))


def _fill_zipf(
    rng: random.Random, people: _Org, spaces: list[tuple[SpacePlan, str | None, float]], *, top: int
) -> None:
    """A Zipf-like size per space (by a random rank), members half from its department, half from everyone."""
    ranks = list(range(1, len(spaces) + 1))
    rng.shuffle(ranks)
    limit = max(MIN_MEMBERS, people.size // 2)
    for (space, department, scale), rank in zip(spaces, ranks, strict=True):
        if space.visibility == SpaceVisibility.SECRET:
            scale *= SECRET_SCALE
        size = min(limit, max(MIN_MEMBERS, round(top * scale / rank**ZIPF_EXPONENT)))
        pool = people.by_department.get(department or "", [])
        own = rng.sample(pool, min(len(pool), size // 2 + 1)) if pool else []
        chosen = dict.fromkeys([*own, *rng.sample(range(people.size), size - len(own))])
        members = list(chosen)
        owners = 2 if len(members) > 30 else 1
        moderators = min(3, len(members) // 40)
        for position, person in enumerate(members):
            if position < owners:
                role = SpaceRole.OWNER
            elif position < owners + moderators:
                role = SpaceRole.MODERATOR
            else:
                role = SpaceRole.MEMBER
            space.add(person, role)


def _place_demo_accounts(rng: random.Random, people: _Org, plan: SpacesPlan) -> None:
    """Each demo account owns its fixed space and is a member of a few more; the guest joins their project."""
    owned: set[int] = set()
    for index, spec in enumerate(FIXED_SPACES):
        space = plan.spaces[index]
        if spec.owner:
            for person, role in list(space.roles.items()):
                if role == SpaceRole.OWNER:
                    space.roles[person] = SpaceRole.MODERATOR  # the demo account owns it
            space.add(people.accounts[spec.owner], SpaceRole.OWNER)
            owned.add(index)
        if spec.moderator:
            space.add(people.accounts[spec.moderator], SpaceRole.MODERATOR)
        if spec.requested_by:
            space.roles.pop(people.accounts[spec.requested_by], None)  # still waiting to get in
        if spec.guest:
            plan.guest_space = index
            plan.guest_inviter = people.accounts[spec.owner] if spec.owner else None
    requested = {i for i, spec in enumerate(FIXED_SPACES) if spec.requested_by}
    eligible = [
        i
        for i, space in enumerate(plan.spaces)
        if i not in owned | requested
        and space.visibility != SpaceVisibility.SECRET
        and space.archived_seconds_ago is None
        and space.auto_department is None
        and space.auto_location is None
        and space.kind != SpaceKind.TEAM
    ]
    for account in sorted(people.accounts.values()):
        candidates = [i for i in eligible if account not in plan.spaces[i].roles]
        for i in rng.sample(candidates, min(EXTRA_PICKS, len(candidates))):
            plan.spaces[i].add(account)


def _unique_slugs(spaces: list[SpacePlan]) -> None:
    taken: set[str] = set()
    for space in spaces:
        base = slugify(space.name)[:120] or "ruimte"
        slug, number = base, 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        taken.add(slug)
        space.slug = slug


def _times_and_members(rng: random.Random, org: OrgPlan, plan: SpacesPlan) -> None:
    """Activity spread over weeks (most spaces were busy recently), then when each member joined."""
    for space in plan.spaces:
        if space.archived_seconds_ago is not None:
            space.active_seconds_ago = rng.randrange(40 * DAY, 200 * DAY)
            space.archived_seconds_ago = space.active_seconds_ago - rng.randrange(DAY, 20 * DAY)
        else:
            space.active_seconds_ago = min(int(rng.expovariate(1 / (9 * DAY))), 120 * DAY) + rng.randrange(3_600)
        older = 720 * DAY if space.auto_department is not None or space.kind == SpaceKind.TEAM else 400 * DAY
        space.created_seconds_ago = space.active_seconds_ago + rng.randrange(14 * DAY, older)
        created = space.created_seconds_ago
        for person, role in space.roles.items():
            joined = min(created, org.people[person].joined_seconds_ago)
            if person in space.automatic:
                space.members.append(MemberPlan(person, role, True, joined))
            else:
                at = joined if role == SpaceRole.OWNER else rng.randrange(joined // 2, joined + 1)
                space.members.append(MemberPlan(person, role, False, at))
        space.roles, space.automatic = {}, set()  # planning state, no longer needed
    if plan.guest_space is not None:
        plan.guest_joined_seconds_ago = min(
            plan.guest_joined_seconds_ago, plan.spaces[plan.guest_space].created_seconds_ago
        )


def _requests(rng: random.Random, people: _Org, plan: SpacesPlan) -> None:
    """A colleague's request waiting in each demo account's own space, and a few elsewhere."""
    members = [{m.person for m in space.members} for space in plan.spaces]
    accounts = set(people.accounts.values())

    def outsider(index: int) -> int:
        while True:
            person = rng.randrange(people.size)
            if person not in members[index] and person not in accounts:
                members[index].add(person)
                return person

    for index, spec in enumerate(FIXED_SPACES):
        if spec.pending_request:
            plan.requests.append(RequestPlan(index, outsider(index), spec.pending_request, rng.randrange(DAY, 4 * DAY)))
        if spec.requested_by:
            person = people.accounts[spec.requested_by]
            members[index].add(person)
            plan.requests.append(RequestPlan(index, person, OWN_REQUEST_MESSAGE, rng.randrange(DAY, 3 * DAY)))
    on_request = [
        i
        for i, space in enumerate(plan.spaces)
        if i >= len(FIXED_SPACES)
        and space.join_policy == JoinPolicy.REQUEST
        and space.archived_seconds_ago is None
        and space.visibility != SpaceVisibility.SECRET
    ]
    for index in rng.sample(on_request, min(len(on_request), max(2, len(plan.spaces) // 25))):
        plan.requests.append(
            RequestPlan(index, outsider(index), rng.choice(JOIN_MESSAGES), rng.randrange(DAY, 14 * DAY))
        )
