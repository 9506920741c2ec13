from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plein.core.pagination import paginate
from plein.notifications import actions, selectors
from plein.notifications.forms import ChannelsForm, PauseForm, QuietForm, SpaceLevelsForm
from plein.notifications.kinds import FILTER_KINDS, FILTERS
from plein.spaces.selectors import my_spaces


def _filter(request: HttpRequest) -> str:
    key = request.GET.get("filter") or request.POST.get("filter") or "alles"
    return key if key in FILTER_KINDS else "alles"


def _list_url(filter_key: str) -> str:
    url = reverse("notifications:list")
    return url if filter_key == "alles" else f"{url}?filter={filter_key}"


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    current = _filter(request)
    page = paginate(request, selectors.notifications_for(request.user, current))
    filters = [(key, label, _list_url(key)) for key, label, _kinds in FILTERS]
    return render(request, "notifications/list.html", {"page": page, "filters": filters, "current": current})


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    if actions.mark_all_read(user=request.user):
        messages.success(request, _("All notifications are marked as read."))
    return redirect(_list_url(_filter(request)))


@login_required
@require_POST
def mark_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    actions.mark_read(user=request.user, notification_id=notification_id)
    return redirect(_list_url(_filter(request)))


@login_required
def open_notification(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Clicking a notification marks it read and goes to what it is about (only within Plein)."""
    notification = actions.mark_read(user=request.user, notification_id=notification_id)
    target = notification.url if notification is not None else ""
    if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("notifications:list")
    return HttpResponseRedirect(target)


@login_required
def badge(request: HttpRequest) -> HttpResponse:
    return render(request, "notifications/_badge.html")


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    user = request.user
    settings = selectors.settings_of(user)
    levels = selectors.space_levels(user)
    forms: dict[str, Any] = {
        "channels": ChannelsForm(settings=settings),
        "quiet": QuietForm(
            initial={
                "quiet_from": _hhmm(settings.quiet_from if settings else None),
                "quiet_until": _hhmm(settings.quiet_until if settings else None),
                "quiet_days": settings.quiet_days if settings else [],
            }
        ),
        "pause": PauseForm(),
        "spaces": SpaceLevelsForm(spaces=list(my_spaces(user)), levels=levels),
    }
    which = request.POST.get("form", "")
    if request.method == "POST" and which in forms:
        bound = _bind(request, which, settings, forms["spaces"].spaces, levels)
        if bound.is_valid():
            _save(request, which, bound, levels)
            return redirect(reverse("notifications:preferences") + f"#{which}")
        forms[which] = bound
    context = {
        **forms,
        "settings": settings,
        "paused": bool(settings and settings.paused_until and settings.paused_until > timezone.now()),
    }
    return render(request, "notifications/preferences.html", context, status=400 if which in forms else 200)


def _hhmm(moment: Any) -> str:
    return moment.strftime("%H:%M") if moment else ""


def _bind(request: HttpRequest, which: str, settings: Any, spaces: list[Any], levels: dict[int, str]) -> Any:
    if which == "channels":
        return ChannelsForm(request.POST, settings=settings)
    if which == "quiet":
        return QuietForm(request.POST)
    if which == "pause":
        return PauseForm(request.POST)
    return SpaceLevelsForm(request.POST, spaces=spaces, levels=levels)


def _save(request: HttpRequest, which: str, form: Any, levels: dict[int, str]) -> None:
    user = request.user
    data = form.cleaned_data
    if which == "channels":
        actions.save_channels(user=user, channels=form.channels(), digest=data["digest"])
    elif which == "quiet":
        actions.save_quiet_times(
            user=user, quiet_from=data["quiet_from"], quiet_until=data["quiet_until"], quiet_days=data["quiet_days"]
        )
    elif which == "pause":
        actions.pause(user=user, days=0 if "resume" in request.POST else data["days"])
    else:
        for space, level in form.changes(levels):
            actions.set_space_level(user=user, space=space, level=level)
    messages.success(request, _("Your notification settings are saved."))
