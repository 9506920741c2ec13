"""The spaces pages: who sees what (404 / 403), every form and button, and the query budgets."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image

from plein.accounts.models import User, UserKind
from plein.people.models import Profile
from plein.spaces.models import (
    JoinPolicy,
    JoinRequest,
    Membership,
    PostingPolicy,
    RequestStatus,
    Space,
    SpaceKind,
    SpaceRole,
    SpaceVisibility,
)
from tests.factories import DepartmentFactory, GuestFactory, UserFactory
from tests.spaces.factories import SpaceFactory, add_member

pytestmark = pytest.mark.django_db

# Every logged-in page starts with: session, user, unread-notification count, own profile (header).
SHELL_QUERIES = 4


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def login(user: User) -> Client:
    client = Client()
    client.cookies["plein_language"] = "en"
    client.force_login(user)
    return client


@pytest.fixture
def team_space(owner):
    return SpaceFactory(name="Team Burgerzaken", slug="team-burgerzaken", owner=owner)


@pytest.fixture
def secret_space(owner):
    return SpaceFactory(name="Reorganisatie", slug="reorganisatie", visibility=SpaceVisibility.SECRET, owner=owner)


def text(response) -> str:
    return response.content.decode()


def results(response) -> str:
    """The list of spaces on the overview, without the suggestions beside it."""
    html = text(response)
    return html[html.index('id="space-results"') : html.index('<aside class="plein-side">')]


def png(size=(120, 80)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(buffer, "PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")


def space_post(**overrides) -> dict:
    data = {
        "name": "Project Omgevingswet",
        "kind": SpaceKind.PROJECT,
        "description": "Samen de Omgevingswet invoeren.",
        "about": "Wij werken aan de invoering.",
        "department": "",
        "visibility": SpaceVisibility.OPEN,
        "join_policy": JoinPolicy.ANYONE,
        "posting": PostingPolicy.MEMBERS,
        "members_can_invite": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def all_pages(space: Space) -> list[str]:
    slug = space.slug
    return [
        reverse("spaces:space", args=[slug]),
        reverse("spaces:about", args=[slug]),
        reverse("spaces:members", args=[slug]),
        reverse("spaces:requests", args=[slug]),
        reverse("spaces:request", args=[slug]),
        reverse("spaces:settings", args=[slug]),
        reverse("spaces:delete", args=[slug]),
    ]


def post_endpoints(space: Space, membership_id: int) -> list[str]:
    slug = space.slug
    return [
        reverse("spaces:join", args=[slug]),
        reverse("spaces:leave", args=[slug]),
        reverse("spaces:withdraw", args=[slug]),
        reverse("spaces:archive", args=[slug]),
        reverse("spaces:restore", args=[slug]),
        reverse("spaces:member_role", args=[slug, membership_id]),
        reverse("spaces:member_remove", args=[slug, membership_id]),
    ]


# --- who may see what -----------------------------------------------------------------------


def test_navigation_links_to_the_spaces_overview(owner, team_space):
    for path in ("/ruimtes/", team_space.get_absolute_url()):
        html = text(login(owner).get(path))
        assert re.search(r'href="/ruimtes/"\s+aria-current="page"', html), path
        assert "/spaces/" not in html


def test_owner_sees_every_page_of_their_space(owner, team_space):
    client = login(owner)
    team_space.join_policy = JoinPolicy.REQUEST
    team_space.save()
    for path in all_pages(team_space):
        if path.endswith("/verwijderen/") or path.endswith("/aanvragen/nieuw/"):
            continue  # administrators delete; members do not ask to join
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Team Burgerzaken" in text(response)
        assert text(response).count("<h1") == 1, path
    # The tabs: requests for moderators (on-request joining), settings for owners.
    html = text(client.get(team_space.get_absolute_url()))
    tabs = html[html.index('class="plein-tabs plein-space-tabs"') :]
    for name in ("about", "members", "requests", "settings"):
        assert reverse(f"spaces:{name}", args=[team_space.slug]) in tabs, name
    assert "Nothing has been posted here yet." in html


def test_member_has_no_requests_or_settings_tab(colleague, team_space):
    add_member(team_space, colleague)
    html = text(login(colleague).get(team_space.get_absolute_url()))
    assert reverse("spaces:settings", args=[team_space.slug]) not in html
    assert reverse("spaces:requests", args=[team_space.slug]) not in html
    assert "Leave space" in html


def test_secret_space_does_not_exist_for_non_members(colleague, owner, secret_space):
    client = login(colleague)
    membership = Membership.objects.get(space=secret_space, user=owner)
    for path in all_pages(secret_space):
        assert client.get(path).status_code == 404, path
    for path in post_endpoints(secret_space, membership.pk):
        assert client.post(path).status_code == 404, path
    assert "Reorganisatie" not in text(client.get("/ruimtes/"))
    assert "Reorganisatie" not in text(client.get("/ruimtes/?q=reorg"))


def test_secret_space_is_listed_for_its_members_and_administrators(colleague, admin, secret_space):
    add_member(secret_space, colleague)
    assert "Reorganisatie" in text(login(colleague).get("/ruimtes/"))
    assert "Reorganisatie" in text(login(admin).get("/ruimtes/"))
    assert login(admin).get(secret_space.get_absolute_url()).status_code == 200


def test_guest_sees_only_their_own_spaces(owner, team_space):
    guest = GuestFactory(first_name="Gijs", last_name="Extern")
    theirs = SpaceFactory(name="Samenwerking Regio", slug="samenwerking-regio", owner=owner)
    add_member(theirs, guest, role=SpaceRole.GUEST)
    client = login(guest)
    html = text(client.get("/ruimtes/"))
    assert "Samenwerking Regio" in html
    assert "Team Burgerzaken" not in html
    assert reverse("spaces:create") not in html
    assert "Suggested spaces" not in html
    assert client.get(team_space.get_absolute_url()).status_code == 404
    assert client.get(reverse("spaces:members", args=[team_space.slug])).status_code == 404
    assert client.get(reverse("spaces:create")).status_code == 404
    assert client.get(theirs.get_absolute_url()).status_code == 200


def test_guest_sees_names_photos_and_functions_of_members(owner):
    guest = GuestFactory(first_name="Gijs", last_name="Extern")
    space = SpaceFactory(name="Samenwerking Regio", slug="samenwerking-regio", owner=owner)
    add_member(space, guest, role=SpaceRole.GUEST)
    html = text(login(guest).get(reverse("spaces:members", args=[space.slug])))
    assert "Olga Eigenaar" in html and "Beleidsadviseur" in html
    assert 'name="rol"' not in html  # no role filter, no roles shown
    assert "Owner" not in html
    assert reverse("people:profile", args=[owner.pk]) in html  # they share the space


def test_closed_space_shows_how_to_join_instead_of_content(colleague, owner):
    space = SpaceFactory(
        name="Raad van advies",
        slug="raad",
        visibility=SpaceVisibility.CLOSED,
        join_policy=JoinPolicy.REQUEST,
        owner=owner,
    )
    html = text(login(colleague).get(space.get_absolute_url()))
    assert "Only members read this space" in html
    assert "Posts in this space appear here." not in html
    assert reverse("spaces:request", args=[space.slug]) in html
    assert "Olga Eigenaar" in html  # the members summary


def test_about_page_spells_out_the_rules_and_escapes_text(colleague, owner):
    department = DepartmentFactory(name="Publiekszaken")
    space = SpaceFactory(
        name="Koffie",
        slug="koffie",
        about="Eerste alinea <script>alert(1)</script>\n\nTweede alinea",
        department=department,
        join_policy=JoinPolicy.INVITATION,
        posting=PostingPolicy.MODERATORS,
        owner=owner,
        created_by=owner,
    )
    html = text(login(colleague).get(reverse("spaces:about", args=[space.slug])))
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "<p>Tweede alinea</p>" in html
    assert "Everyone in the organisation can read along." in html
    assert "New members join by invitation only." in html
    assert "Only owners and moderators post" in html
    assert department.get_absolute_url() in html
    assert "Olga Eigenaar" in html and "Owner" in html


def test_forbidden_actions_on_a_visible_space_answer_403(colleague, owner, admin, team_space):
    add_member(team_space, colleague)
    owner_membership = Membership.objects.get(space=team_space, user=owner)
    client = login(colleague)
    slug = team_space.slug
    assert client.get(reverse("spaces:settings", args=[slug])).status_code == 403
    assert client.get(reverse("spaces:requests", args=[slug])).status_code == 403
    assert client.get(reverse("spaces:delete", args=[slug])).status_code == 403
    assert client.post(reverse("spaces:archive", args=[slug])).status_code == 403
    assert client.post(reverse("spaces:restore", args=[slug])).status_code == 403
    assert (
        client.post(reverse("spaces:member_role", args=[slug, owner_membership.pk]), {"role": "member"}).status_code
        == 403
    )
    assert client.post(reverse("spaces:member_remove", args=[slug, owner_membership.pk])).status_code == 403
    # Owners do not delete; administrators do.
    assert login(owner).get(reverse("spaces:delete", args=[slug])).status_code == 403
    assert login(admin).get(reverse("spaces:delete", args=[slug])).status_code == 200
    # An invitation-only space cannot be joined by hand.
    invite_only = SpaceFactory(join_policy=JoinPolicy.INVITATION, owner=owner)
    assert login(UserFactory()).post(reverse("spaces:join", args=[invite_only.slug])).status_code == 403
    assert Membership.objects.filter(space=team_space, user=owner, role=SpaceRole.OWNER).exists()


def test_post_only_addresses_refuse_get(owner, team_space):
    client = login(owner)
    membership = Membership.objects.get(space=team_space, user=owner)
    for path in post_endpoints(team_space, membership.pk):
        assert client.get(path).status_code == 405, path
    assert client.post(reverse("spaces:members", args=[team_space.slug])).status_code == 405


def test_pages_need_a_login(client, team_space):
    response = client.get(team_space.get_absolute_url())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- overview ---------------------------------------------------------------------------------


def test_overview_lists_filters_and_sorts(colleague, owner):
    department = DepartmentFactory(name="Publiekszaken")
    SpaceFactory(name="Team Burgerzaken", kind=SpaceKind.TEAM, department=department, member_count=3)
    SpaceFactory(name="Project Omgevingswet", kind=SpaceKind.PROJECT, member_count=12)
    SpaceFactory(name="Oud project", kind=SpaceKind.PROJECT, archived_at=timezone.now())
    mine = SpaceFactory(name="Koffieclub", kind=SpaceKind.COMMUNITY, owner=owner)
    add_member(mine, colleague)
    client = login(colleague)

    html = text(client.get("/ruimtes/"))
    assert "Team Burgerzaken" in html and "Project Omgevingswet" in html and "Koffieclub" in html
    assert "Oud project" not in html
    assert "You: Member" in html
    assert "New space" in html
    assert "3 spaces" in html

    response = client.get("/ruimtes/?q=omgeving")
    assert "Project Omgevingswet" in results(response) and "Team Burgerzaken" not in results(response)
    assert "1 space found" in text(response)
    html = results(client.get("/ruimtes/?soort=project"))
    assert "Project Omgevingswet" in html and "Koffieclub" not in html
    response = client.get(f"/ruimtes/?afdeling={department.pk}")
    assert "Team Burgerzaken" in results(response) and "Project Omgevingswet" not in results(response)
    assert f'<option value="{department.pk}"' in text(response)  # departments that have spaces
    html = results(client.get("/ruimtes/?mijn=1"))
    assert "Koffieclub" in html and "Team Burgerzaken" not in html
    html = results(client.get("/ruimtes/?archief=1"))
    assert "Oud project" in html and "Koffieclub" not in html
    html = results(client.get("/ruimtes/?sorteer=members"))
    assert html.index("Project Omgevingswet") < html.index("Team Burgerzaken")
    html = results(client.get("/ruimtes/?sorteer=name"))
    assert html.index("Koffieclub") < html.index("Project Omgevingswet") < html.index("Team Burgerzaken")


def test_overview_offers_join_and_ask_to_join(colleague, owner):
    SpaceFactory(name="Open deur", slug="open-deur", owner=owner)
    SpaceFactory(name="Op aanvraag", slug="op-aanvraag", join_policy=JoinPolicy.REQUEST, owner=owner)
    asked = SpaceFactory(name="Al gevraagd", slug="al-gevraagd", join_policy=JoinPolicy.REQUEST, owner=owner)
    JoinRequest.objects.create(space=asked, user=colleague)
    html = text(login(colleague).get("/ruimtes/"))
    assert reverse("spaces:join", args=["open-deur"]) in html
    assert reverse("spaces:request", args=["op-aanvraag"]) in html
    assert reverse("spaces:request", args=["al-gevraagd"]) not in html
    assert "Request sent" in html


def test_overview_empty_states(colleague):
    client = login(colleague)
    assert "There are no spaces yet" in text(client.get("/ruimtes/"))
    assert "You are not in any space yet" in text(client.get("/ruimtes/?mijn=1"))
    assert "No space matches “xyz”" in text(client.get("/ruimtes/?q=xyz"))
    assert "There are no archived spaces." in text(client.get("/ruimtes/?archief=1"))


def test_overview_search_answers_htmx_with_the_results_only(colleague):
    SpaceFactory(name="Project Omgevingswet")
    SpaceFactory(name="Team Burgerzaken")
    response = login(colleague).get("/ruimtes/?q=omgev", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="space-results")
    html = text(response)
    assert response.status_code == 200
    assert "<html" not in html and "<h1" not in html
    assert "Project Omgevingswet" in html and "Team Burgerzaken" not in html
    assert 'hx-swap-oob="innerHTML:#spaces-status"' in html and "1 space found" in html
    assert "HX-Request" in response["Vary"]
    # A history restore, or any other htmx target, gets the whole page.
    whole = login(colleague).get("/ruimtes/?q=omgev", HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert "<html" in text(whole)


def test_overview_suggests_spaces_of_the_own_department(colleague):
    department = DepartmentFactory(name="Publiekszaken")
    colleague.profile.department = department
    colleague.profile.save()
    SpaceFactory(name="Balie", department=department)
    html = text(login(colleague).get("/ruimtes/"))
    assert "Suggested spaces" in html


def make_spaces(count: int, owner: User, department) -> None:
    now = timezone.now()
    spaces = Space.objects.bulk_create(
        Space(
            name=f"Ruimte {n:05}",
            slug=f"bulk-{n}",
            description="Samen werken.",
            visibility=[SpaceVisibility.OPEN, SpaceVisibility.CLOSED, SpaceVisibility.SECRET][n % 3],
            join_policy=[JoinPolicy.ANYONE, JoinPolicy.REQUEST][n % 2],
            department=department if n % 4 == 0 else None,
            last_activity_at=now - timedelta(minutes=n),
            member_count=1,
        )
        for n in range(count)
    )
    Membership.objects.bulk_create(Membership(space=s, user=owner, role=SpaceRole.OWNER) for s in spaces[::5])
    JoinRequest.objects.bulk_create(JoinRequest(space=s, user=owner) for s in spaces[1::10])


def queries_for(client: Client, path: str, **headers) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, **headers)
    assert response.status_code == 200, path
    return len(captured)


OVERVIEW_PATHS = [
    ("/ruimtes/", SHELL_QUERIES + 6),  # roles, count, page, open requests, departments, suggestions
    ("/ruimtes/?q=ruimte&soort=team&afdeling=DEPARTMENT&sorteer=members", SHELL_QUERIES + 6),
    ("/ruimtes/?mijn=1", SHELL_QUERIES + 6),
    ("/ruimtes/?archief=1", SHELL_QUERIES + 6),
]


@pytest.mark.parametrize(("path", "budget"), OVERVIEW_PATHS)
def test_overview_query_count_does_not_grow_with_spaces(owner, path, budget, django_assert_max_num_queries):
    department = DepartmentFactory()
    path = path.replace("DEPARTMENT", str(department.pk))
    client = login(owner)
    client.get(path)  # once to fill the caches (site settings), as in real use
    make_spaces(30, owner, department)
    small = queries_for(client, path)
    Space.objects.all().delete()
    make_spaces(2500, owner, department)
    with django_assert_max_num_queries(budget):
        large = queries_for(client, path)
    assert large == small
    htmx = queries_for(client, path, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="space-results")
    assert htmx < large  # the partial leaves out the filters and suggestions


def test_overview_paginates(owner):
    make_spaces(60, owner, None)
    client = login(owner)
    html = text(client.get("/ruimtes/?sorteer=name"))
    assert html.count('class="plein-card plein-space-card"') == 24
    assert "Page 1 of 2" in html  # 40 of 60 are open or closed (and 4 of the secret ones are the owner's)
    assert "pagina=2" in html


# --- members ----------------------------------------------------------------------------------


def make_members(space: Space, count: int, *, prefix: str = "") -> None:
    """``count`` colleagues and three guests in ``space``, written in bulk."""
    users = User.objects.bulk_create(
        User(
            email=f"{prefix}lid{n}@zuiderveld.nl",
            first_name=f"Lid{n:05}",
            last_name="Jansen",
        )
        for n in range(count)
    )
    Profile.objects.bulk_create((Profile(user=u, function="Medewerker") for u in users), batch_size=1000)
    Membership.objects.bulk_create(
        (Membership(space=space, user=u, role=SpaceRole.MEMBER) for u in users), batch_size=1000
    )
    guests = User.objects.bulk_create(
        User(email=f"{prefix}gast{n}@extern.nl", first_name=f"Gast{n}", kind=UserKind.GUEST) for n in range(3)
    )
    Membership.objects.bulk_create(
        Membership(space=space, user=u, role=SpaceRole.GUEST, expires_at=timezone.now() + timedelta(days=30))
        for u in guests
    )
    space.member_count = Membership.objects.filter(space=space).count()
    space.save(update_fields=["member_count"])


def test_members_query_count_does_not_grow_with_members(owner, django_assert_max_num_queries):
    small_space = SpaceFactory(slug="klein", owner=owner)
    big_space = SpaceFactory(slug="groot", owner=owner)
    make_members(small_space, 30, prefix="klein")
    make_members(big_space, 10_000, prefix="groot")
    client = login(owner)
    client.get("/ruimtes/klein/")  # once to fill the caches (site settings), as in real use
    for path in ("", "?q=lid0&rol=member", "?rol=guest", "?pagina=3"):
        small = queries_for(client, f"/ruimtes/klein/leden/{path}")
        # header: space, roles, own membership, waiting requests; then count and page
        with django_assert_max_num_queries(SHELL_QUERIES + 6):
            large = queries_for(client, f"/ruimtes/groot/leden/{path}")
        assert large == small, path


def test_members_list_searches_filters_and_paginates(owner, colleague, team_space):
    add_member(team_space, colleague)
    make_members(team_space, 30)
    client = login(owner)
    html = text(client.get(reverse("spaces:members", args=[team_space.slug])))
    assert html.count('class="plein-member"') == 24
    assert "Page 1 of 2" in html
    assert html.index("Pieter Bakker") < html.index("Olga Eigenaar")  # by last name, whatever the role
    html = text(client.get(reverse("spaces:members", args=[team_space.slug]) + "?q=pieter"))
    assert "Pieter Bakker" in html and "Lid00001" not in html
    html = text(client.get(reverse("spaces:members", args=[team_space.slug]) + "?rol=guest"))
    assert "Gast0" in html and "Pieter Bakker" not in html and "access until" in html
    partial = client.get(
        reverse("spaces:members", args=[team_space.slug]) + "?q=pieter",
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="member-results",
    )
    assert "<h1" not in text(partial) and "Pieter Bakker" in text(partial)


def test_owner_sees_role_and_remove_controls_moderator_only_remove(owner, colleague, team_space):
    member = add_member(team_space, colleague)
    moderator = UserFactory(first_name="Mo", last_name="Derator")
    add_member(team_space, moderator, role=SpaceRole.MODERATOR)
    role_url = reverse("spaces:member_role", args=[team_space.slug, member.pk])
    remove_url = reverse("spaces:member_remove", args=[team_space.slug, member.pk])
    owner_html = text(login(owner).get(reverse("spaces:members", args=[team_space.slug])))
    assert role_url in owner_html and remove_url in owner_html
    moderator_html = text(login(moderator).get(reverse("spaces:members", args=[team_space.slug])))
    assert role_url not in moderator_html and remove_url in moderator_html
    owner_membership = Membership.objects.get(space=team_space, user=owner)
    assert reverse("spaces:member_remove", args=[team_space.slug, owner_membership.pk]) not in moderator_html
    member_html = text(login(colleague).get(reverse("spaces:members", args=[team_space.slug])))
    assert remove_url not in member_html


# --- joining, requests, leaving ---------------------------------------------------------------


def test_join(colleague, team_space):
    client = login(colleague)
    response = client.post(reverse("spaces:join", args=[team_space.slug]), follow=True)
    assert "you are now a member" in text(response)
    assert Membership.objects.filter(space=team_space, user=colleague, role=SpaceRole.MEMBER).exists()
    team_space.refresh_from_db()
    assert team_space.member_count == 2
    # Twice is harmless.
    response = client.post(reverse("spaces:join", args=[team_space.slug]), follow=True)
    assert "already a member" in text(response)


def test_join_from_the_overview_returns_there(colleague, team_space):
    response = login(colleague).post(reverse("spaces:join", args=[team_space.slug]), {"next": "/ruimtes/?q=team"})
    assert response["Location"] == "/ruimtes/?q=team"
    response = login(UserFactory()).post(
        reverse("spaces:join", args=[team_space.slug]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == team_space.get_absolute_url()


def test_request_approve_and_decline(owner, colleague):
    space = SpaceFactory(
        name="Raad", slug="raad", visibility=SpaceVisibility.CLOSED, join_policy=JoinPolicy.REQUEST, owner=owner
    )
    client = login(colleague)
    page = client.get(reverse("spaces:request", args=[space.slug]))
    assert page.status_code == 200 and "Send request" in text(page)
    response = client.post(
        reverse("spaces:request", args=[space.slug]), {"message": "Ik wil graag meedenken."}, follow=True
    )
    assert "Your request has been sent" in text(response)
    join_request = JoinRequest.objects.get(space=space, user=colleague)
    assert join_request.message == "Ik wil graag meedenken." and join_request.status == RequestStatus.PENDING
    html = text(client.get(space.get_absolute_url()))
    assert "Withdraw request" in html

    moderator_client = login(owner)
    html = text(moderator_client.get(reverse("spaces:requests", args=[space.slug])))
    assert "Ik wil graag meedenken." in html and "Pieter Bakker" in html
    assert 'class="plein-tabs__count">1' in html
    response = moderator_client.post(
        reverse("spaces:requests", args=[space.slug]),
        {"request": join_request.pk, "decision": "approve", "response": "Welkom!"},
        follow=True,
    )
    assert "Pieter Bakker is now a member." in text(response)
    join_request.refresh_from_db()
    assert join_request.status == RequestStatus.APPROVED and join_request.response == "Welkom!"
    assert Membership.objects.filter(space=space, user=colleague).exists()
    # Answering twice tells so, and changes nothing.
    response = moderator_client.post(
        reverse("spaces:requests", args=[space.slug]), {"request": join_request.pk, "decision": "decline"}, follow=True
    )
    assert "already been answered" in text(response)

    other = UserFactory(first_name="Anna", last_name="Anders")
    second = JoinRequest.objects.create(space=space, user=other, message="Mag ik?")
    response = moderator_client.post(
        reverse("spaces:requests", args=[space.slug]),
        {"request": second.pk, "decision": "decline", "response": "Dit is voor de raad."},
        follow=True,
    )
    assert "has been declined" in text(response)
    second.refresh_from_db()
    assert second.status == RequestStatus.DECLINED and second.response == "Dit is voor de raad."
    assert not Membership.objects.filter(space=space, user=other).exists()


def test_request_for_another_space_is_404(owner, colleague):
    space = SpaceFactory(join_policy=JoinPolicy.REQUEST, owner=owner)
    other = SpaceFactory(join_policy=JoinPolicy.REQUEST)
    foreign = JoinRequest.objects.create(space=other, user=colleague)
    response = login(owner).post(
        reverse("spaces:requests", args=[space.slug]), {"request": foreign.pk, "decision": "approve"}
    )
    assert response.status_code == 404


def test_withdraw_request(owner, colleague):
    space = SpaceFactory(join_policy=JoinPolicy.REQUEST, owner=owner)
    JoinRequest.objects.create(space=space, user=colleague)
    response = login(colleague).post(reverse("spaces:withdraw", args=[space.slug]), follow=True)
    assert "withdrawn" in text(response)
    assert JoinRequest.objects.get(space=space, user=colleague).status == RequestStatus.WITHDRAWN


def test_request_page_refuses_when_joining_is_not_on_request(colleague, team_space):
    assert login(colleague).get(reverse("spaces:request", args=[team_space.slug])).status_code == 403


def test_leave(colleague, team_space):
    add_member(team_space, colleague)
    response = login(colleague).post(reverse("spaces:leave", args=[team_space.slug]))
    assert response["Location"] == team_space.get_absolute_url()
    assert not Membership.objects.filter(space=team_space, user=colleague).exists()


def test_leaving_a_secret_space_goes_to_the_overview(colleague, secret_space):
    add_member(secret_space, colleague)
    response = login(colleague).post(reverse("spaces:leave", args=[secret_space.slug]))
    assert response["Location"] == reverse("spaces:overview")


def test_last_owner_cannot_leave(owner, team_space):
    response = login(owner).post(reverse("spaces:leave", args=[team_space.slug]), follow=True)
    assert "at least one owner" in text(response)
    assert Membership.objects.filter(space=team_space, user=owner, role=SpaceRole.OWNER).exists()


# --- roles and removing -----------------------------------------------------------------------


def test_owner_changes_a_role(owner, colleague, team_space):
    membership = add_member(team_space, colleague)
    response = login(owner).post(
        reverse("spaces:member_role", args=[team_space.slug, membership.pk]), {"role": "moderator"}, follow=True
    )
    assert "role is now: Moderator" in text(response)
    membership.refresh_from_db()
    assert membership.role == SpaceRole.MODERATOR


def test_last_owner_cannot_step_down(owner, team_space):
    membership = Membership.objects.get(space=team_space, user=owner)
    response = login(owner).post(
        reverse("spaces:member_role", args=[team_space.slug, membership.pk]), {"role": "member"}, follow=True
    )
    assert "at least one owner" in text(response)
    membership.refresh_from_db()
    assert membership.role == SpaceRole.OWNER


def test_moderator_removes_a_member_but_not_an_owner(owner, colleague, team_space):
    moderator = UserFactory()
    add_member(team_space, moderator, role=SpaceRole.MODERATOR)
    membership = add_member(team_space, colleague)
    client = login(moderator)
    response = client.post(reverse("spaces:member_remove", args=[team_space.slug, membership.pk]), follow=True)
    assert "is no longer a member" in text(response)
    assert not Membership.objects.filter(pk=membership.pk).exists()
    owner_membership = Membership.objects.get(space=team_space, user=owner)
    assert client.post(reverse("spaces:member_remove", args=[team_space.slug, owner_membership.pk])).status_code == 403


def test_membership_of_another_space_is_404(owner, team_space):
    other = SpaceFactory(owner=UserFactory())
    foreign = Membership.objects.get(space=other)
    url = reverse("spaces:member_remove", args=[team_space.slug, foreign.pk])
    assert login(owner).post(url).status_code == 404


# --- creating and settings --------------------------------------------------------------------


def test_create_space(owner):
    client = login(owner)
    page = client.get(reverse("spaces:create"))
    assert page.status_code == 200
    html = text(page)
    assert "Open: everyone in the organisation can read along" in html
    assert 'name="auto_department"' not in html  # administrators only
    response = client.post(reverse("spaces:create"), space_post(image=png()))
    space = Space.objects.get(name="Project Omgevingswet")
    assert response["Location"] == space.get_absolute_url()
    assert space.kind == SpaceKind.PROJECT and space.members_can_invite
    assert space.image and space.image_small
    assert Membership.objects.get(space=space).user == owner


def test_create_space_keeps_input_on_error(owner):
    response = login(owner).post(reverse("spaces:create"), space_post(name="", about="Mijn lange uitleg"))
    html = text(response)
    assert response.status_code == 200
    assert "Give the space a name." in html and "error-summary" in html
    assert "Samen de Omgevingswet invoeren." in html and "Mijn lange uitleg" in html
    assert 'value="project" checked' not in html  # kind is a select
    assert '<option value="project" selected>' in html
    assert not Space.objects.exists()


def test_create_space_with_a_bad_image(owner):
    bad = SimpleUploadedFile("notes.png", b"not an image at all", content_type="image/png")
    response = login(owner).post(reverse("spaces:create"), space_post(image=bad))
    assert response.status_code == 200
    assert 'id="id_image_error"' in text(response)
    assert not Space.objects.exists()


def test_a_space_never_takes_the_address_of_a_page(owner):
    login(owner).post(reverse("spaces:create"), space_post(name="Nieuw"))
    space = Space.objects.get(name="Nieuw")
    assert space.slug == "nieuw-2"
    assert login(owner).get(space.get_absolute_url()).status_code == 200


def test_settings_save_and_refuse(owner, team_space):
    client = login(owner)
    url = reverse("spaces:settings", args=[team_space.slug])
    response = client.post(url, space_post(name="Team Burgerzaken en Publiek", visibility="closed"), follow=True)
    assert "have been saved" in text(response)
    team_space.refresh_from_db()
    assert team_space.name == "Team Burgerzaken en Publiek" and team_space.visibility == SpaceVisibility.CLOSED
    assert team_space.slug == "team-burgerzaken"  # the address stays
    response = client.post(url, space_post(name="", visibility="nonsense"))
    html = text(response)
    assert response.status_code == 200 and "Give the space a name." in html
    assert "Select a valid choice" in html
    # The header still shows the saved name, not what was typed.
    assert '<h1 class="utrecht-heading-1">Team Burgerzaken en Publiek</h1>' in html


def test_administrator_sets_automatic_membership(admin, owner, team_space):
    department = DepartmentFactory(name="Burgerzaken")
    person = UserFactory()
    person.profile.department = department
    person.profile.save()
    client = login(admin)
    html = text(client.get(reverse("spaces:settings", args=[team_space.slug])))
    assert 'name="auto_department"' in html and "Delete space" in html
    client.post(
        reverse("spaces:settings", args=[team_space.slug]),
        space_post(name=team_space.name, auto_department=department.pk),
    )
    assert Membership.objects.filter(space=team_space, user=person, automatic=True).exists()


def test_archive_and_restore(owner, colleague, team_space):
    client = login(owner)
    client.post(reverse("spaces:archive", args=[team_space.slug]))
    team_space.refresh_from_db()
    assert team_space.is_archived
    html = text(login(colleague).get(team_space.get_absolute_url()))
    assert "This space is archived: read-only." in html
    assert reverse("spaces:join", args=[team_space.slug]) not in html
    assert "Restore space" not in html
    assert login(colleague).post(reverse("spaces:join", args=[team_space.slug])).status_code == 403
    assert "Restore space" in text(client.get(team_space.get_absolute_url()))
    client.post(reverse("spaces:restore", args=[team_space.slug]))
    team_space.refresh_from_db()
    assert not team_space.is_archived


def test_administrator_deletes_with_confirmation(admin, team_space):
    client = login(admin)
    url = reverse("spaces:delete", args=[team_space.slug])
    response = client.post(url, {"name": "Team Burgerzak"})
    assert response.status_code == 200
    assert "Type the name of the space exactly" in text(response) and 'value="Team Burgerzak"' in text(response)
    assert Space.objects.filter(pk=team_space.pk).exists()
    response = client.post(url, {"name": "Team Burgerzaken"}, follow=True)
    assert "has been deleted" in text(response)
    assert not Space.objects.filter(pk=team_space.pk).exists()


def test_space_pages_query_budget(owner, team_space, django_assert_max_num_queries):
    """Header: space, roles, own membership, waiting requests; then what the page itself shows."""
    team_space.join_policy = JoinPolicy.REQUEST
    team_space.created_by = owner
    team_space.save()
    make_members(team_space, 50)
    client = login(owner)
    client.get(team_space.get_absolute_url())  # once to fill the caches (site settings)
    for name in ("space", "about", "members", "requests", "settings"):
        # The space page also counts its stream's posts (the stream's own budget is in tests/stream).
        with django_assert_max_num_queries(SHELL_QUERIES + (7 if name == "space" else 6)):
            assert client.get(reverse(f"spaces:{name}", args=[team_space.slug])).status_code == 200


def test_overview_ignores_nonsense_in_the_address(colleague):
    client = login(colleague)
    for query in ("afdeling=99999999999999999999", "afdeling=-1", "soort=<b>", "sorteer=x", "pagina=999999999999"):
        assert client.get(f"/ruimtes/?{query}").status_code == 200, query


def test_only_administrators_find_the_guest_list_from_the_overview(colleague):
    admin = UserFactory(is_superuser=True, is_staff=True)
    guests_url = reverse("spaces:guests")
    assert f'href="{guests_url}"' in text(login(admin).get(reverse("spaces:overview")))
    assert f'href="{guests_url}"' not in text(login(colleague).get(reverse("spaces:overview")))
