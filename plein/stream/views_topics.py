"""A topic's page (#name: its posts the viewer may read), following a topic, and the topic lookup."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from plein.core.models import Interaction, InteractionKind
from plein.stream import actions, selectors
from plein.stream.models import Topic
from plein.stream.views_common import back, is_htmx, stream_page, user_of


@require_GET
@login_required
def topic(request: HttpRequest, slug: str) -> HttpResponse:
    topic = selectors.topic_for(slug)
    stream = stream_page(request, selectors.topic_posts(viewer=request.user, topic=topic))
    if is_htmx(request) and request.headers.get("HX-Target") == "stream-more":
        return render(request, "stream/_stream.html", {"stream": stream})
    following = Interaction.objects.filter(
        user_id=user_of(request).pk,
        kind=InteractionKind.FOLLOW,
        target_type=ContentType.objects.get_for_model(Topic),
        target_id=topic.pk,
    ).exists()
    return render(request, "stream/topic.html", {"topic": topic, "stream": stream, "following": following})


@require_POST
@login_required
def follow(request: HttpRequest, slug: str) -> HttpResponse:
    topic = selectors.topic_for(slug)
    on = request.POST.get("aan") == "1"
    actions.set_topic_follow(user=user_of(request), topic=topic, follow=on)
    message = _("You follow #%(name)s.") if on else _("You no longer follow #%(name)s.")
    messages.success(request, message % {"name": topic.name})
    return back(request, topic.get_absolute_url())


@require_GET
@login_required
def search(request: HttpRequest) -> JsonResponse:
    query = request.GET.get("q", "")[:60]
    topics = selectors.matching_topics(query)
    return JsonResponse({"results": [{"label": f"#{t.name}", "insert": f"#{t.slug} "} for t in topics]})
