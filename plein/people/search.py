"""The folded search text of a profile, used by directory search.

One text column per profile, lower case and without accents, holding name,
function, skills, department, location and phone numbers. Search then is a
set of ``LIKE '%word%'`` conditions on one indexed column (trigram GIN index
on PostgreSQL) instead of joins across five tables.
"""

from __future__ import annotations

from collections.abc import Iterable

from plein.core.text import fold, squash_spaces
from plein.people.models import Profile


def search_text_for(profile: Profile, skill_names: Iterable[str]) -> str:
    user = profile.user
    parts = [
        user.first_name,
        user.last_name,
        profile.function,
        profile.department.name if profile.department else "",
        profile.location.name if profile.location else "",
        profile.room,
        profile.phone,
        profile.phone.replace(" ", "").replace("-", ""),
        profile.mobile,
        profile.mobile.replace(" ", "").replace("-", ""),
        *skill_names,
    ]
    return squash_spaces(fold(" ".join(p for p in parts if p)))


def refresh_search_text(profile_ids: Iterable[int]) -> int:
    """Recompute the search text of these profiles (by user id). Returns how many changed."""
    profiles = list(
        Profile.objects.filter(pk__in=list(profile_ids))
        .select_related("user", "department", "location")
        .prefetch_related("skills")
    )
    changed = []
    for profile in profiles:
        text = search_text_for(profile, (skill.name for skill in profile.skills.all()))
        if text != profile.search_text:
            profile.search_text = text
            changed.append(profile)
    Profile.objects.bulk_update(changed, ["search_text"], batch_size=1000)
    return len(changed)
