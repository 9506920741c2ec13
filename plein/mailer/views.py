"""The administrators' view of the outbox: counts, what waits, what failed and why, and "retry now"."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from plein.mailer import selectors
from plein.mailer.actions import retry_failed
from plein.people.views_import import admin_required


@admin_required
def outbox(request: HttpRequest) -> HttpResponse:
    context = {
        "counts": selectors.queue_counts(),
        "failed": selectors.failed_messages(),
        "waiting": selectors.waiting_messages(),
        "sent": selectors.sent_messages(),
        "limit": selectors.LIST_LIMIT,
    }
    return render(request, "mailer/outbox.html", context)


@require_POST
@admin_required
def retry(request: HttpRequest) -> HttpResponse:
    chosen = [int(pk) for pk in request.POST.getlist("message") if pk.isdigit()]
    count = retry_failed(message_ids=chosen or None)
    messages.success(
        request,
        ngettext("%(count)d message will be sent again.", "%(count)d messages will be sent again.", count)
        % {"count": count},
    )
    return redirect("mailer:outbox")
