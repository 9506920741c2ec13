"""Every kind of notification, the group it belongs to, and each group's default per channel.

Preferences are kept per *group* (people think in "reactions" or "comments", not in twelve
kinds) and per *channel*. A kind missing here falls in the group "other".
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Channel:
    IN_APP = "in_app"
    EMAIL = "email"
    DIGEST = "digest"
    PUSH = "push"


CHANNELS = (Channel.IN_APP, Channel.EMAIL, Channel.DIGEST, Channel.PUSH)
CHANNEL_LABELS: dict[str, Promise] = {
    Channel.IN_APP: _("In Plein"),
    Channel.EMAIL: _("E-mail at once"),
    Channel.DIGEST: _("E-mail digest"),
    Channel.PUSH: _("Push on phone"),
}


@dataclass(frozen=True)
class Group:
    key: str
    label: Promise
    kinds: tuple[str, ...]
    defaults: dict[str, bool]
    # Channels a person cannot switch: reactions never go by e-mail, must-reads always show in Plein.
    fixed: frozenset[str] = frozenset()


def _on(*channels: str) -> dict[str, bool]:
    return {channel: channel in channels for channel in CHANNELS}


ALL = (Channel.IN_APP, Channel.EMAIL, Channel.DIGEST, Channel.PUSH)
GROUPS: tuple[Group, ...] = (
    Group("mentions", _("Someone mentions you or your space"), ("mention", "mention_space"), _on(*ALL)),
    Group("replies", _("Replies to your comments"), ("comment_reply",), _on(*ALL)),
    Group(
        "comments",
        _("Comments on your posts and in threads you follow"),
        ("post_comment", "thread_comment"),
        _on(Channel.IN_APP, Channel.DIGEST),
    ),
    Group(
        "reactions",
        _("Reactions to your posts and comments"),
        ("post_reaction", "comment_reaction"),
        _on(Channel.IN_APP),
        fixed=frozenset({Channel.EMAIL, Channel.DIGEST}),
    ),
    Group(
        "space_posts",
        _("Announcements and new posts in your spaces"),
        ("space_announcement", "space_post"),
        _on(Channel.IN_APP, Channel.DIGEST),
    ),
    Group(
        "must_read",
        _("Must-reads"),
        ("news_must_read", "news_must_read_reminder"),
        _on(*ALL),
        fixed=frozenset({Channel.IN_APP}),
    ),
    Group(
        "space_requests",
        _("Space invitations, requests and answers"),
        ("space_join_requested", "space_added", "space_request_approved", "space_request_declined"),
        _on(Channel.IN_APP, Channel.EMAIL, Channel.DIGEST),
    ),
    Group(
        "space_admin",
        _("Roles and guests in your spaces"),
        ("space_role_changed", "space_guest_joined", "space_guest_expiring"),
        _on(Channel.IN_APP, Channel.DIGEST),
    ),
    Group(
        "pages", _("Work processes you own"), ("page_review_due", "page_feedback"), _on(Channel.IN_APP, Channel.DIGEST)
    ),
    Group("other", _("Other messages from Plein"), ("welcome",), _on(Channel.IN_APP)),
)
GROUP_BY_KEY = {group.key: group for group in GROUPS}
GROUP_OF_KIND = {kind: group for group in GROUPS for kind in group.kinds}


def group_of(kind: str) -> Group:
    return GROUP_OF_KIND.get(kind, GROUP_BY_KEY["other"])


# The list page's filters: (key in the URL, label, kinds). "unread" and "all" are not about kinds.
FILTERS: tuple[tuple[str, Promise, tuple[str, ...]], ...] = (
    ("alles", _("All"), ()),
    ("ongelezen", _("Unread"), ()),
    ("vermeldingen", _("Mentions and replies"), ("mention", "mention_space", "comment_reply")),
    (
        "mijn-berichten",
        _("My posts"),
        ("post_comment", "post_reaction", "comment_reaction"),
    ),
    (
        "ruimtes",
        _("Spaces"),
        (
            "thread_comment",
            "space_announcement",
            "space_post",
            *GROUP_BY_KEY["space_requests"].kinds,
            *GROUP_BY_KEY["space_admin"].kinds,
        ),
    ),
    ("moetlezen", _("Must-reads and pages"), (*GROUP_BY_KEY["must_read"].kinds, *GROUP_BY_KEY["pages"].kinds)),
)
FILTER_KINDS = {key: kinds for key, _label, kinds in FILTERS}
