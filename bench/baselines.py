"""Baseline B2: for each page, one hand-written SQL query that fetches the same data, timed in the bench process.

A page cannot be faster than the database can hand over what it shows, so each
page's latency is reported as a multiple of its query's. The queries leave out
what a real page must also do (permissions, rendering, the session), which is
exactly the cost the ratio makes visible. They run on one connection of the
bench process, sequentially, while the servers are idle.
"""

from __future__ import annotations

import random
import statistics
import time
from typing import Any

QUERIES: dict[str, str] = {
    # The newest 20 of: the reader's inbox, and posts of their large spaces; with author and space.
    "home": """
        SELECT p.id, p.body_html, p.created_at, p.comment_count, p.reaction_count,
               a.first_name, a.last_name, s.name, s.slug
        FROM stream_post p
        JOIN accounts_user a ON a.id = p.author_id
        LEFT JOIN spaces_space s ON s.id = p.space_id
        WHERE p.deleted_at IS NULL AND (
            p.id IN (SELECT i.post_id FROM feed_inboxentry i WHERE i.user_id = %(user)s
                     ORDER BY i.created_at DESC LIMIT 20)
            OR p.id IN (SELECT q.id FROM stream_post q
                        WHERE q.space_id IN (SELECT m.space_id FROM spaces_membership m
                                             JOIN spaces_space b ON b.id = m.space_id
                                             WHERE m.user_id = %(user)s AND b.member_count > %(push_max)s)
                        ORDER BY q.created_at DESC LIMIT 20))
        ORDER BY p.created_at DESC LIMIT 20""",
    "badge": """
        SELECT COUNT(*) FROM notifications_notification WHERE recipient_id = %(user)s AND read_at IS NULL""",
    # The post, its author, and its comments with their authors.
    "post": """
        SELECT p.body_html, pa.first_name, pa.last_name, c.id, c.body_html, c.created_at, ca.first_name, ca.last_name
        FROM stream_post p
        JOIN accounts_user pa ON pa.id = p.author_id
        LEFT JOIN stream_comment c ON c.post_id = p.id AND c.deleted_at IS NULL
        LEFT JOIN accounts_user ca ON ca.id = c.author_id
        WHERE p.id = %(post)s
        ORDER BY c.created_at""",
    # The space and its newest 20 posts with their authors.
    "space": """
        SELECT s.name, s.description, s.member_count, p.id, p.body_html, p.created_at, a.first_name, a.last_name
        FROM spaces_space s
        LEFT JOIN stream_post p ON p.space_id = s.id AND p.deleted_at IS NULL
        LEFT JOIN accounts_user a ON a.id = p.author_id
        WHERE s.slug = %(space)s
        ORDER BY p.created_at DESC LIMIT 20""",
    # The person, their profile, unit and location, and their five newest posts.
    "profile": """
        SELECT u.first_name, u.last_name, u.email, pr.function, pr.about, d.name, l.name, p.id, p.body_html
        FROM accounts_user u
        JOIN people_profile pr ON pr.user_id = u.id
        LEFT JOIN org_department d ON d.id = pr.department_id
        LEFT JOIN org_location l ON l.id = pr.location_id
        LEFT JOIN stream_post p ON p.author_id = u.id AND p.space_id IS NULL AND p.deleted_at IS NULL
        WHERE u.id = %(person)s
        ORDER BY p.created_at DESC LIMIT 5""",
    # The first 20 people whose folded search text holds the words.
    "directory": """
        SELECT u.id, u.first_name, u.last_name, pr.function, d.name
        FROM people_profile pr
        JOIN accounts_user u ON u.id = pr.user_id
        LEFT JOIN org_department d ON d.id = pr.department_id
        WHERE u.is_active AND pr.search_text LIKE %(like)s
        ORDER BY u.last_name, u.first_name LIMIT 20""",
    # People and spaces matching the words.
    "search": """
        SELECT 'person', u.id, u.last_name FROM people_profile pr JOIN accounts_user u ON u.id = pr.user_id
        WHERE u.is_active AND pr.search_text LIKE %(like)s
        UNION ALL
        SELECT 'space', s.id, s.name FROM spaces_space s WHERE LOWER(s.name) LIKE %(like)s
        LIMIT 30""",
    # The newest published news for everyone, with its category.
    "news": """
        SELECT p.id, p.title, p.first_published_at, n.lead, c.name
        FROM news_newsitem n JOIN wagtailcore_page p ON p.id = n.page_ptr_id
        LEFT JOIN news_newscategory c ON c.id = n.category_id
        WHERE p.live AND n.audience_everyone AND (p.expire_at IS NULL OR p.expire_at > CURRENT_TIMESTAMP)
        ORDER BY p.first_published_at DESC LIMIT 12""",
    # One news item by its address, with its author.
    "news item": """
        SELECT p.id, p.title, p.first_published_at, n.lead, n.body, a.first_name, a.last_name
        FROM news_newsitem n JOIN wagtailcore_page p ON p.id = n.page_ptr_id
        LEFT JOIN accounts_user a ON a.id = n.author_id
        WHERE p.live AND p.slug = %(news_slug)s""",
}


def measure(plan: dict[str, Any], *, samples: int = 60, seed: int = 1) -> dict[str, dict[str, float]]:
    """p50 and p95 in milliseconds of each page's query, over ``samples`` varied parameters."""
    from django.conf import settings
    from django.db import connection

    from plein.accounts.models import User

    rng = random.Random(seed)
    people = list(User.objects.filter(kind="employee").order_by("?").values_list("pk", flat=True)[:200])
    results: dict[str, dict[str, float]] = {}
    with connection.cursor() as cursor:
        for page, sql in QUERIES.items():
            times = []
            for _ in range(samples):
                words = rng.choice(plan["directory"] if page == "directory" else plan["search"])
                params = {
                    "user": rng.choice(people),
                    "push_max": settings.PLEIN_FEED_PUSH_MAX_MEMBERS,
                    "post": rng.choice(plan["posts"]),
                    "space": rng.choice(plan["spaces"]),
                    "person": rng.choice(plan["profiles"]),
                    "like": f"%{words.lower()}%",
                    "news_slug": rng.choice(plan["news_items"] or ["-"]).strip("/").rsplit("/", 1)[-1],
                }
                started = time.perf_counter()
                cursor.execute(sql, params)
                cursor.fetchall()
                times.append((time.perf_counter() - started) * 1000)
            times.sort()
            results[page] = {"p50": statistics.median(times), "p95": times[int(len(times) * 0.95) - 1]}
    return results
