"""Feed fan-out lag: from a post being created to it standing in an active follower's home feed.

The author is the employee with the most recently active followers. Each round
posts on the author's profile through the page (timing the request, which must
return before the fan-out is done: the worker does it), then polls the database
every 20 ms until the post is in the inbox of one of those followers — what the
follower's next home page shows. Also reports how many inboxes each post reached.
"""

from __future__ import annotations

import re
import time
import uuid
from datetime import timedelta
from typing import Any

import requests


def _author_and_follower() -> tuple[Any, int, int]:
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Count
    from django.utils import timezone

    from plein.accounts.models import User
    from plein.core.models import Interaction, InteractionKind
    from plein.feed.models import FeedState

    active = FeedState.objects.filter(last_seen_at__gte=timezone.now() - timedelta(days=13)).values("user_id")
    follows = Interaction.objects.filter(
        kind=InteractionKind.FOLLOW, target_type=ContentType.objects.get_for_model(User), user_id__in=active
    )
    top = follows.values("target_id").annotate(n=Count("pk")).order_by("-n", "target_id").first()
    if top is None:
        raise RuntimeError("nobody follows anybody")
    author = User.objects.get(pk=top["target_id"])
    follower = follows.filter(target_id=author.pk).order_by("user_id").values_list("user_id", flat=True).first()
    return author, int(follower), int(top["n"])


def measure(base: str, *, rounds: int = 10, timeout: float = 30.0) -> dict[str, Any]:
    from bench.workload import session_for
    from plein.feed.models import InboxEntry

    author, follower, followers = _author_and_follower()
    http = requests.Session()
    http.cookies.set("plein_session", session_for(author))
    http.get(f"{base}/")
    headers = {"X-CSRFToken": http.cookies.get("plein_csrftoken", ""), "Referer": f"{base}/"}
    lags, posting, reached = [], [], []
    for number in range(rounds):
        body = f"Fan-out meting {number + 1}: wie volgt, ziet dit bericht."
        started = time.perf_counter()
        response = http.post(
            f"{base}/berichten/nieuw/",
            data={"ruimte": "", "body": body, "client_token": uuid.uuid4().hex},
            headers=headers,
            allow_redirects=False,
        )
        posted = time.perf_counter()
        posting.append((posted - started) * 1000)
        match = re.search(r"#post-(\d+)", response.headers.get("Location", ""))
        if match is None:
            raise RuntimeError(f"posting failed: {response.status_code}")
        post_id = int(match.group(1))
        while not InboxEntry.objects.filter(post_id=post_id, user_id=follower).exists():
            if time.perf_counter() - posted > timeout:
                break
            time.sleep(0.02)
        lags.append((time.perf_counter() - started) * 1000)
        reached.append(InboxEntry.objects.filter(post_id=post_id).count())
        time.sleep(0.5)
    return {
        "author_active_followers": followers,
        "rounds": rounds,
        "post_request_ms": sorted(posting),
        "lag_ms": sorted(lags),
        "inboxes_reached": reached,
    }
