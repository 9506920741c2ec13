"""Profile pages: view, edit, endorse, follow, and the small lookups the edit page uses."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plein.accounts.decorators import employee_required
from plein.accounts.models import User
from plein.accounts.permissions import is_employee
from plein.core.pagination import paginate
from plein.people import actions, permissions, selectors_profile
from plein.people.completeness import completeness
from plein.people.forms import ProfileForm, lookup_options, split_skills
from plein.stream import permissions as stream_permissions
from plein.stream import selectors as stream_selectors
from plein.stream.forms import PostForm
from plein.stream.views_common import post_cards

RECENT_POSTS = 5


def _user(request: HttpRequest) -> User:
    """The logged-in user (every view here is behind ``login_required``)."""
    return cast(User, request.user)


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _visible_person(request: HttpRequest, user_id: int) -> User:
    """The person, if the viewer may see them; 404 otherwise, so a guest guessing addresses learns nothing."""
    person = selectors_profile.person(user_id=user_id)
    if person is None or not permissions.can_view_profile(request.user, person):
        raise Http404
    return person


@login_required
def profile(request: HttpRequest, user_id: int) -> HttpResponse:
    return render_profile(request, _visible_person(request, user_id))


def render_profile(
    request: HttpRequest, person: User, *, form: PostForm | None = None, preview: str = ""
) -> HttpResponse:
    """The profile page; on one's own, the composer of the profile stream (``form`` kept after an error)."""
    page = selectors_profile.profile_page(viewer=request.user, person=person)
    recent = stream_selectors.profile_stream(viewer=request.user, person=person)[:RECENT_POSTS]
    recent_posts = post_cards(request.user, list(recent), comments={})
    composer = None
    if request.user.pk == person.pk and stream_permissions.can_post_in(request.user, None):
        composer = {"form": form or PostForm(), "space": None, "preview": preview}
    context = {"page": page, "person": person, "recent_posts": recent_posts, "stream": composer}
    return render(request, "people/profile.html", context)


@login_required
@employee_required
def my_profile(request: HttpRequest) -> HttpResponse:
    return redirect("people:profile", request.user.pk)


@login_required
def edit(request: HttpRequest, user_id: int | None = None) -> HttpResponse:
    """``/mensen/mij/bewerken/`` for the person; ``/mensen/<id>/bewerken/`` for administrators too."""
    actor = _user(request)
    profile = selectors_profile.editable_profile(user_id=user_id or actor.pk)
    if profile is None or not permissions.can_edit_profile(request.user, profile):
        # Guests have no profile to edit; like every page outside their spaces it does not exist for them.
        if not is_employee(request.user):
            raise Http404
        raise PermissionDenied
    progress = completeness(profile, skill_count=len(profile.skills.all()))
    form = ProfileForm(request.POST or None, request.FILES or None, profile=profile, actor=actor)
    if request.method == "POST" and form.is_valid() and form.save() is not None:
        if request.user.pk == profile.user_id:
            messages.success(request, _("Your profile has been saved."))
        else:
            messages.success(request, _("The profile of %(name)s has been saved.") % {"name": profile.user})
        return redirect(profile.get_absolute_url())
    context = {
        "form": form,
        "profile": profile,
        "person": profile.user,
        "own": request.user.pk == profile.user_id,
        "completeness": progress,
    }
    return render(request, "people/edit.html", context)


# --- endorsing and following --------------------------------------------------------------


def _skill_response(request: HttpRequest, person: User, skill_id: int) -> HttpResponse:
    if not _is_htmx(request):
        return redirect(reverse("people:profile", args=[person.pk]) + f"#skill-{skill_id}")
    row = selectors_profile.skill_row(viewer=request.user, person=person, skill_id=skill_id)
    context = {"row": row, "person": person, "can_endorse": permissions.can_endorse(request.user, person)}
    return render(request, "people/_endorse.html", context)


@require_POST
@login_required
def endorse(request: HttpRequest, user_id: int, skill_id: int) -> HttpResponse:
    person = _visible_person(request, user_id)
    if not permissions.can_endorse(request.user, person):
        raise PermissionDenied
    row = selectors_profile.skill_row(viewer=request.user, person=person, skill_id=skill_id)
    if row is None:
        raise Http404  # not a skill on this profile
    actions.endorse(endorser=_user(request), person=person, skill=row.skill)
    return _skill_response(request, person, skill_id)


@require_POST
@login_required
def withdraw_endorsement(request: HttpRequest, user_id: int, skill_id: int) -> HttpResponse:
    person = _visible_person(request, user_id)
    row = selectors_profile.skill_row(viewer=request.user, person=person, skill_id=skill_id)
    if row is None:
        raise Http404
    actions.withdraw_endorsement(endorser=_user(request), person=person, skill=row.skill)
    return _skill_response(request, person, skill_id)


def _follow_response(request: HttpRequest, person: User) -> HttpResponse:
    if not _is_htmx(request):
        return redirect("people:profile", person.pk)
    context = {
        "person": person,
        "follow": selectors_profile.follow_stats(viewer=request.user, person=person),
        "can_follow": permissions.can_follow(request.user, person),
    }
    return render(request, "people/_follow.html", context)


@require_POST
@login_required
def follow(request: HttpRequest, user_id: int) -> HttpResponse:
    person = _visible_person(request, user_id)
    if not permissions.can_follow(request.user, person):
        raise PermissionDenied
    actions.follow(user=_user(request), person=person)
    return _follow_response(request, person)


@require_POST
@login_required
def unfollow(request: HttpRequest, user_id: int) -> HttpResponse:
    person = _visible_person(request, user_id)
    actions.unfollow(user=_user(request), person=person)
    return _follow_response(request, person)


@login_required
@employee_required
def followers(request: HttpRequest, user_id: int) -> HttpResponse:
    person = _visible_person(request, user_id)
    page = paginate(request, selectors_profile.followers(person=person))
    return render(request, "people/follow_list.html", {"person": person, "page": page, "kind": "followers"})


@login_required
@employee_required
def following(request: HttpRequest, user_id: int) -> HttpResponse:
    person = _visible_person(request, user_id)
    page = paginate(request, selectors_profile.following(person=person))
    return render(request, "people/follow_list.html", {"person": person, "page": page, "kind": "following"})


# --- lookups for the edit page (htmx) --------------------------------------------------------


def _lookup(request: HttpRequest, name: str, results: list[Any]) -> HttpResponse:
    query = request.GET.get(f"{name}_search", "").strip()
    context = {"name": name, "results": lookup_options(results), "query": query}
    return render(request, "people/_lookup_results.html", context)


@login_required
@employee_required
def lookup_departments(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("department_search", "")
    return _lookup(request, "department", selectors_profile.find_departments(query))


@login_required
@employee_required
def lookup_colleagues(request: HttpRequest) -> HttpResponse:
    exclude = request.GET.get("exclude", "")
    query = request.GET.get("manager_search", "")
    found = selectors_profile.find_colleagues(query, exclude=int(exclude) if exclude.isdigit() else None)
    return _lookup(request, "manager", found)


@login_required
@employee_required
def suggest_skills(request: HttpRequest) -> HttpResponse:
    """Vocabulary skills matching the last, unfinished name typed, as ``<option>``s for the datalist.

    Each option's value is the whole input with that name completed, because choosing a
    datalist option replaces the input's value.
    """
    typed = request.GET.get("skills", "")[:3000]
    cut = typed.rfind(",") + 1
    rest = typed[cut:]
    before = typed[:cut] + rest[: len(rest) - len(rest.lstrip())]
    skills = selectors_profile.suggest_skills(rest.strip(), exclude=split_skills(typed[:cut]))
    return render(request, "people/_skill_options.html", {"skills": skills, "before": before})
