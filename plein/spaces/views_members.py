"""Membership pages: the members list, roles, removing, joining, leaving and join requests."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from plein.accounts.permissions import is_employee
from plein.core.pagination import paginate
from plein.spaces import actions, permissions, selectors
from plein.spaces.actions import SpaceError
from plein.spaces.forms import DecisionForm, JoinRequestForm
from plein.spaces.models import Space, SpaceRole
from plein.spaces.views_space import back, is_partial, page_context, render_results, space_of, user_of

MEMBERS_PER_PAGE = 24
MAX_QUERY_LENGTH = 100


def _error(request: HttpRequest, error: SpaceError) -> None:
    messages.error(request, " ".join(error.messages))


@require_GET
@login_required
def members(request: HttpRequest, slug: str) -> HttpResponse:
    space = space_of(request, slug)
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
    role = request.GET.get("rol", "")
    role = role if role in SpaceRole.values else ""
    count = selectors.members_count(space, query=query, role=role)
    page = paginate(request, selectors.members(space, query=query, role=role), MEMBERS_PER_PAGE, count=count)
    context = page_context(
        request,
        space,
        "members",
        page=page,
        query=query,
        role=role,
        roles=SpaceRole.choices,
        employee_roles=[choice for choice in SpaceRole.choices if choice[0] != SpaceRole.GUEST],
        # A guest shares this space with everyone listed, so may open every colleague's profile.
        viewer_is_guest=not is_employee(request.user) and not permissions.is_admin(request.user),
    )
    return render_results(request, "spaces/members.html", context, partial=is_partial(request, "member-results"))


@require_POST
@login_required
def member_role(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    space = space_of(request, slug)
    if not permissions.can_manage(request.user, space):
        raise PermissionDenied
    membership = selectors.membership_in(space, membership_id)
    role = request.POST.get("role", "")
    try:
        actions.change_role(actor=user_of(request), membership=membership, role=role)
    except SpaceError as error:
        _error(request, error)
    else:
        label = SpaceRole(role).label
        messages.success(request, _("%(name)s's role is now: %(role)s.") % {"name": membership.user, "role": label})
    return back(request, reverse("spaces:members", args=[space.slug]) + f"#member-{membership.pk}")


@require_POST
@login_required
def member_remove(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    space = space_of(request, slug)
    if not permissions.can_moderate(request.user, space):
        raise PermissionDenied
    membership = selectors.membership_in(space, membership_id)
    try:
        actions.remove_member(actor=user_of(request), membership=membership)
    except SpaceError as error:
        _error(request, error)
    else:
        messages.success(request, _("%(name)s is no longer a member.") % {"name": membership.user})
    return back(request, reverse("spaces:members", args=[space.slug]))


@require_POST
@login_required
def join(request: HttpRequest, slug: str) -> HttpResponse:
    space = space_of(request, slug)
    if permissions.is_member(request.user, space):
        messages.info(request, _("You are already a member of this space."))
    elif not permissions.can_join(request.user, space):
        raise PermissionDenied
    else:
        actions.join_space(actor=user_of(request), space=space)
        messages.success(request, _("Welcome to %(name)s: you are now a member.") % {"name": space.name})
    return back(request, space.get_absolute_url())


@require_POST
@login_required
def leave(request: HttpRequest, slug: str) -> HttpResponse:
    space = space_of(request, slug)
    try:
        actions.leave_space(actor=user_of(request), space=space)
    except SpaceError as error:
        _error(request, error)
        return redirect(space)
    messages.success(request, _("You have left %(name)s.") % {"name": space.name})
    # A secret space no longer exists for someone who left it.
    return redirect(space if permissions.can_see_space(request.user, space) else "spaces:overview")


@require_http_methods(["GET", "POST"])
@login_required
def request_to_join(request: HttpRequest, slug: str) -> HttpResponse:
    space = space_of(request, slug)
    context = page_context(request, space, "request")
    header = context["header"]
    if header.membership is not None:
        return redirect(space)
    if header.pending_request is None and not header.can_request:
        raise PermissionDenied
    form = JoinRequestForm(request.POST or None)
    if request.method == "POST" and header.pending_request is None and form.is_valid():
        try:
            actions.request_to_join(actor=user_of(request), space=space, message=form.cleaned_data["message"])
        except SpaceError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your request has been sent. You will get a notification when it is answered."))
            return redirect(space)
    return render(request, "spaces/request.html", {**context, "form": form})


@require_POST
@login_required
def withdraw(request: HttpRequest, slug: str) -> HttpResponse:
    space = space_of(request, slug)
    pending = selectors.pending_request_of(request.user, space)
    if pending is None:
        messages.info(request, _("You have no open request to join this space."))
    else:
        actions.withdraw_request(actor=user_of(request), request=pending)
        messages.success(request, _("Your request to join has been withdrawn."))
    return redirect(space)


@require_http_methods(["GET", "POST"])
@login_required
def requests(request: HttpRequest, slug: str) -> HttpResponse:
    """Waiting join requests (GET); a moderator's answer to one of them (POST)."""
    space = space_of(request, slug)
    if not permissions.can_moderate(request.user, space):
        raise PermissionDenied
    if request.method == "POST":
        return _decide(request, space)
    page = paginate(request, selectors.pending_requests(space))
    return render(request, "spaces/requests.html", page_context(request, space, "requests", page=page))


def _decide(request: HttpRequest, space: Space) -> HttpResponse:
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose Approve or Decline."))
        return redirect("spaces:requests", space.slug)
    join_request = selectors.join_request_in(space, form.cleaned_data["request"])
    approve = form.cleaned_data["decision"] == "approve"
    try:
        actions.decide_request(
            actor=user_of(request), request=join_request, approve=approve, response=form.cleaned_data["response"]
        )
    except SpaceError as error:
        _error(request, error)
    else:
        name = join_request.user.display_name
        if approve:
            messages.success(request, _("%(name)s is now a member.") % {"name": name})
        else:
            messages.success(request, _("The request of %(name)s has been declined.") % {"name": name})
    return redirect("spaces:requests", space.slug)
