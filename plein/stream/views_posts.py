"""Post pages and the writes on a post: create (from a space's composer), preview, edit (text and
attachments), delete, restore, delete for good, pin, announce, react, save for later, follow, and the
mention lookup of the composer.

Every write is a POST that calls one action; a StreamError comes back next to
the text (kept), PermissionDenied answers 403 and a post the viewer may not
see answers 404 (the selectors raise it).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from plein.core.models import Interaction, InteractionKind
from plein.notifications.actions import mark_subject_read
from plein.people import views_profile
from plein.spaces import selectors as space_selectors
from plein.spaces.views_space import page_context
from plein.stream import actions, permissions, selectors
from plein.stream.actions import StreamError
from plein.stream.forms import CommentForm, PostForm, uploaded_images
from plein.stream.models import Post, PostRevision
from plein.stream.text import render as render_text
from plein.stream.views_common import (
    back,
    is_htmx,
    post_cards,
    reaction_control,
    space_stream,
    user_of,
)

EARLIER_SHOWN = 10  # top-level comments shown on a long thread before "Show N earlier comments"
MAX_QUERY_LENGTH = 60


@require_POST
@login_required
def create(request: HttpRequest) -> HttpResponse:
    """Post in the space named by ``ruimte``; an empty ``ruimte`` posts on the author's own profile."""
    slug = request.POST.get("ruimte", "")
    if not slug and not permissions.can_post_in(request.user, None):
        raise Http404  # guests have no profile stream
    space = space_selectors.space_for(request.user, slug) if slug else None
    form = PostForm(request.POST)
    form.is_valid()
    body = form.cleaned_data.get("body", "")
    if "preview" not in request.POST:
        try:
            post = actions.create_post(
                author=user_of(request),
                body=body,
                space=space,
                client_token=form.cleaned_data.get("client_token", ""),
                images=uploaded_images(request),
                files=request.FILES.getlist("bestanden"),
            )
        except StreamError as error:
            form.add_error("body", error)
            if request.FILES:
                form.add_error("body", _("Your text is kept, but choose your images and files again."))
        else:
            messages.success(request, _("Your message has been posted."))
            home = space.get_absolute_url() if space else reverse("people:profile", args=[post.author_id])
            return redirect(f"{home}#post-{post.pk}")
    preview = render_text(body).html if body.strip() else ""
    if space is None:
        return views_profile.render_profile(request, user_of(request), form=form, preview=preview)
    stream = space_stream(request, space, form=form, preview=preview)
    context = page_context(request, space, "stream", first_members=space_selectors.first_members(space), stream=stream)
    return render(request, "spaces/space.html", context)


@require_POST
@login_required
def preview(request: HttpRequest) -> HttpResponse:
    body = request.POST.get("body", "")[:20_000]
    return render(request, "stream/_preview.html", {"preview": render_text(body).html if body.strip() else ""})


@require_GET
@login_required
def post(request: HttpRequest, post_id: int) -> HttpResponse:
    viewer = request.user
    post = selectors.post_for(viewer, post_id)
    mark_subject_read(user=viewer, subject=f"post:{post.pk}")
    moderator = permissions.can_moderate_post(viewer, post)
    comments = selectors.thread(post, include_deleted=moderator)
    earlier = 0 if request.GET.get("alles") else max(len(comments) - EARLIER_SHOWN, 0)
    for comment in comments:
        comment._shown_replies = list(comment.replies.all())  # type: ignore[attr-defined]
    card = post_cards(viewer, [post], comments={post.pk: comments[earlier:]})[0]
    context = {
        "card": card,
        "post": post,
        "earlier": earlier,
        "comment_form": CommentForm() if card.can_comment else None,
        "revisions": PostRevision.objects.filter(post=post).select_related("edited_by")
        if permissions.can_see_history(viewer, post) and post.edited_at
        else [],
        "following": _thread_state(viewer, post),
    }
    return render(request, "stream/post.html", context)


def _thread_state(viewer: Any, post: Post) -> str:
    """ "follow", "mute" or "" for the viewer on this thread."""
    found = Interaction.objects.filter(
        user_id=viewer.pk,
        kind__in=[InteractionKind.FOLLOW, InteractionKind.MUTE],
        target_type=ContentType.objects.get_for_model(Post),
        target_id=post.pk,
    ).values_list("kind", flat=True)
    return next(iter(found), "")


@require_http_methods(["GET", "POST"])
@login_required
def edit(request: HttpRequest, post_id: int) -> HttpResponse:
    """Edit a post's text and attachments: tick attachments to remove, add images (with descriptions) and files."""
    post = selectors.post_for(request.user, post_id)
    if not permissions.can_edit_post(request.user, post):
        raise PermissionDenied
    form = PostForm(request.POST or None, initial={"body": post.body})
    removing = {int(value) for value in request.POST.getlist("verwijder") if value.isdigit()}
    if request.method == "POST" and form.is_valid():
        try:
            actions.edit_post(
                actor=user_of(request),
                post=post,
                body=form.cleaned_data["body"],
                remove=sorted(removing),
                images=uploaded_images(request),
                files=request.FILES.getlist("bestanden"),
            )
        except StreamError as error:
            form.add_error("body", error)
            if request.FILES:
                form.add_error("body", _("Your text is kept, but choose your images and files again."))
        else:
            messages.success(request, _("Your message has been saved."))
            return redirect(post)
    context = {
        "post": post,
        "form": form,
        "kind": "post",
        "attachments": list(post.attachments.all()),
        "removing": removing,
    }
    return render(request, "stream/edit.html", context)


def _post_action(request: HttpRequest, post_id: int, message: str, act: object) -> HttpResponse:
    post = selectors.post_for(request.user, post_id)
    act(post)  # type: ignore[operator]
    messages.success(request, message)
    return back(request, post.get_absolute_url())


@require_POST
@login_required
def delete(request: HttpRequest, post_id: int) -> HttpResponse:
    post = selectors.post_for(request.user, post_id)
    actions.delete_post(actor=user_of(request), post=post)
    messages.success(request, _("The message has been deleted."))
    if permissions.can_view_post(request.user, post):
        return redirect(post)
    if post.space is not None:
        return redirect(post.space)
    return redirect("people:profile", post.author_id)


@require_POST
@login_required
def purge(request: HttpRequest, post_id: int) -> HttpResponse:
    """Delete an already deleted post for good (moderators); back to where it was."""
    post = selectors.post_for(request.user, post_id)
    actions.purge_post(actor=user_of(request), post=post)
    messages.success(request, _("The message has been deleted for good."))
    if post.space is not None:
        return redirect(post.space)
    return redirect("people:profile", post.author_id)


@require_POST
@login_required
def restore(request: HttpRequest, post_id: int) -> HttpResponse:
    user = user_of(request)
    return _post_action(
        request, post_id, _("The message has been restored."), lambda p: actions.restore_post(actor=user, post=p)
    )


@require_POST
@login_required
def pin(request: HttpRequest, post_id: int) -> HttpResponse:
    user, on = user_of(request), request.POST.get("aan") == "1"
    message = _("The message is pinned.") if on else _("The message is no longer pinned.")
    return _post_action(request, post_id, message, lambda p: actions.set_pinned(actor=user, post=p, pinned=on))


@require_POST
@login_required
def announce(request: HttpRequest, post_id: int) -> HttpResponse:
    user, on = user_of(request), request.POST.get("aan") == "1"
    message = _("The message is now an announcement.") if on else _("The message is no longer an announcement.")
    return _post_action(
        request, post_id, message, lambda p: actions.set_announcement(actor=user, post=p, announcement=on)
    )


@require_POST
@login_required
def bookmark(request: HttpRequest, post_id: int) -> HttpResponse:
    user, on = user_of(request), request.POST.get("aan") == "1"
    message = _("Saved for later.") if on else _("No longer saved.")
    return _post_action(request, post_id, message, lambda p: actions.set_bookmark(user=user, post=p, saved=on))


@require_POST
@login_required
def follow(request: HttpRequest, post_id: int) -> HttpResponse:
    user, on = user_of(request), request.POST.get("aan") == "1"
    message = _("You follow this conversation.") if on else _("You muted this conversation.")
    return _post_action(request, post_id, message, lambda p: actions.set_thread_follow(user=user, post=p, follow=on))


@require_POST
@login_required
def react(request: HttpRequest, post_id: int) -> HttpResponse:
    post = selectors.post_for(request.user, post_id)
    return respond_reaction(request, post, post)


def respond_reaction(request: HttpRequest, target: object, post: Post) -> HttpResponse:
    """Set or remove the viewer's reaction; htmx gets the new control, a plain form goes back."""
    user, value = user_of(request), request.POST.get("value", "")
    try:
        if value:
            actions.react(user=user, target=target, value=value)  # type: ignore[arg-type]
        else:
            actions.unreact(user=user, target=target)  # type: ignore[arg-type]
    except StreamError as error:
        messages.error(request, " ".join(error.messages))
    if is_htmx(request):
        summaries = selectors.reactions_for(user, [target])  # type: ignore[list-item]
        label = target._meta.label_lower  # type: ignore[attr-defined]
        control = reaction_control(
            target,  # type: ignore[arg-type]
            summaries.get((label, target.pk)),  # type: ignore[attr-defined]
            can_react=permissions.can_react(user, post),
        )
        return render(request, "stream/_reactions.html", {"control": control})
    anchor = f"#comment-{target.pk}" if target is not post else f"#post-{post.pk}"  # type: ignore[attr-defined]
    return back(request, post.get_absolute_url() + anchor)


@require_GET
@login_required
def reactors(request: HttpRequest, post_id: int) -> HttpResponse:
    post = selectors.post_for(request.user, post_id)
    context = {"back_url": post.get_absolute_url(), "back_label": _("Back to the message")}
    return render(request, "stream/reactors.html", {**context, "reactors": selectors.reactors(post)})


@require_GET
@login_required
def mention_search(request: HttpRequest) -> JsonResponse:
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
    people = [
        {"label": str(person), "insert": f"@[{_label(str(person))}](user:{person.pk}) "}
        for person in selectors.mentionable_people(request.user, query)
    ]
    spaces = [
        {"label": space.name, "insert": f"@[{_label(space.name)}](space:{space.slug}) "}
        for space in selectors.mentionable_spaces(request.user, query)
    ]
    return JsonResponse({"results": people + spaces})


def _label(name: str) -> str:
    """A name as mention text: brackets would end the mention early."""
    return name.replace("[", "(").replace("]", ")").replace("\n", " ")[:120]
