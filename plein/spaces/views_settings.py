"""Creating a space and managing one: settings, archive, restore, delete."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from plein.spaces import actions, permissions
from plein.spaces.actions import SpaceError
from plein.spaces.forms import DeleteForm, SpaceForm
from plein.spaces.views_space import page_context, space_of, user_of


@require_http_methods(["GET", "POST"])
@login_required
def create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_create_space(request.user):
        raise Http404  # guests: the page does not exist for them
    form = SpaceForm(request.POST or None, request.FILES or None, actor=user_of(request))
    if request.method == "POST" and form.is_valid() and (space := form.save()) is not None:
        messages.success(
            request, _("Your space “%(name)s” is ready. Invite colleagues to join.") % {"name": space.name}
        )
        return redirect(space)
    return render(request, "spaces/create.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
def settings(request: HttpRequest, slug: str) -> HttpResponse:
    space = space_of(request, slug)
    if not permissions.can_manage(request.user, space):
        raise PermissionDenied
    form = SpaceForm(request.POST or None, request.FILES or None, actor=user_of(request), space=space)
    if request.method == "POST" and form.is_valid() and form.save() is not None:
        messages.success(request, _("The settings of the space have been saved."))
        return redirect("spaces:settings", space.slug)
    return render(request, "spaces/settings.html", page_context(request, space, "settings", form=form))


@require_POST
@login_required
def archive(request: HttpRequest, slug: str) -> HttpResponse:
    space = space_of(request, slug)
    if not permissions.can_manage(request.user, space):
        raise PermissionDenied
    actions.archive_space(actor=user_of(request), space=space)
    messages.success(request, _("The space has been archived. Everything stays readable; nothing can be added."))
    return redirect(space)


@require_POST
@login_required
def restore(request: HttpRequest, slug: str) -> HttpResponse:
    space = space_of(request, slug)
    if not permissions.can_manage(request.user, space):
        raise PermissionDenied
    actions.restore_space(actor=user_of(request), space=space)
    messages.success(request, _("The space has been restored: members can take part again."))
    return redirect(space)


@require_http_methods(["GET", "POST"])
@login_required
def delete(request: HttpRequest, slug: str) -> HttpResponse:
    space = space_of(request, slug)
    if not permissions.can_delete(request.user, space):
        raise PermissionDenied
    form = DeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.delete_space(actor=user_of(request), space=space, confirm_name=form.cleaned_data["name"])
        except SpaceError as error:
            form.add_error("name", error)
        else:
            messages.success(request, _("The space “%(name)s” has been deleted.") % {"name": space.name})
            return redirect("spaces:overview")
    return render(request, "spaces/delete.html", page_context(request, space, "settings", form=form))
