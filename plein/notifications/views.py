from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plein.core.pagination import paginate
from plein.notifications import actions, selectors


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.notifications_for(request.user))
    return render(request, "notifications/list.html", {"page": page})


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    if actions.mark_all_read(user=request.user):
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:list")


@login_required
def badge(request: HttpRequest) -> HttpResponse:
    return render(request, "notifications/_badge.html")
