"""Writes on comments: comment or reply on a post, edit, delete, react."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from plein.stream import actions, permissions, selectors
from plein.stream.actions import StreamError
from plein.stream.forms import CommentForm
from plein.stream.models import Comment
from plein.stream.views_common import back, user_of
from plein.stream.views_posts import respond_reaction


@require_POST
@login_required
def create(request: HttpRequest, post_id: int) -> HttpResponse:
    post = selectors.post_for(request.user, post_id)
    form = CommentForm(request.POST)
    form.is_valid()
    parent = _parent(post.pk, request.POST.get("parent", ""))
    try:
        comment = actions.create_comment(
            author=user_of(request),
            post=post,
            body=form.cleaned_data.get("body", ""),
            parent=parent,
            client_token=form.cleaned_data.get("client_token", ""),
        )
    except StreamError as error:
        form.add_error("body", error)
        return render(request, "stream/comment_form.html", {"post": post, "form": form, "parent": parent})
    return redirect(comment.get_absolute_url())


def _parent(post_id: int, value: str) -> Comment | None:
    if not value.isdigit():
        return None
    return Comment.objects.filter(pk=int(value), post_id=post_id).first()


@require_http_methods(["GET", "POST"])
@login_required
def edit(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = selectors.comment_for(request.user, comment_id)
    if not permissions.can_edit_comment(request.user, comment):
        raise PermissionDenied
    form = CommentForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        try:
            actions.edit_comment(actor=user_of(request), comment=comment, body=form.cleaned_data["body"])
        except StreamError as error:
            form.add_error("body", error)
        else:
            messages.success(request, _("Your comment has been saved."))
            return redirect(comment.get_absolute_url())
    return render(request, "stream/edit.html", {"post": comment.post, "form": form, "kind": "comment"})


@require_POST
@login_required
def delete(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = selectors.comment_for(request.user, comment_id)
    actions.delete_comment(actor=user_of(request), comment=comment)
    messages.success(request, _("The comment has been deleted."))
    return back(request, comment.post.get_absolute_url())


@require_POST
@login_required
def restore(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = selectors.comment_for(request.user, comment_id)
    actions.restore_comment(actor=user_of(request), comment=comment)
    messages.success(request, _("The comment has been restored."))
    return back(request, comment.post.get_absolute_url())


@require_POST
@login_required
def react(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = selectors.comment_for(request.user, comment_id)
    return respond_reaction(request, comment, comment.post)
