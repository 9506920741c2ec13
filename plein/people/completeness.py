"""How complete a profile is, and the concrete next steps that would complete it.

A fuller profile makes a person findable ("who knows about the Omgevingswet?"),
so new people are invited to fill theirs in, one small step at a time.
Fields an HR or directory source manages are left out: the person cannot
change them, so they are never a step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from plein.people.models import Profile

MIN_SKILLS = 3


@dataclass(frozen=True)
class Step:
    text: str | Promise
    field: str  # the form field on the edit page that takes this step

    @property
    def anchor(self) -> str:
        return f"id_{self.field}"


@dataclass(frozen=True)
class Completeness:
    score: int  # 0-100
    steps: list[Step]

    @property
    def complete(self) -> bool:
        return not self.steps


@dataclass(frozen=True)
class _Check:
    weight: int
    managed_by: tuple[str, ...]  # the profile fields this check depends on
    done: Callable[[Profile, int], bool]
    step: Step


CHECKS = (
    _Check(20, ("photo",), lambda p, n: bool(p.photo), Step(_("Add a photo"), "photo")),
    _Check(
        20,
        ("skills",),
        lambda p, n: n >= MIN_SKILLS,
        Step(_("Add at least three skills, so colleagues can find you by what you know"), "skills"),
    ),
    _Check(15, ("about",), lambda p, n: bool(p.about.strip()), Step(_("Write something about yourself"), "about")),
    _Check(10, ("function",), lambda p, n: bool(p.function.strip()), Step(_("Add your function"), "function")),
    _Check(
        10,
        ("department",),
        lambda p, n: p.department_id is not None,
        Step(_("Choose your department"), "department"),
    ),
    _Check(
        10,
        ("phone", "mobile"),
        lambda p, n: bool(p.phone or p.mobile),
        Step(_("Add your phone number"), "phone"),
    ),
    _Check(10, ("location",), lambda p, n: p.location_id is not None, Step(_("Choose your location"), "location")),
    _Check(
        5, ("languages",), lambda p, n: bool(p.languages.strip()), Step(_("Add the languages you speak"), "languages")
    ),
)


def completeness(profile: Profile, *, skill_count: int) -> Completeness:
    """Score and next steps for ``profile``; ``skill_count`` is passed in so no query is needed."""
    managed = set(profile.managed_fields or [])
    total = achieved = 0
    steps = []
    for check in CHECKS:
        done = check.done(profile, skill_count)
        if not done and all(field in managed for field in check.managed_by):
            continue  # only the HR source can fill this in
        total += check.weight
        if done:
            achieved += check.weight
        else:
            steps.append(check.step)
    score = round(100 * achieved / total) if total else 100
    return Completeness(score=score, steps=steps)
