"""The results page and quick results: tabs and counts, filters, snippets, empty states, statistics, budgets."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from plein.people.search import refresh_search_text
from plein.search.indexing import rebuild
from plein.search.models import BestBet, Exclusion, QueryStat
from tests.factories import GuestFactory, UserFactory
from tests.spaces.factories import SpaceFactory, add_member
from tests.stream.factories import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db


def page(client, **params) -> str:
    response = client.get("/zoeken/", params)
    assert response.status_code == 200
    return response.content.decode()


def content_section(html: str) -> str:
    return html.split('id="content-results"', 1)[1].split("</section>", 1)[0]


def test_posts_and_comments_appear_with_highlighted_snippets(employee_client):
    post = PostFactory(body="Vergadering over de <b>begroting</b> & meer")
    comment = CommentFactory(post=post, body="Ik kom naar de vergadering.")
    rebuild()

    section = content_section(page(employee_client, q="vergaderingen"))
    assert f'href="{post.get_absolute_url()}"' in section
    assert f'href="{post.get_absolute_url()}#comment-{comment.pk}"' in section
    assert "<mark>Vergadering</mark>" in section
    assert "&lt;b&gt;begroting&lt;/b&gt;" in section or "begroting" in section
    assert "<b>begroting</b>" not in section


def test_tabs_show_counts_and_narrow_to_a_kind(employee_client):
    for number in range(3):
        post = PostFactory(body=f"Roostervraag {number}")
    CommentFactory(post=post, body="Ook een roostervraag.")
    rebuild()

    html = page(employee_client, q="roostervraag")
    assert "Posts and comments" in html and "(4)" in html
    only = page(employee_client, q="roostervraag", soort="berichten")
    assert 'aria-current="page"' in only
    assert 'id="people-results"' not in only


def test_pagination(employee_client):
    for number in range(25):
        PostFactory(body=f"Inventaris {number}")
    rebuild()
    first = content_section(page(employee_client, q="inventaris", soort="berichten"))
    second = content_section(page(employee_client, q="inventaris", soort="berichten", pagina=2))
    assert first.count('class="plein-hit"') == 20
    assert second.count('class="plein-hit"') == 5
    assert "Page 2 of 2" in second


def test_space_filter_and_the_way_back_to_all_spaces(employee_client, employee):
    mine, other = SpaceFactory(name="Team Groen"), SpaceFactory(name="Team Grijs")
    add_member(mine, employee)
    in_mine = PostFactory(space=mine, body="Snoeiplanning")
    PostFactory(space=other, body="Snoeiplanning")
    rebuild()

    html = page(employee_client, q="snoeiplanning", ruimte=mine.pk)
    assert content_section(html).count('class="plein-hit"') == 1
    assert f'href="{in_mine.get_absolute_url()}"' in html
    assert f'<option value="{mine.pk}" selected>Team Groen</option>' in html

    empty = page(employee_client, q="snoeischaar", ruimte=mine.pk)
    assert "Search in all spaces, without filters" in empty


def test_date_and_author_filters(employee_client):
    author, other = UserFactory(first_name="Anna"), UserFactory()
    old = PostFactory(author=author, body="Jaarplan", created_at=timezone.now() - timedelta(days=40))
    new = PostFactory(author=author, body="Jaarplan")
    PostFactory(author=other, body="Jaarplan")
    rebuild()
    since = (timezone.localdate() - timedelta(days=7)).isoformat()

    html = content_section(page(employee_client, q="jaarplan", auteur=author.pk, van=since))
    assert f'href="{new.get_absolute_url()}"' in html
    assert f'href="{old.get_absolute_url()}"' not in html
    assert html.count('class="plein-hit"') == 1


def test_a_wrong_date_gets_a_message_and_keeps_the_text(employee_client):
    html = page(employee_client, q="jaarplan", van="2024-13-45", tot="2024-01-01")
    assert "Enter a valid date." in html
    assert 'value="2024-13-45"' in html
    html = page(employee_client, q="jaarplan", van="2024-02-01", tot="2024-01-01")
    assert "The end date is before the start date." in html


def test_did_you_mean_from_words_every_employee_may_read(employee_client):
    PostFactory(body="Ondernemingsraad vergadert")
    secret = SpaceFactory(visibility="secret")
    PostFactory(space=secret, body="Reorganisatieplannen")
    rebuild()

    html = page(employee_client, q="ondernemingsrat")
    assert "Did you mean" in html and ">ondernemingsraad</a>" in html
    # Words from content not every employee may read are never suggested.
    assert "Did you mean" not in page(employee_client, q="reorganisatiplannen")


def test_searches_without_results_are_counted_per_day_without_who(employee_client):
    page(employee_client, q="Zzzqqq")
    page(employee_client, q="zzzqqq ")
    stat = QueryStat.objects.get()
    assert (stat.query, stat.without_results, stat.day) == ("zzzqqq", 2, timezone.localdate())
    assert not any(field.name in ("user", "user_id") for field in QueryStat._meta.fields)


def test_the_found_question_is_counted(employee_client):
    response = employee_client.post("/zoeken/gevonden/", {"q": "Verlof", "gevonden": "ja"})
    assert response.status_code == 302
    employee_client.post("/zoeken/gevonden/", {"q": "verlof", "gevonden": "nee"}, HTTP_HX_REQUEST="true")
    stat = QueryStat.objects.get(query="verlof")
    assert (stat.found_yes, stat.found_no) == (1, 1)


def test_best_bets_come_first_and_exclusions_stay_out(employee_client):
    pinned = PostFactory(body="Verlof aanvragen: zo werkt het")
    hidden = PostFactory(body="Verlof oud formulier")
    PostFactory(body="Verlof en vakantie")
    rebuild()
    BestBet.objects.create(query="verlof", kind="post", object_id=pinned.pk)
    Exclusion.objects.create(query="", kind="post", object_id=hidden.pk)

    html = page(employee_client, q="Verlof")
    best = html.split('id="best-bets"', 1)[1].split("</section>", 1)[0]
    assert f'href="{pinned.get_absolute_url()}"' in best
    assert f'href="{hidden.get_absolute_url()}"' not in html
    assert f'href="{pinned.get_absolute_url()}"' not in content_section(html)


def test_a_best_bet_the_searcher_may_not_see_is_not_shown(client):
    closed = SpaceFactory(visibility="closed")
    secret_post = PostFactory(space=closed, body="Verlof van het team")
    rebuild()
    BestBet.objects.create(query="verlof", kind="post", object_id=secret_post.pk)
    client.force_login(UserFactory())
    assert secret_post.get_absolute_url() not in page(client, q="verlof")


def test_guests_see_no_department_filter_and_no_suggestions(client):
    guest = GuestFactory()
    space = SpaceFactory(visibility="closed")
    add_member(space, guest, role="guest")
    PostFactory(space=space, body="Projectplanning")
    PostFactory(body="Ondernemingsraad")
    rebuild()
    client.force_login(guest)
    html = page(client, q="projectplanning")
    assert 'name="afdeling"' not in html
    assert "Did you mean" not in page(client, q="ondernemingsrat")


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"vergadering',
        "vergadering-",
        "NEAR(a b, 2)",
        "a* OR b",
        "'; DROP TABLE search_searchdocument; --",
        "<img src=x>",
        "x" * 2000,
    ],
)
def test_any_query_gives_a_page(employee_client, query):
    PostFactory(body="Vergadering")
    rebuild()
    html = page(employee_client, q=query)
    assert "<img src=x>" not in html


def test_quick_results_list_people_spaces_then_content(employee_client, employee):
    refresh_search_text([UserFactory(first_name="Bram", last_name="Fietsema").pk])
    space = SpaceFactory(name="Fietsclub")
    PostFactory(body="Fietsroute naar het stadhuis")
    rebuild()

    response = employee_client.get("/zoeken/snel/", {"q": "fiets"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Bram Fietsema") < html.index("Fietsclub") < html.index("Fietsroute")
    assert f'data-href="{space.get_absolute_url()}"' in html
    assert 'role="option"' in html and "All results for" in html
    assert "<mark>Fietsroute</mark>" in html, html
    assert employee_client.get("/zoeken/snel/", {"q": "f"}).content == b""


def test_query_budgets(employee_client, employee):
    def queries(path: str, params: dict) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert employee_client.get(path, params).status_code == 200
        return len(captured)

    space = SpaceFactory(name="Budgetruimte")
    add_member(space, employee)
    PostFactory(space=space, body="Budget voor de wijk")
    rebuild()
    employee_client.get("/zoeken/", {"q": "budget"})  # warm the site-settings and unit caches
    few = (queries("/zoeken/", {"q": "budget"}), queries("/zoeken/snel/", {"q": "budget"}))
    for number in range(20):
        other = SpaceFactory(name=f"Budgetruimte {number}")
        add_member(other, employee)
        post = PostFactory(space=other, body=f"Budget {number}")
        CommentFactory(post=post, body="Budget akkoord")
    rebuild()
    many = (queries("/zoeken/", {"q": "budget"}), queries("/zoeken/snel/", {"q": "budget"}))
    assert many == few
    assert many[0] <= 10  # shell (4), people, spaces, units, the searcher's spaces, content page and counts
    assert many[1] <= 7  # session, user, people, spaces, the searcher's spaces and profile, content
    # Nothing found: also the "did you mean" lookup and the anonymous count (after the day's first insert).
    employee_client.get("/zoeken/", {"q": "zzzqqq"})
    assert queries("/zoeken/", {"q": "zzzqqq"}) <= 12


def test_many_matches_count_as_500_plus_and_an_old_title_match_still_comes_first(employee_client, employee):
    """Ranking looks at each kind's newest 500 matches and newest title matches, so the work stays bounded."""
    old = PostFactory(
        author=employee, body="Fietsenstalling\nDe regels.", created_at=timezone.now() - timedelta(days=90)
    )
    PostFactory.create_batch(501, author=employee, body="Nieuws\nIets over de fietsenstalling.")
    rebuild()

    html = page(employee_client, q="fietsenstalling")
    assert "(500+)" in content_section(html)
    assert html.count("(500+)") == 2  # the "Posts and comments" tab and the heading of the results
    first_hit = content_section(html).split("<li", 2)[1]
    assert f'href="{old.get_absolute_url()}"' in first_hit
