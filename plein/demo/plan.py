"""Plan the demo organisation in memory: the tree, the people and who leads what.

Planning is pure and seeded, so the same size and seed always give the same
names, e-mail addresses, functions and units; :mod:`plein.demo.generate` only
writes the plan. Every draw comes from one ``random.Random(seed)`` in a fixed
order, so changing the order of draws here changes every demo (that is fine,
but do it knowingly: tests compare two runs, not a stored snapshot).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from plein.demo.accounts import DEMO_ACCOUNTS, DemoAccount
from plein.demo.names import FEMALE_FIRST_NAMES, LAST_NAMES, MALE_FIRST_NAMES, NEUTRAL_FIRST_NAMES, email_local_part
from plein.demo.vocabulary import (
    DEPARTMENT_HEAD_FUNCTION,
    DIRECTOR_FUNCTION,
    DIRECTORATES,
    DISTRICTS,
    EMAIL_DOMAIN,
    GENERIC_FUNCTIONS,
    GENERIC_SKILLS,
    LOCATIONS,
    ORGANISATION_HEAD_FUNCTION,
    ORGANISATION_NAME,
    STADHUIS,
    TEAM_LEADER_FUNCTION,
    DepartmentSpec,
)
from plein.org.models import DepartmentKind
from plein.org.paths import child_path

# Total people per size, the fixed demo accounts included.
# "bench-small" is the benchmark's default size (1,000 people); "small" serves `make run` and the tests.
SIZES: dict[str, int] = {"small": 200, "bench-small": 1_000, "medium": 10_000, "large": 100_000}
PEOPLE_PER_TEAM = 16  # with the +-40% spread below, teams hold roughly 9 to 23 people
RECENT_SHARE = 0.03  # joined in the last RECENT_DAYS, so "new colleagues" has content
RECENT_DAYS = 30
HISTORY_DAYS = 3 * 365
SPECIALIST_SHARE = 0.85  # the rest get a generic function or work from another location
DAY = 86_400


@dataclass
class UnitPlan:
    name: str
    kind: str
    path: str
    parent: int | None  # index in OrgPlan.units
    spec: DepartmentSpec | None  # the department this unit is or belongs to
    manager: int | None = None  # index in OrgPlan.people


@dataclass
class PersonPlan:
    first_name: str
    last_name: str
    email: str
    function: str
    unit: int  # index in OrgPlan.units
    location: str  # a LocationSpec.name
    skills: tuple[str, ...]
    joined_seconds_ago: int
    account: DemoAccount | None = None


@dataclass
class OrgPlan:
    units: list[UnitPlan] = field(default_factory=list)
    people: list[PersonPlan] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(1 for unit in self.units if unit.kind == kind)


def build_plan(*, size: str, seed: int) -> OrgPlan:
    if size not in SIZES:
        raise ValueError(f"Unknown demo size {size!r}; choose one of {', '.join(SIZES)}.")
    rng = random.Random(seed)
    plan = OrgPlan()
    total_teams = max(1, round(SIZES[size] / PEOPLE_PER_TEAM))
    _plan_units(plan, total_teams)
    _plan_people(plan, rng, SIZES[size] - len(DEMO_ACCOUNTS))
    _place_demo_accounts(plan)
    return plan


def _share(total: int, weights: list[float]) -> list[int]:
    """Split ``total`` over ``weights`` in whole numbers (largest remainder), summing to ``total``."""
    whole = sum(weights)
    exact = [total * weight / whole for weight in weights]
    counts = [int(value) for value in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: (counts[i] - exact[i], i))
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _team_names(spec: DepartmentSpec, count: int) -> list[str]:
    """``Team Groen``; by district once the themes run out; numbered once districts do."""
    themes = spec.team_themes
    names = []
    for i in range(count):
        theme, round_ = themes[i % len(themes)], i // len(themes)
        district, number = DISTRICTS[round_ % len(DISTRICTS)], round_ // len(DISTRICTS) + 1
        if count <= len(themes):
            names.append(f"Team {theme}")
        elif count <= len(themes) * len(DISTRICTS):
            names.append(f"Team {theme} {district}")
        else:
            names.append(f"Team {theme} {district} {number}")
    return names


def _plan_units(plan: OrgPlan, total_teams: int) -> None:
    """Organisation, directorates, departments and teams, parents before children."""
    root_path = child_path("", 1)
    plan.units.append(UnitPlan(ORGANISATION_NAME, DepartmentKind.ORGANISATION, root_path, None, None))
    specs = [spec for directorate in DIRECTORATES for spec in directorate.departments]
    team_counts = dict(zip(specs, _share(total_teams, [spec.weight for spec in specs]), strict=True))
    for d, directorate in enumerate(DIRECTORATES, start=1):
        directorate_index = len(plan.units)
        directorate_path = child_path(root_path, d)
        plan.units.append(UnitPlan(directorate.name, DepartmentKind.DIRECTORATE, directorate_path, 0, None))
        for s, spec in enumerate(directorate.departments, start=1):
            department_index = len(plan.units)
            department_path = child_path(directorate_path, s)
            plan.units.append(UnitPlan(spec.name, DepartmentKind.DEPARTMENT, department_path, directorate_index, spec))
            for t, name in enumerate(_team_names(spec, team_counts[spec]), start=1):
                plan.units.append(
                    UnitPlan(name, DepartmentKind.TEAM, child_path(department_path, t), department_index, spec)
                )


def _plan_people(plan: OrgPlan, rng: random.Random, count: int) -> None:
    """One leader per unit, then everyone else spread over the leaves (teams, team-less departments)."""
    has_children = {unit.parent for unit in plan.units}
    leaves = [i for i in range(len(plan.units)) if i not in has_children]
    members = count - len(plan.units)
    if members < len(leaves):
        raise ValueError(f"{count} people are too few for {len(plan.units)} units.")
    # Uneven weights so teams differ in size, as real teams do.
    sizes = dict(zip(leaves, _share(members, [rng.uniform(0.6, 1.4) for _ in leaves]), strict=True))
    emails: dict[str, int] = {}
    for index, unit in enumerate(plan.units):
        unit.manager = len(plan.people)
        plan.people.append(_person(rng, emails, unit, index, leader=True))
        for _ in range(sizes.get(index, 0)):
            plan.people.append(_person(rng, emails, unit, index, leader=False))


def _person(rng: random.Random, emails: dict[str, int], unit: UnitPlan, index: int, *, leader: bool) -> PersonPlan:
    draw = rng.random()
    if draw < 0.47:
        first_name = rng.choice(FEMALE_FIRST_NAMES)
    elif draw < 0.96:
        first_name = rng.choice(MALE_FIRST_NAMES)
    else:
        first_name = rng.choice(NEUTRAL_FIRST_NAMES)
    last_name = rng.choice(LAST_NAMES)
    spec = unit.spec
    specialist = rng.random() < SPECIALIST_SHARE
    if leader:
        function = _leader_function(unit)
    elif spec is not None and specialist:
        function = rng.choice(spec.functions)
    else:
        function = rng.choice(GENERIC_FUNCTIONS)
    home = spec.location if spec is not None else STADHUIS
    location = home if rng.random() < SPECIALIST_SHARE else rng.choice(LOCATIONS).name
    if rng.random() < RECENT_SHARE:
        joined = rng.randrange(1, RECENT_DAYS * DAY)
    else:
        joined = rng.randrange(RECENT_DAYS * DAY, HISTORY_DAYS * DAY)
    return PersonPlan(
        first_name=first_name,
        last_name=last_name,
        email=_unique_email(emails, email_local_part(first_name, last_name)),
        function=function,
        unit=index,
        location=location,
        skills=_skills(rng, spec, leader=leader),
        joined_seconds_ago=joined,
    )


def _leader_function(unit: UnitPlan) -> str:
    if unit.kind == DepartmentKind.ORGANISATION:
        return ORGANISATION_HEAD_FUNCTION
    if unit.kind == DepartmentKind.DIRECTORATE:
        return f"{DIRECTOR_FUNCTION} {unit.name}"
    if unit.kind == DepartmentKind.DEPARTMENT:
        return DEPARTMENT_HEAD_FUNCTION
    return TEAM_LEADER_FUNCTION


def _skills(rng: random.Random, spec: DepartmentSpec | None, *, leader: bool) -> tuple[str, ...]:
    """One to four distinct skills, mostly from the person's own department."""
    own = spec.skills if spec is not None else GENERIC_SKILLS
    picked = ["leidinggeven"] if leader else []
    for _ in range(rng.randint(1, 4) - len(picked)):
        picked.append(rng.choice(own if rng.random() < 0.75 else GENERIC_SKILLS))
    return tuple(dict.fromkeys(picked))


def _unique_email(emails: dict[str, int], local: str) -> str:
    """``jan.devries@``, then ``jan.devries2@``; names hold no digits, so numbered ones never clash."""
    seen = emails.get(local, 0) + 1
    emails[local] = seen
    return f"{local}{seen if seen > 1 else ''}@{EMAIL_DOMAIN}"


def _place_demo_accounts(plan: OrgPlan) -> None:
    """Each fixed account joins the first team of its department, or the department if it has none."""
    departments = {unit.name: i for i, unit in enumerate(plan.units) if unit.kind == DepartmentKind.DEPARTMENT}
    for account in DEMO_ACCOUNTS:
        department = departments[account.department]
        spec = plan.units[department].spec
        assert spec is not None  # every department unit carries its spec
        first_team = next((i for i, unit in enumerate(plan.units) if unit.parent == department), department)
        plan.people.append(
            PersonPlan(
                first_name=account.first_name,
                last_name=account.last_name,
                email=account.email,
                function=account.function,
                unit=first_team,
                location=spec.location,
                skills=account.skills,
                joined_seconds_ago=account.joined_days_ago * DAY,
                account=account,
            )
        )
