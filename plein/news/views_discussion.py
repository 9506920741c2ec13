"""The discussion under a news item: comment, reply, edit, delete, react, who reacted.

Plain forms that work without JavaScript; the reaction bar is the stream's and swaps
itself with htmx when that is loaded. A refused text comes back on the news page with
the message next to the field and the text as typed.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from plein.news import actions_discussion as actions
from plein.news import permissions, selectors, selectors_discussion
from plein.news.views import item_context
from plein.stream.actions import StreamError
from plein.stream.forms import CommentForm
from plein.stream.views_common import back, is_htmx


@require_POST
@login_required
def comment(request: HttpRequest, slug: str) -> HttpResponse:
    news = selectors.news_item_for(request.user, slug)
    if not permissions.can_comment(request.user, news):
        raise Http404
    form = CommentForm(request.POST)
    form.is_valid()
    parent = selectors_discussion.parent_for(news, request.POST.get("parent", ""))
    try:
        new = actions.comment(
            author=request.user,
            item=news,
            body=form.cleaned_data.get("body", ""),
            parent=parent,
            client_token=form.cleaned_data.get("client_token", ""),
        )
    except StreamError as error:
        form.add_error("body", error)
        context = item_context(request, news, form=form, form_parent=parent.pk if parent else None)
        return render(request, "news/item.html", context)
    return redirect(new.get_absolute_url())


@require_http_methods(["GET", "POST"])
@login_required
def edit_comment(request: HttpRequest, slug: str, comment_id: int) -> HttpResponse:
    news = selectors.news_item_for(request.user, slug)
    found = selectors_discussion.comment_for(request.user, news, comment_id)
    if not permissions.can_edit_comment(request.user, found):
        raise PermissionDenied
    form = CommentForm(request.POST or None, initial={"body": found.body})
    if request.method == "POST" and form.is_valid():
        try:
            actions.edit_comment(actor=request.user, comment=found, body=form.cleaned_data["body"])
        except StreamError as error:
            form.add_error("body", error)
        else:
            messages.success(request, _("Your comment has been saved."))
            return redirect(found.get_absolute_url())
    return render(request, "news/comment_edit.html", {"item": news, "form": form})


@require_POST
@login_required
def delete_comment(request: HttpRequest, slug: str, comment_id: int) -> HttpResponse:
    news = selectors.news_item_for(request.user, slug)
    found = selectors_discussion.comment_for(request.user, news, comment_id)
    actions.delete_comment(actor=request.user, comment=found)
    messages.success(request, _("The comment has been deleted."))
    return redirect(found.get_absolute_url())


@require_POST
@login_required
def react(request: HttpRequest, slug: str) -> HttpResponse:
    """Set, change or remove (empty value) the viewer's reaction; htmx gets the new bar."""
    news = selectors.news_item_for(request.user, slug)
    if not permissions.can_react(request.user, news):
        raise Http404
    value = request.POST.get("value", "")
    try:
        if value:
            actions.react(user=request.user, item=news, value=value)
        else:
            actions.unreact(user=request.user, item=news)
    except StreamError as error:
        messages.error(request, " ".join(error.messages))
    if is_htmx(request):
        control = selectors_discussion.reaction_control(request.user, news)
        return render(request, "stream/_reactions.html", {"control": control})
    return back(request, news.reader_url + "#reacties")


@require_GET
@login_required
def reactors(request: HttpRequest, slug: str) -> HttpResponse:
    news = selectors.news_item_for(request.user, slug)
    if not news.allow_reactions:
        raise Http404
    back = _("Back to “%(title)s”") % {"title": news.title}
    context = {"back_url": news.reader_url, "back_label": back, "reactors": selectors_discussion.reactors(news)}
    return render(request, "stream/reactors.html", context)
