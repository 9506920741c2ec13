"""The directory: search, ranking, facets, experts, new colleagues, and the search index."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone, translation

from plein.accounts.models import User
from plein.core.text import fold
from plein.demo.generate import generate
from plein.org.models import DepartmentKind
from plein.people import search, selectors
from plein.people.models import Endorsement, Profile, Skill, Visibility
from plein.people.search import query_words, refresh_search_text
from plein.people.selectors import DirectoryFilters
from tests.factories import DepartmentFactory, GuestFactory, LocationFactory, UserFactory

# Turkish dotless i, written as an escape so it is not mistaken for an "i".
YILMAZ = "Y\u0131lmaz"
AYSE_YILMAZ = f"Ay\u015fe {YILMAZ}"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies["plein_language"] = "en"
    with translation.override("en"):
        yield


def skill(name: str) -> Skill:
    return Skill.objects.get_or_create(normalized=fold(name), defaults={"name": name})[0]


def person(first: str, last: str, *, function: str = "Adviseur", skills: tuple[str, ...] = (), **fields) -> User:
    """A colleague with a profile and an up-to-date search text."""
    user = UserFactory(first_name=first, last_name=last, with_profile__function=function)
    profile = user.profile
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.save()
    profile.skills.set([skill(name) for name in skills])
    refresh_search_text([user.pk])
    return user


def names(people) -> list[str]:
    return [p.display_name for p in people]


def found(viewer, query: str, **filters) -> list[str]:
    return names(selectors.directory(viewer=viewer, filters=DirectoryFilters(query=query, **filters)))


@pytest.fixture
def org(db):
    root = DepartmentFactory(name="Gemeente Zuiderveld", kind=DepartmentKind.ORGANISATION)
    return {
        "burgerzaken": DepartmentFactory(name="Team Burgerzaken", kind=DepartmentKind.TEAM, parent=root),
        "ruimte": DepartmentFactory(name="Team Omgevingsvisie", kind=DepartmentKind.TEAM, parent=root),
        "stadhuis": LocationFactory(name="Stadhuis"),
        "werf": LocationFactory(name="Gemeentewerf"),
    }


# --- matching -----------------------------------------------------------------------------


def test_query_words_fold_and_normalise_phone_numbers():
    assert query_words("Jan de Vr") == ["jan", "de", "vr"]
    assert query_words(f"  {YILMAZ}  ÇELIK ") == ["yilmaz", "celik"]
    assert query_words("06-1234 5678") == ["061234", "5678"]
    assert query_words("(010) 123.45.67") == ["010", "1234567"]
    assert query_words('50% "jan"_') == ["50", "jan"]  # LIKE and FTS operators are dropped
    assert len(query_words("a b c d e f g h i j k")) == search.MAX_QUERY_WORDS


def test_partial_words_in_any_order_find_the_name(employee, org):
    person("Jan", "de Vries")
    person("Janneke", "de Boer")
    person("Pieter", "Bakker")

    assert found(employee, "jan de vr") == ["Jan de Vries"]
    assert found(employee, "vries jan") == ["Jan de Vries"]
    assert found(employee, "JAN") == ["Jan de Vries", "Janneke de Boer"]  # the whole first name first
    assert found(employee, "de boer") == ["Janneke de Boer"]
    assert found(employee, "xyz") == []


def test_accents_are_ignored_both_ways(employee):
    person("Ayşe", YILMAZ)
    person("Renée", "Çelik")

    assert found(employee, "yilmaz") == [AYSE_YILMAZ]
    assert found(employee, "ayse") == [AYSE_YILMAZ]
    assert found(employee, "Renee celik") == ["Renée Çelik"]
    assert found(employee, "rené") == ["Renée Çelik"]


def test_search_covers_function_skills_department_and_location(employee, org):
    person("Femke", "Smit", function="Planoloog", skills=("Ruimtelijke ordening",), department=org["ruimte"])
    person("Kees", "Mulder", function="Baliemedewerker", department=org["burgerzaken"], location=org["werf"])

    assert found(employee, "ruimtelijke") == ["Femke Smit"]
    assert found(employee, "ordening smit") == ["Femke Smit"]
    assert found(employee, "planoloog") == ["Femke Smit"]
    assert found(employee, "omgevingsvisie") == ["Femke Smit"]
    assert found(employee, "burgerzaken") == ["Kees Mulder"]
    assert found(employee, "gemeentewerf") == ["Kees Mulder"]
    assert found(employee, "balie") == ["Kees Mulder"]


def test_phone_numbers_match_with_or_without_spaces_and_dashes(employee):
    person("Lotte", "Visser", phone="06-12345678", mobile="010 234 5678")

    for query in ("06-12345678", "0612345678", "06 1234 5678", "12345678", "0102345678", "010-234-5678"):
        assert found(employee, query) == ["Lotte Visser"], query
    assert found(employee, "0687654321") == []


def test_a_hidden_phone_number_cannot_be_searched(employee):
    person("Geheim", "Nummer", phone="06-99998888", visibility={"phone": Visibility.HIDDEN})
    person("Alleen", "Spaces", mobile="06-77776666", visibility={"mobile": Visibility.SPACES})

    assert found(employee, "0699998888") == []
    assert found(employee, "0677776666") == []
    assert found(employee, "geheim") == ["Geheim Nummer"]


def test_inactive_people_and_guests_never_appear(employee, org):
    person("Jan", "Actief", department=org["burgerzaken"], skills=("Participatie",))
    gone = person("Jan", "Vertrokken", department=org["ruimte"], skills=("Archief",))
    gone.is_active = False
    gone.save()
    guest = GuestFactory(first_name="Jan", last_name="Gast")
    Profile.objects.get_or_create(user=guest)
    refresh_search_text([guest.pk])

    assert found(employee, "jan") == ["Jan Actief"]
    assert "Jan Vertrokken" not in names(selectors.directory(viewer=employee))
    facets = selectors.directory_facets(viewer=employee, filters=DirectoryFilters(query="jan"))
    assert [v.name for v in facets["departments"].values] == ["Team Burgerzaken"]
    assert [v.name for v in facets["skills"].values] == ["Participatie"]
    assert selectors.directory(viewer=employee, filters=DirectoryFilters(query="jan")).count() == 1


def test_guests_get_nothing_from_the_selectors(org):
    person("Jan", "de Vries", skills=("GIS",))
    guest = GuestFactory()

    assert list(selectors.directory(viewer=guest, query="jan")) == []
    assert selectors.directory_facets(viewer=guest, filters=DirectoryFilters(query="jan")) == {}
    assert expert_page(guest, "gis") == []
    assert list(selectors.recently_joined(viewer=guest)) == []
    assert selectors.popular_skills(viewer=guest) == []


@pytest.mark.parametrize(
    "path", ["/mensen/", "/mensen/?q=jan", "/mensen/experts/?onderwerp=gis", "/mensen/nieuw/", "/organisatie/"]
)
def test_guests_cannot_open_directory_pages(client, org, path):
    client.force_login(GuestFactory())
    assert client.get(path).status_code == 404


def test_ranking_puts_name_starts_first_then_word_starts_then_the_rest(employee):
    person("Marjan", "Aalders")
    person("Janneke", "Aalders")
    person("Annemarie", "Jansen")
    person("Jan", "de Vries")
    person("Jan", "Bakker")
    person("Kees", "Janssen")
    person("Piet", "Bos", function="Janitor")

    assert found(employee, "jan") == [
        "Jan Bakker",  # the name starts with the word "jan"; by last name
        "Jan de Vries",
        "Janneke Aalders",  # the name starts with "jan"
        "Piet Bos",  # some word starts with "jan" (here the function); by last name
        "Annemarie Jansen",
        "Kees Janssen",
        "Marjan Aalders",  # "jan" inside a word
    ]
    # The directory page ranks the rows it read in Python, the site search in SQL: the same order.
    search = selectors.DirectorySearch(viewer=employee, filters=DirectoryFilters(query="jan"))
    assert names(search.page("1").object_list) == found(employee, "jan")


def test_without_a_query_everyone_is_listed_by_last_name(employee):
    person("Zoë", "Aalders")
    person("Adam", "Zwart")

    assert found(employee, "")[0] == "Zoë Aalders"


# --- facets ----------------------------------------------------------------------------------


@pytest.fixture
def facet_people(org):
    burgerzaken, ruimte, stadhuis, werf = org["burgerzaken"], org["ruimte"], org["stadhuis"], org["werf"]
    person("Anna", "Adviseur", department=burgerzaken, location=stadhuis, skills=("Participatie", "GIS"))
    person("Bram", "Adviseur", department=burgerzaken, location=werf, skills=("Participatie",))
    person("Cor", "Adviseur", department=ruimte, location=stadhuis, skills=("GIS",))
    person("Dirk", "Handhaver", function="Handhaver", department=ruimte, location=werf)
    return org


def facet_counts(viewer, **filters) -> dict[str, dict[str, int]]:
    facets = selectors.directory_facets(viewer=viewer, filters=DirectoryFilters(**filters))
    return {key: {v.name: v.count for v in facet.values} for key, facet in facets.items()}


def test_facets_count_the_current_results(employee, facet_people):
    counts = facet_counts(employee, query="adviseur")

    assert counts["departments"] == {"Team Burgerzaken": 2, "Team Omgevingsvisie": 1}
    assert counts["locations"] == {"Stadhuis": 2, "Gemeentewerf": 1}
    assert counts["skills"] == {"Participatie": 2, "GIS": 2}


def test_a_ticked_facet_filters_the_results_but_still_shows_the_alternatives(employee, facet_people):
    burgerzaken = facet_people["burgerzaken"]
    werf = facet_people["werf"]

    assert found(employee, "adviseur", departments=(burgerzaken.pk,)) == ["Anna Adviseur", "Bram Adviseur"]
    counts = facet_counts(employee, query="adviseur", departments=(burgerzaken.pk,))
    # The department facet ignores its own filter, so the other department stays visible.
    assert counts["departments"] == {"Team Burgerzaken": 2, "Team Omgevingsvisie": 1}
    assert counts["locations"] == {"Stadhuis": 1, "Gemeentewerf": 1}
    assert counts["skills"] == {"Participatie": 2, "GIS": 1}

    assert found(employee, "", departments=(burgerzaken.pk,), locations=(werf.pk,)) == ["Bram Adviseur"]
    gis = Skill.objects.get(name="GIS")
    assert found(employee, "", skills=(gis.pk,)) == ["Anna Adviseur", "Cor Adviseur"]
    selected = selectors.directory_facets(viewer=employee, filters=DirectoryFilters(skills=(gis.pk,)))
    assert [v.name for v in selected["skills"].values if v.selected] == ["GIS"]


def test_facets_show_the_ten_largest_values_and_ticked_ones(employee, org):
    for number in range(12):
        location = LocationFactory(name=f"Locatie {number:02}")
        for _ in range(number + 1):
            person("Medewerker", f"Nummer {number}", location=location)
    smallest = Profile.objects.get(user__last_name="Nummer 0").location

    facet = selectors.directory_facets(viewer=employee, filters=DirectoryFilters(query="medewerker"))["locations"]
    assert [v.name for v in facet.values] == [f"Locatie {n:02}" for n in range(11, 1, -1)]

    ticked = selectors.directory_facets(
        viewer=employee, filters=DirectoryFilters(query="medewerker", locations=(smallest.pk,))
    )["locations"]
    assert len(ticked.values) == selectors.FACET_LIMIT
    assert [v.name for v in ticked.values if v.selected] == ["Locatie 00"]


def test_a_broad_search_is_listed_by_name_with_uncounted_facets(employee_client, employee, facet_people, monkeypatch):
    monkeypatch.setattr(selectors, "BROAD", 2)
    person("Aart", "Zwart", function="Adviseur")  # "adviseur" ranks Anna first when ranked; by name Aart is last
    search = selectors.DirectorySearch(viewer=employee, filters=DirectoryFilters(query="adviseur"))

    assert search.broad and search.capped
    assert search.count == 2  # "more than 2": a broad search without filters is not counted further
    assert names(search.people) == ["Anna Adviseur", "Bram Adviseur", "Cor Adviseur", "Aart Zwart"]
    facets = search.facets()
    assert {v.count for f in facets.values() for v in f.values} == {None}
    assert "Gemeentewerf" in [v.name for v in facets["locations"].values]

    assert "More than 2 colleagues found" in employee_client.get("/mensen/?q=adviseur").content.decode()
    werf = facet_people["werf"]
    html = employee_client.get(f"/mensen/?q=adviseur&locatie={werf.pk}&locatie=999999").content.decode()
    assert "1 colleague found" in html  # the count stays exact; only the facets go uncounted
    assert "More than 2 colleagues match" in html
    assert re.search(r'type="hidden" name="locatie" value="999999" form="people-form"', html)
    assert re.search(rf'value="{werf.pk}"\s+form="people-form"\s+checked', html)


# --- the page ----------------------------------------------------------------------------------


def test_directory_page_shows_count_results_facets_and_pages(employee_client, facet_people):
    for number in range(30):
        person("Collega", f"Achternaam {number:02}", department=facet_people["ruimte"])

    html = employee_client.get("/mensen/?q=collega").content.decode()
    assert "30 colleagues found" in html
    assert html.count('class="plein-card plein-person"') == 24
    assert 'name="afdeling"' in html and 'form="people-form"' in html
    assert "Page 1 of 2" in html

    second = employee_client.get("/mensen/?q=collega&pagina=2").content.decode()
    assert second.count('class="plein-card plein-person"') == 6
    assert "Achternaam 29" in second


def test_directory_page_filters_from_the_query_string(employee_client, facet_people):
    werf = facet_people["werf"]
    html = employee_client.get(f"/mensen/?q=adviseur&locatie={werf.pk}&locatie=nonsense").content.decode()

    assert "1 colleague found" in html
    assert "Bram Adviseur" in html and "Anna Adviseur" not in html
    assert re.search(rf'value="{werf.pk}"\s+form="people-form"\s+checked', html)
    assert "Clear filters" in html


def test_htmx_gets_only_the_results_with_the_status_out_of_band(employee_client, facet_people):
    headers = {"HX-Request": "true", "HX-Target": "people-results"}
    response = employee_client.get("/mensen/?q=adviseur", headers=headers)
    html = response.content.decode()

    assert "<html" not in html and 'id="people-form"' not in html
    assert 'hx-swap-oob="innerHTML:#people-status"' in html
    assert "3 colleagues found" in html
    assert "HX-Request" in response["Vary"]

    # A history restore (back button after the cache expired) needs the whole page.
    restore = employee_client.get("/mensen/?q=adviseur", headers={**headers, "HX-History-Restore-Request": "true"})
    assert "<html" in restore.content.decode()


def test_empty_state_helps(employee_client, facet_people):
    html = employee_client.get("/mensen/?q=zzzqqq").content.decode()

    assert "0 colleagues found" in html
    assert "Nobody matches “zzzqqq”" in html
    assert "/mensen/experts/?onderwerp=zzzqqq" in html


def test_directory_links_to_experts_new_colleagues_and_the_org_chart(employee_client):
    html = employee_client.get("/mensen/").content.decode()
    for url in ("/mensen/experts/", "/mensen/nieuw/", "/organisatie/"):
        assert f'href="{url}"' in html


def test_site_search_uses_the_same_matching(employee_client, employee):
    person("Ayşe", YILMAZ)
    html = employee_client.get("/zoeken/?q=yilmaz").content.decode()
    assert AYSE_YILMAZ in html


# --- experts --------------------------------------------------------------------------------


@pytest.fixture
def experts(employee):
    gis_expert = person("Gerda", "Kaart", skills=("GIS",))
    endorsed_gis = person("Hans", "Kaart", skills=("GIS", "Participatie"))
    analyst = person("Ingrid", "Analist", skills=("GIS-analyse",))
    logistics = person("Jeroen", "Logistiek", skills=("Logistiek",))
    gone = person("Karel", "Weg", skills=("GIS",))
    gone.is_active = False
    gone.save()
    for endorser in (employee, gis_expert, analyst):
        Endorsement.objects.create(endorser=endorser, person=endorsed_gis, skill=skill("GIS"))
    Endorsement.objects.create(endorser=employee, person=analyst, skill=skill("GIS-analyse"))
    return {"gis": gis_expert, "endorsed": endorsed_gis, "analyst": analyst, "logistics": logistics}


def expert_page(viewer, topic: str) -> list[User]:
    return list(selectors.ExpertSearch(viewer=viewer, topic=topic).page("1").object_list)


def test_experts_rank_exact_skill_then_endorsements_then_partial_matches(employee, experts):
    people = expert_page(employee, "gis")

    assert names(people) == ["Hans Kaart", "Gerda Kaart", "Ingrid Analist", "Jeroen Logistiek"]
    assert [p.endorsement_count for p in people] == [3, 0, 1, 0]
    assert [(s.name, s.endorsements) for s in people[0].matched_skills] == [("GIS", 3)]
    assert [(s.name, s.endorsements) for s in people[2].matched_skills] == [("GIS-analyse", 1)]


def test_experts_match_topics_without_accents_or_case(employee):
    person("Renée", "Ruimte", skills=("Ruimtelijke ordening",))
    assert names(expert_page(employee, "RUIMTELIJKE")) == ["Renée Ruimte"]
    assert names(expert_page(employee, "")) == []


def test_a_topic_matching_too_many_offers_its_skills(employee_client, employee, experts, monkeypatch):
    monkeypatch.setattr(selectors, "EXPERT_LIMIT", 2)
    search = selectors.ExpertSearch(viewer=employee, topic="gis")
    assert search.too_broad and search.count == 0
    assert [s.name for s in search.skills] == ["GIS", "GIS-analyse", "Logistiek"]

    html = employee_client.get("/mensen/experts/?onderwerp=gis").content.decode()
    assert "?onderwerp=GIS-analyse" in html and "Hans Kaart" not in html


def test_experts_page_shows_matched_skills_and_endorsements(employee_client, experts):
    html = employee_client.get("/mensen/experts/?onderwerp=gis").content.decode()

    assert "4 colleagues know about “gis”" in html
    assert html.index("Hans Kaart") < html.index("Gerda Kaart") < html.index("Jeroen Logistiek")
    assert "3 endorsements" in html
    assert "Karel Weg" not in html


def test_experts_page_answers_htmx_with_the_results_only(employee_client, experts):
    headers = {"HX-Request": "true", "HX-Target": "experts-results"}
    html = employee_client.get("/mensen/experts/?onderwerp=gis", headers=headers).content.decode()
    assert "<html" not in html and "<style" not in html
    assert 'hx-swap-oob="innerHTML:#experts-status"' in html
    assert "Hans Kaart" in html


def test_experts_page_suggests_popular_skills_when_empty(employee_client, experts):
    html = employee_client.get("/mensen/experts/").content.decode()
    assert "?onderwerp=GIS" in html


def test_experts_page_empty_state(employee_client, experts):
    html = employee_client.get("/mensen/experts/?onderwerp=astrofysica").content.decode()
    assert "Nobody lists “astrofysica” as a skill yet" in html


# --- new colleagues ---------------------------------------------------------------------------


def test_new_colleagues_are_the_last_30_days_newest_first(employee_client, employee):
    now = timezone.now()
    for first, days in (("Oud", 45), ("Week", 7), ("Gisteren", 1), ("Maand", 29)):
        user = person(first, "Nieuw")
        User.objects.filter(pk=user.pk).update(date_joined=now - timedelta(days=days))
    User.objects.filter(pk=employee.pk).update(date_joined=now - timedelta(days=40))

    assert names(selectors.recently_joined(viewer=employee)) == ["Gisteren Nieuw", "Week Nieuw", "Maand Nieuw"]
    assert names(selectors.new_colleagues(viewer=employee, limit=2)) == ["Gisteren Nieuw", "Week Nieuw"]

    html = employee_client.get("/mensen/nieuw/").content.decode()
    assert "3 colleagues joined in the last 30 days" in html
    assert "Oud Nieuw" not in html
    assert "Joined 1" in html


def test_home_links_to_all_new_colleagues(employee_client, employee):
    person("Nieuwe", "Collega")
    assert 'href="/mensen/nieuw/"' in employee_client.get("/").content.decode()


# --- the search index ------------------------------------------------------------------------


def test_search_text_follows_changes(employee):
    user = person("Mila", "Mulder")
    user.first_name = "Milou"
    user.save()
    refresh_search_text([user.pk])
    assert found(employee, "milou") == ["Milou Mulder"]
    assert found(employee, "mila") == []

    Profile.objects.filter(pk=user.pk).delete()
    assert found(employee, "milou") == []


def test_search_index_comes_back_after_a_table_rebuild(employee):
    person("Mila", "Mulder")
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # What Django's SQLite table rebuild does to triggers: they go with the old table.
            cursor.execute("DROP TRIGGER people_profile_fts_insert")
            cursor.execute(f"DELETE FROM {search.SQLITE_FTS_TABLE}")  # noqa: S608 (a constant name)
        else:
            # Index changes need the rows written so far to have passed their deferred checks.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"DROP INDEX {search.PG_TRIGRAM_INDEX}")
    if connection.vendor == "sqlite":
        assert found(employee, "mila") == []

    search.repair_indexes(connection)
    assert found(employee, "mila") == ["Mila Mulder"]
    person("Noor", "Nieuw")
    assert found(employee, "noor") == ["Noor Nieuw"]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [search.PG_TRIGRAM_INDEX])
            assert cursor.fetchone() is not None


def test_demo_people_are_searchable():
    generate(size="small", seed=1)
    viewer = User.objects.get(email="medewerker@zuiderveld.nl")

    assert not Profile.objects.filter(search_text="").exists()
    sample = Profile.objects.select_related("user").order_by("pk")[50]
    query = f"{sample.user.first_name} {sample.user.last_name[:4]}"
    assert sample.user.display_name in found(viewer, query)


def test_what_people_wrote_about_a_topic_ranks_them_and_finds_hidden_experts(employee, experts):
    from plein.spaces.models import SpaceVisibility
    from plein.stream.actions import create_post
    from tests.spaces.factories import SpaceFactory, add_member

    open_space = SpaceFactory(name="Data & GIS", owner=experts["gis"])
    secret = SpaceFactory(name="Geheim", visibility=SpaceVisibility.SECRET)
    writer = person("Lotte", "Schrijver", skills=())
    for author in (writer, experts["analyst"]):
        add_member(open_space, author)
    add_member(secret, experts["logistics"])
    create_post(author=experts["gis"], space=open_space, body="Nieuwe kaartlaag #gis")
    create_post(author=writer, space=open_space, body="Mijn ervaringen met #GIS en #data")
    create_post(author=writer, space=open_space, body="Nog een #gis tip")
    # Written where the viewer cannot read: it does not count.
    for _ in range(3):
        create_post(author=experts["logistics"], space=secret, body="Geheime #gis plannen")

    people = expert_page(employee, "gis")

    # The exact skill first (endorsements plus posts: Hans 3, Gerda 1), then partial matches, then writers.
    assert names(people) == ["Hans Kaart", "Gerda Kaart", "Ingrid Analist", "Jeroen Logistiek", "Lotte Schrijver"]
    assert [p.posts_on_topic for p in people] == [0, 1, 0, 0, 2]
    assert [p.endorsement_count for p in people] == [3, 0, 1, 0, 0]
    # Someone without the skill who writes about it is found: tacit knowledge made visible.
    assert people[-1].matched_skills == []
