"""What the simulated people do: who they are, and which posts, spaces, people and words they ask for.

Runs in the bench process with Django set up on the benchmark's database. The
people are employees of the generated organisation (the demo employee first),
drawn with a fixed seed; each gets a session made the way Django's ``login()``
makes one, so hundreds of password hashes are not paid at every start (the
demo employee's session comes from the real log-in form, which proves that path).
"""

from __future__ import annotations

import json
import random
import re
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any

# The mix of issue 9: reads dominate. Weights in percent; "react", "comment" and "post" are the writes.
MIX: dict[str, float] = {
    "home": 35,
    "badge": 20,
    "post": 12,
    "space": 10,
    "profile": 4,
    "directory": 4,
    "search": 5,
    "news": 3,  # the news overview; with "news item", the 5 % for news
    "news item": 2,
    "react": 2,
    "comment": 2,
    "create post": 1,
}
WRITES = ("react", "comment", "create post")
EMPLOYEE, PASSWORD = "medewerker@zuiderveld.nl", "plein-demo-2026"


def real_login(base: str) -> dict[str, str]:
    """Log in as the demo employee through the form; return the cookies."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/accounts/login/").read().decode()
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if match is None:
        raise RuntimeError("no log-in form")
    data = urllib.parse.urlencode({"login": EMPLOYEE, "password": PASSWORD, "csrfmiddlewaretoken": match.group(1)})
    request = urllib.request.Request(f"{base}/accounts/login/", data=data.encode(), headers={"Referer": f"{base}/"})  # noqa: S310
    opener.open(request).read()
    cookies = {cookie.name: cookie.value or "" for cookie in jar}
    if "plein_session" not in cookies:
        raise RuntimeError("log-in as the demo employee failed")
    return cookies


def session_for(user: Any) -> str:
    """A session as ``django.contrib.auth.login`` stores it; returns its key."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.module_loading import import_string

    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return str(store.session_key)


def build(*, base: str, people: int, seed: int, path: Path) -> dict[str, Any]:
    """Choose the people and the targets; write them as JSON for the load generator and return them."""
    from django.db.models import Q

    from plein.accounts.models import User
    from plein.news.models import NewsItem
    from plein.people.models import Profile
    from plein.spaces.models import Space, SpaceVisibility
    from plein.stream.models import Post

    rng = random.Random(seed)
    first = real_login(base)
    employee_ids = list(
        User.objects.filter(kind="employee", is_active=True)
        .exclude(email=EMPLOYEE)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    chosen = rng.sample(employee_ids, min(people - 1, len(employee_ids)))
    sessions = [first["plein_session"]] + [
        session_for(user) for user in User.objects.filter(pk__in=chosen).order_by("pk")
    ]
    open_spaces = Space.objects.filter(visibility=SpaceVisibility.OPEN, archived_at=None)
    recent = (
        Post.objects.filter(deleted_at=None)
        .filter(Q(space=None) | Q(space__in=open_spaces))
        .order_by("-created_at")
        .values_list("pk", flat=True)[:5000]
    )
    posts = rng.sample(list(recent), min(500, len(recent)))
    # Anyone may react to and comment on a post on a colleague's profile; in a space only its members may.
    on_profiles = list(
        Post.objects.filter(deleted_at=None, space=None).order_by("-created_at").values_list("pk", flat=True)[:2000]
    )
    writable = rng.sample(on_profiles, min(300, len(on_profiles)))
    slugs = list(open_spaces.order_by("slug").values_list("slug", flat=True))
    profiles = rng.sample(employee_ids, min(500, len(employee_ids)))
    names = list(Profile.objects.filter(user_id__in=profiles[:60]).values_list("user__last_name", "user__first_name"))
    directory = sorted({last.split()[-1][:5].lower() for last, _f in names} | {first.lower() for _l, first in names})
    news = [item.reader_url for item in NewsItem.objects.live().filter(audience_everyone=True)]
    plan = {
        "news_items": news,
        "sessions": sessions,
        "posts": posts,
        "writable_posts": writable,
        "spaces": rng.sample(slugs, min(100, len(slugs))),
        "profiles": profiles,
        "directory": directory,
        "search": ["van", "team", "omgevingswet", "jan", "gis", "de vries", "burgerzaken", "duurzaam"],
        "mix": MIX,
    }
    path.write_text(json.dumps(plan))
    return plan
