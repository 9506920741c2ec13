"""Readers' pages for work processes: the tree, a page with its contents, documents,
"last checked on" and feedback to the owner."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.rich_text import expand_db_html

from plein.accounts.decorators import employee_required
from plein.news import actions, permissions, selectors
from plein.news.audience import describe
from plein.news.reader_forms import FeedbackForm
from plein.news.toc import with_anchors


@employee_required
def processes(request: HttpRequest) -> HttpResponse:
    index = selectors.process_index()
    pages = list(selectors.process_pages_for(request.user)) if index else []
    return render(request, "news/processes.html", {"index": index, "pages": pages})


@employee_required
def process_page(request: HttpRequest, path: str) -> HttpResponse:
    index = selectors.process_index()
    if index is None:
        raise Http404
    page = selectors.process_page_for(request.user, f"{index.url_path}{path}/")
    form = FeedbackForm(request.POST or None)
    if request.method == "POST":
        response = _handle_post(request, page, form)
        if response is not None:
            return response
    body, headings = with_anchors(expand_db_html(page.body))
    review = selectors.review_of(page)
    is_owner = request.user.pk == page.page_owner_id
    context = {
        "page": page,
        "body": body,
        "headings": headings,
        "children": selectors.children_for(request.user, page),
        "checked_on": page.checked_on(review),
        "review_overdue": page.review_date < timezone.localdate(),
        "is_owner": is_owner,
        "form": form,
        "audience": describe(page) if permissions.is_editor(request.user) else None,
        "ancestors": selectors.ancestors_for(request.user, page, index),
    }
    return render(request, "news/process_page.html", context, status=400 if form.errors else 200)


def _handle_post(request: HttpRequest, page: object, form: FeedbackForm) -> HttpResponse | None:
    try:
        if request.POST.get("action") == "checked":
            actions.mark_checked(user=request.user, page=page)  # type: ignore[arg-type]
            messages.success(request, _("Thank you: readers now see that you checked this page today."))
            return redirect(request.path)
        if form.is_valid():
            actions.send_feedback(user=request.user, page=page, message=form.cleaned_data["message"])  # type: ignore[arg-type]
            messages.success(request, _("Thank you: the owner of this page has received your message."))
            return redirect(request.path)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        form.add_error("message", error)
    return None
