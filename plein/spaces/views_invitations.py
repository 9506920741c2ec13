"""Inviting people into a space, accepting a guest invitation, extending guest access, and the guest list.

The accept page is the one spaces page open to visitors who are not logged
in: the token in its address is the proof that the e-mail arrived. It sends
a referrer only to this site, loads nothing from elsewhere and is never
cached, so the token does not travel further.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from allauth.account import app_settings as allauth_settings
from allauth.account.utils import perform_login
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from plein.core.pagination import paginate
from plein.core.selectors import get_site_settings
from plein.spaces import actions, invitations, permissions, selectors
from plein.spaces.actions import SpaceError
from plein.spaces.forms_invitations import AcceptInvitationForm, AddColleaguesForm, ExtendGuestForm, GuestInvitationForm
from plein.spaces.models import Invitation, Space
from plein.spaces.views_space import is_partial, page_context, space_of, user_of

MAX_QUERY_LENGTH = 100
GUESTS_PER_PAGE = 50
INVITATIONS_SHOWN = 100
SOON_DAYS = 7


def _day(moment: Any) -> str:
    return formats.date_format(timezone.localtime(moment), "DATE_FORMAT")


# --- the invite page ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def invite(request: HttpRequest, slug: str) -> HttpResponse:
    space = space_of(request, slug)
    if not permissions.can_invite(request.user, space):
        raise PermissionDenied
    site = get_site_settings()
    which = request.POST.get("form", "") if request.method == "POST" else ""
    colleagues = AddColleaguesForm(request.POST if which == "colleagues" else None)
    guests = GuestInvitationForm(request.POST if which == "guests" else None, access_days=site.guest_access_days)
    if which == "colleagues" and colleagues.is_valid() and _add_colleagues(request, space, colleagues):
        return redirect("spaces:invite", space.slug)
    if which == "guests" and guests.is_valid() and _invite_guests(request, space, guests):
        return redirect("spaces:invite", space.slug)
    return _invite_page(request, space, colleagues=colleagues, guests=guests)


def _add_colleagues(request: HttpRequest, space: Space, form: AddColleaguesForm) -> bool:
    try:
        added = actions.add_members(actor=user_of(request), space=space, people=form.cleaned_data["people"])
    except SpaceError as error:
        form.add_error("people", error)
        return False
    if added:
        names = ", ".join(m.user.display_name for m in added)
        messages.success(
            request,
            ngettext("Added to the space: %(names)s.", "Added to the space: %(names)s.", len(added)) % {"names": names},
        )
    else:
        messages.info(request, _("Everyone you ticked was already a member."))
    return True


def _invite_guests(request: HttpRequest, space: Space, form: GuestInvitationForm) -> bool:
    data = form.cleaned_data
    try:
        sent = invitations.invite_guests(
            actor=user_of(request),
            space=space,
            emails=data["emails"],
            message=data["message"],
            access_until=data["access_until"],
        )
    except SpaceError as error:
        form.add_error("emails", error)
        return False
    messages.success(request, _("Invitation sent to %(addresses)s.") % {"addresses": ", ".join(i.email for i in sent)})
    return True


def _invite_page(
    request: HttpRequest, space: Space, *, colleagues: AddColleaguesForm, guests: GuestInvitationForm
) -> HttpResponse:
    query = " ".join(request.GET.get("zoek", request.POST.get("zoek", "")).split())[:MAX_QUERY_LENGTH]
    site = get_site_settings()
    context = page_context(
        request,
        space,
        "invite",
        colleague_query=query,  # not "query": the header's site search shows that one
        candidates=selectors.colleague_candidates(space=space, query=query) if query else [],
        selected=request.POST.getlist("people"),
        colleagues_form=colleagues,
        guest_form=guests,
        guests_enabled=site.guest_invitations_enabled,
        can_invite_guests=permissions.can_invite_guests(
            request.user, space, guests_enabled=site.guest_invitations_enabled
        ),
        guest_domains=site.guest_domains,
        valid_days=site.invitation_valid_days,
        open_invitations=selectors.open_invitations(space),
        can_moderate=permissions.can_moderate(request.user, space),
    )
    partial = is_partial(request, "colleague-results")
    response = render(request, "spaces/invite.html#colleague_results" if partial else "spaces/invite.html", context)
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


@require_POST
@login_required
def revoke_invitation(request: HttpRequest, slug: str, invitation_id: int) -> HttpResponse:
    space = space_of(request, slug)
    invitation = get_object_or_404(selectors.open_invitations(space), pk=invitation_id)
    invitations.revoke_invitation(actor=user_of(request), invitation=invitation)
    messages.success(request, _("The invitation for %(address)s has been withdrawn.") % {"address": invitation.email})
    return redirect("spaces:invite", space.slug)


@require_POST
@login_required
def extend_guest(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    space = space_of(request, slug)
    if not permissions.can_moderate(request.user, space):
        raise PermissionDenied
    membership = selectors.membership_in(space, membership_id)
    form = ExtendGuestForm(request.POST)
    try:
        if not form.is_valid():
            raise SpaceError(list(form.errors["until"]))
        actions.extend_guest_access(actor=user_of(request), membership=membership, until=form.cleaned_data["until"])
    except SpaceError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(name)s now has access until %(date)s.")
            % {"name": membership.user.display_name, "date": _day(membership.expires_at)},
        )
    return redirect(reverse("spaces:members", args=[space.slug]) + "?rol=guest")


# --- accepting an invitation ------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    found = invitations.find_invitation(token)
    problem = invitations.invitation_problem(found)
    if found is None or problem:
        return _private(_problem_page(request, found, problem))
    step = invitations.accept_step(request.user, found)
    form = _accept_form(request, found) if step == invitations.AcceptStep.NEW_ACCOUNT else None
    if request.method == "POST" and step in invitations.CAN_ACCEPT and (form is None or form.is_valid()):
        try:
            return _private(_accept(request, found, form))
        except SpaceError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(request.path)
    context = {"invitation": found, "space": found.space, "step": str(step), "form": form}
    return _private(render(request, "spaces/invitation.html", context))


def _accept_form(request: HttpRequest, found: Invitation) -> AcceptInvitationForm:
    old = invitations.account_for(found)  # an ended guest coming back keeps their name
    initial = {"first_name": old.first_name, "last_name": old.last_name} if old else {}
    return AcceptInvitationForm(request.POST or None, email=found.email, initial=initial)


def _accept(request: HttpRequest, found: Invitation, form: AcceptInvitationForm | None) -> HttpResponse:
    data = form.cleaned_data if form else {}
    membership = invitations.accept_invitation(
        invitation=found,
        user=request.user if request.user.is_authenticated else None,
        first_name=data.get("first_name", ""),
        last_name=data.get("last_name", ""),
        password=form.password if form else "",
    )
    space = found.space
    messages.success(request, _("Welcome to %(space)s!") % {"space": space.name})
    if request.user.is_authenticated:
        return redirect(space)
    # allauth's log-in, so the session is recorded like any other (Settings > Sessions).
    return perform_login(
        request,
        membership.user,
        email_verification=allauth_settings.EMAIL_VERIFICATION,
        redirect_url=space.get_absolute_url(),
    )


def _problem_page(request: HttpRequest, found: Invitation | None, problem: str) -> HttpResponse:
    context = {"invitation": found, "problem": problem, "used": bool(found and found.accepted_at)}
    return render(request, "spaces/invitation_problem.html", context, status=404 if found is None else 410)


def _private(response: HttpResponse) -> HttpResponse:
    # The address holds the token: only this site may see it as a referrer, whatever the site-wide
    # policy says. ("no-referrer" would be stricter, but makes browsers send "Origin: null" with
    # the form, which Django's CSRF check rightly refuses.)
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


# --- guests overview for administrators ---------------------------------------------------------


@login_required
def guests(request: HttpRequest) -> HttpResponse:
    if not permissions.can_see_guest_list(request.user):
        raise Http404
    state = request.GET.get("toegang", "")
    state = state if state in selectors.GUEST_STATES else ""
    now = timezone.now()
    pending = list(selectors.open_invitations_everywhere()[: INVITATIONS_SHOWN + 1])
    context = {
        "page": paginate(request, selectors.guests_overview(state=state), GUESTS_PER_PAGE),
        "state": state,
        "now": now,
        "soon": now + timedelta(days=SOON_DAYS),
        "pending": pending[:INVITATIONS_SHOWN],
        "more_pending": len(pending) > INVITATIONS_SHOWN,
    }
    return render(request, "spaces/guests.html", context)
