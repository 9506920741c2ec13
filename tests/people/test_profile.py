"""Profiles: the edit action and page, visibility, completeness, the profile page and its query budget."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from PIL import Image

from plein.core.models import Event
from plein.org.models import DepartmentKind
from plein.people import actions, forms, permissions, selectors_profile
from plein.people.completeness import completeness
from plein.people.models import Endorsement, Profile, Skill, Visibility
from tests.factories import DepartmentFactory, GuestFactory, LocationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    # Assertions read English text; the Dutch catalogue is tested elsewhere.
    client.cookies["plein_language"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def colleague(db):
    return UserFactory(first_name="Pieter", last_name="Bakker")


@pytest.fixture
def admin(db):
    return UserFactory(first_name="Ada", last_name="Beheer", is_superuser=True, is_staff=True)


@pytest.fixture
def org(db):
    root = DepartmentFactory(name="Gemeente Zuiderveld", kind=DepartmentKind.ORGANISATION)
    directorate = DepartmentFactory(name="Directie Dienstverlening", kind=DepartmentKind.DIRECTORATE, parent=root)
    team = DepartmentFactory(name="Team Burgerzaken", kind=DepartmentKind.TEAM, parent=directorate)
    other = DepartmentFactory(name="Team Burgerparticipatie", kind=DepartmentKind.TEAM, parent=directorate)
    town_hall = LocationFactory(name="Stadhuis")
    return {"root": root, "directorate": directorate, "team": team, "other": other, "town_hall": town_hall}


def png(size=(120, 80), colour=(30, 120, 200)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return SimpleUploadedFile("me.png", buffer.getvalue(), content_type="image/png")


def full_post(profile: Profile, **overrides) -> dict:
    """What the edit page posts when nothing is changed, with ``overrides`` applied."""
    data = {
        "pronouns": profile.pronouns,
        "function": profile.function,
        "department": profile.department_id or "",
        "manager": profile.manager_id or "none",
        "manager_search": "",
        "location": profile.location_id or "",
        "room": profile.room,
        "phone": profile.phone,
        "mobile": profile.mobile,
        "working_days": [str(day) for day in profile.working_days],
        "working_hours": profile.working_hours,
        "about": profile.about,
        "languages": profile.languages,
        "links": "\n".join(profile.links),
        "skills": ", ".join(s.name for s in profile.skills.all()),
        **{f"visibility_{f}": profile.visibility.get(f, "colleagues") for f in permissions.OPTIONAL_FIELDS},
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


# --- the action ------------------------------------------------------------------------------


def test_update_profile_saves_fields_skills_and_records_an_event(employee):
    actions.update_profile(
        actor=employee,
        profile=employee.profile,
        changes={"phone": "+31 6 1234 5678", "about": "Hallo"},
        skills=["GIS", "Omgevingswet", "gis"],
    )
    profile = Profile.objects.get(pk=employee.pk)
    assert profile.phone == "+31 6 1234 5678"
    assert sorted(profile.skills.values_list("name", flat=True)) == ["GIS", "Omgevingswet"]
    assert "12345678" in profile.search_text.replace(" ", "")
    event = Event.objects.get(kind="profile.updated")
    assert event.actor_id == employee.pk
    assert "skills" in event.payload["fields"]


def test_update_profile_ignores_fields_managed_by_hr_for_the_person(employee, admin):
    profile = employee.profile
    profile.function = "Adviseur"
    profile.managed_fields = ["function", "phone"]
    profile.save()
    actions.update_profile(
        actor=employee, profile=profile, changes={"function": "Directeur", "phone": "1", "room": "2.1"}
    )
    profile.refresh_from_db()
    assert (profile.function, profile.phone, profile.room) == ("Adviseur", "", "2.1")
    # An administrator may correct them (the next import may overwrite that again).
    actions.update_profile(actor=admin, profile=profile, changes={"function": "Teamleider"})
    profile.refresh_from_db()
    assert profile.function == "Teamleider"


def test_a_colleague_cannot_update_another_profile(employee, colleague):
    with pytest.raises(PermissionDenied):
        actions.update_profile(actor=colleague, profile=employee.profile, changes={"phone": "0612345678"})
    assert Profile.objects.get(pk=employee.pk).phone == ""
    assert not Event.objects.filter(kind="profile.updated").exists()


def test_guests_cannot_edit_even_their_own_profile():
    guest = GuestFactory()
    assert not permissions.can_edit_profile(guest, guest.profile)


# --- visibility ------------------------------------------------------------------------------


def test_hidden_field_is_shown_to_self_and_admin_but_not_to_a_colleague(client, employee, colleague, admin):
    profile = employee.profile
    profile.phone = "070 123 4567"
    profile.mobile = "06 9999 8888"
    profile.visibility = {"phone": Visibility.HIDDEN, "mobile": Visibility.SPACES}
    profile.save()
    for viewer, sees in ((colleague, False), (employee, True), (admin, True)):
        client.force_login(viewer)
        html = client.get(f"/mensen/{employee.pk}/").content.decode()
        assert ("070 123 4567" in html) is sees, viewer
        # "People in my spaces": nobody shares a space yet, so only self and admin.
        assert ("06 9999 8888" in html) is sees, viewer
        page = selectors_profile.profile_page(viewer=viewer, person=employee)
        assert page.show["phone"] is sees


def test_guests_see_only_name_photo_and_function(client, employee, monkeypatch):
    profile = employee.profile
    profile.function = "Burgerzakenmedewerker"
    profile.phone = "070 123 4567"
    profile.about = "Over mij"
    profile.save()
    profile.skills.add(actions.skill_for_name("Paspoorten"))
    guest = GuestFactory()
    for field in ("phone", "about", "skills", "email", "department", "location", "links", "pronouns"):
        assert not permissions.can_see_field(guest, profile, field)
    for field in ("name", "photo", "function"):
        assert permissions.can_see_field(guest, profile, field)

    client.force_login(guest)
    assert client.get(f"/mensen/{employee.pk}/").status_code == 404  # no shared space: not even there

    # Once they share a space, the guest sees the card with name and function only.
    monkeypatch.setattr(permissions, "shares_a_space", lambda viewer, person_id: True)
    response = client.get(f"/mensen/{employee.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Sanne de Vries" in html and "Burgerzakenmedewerker" in html
    for secret in ("070 123 4567", "Over mij", "Paspoorten", employee.email):
        assert secret not in html
    assert 'action="/mensen/' not in html  # no follow or endorse buttons


def test_a_guest_reaches_only_profiles_of_people_in_a_current_shared_space(client, employee, colleague):
    from datetime import timedelta

    from django.utils import timezone

    from tests.spaces.factories import SpaceFactory, add_member

    guest = GuestFactory()
    space = SpaceFactory(owner=employee)
    membership = add_member(space, guest, role="guest")
    client.force_login(guest)
    assert client.get(f"/mensen/{employee.pk}/").status_code == 200
    # Someone outside the guest's spaces, and someone who does not exist, look exactly the same: not found.
    assert client.get(f"/mensen/{colleague.pk}/").status_code == 404
    assert client.get("/mensen/999999/").status_code == 404
    # When the guest's access has ended, the shared space no longer counts.
    membership.expires_at = timezone.now() - timedelta(minutes=1)
    membership.save(update_fields=["expires_at"])
    assert client.get(f"/mensen/{employee.pk}/").status_code == 404


def test_deactivated_people_have_no_profile_page(employee_client, colleague):
    colleague.is_active = False
    colleague.save()
    assert employee_client.get(f"/mensen/{colleague.pk}/").status_code == 404


# --- completeness --------------------------------------------------------------------------


def test_completeness_scores_and_names_the_next_steps(employee, org):
    profile = employee.profile
    profile.function = ""
    result = completeness(profile, skill_count=0)
    assert result.score == 0
    assert [str(step.text) for step in result.steps][:3] == [
        "Add a photo",
        "Add at least three skills, so colleagues can find you by what you know",
        "Write something about yourself",
    ]
    profile.function = "Adviseur"
    profile.about = "Ik werk aan de Omgevingswet."
    profile.phone = "070 1234567"
    profile.location = org["town_hall"]
    result = completeness(profile, skill_count=3)
    assert result.score == 65
    assert [step.field for step in result.steps] == ["photo", "department", "languages"]


def test_completeness_skips_what_only_hr_can_fill_in(employee):
    profile = employee.profile
    profile.managed_fields = ["department", "location"]
    steps = [step.field for step in completeness(profile, skill_count=0).steps]
    assert "department" not in steps and "location" not in steps


def test_own_profile_shows_completeness_and_an_edit_link(employee_client, employee, colleague):
    html = employee_client.get(f"/mensen/{employee.pk}/").content.decode()
    assert "Your profile is" in html and "<progress" in html
    assert 'href="/mensen/mij/bewerken/#id_photo"' in html
    assert 'href="/mensen/mij/bewerken/"' in html
    other = employee_client.get(f"/mensen/{colleague.pk}/").content.decode()
    assert "<progress" not in other and "/bewerken/" not in other


# --- the edit page ---------------------------------------------------------------------------


def test_edit_page_saves_everything_and_redirects_to_the_profile(employee_client, employee, org):
    profile = employee.profile
    data = full_post(
        profile,
        pronouns="zij/haar",
        department=org["team"].pk,
        location=org["town_hall"].pk,
        room="Stadhuis 2.14",
        phone="+31 (0)70 123-4567",
        working_days=["0", "1", "3"],
        working_hours="8:30 tot 17:00",
        about="Ik werk aan <b>paspoorten</b>.\n\nVraag me gerust.<script>alert(1)</script>",
        languages="Nederlands, Engels",
        links="https://example.org/sanne\nhttp://example.com",
        skills="Paspoorten, Rijbewijzen,  BRP , paspoorten",
        visibility_phone="hidden",
    )
    response = employee_client.post("/mensen/mij/bewerken/", data, follow=True)
    assert response.redirect_chain == [(f"/mensen/{employee.pk}/", 302)]
    assert "Your profile has been saved." in response.content.decode()
    profile.refresh_from_db()
    assert profile.pronouns == "zij/haar"
    assert profile.department == org["team"]
    assert profile.location == org["town_hall"]
    assert profile.phone == "+31 (0)70 123-4567"
    assert profile.working_days == [0, 1, 3]
    assert profile.about == "Ik werk aan paspoorten.\n\nVraag me gerust."
    assert profile.links == ["https://example.org/sanne", "http://example.com"]
    assert sorted(profile.skills.values_list("name", flat=True)) == ["BRP", "Paspoorten", "Rijbewijzen"]
    assert profile.visibility["phone"] == "hidden"
    assert profile.visibility["about"] == "colleagues"
    assert Event.objects.filter(kind="profile.updated", actor=employee).count() == 1
    html = response.content.decode()
    assert "zij/haar" in html and "<p>Ik werk aan paspoorten.</p>" in html
    assert 'href="tel:+31(0)70123-4567"' in html
    assert "Monday, Tuesday, Thursday" in html


def test_bad_input_keeps_what_was_typed_and_points_at_each_error(employee_client, employee):
    data = full_post(
        employee.profile,
        phone="bel me maar",
        about="Een lange tekst die ik niet kwijt wil.",
        links="\n".join(f"https://example.org/{n}" for n in range(6)),
        skills=", ".join(f"vaardigheid {n}" for n in range(31)),
        room="Kamer 3.01",
    )
    response = employee_client.post("/mensen/mij/bewerken/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Een lange tekst die ik niet kwijt wil." in html
    assert 'value="bel me maar"' in html and 'value="Kamer 3.01"' in html
    assert "vaardigheid 30" in html
    assert 'id="id_phone_error"' in html and 'aria-invalid="true"' in html
    assert 'aria-describedby="id_phone_error"' in html
    assert 'aria-describedby="id_skills_helptext id_skills_error"' in html
    for anchor in ("#id_phone", "#id_links", "#id_skills"):
        assert f'href="{anchor}"' in html
    assert "fix 3 problems" in html
    assert "<title>\n    Error:" in html or "Error:" in html.split("</title>")[0]
    assert Profile.objects.get(pk=employee.pk).about == ""
    assert not Event.objects.filter(kind="profile.updated").exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "12", "at least three digits"),
        ("mobile", "06-1234<5678", "Use only digits"),
        ("links", "javascript:alert(1)", "is not a web address"),
        ("links", "ftp://example.org/file", "is not a web address"),
        ("skills", "x" * 81, "at most 80 characters"),
        ("about", "a" * 2001, "at most 2000 characters"),
        ("pronouns", "x" * 41, "at most 40 characters"),
        ("visibility_phone", "everyone", "Select a valid choice"),
        ("location", "999999", "Select a valid choice"),
    ],
)
def test_each_field_is_validated(employee_client, employee, field, value, message):
    response = employee_client.post("/mensen/mij/bewerken/", full_post(employee.profile, **{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()


def test_a_colleague_gets_403_and_an_admin_may_edit(client, employee, colleague, admin):
    client.force_login(colleague)
    assert client.get(f"/mensen/{employee.pk}/bewerken/").status_code == 403
    response = client.post(f"/mensen/{employee.pk}/bewerken/", full_post(employee.profile, phone="0611111111"))
    assert response.status_code == 403
    assert Profile.objects.get(pk=employee.pk).phone == ""

    client.force_login(admin)
    assert client.get(f"/mensen/{employee.pk}/bewerken/").status_code == 200
    response = client.post(f"/mensen/{employee.pk}/bewerken/", full_post(employee.profile, phone="0611111111"))
    assert response.status_code == 302
    assert Profile.objects.get(pk=employee.pk).phone == "0611111111"


def test_guests_and_visitors_cannot_open_the_edit_page(client, employee):
    guest = GuestFactory()
    client.force_login(guest)
    assert client.get("/mensen/mij/bewerken/").status_code == 404
    assert client.post("/mensen/mij/bewerken/", {"phone": "0612345678"}).status_code == 404
    assert client.get(f"/mensen/{employee.pk}/bewerken/").status_code == 404
    client.logout()
    response = client.get("/mensen/mij/bewerken/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_managed_fields_are_read_only_and_ignored(employee_client, employee, org):
    profile = employee.profile
    profile.function = "Adviseur"
    profile.department = org["team"]
    profile.managed_fields = ["function", "department"]
    profile.save()
    html = employee_client.get("/mensen/mij/bewerken/").content.decode()
    assert "Comes from the HR system" in html
    assert 'name="function"' not in html and 'name="department"' not in html
    assert "Team Burgerzaken" in html
    response = employee_client.post(
        "/mensen/mij/bewerken/",
        full_post(profile, function="Wethouder", department=org["other"].pk, room="1.01"),
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert (profile.function, profile.department, profile.room) == ("Adviseur", org["team"], "1.01")


def test_photo_upload_and_removal(employee_client, employee):
    response = employee_client.post("/mensen/mij/bewerken/", {**full_post(employee.profile), "photo": png()})
    assert response.status_code == 302
    profile = Profile.objects.get(pk=employee.pk)
    assert profile.photo.name.endswith(".jpg") and profile.photo_small.name.endswith(".jpg")
    assert Image.open(profile.photo.path).size == (512, 512)
    assert Event.objects.filter(kind="profile.photo_changed").count() == 1
    html = employee_client.get(f"/mensen/{employee.pk}/").content.decode()
    assert profile.photo.url in html  # large on the profile
    assert profile.photo_small.url in html  # small in the header menu

    response = employee_client.post("/mensen/mij/bewerken/", {**full_post(profile), "remove_photo": "on"})
    assert response.status_code == 302
    profile.refresh_from_db()
    assert not profile.photo and not profile.photo_small


def test_a_bad_photo_is_refused_and_nothing_is_saved(employee_client, employee):
    fake = SimpleUploadedFile("me.jpg", b"not an image at all" * 20, content_type="image/jpeg")
    response = employee_client.post(
        "/mensen/mij/bewerken/", {**full_post(employee.profile, room="Kamer 9"), "photo": fake}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "This file is not a photo that can be used" in html
    assert 'href="#id_photo"' in html
    assert 'value="Kamer 9"' in html
    profile = Profile.objects.get(pk=employee.pk)
    assert not profile.photo and profile.room == ""


def test_a_good_photo_must_be_chosen_again_when_other_fields_fail(employee_client, employee):
    response = employee_client.post(
        "/mensen/mij/bewerken/", {**full_post(employee.profile, phone="nope"), "photo": png()}
    )
    assert "Your photo was not saved because of the problems on this page" in response.content.decode()
    assert not Profile.objects.get(pk=employee.pk).photo


def test_working_days_are_translated(employee_client):
    employee_client.cookies["plein_language"] = "nl"
    html = employee_client.get("/mensen/mij/bewerken/").content.decode()
    assert "maandag" in html and "zondag" in html


# --- choosing among thousands: department and manager search -------------------------------------


def test_small_organisations_get_a_department_select(employee_client, org):
    html = employee_client.get("/mensen/mij/bewerken/").content.decode()
    assert '<select name="department"' in html
    assert "Team Burgerzaken" in html


def test_big_organisations_search_departments_and_resolve_the_typed_name(employee_client, employee, org, monkeypatch):
    monkeypatch.setattr(forms, "SELECT_LIMIT", 2)
    html = employee_client.get("/mensen/mij/bewerken/").content.decode()
    assert '<select name="department"' not in html
    assert 'name="department_search"' in html and 'hx-get="/mensen/profiel/afdelingen/"' in html

    # Without JavaScript: the typed text is resolved on save when one department matches.
    response = employee_client.post(
        "/mensen/mij/bewerken/", full_post(employee.profile, department="", department_search="burgerzaken")
    )
    assert response.status_code == 302
    assert Profile.objects.get(pk=employee.pk).department == org["team"]

    # Several match: the page asks to choose and lists them, keeping what was typed.
    profile = Profile.objects.get(pk=employee.pk)
    response = employee_client.post(
        "/mensen/mij/bewerken/",
        full_post(profile, department=org["team"].pk, department_search="Team Burger", room="4.04"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Several match" in html and 'value="Team Burger"' in html
    assert f'id="department-result-{org["other"].pk}"' in html
    assert 'value="4.04"' in html

    # Picking one of them (what htmx shows while typing, too) saves it.
    response = employee_client.post(
        "/mensen/mij/bewerken/",
        full_post(profile, department=org["other"].pk, department_search="Team Burger"),
    )
    assert response.status_code == 302
    assert Profile.objects.get(pk=employee.pk).department == org["other"]

    # "No department".
    response = employee_client.post("/mensen/mij/bewerken/", full_post(profile, department="none"))
    assert Profile.objects.get(pk=employee.pk).department is None

    response = employee_client.post(
        "/mensen/mij/bewerken/", full_post(profile, department="", department_search="Brandweer")
    )
    assert "Nothing matches “Brandweer”" in response.content.decode()


def test_department_search_endpoint_returns_radio_buttons(employee_client, org):
    response = employee_client.get("/mensen/profiel/afdelingen/", {"department_search": "burger"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "2 matches" in html
    assert f'name="department" value="{org["team"].pk}"' in " ".join(html.split())


def test_manager_is_chosen_by_searching_colleagues(employee_client, employee, colleague):
    response = employee_client.get("/mensen/profiel/collegas/", {"manager_search": "bakk", "exclude": employee.pk})
    assert "Pieter Bakker" in response.content.decode()
    response = employee_client.post(
        "/mensen/mij/bewerken/", full_post(employee.profile, manager="", manager_search="Pieter Bakker")
    )
    assert response.status_code == 302
    assert Profile.objects.get(pk=employee.pk).manager == colleague
    response = employee_client.post("/mensen/mij/bewerken/", full_post(employee.profile, manager=employee.pk))
    assert "Choose someone else as manager." in response.content.decode()


def test_skill_suggestions_complete_the_last_name_typed(employee_client, colleague):
    colleague.profile.skills.add(actions.skill_for_name("Ruimtelijke ordening"), actions.skill_for_name("GIS"))
    response = employee_client.get("/mensen/profiel/vaardigheden/", {"skills": "GIS,  ruimte"})
    html = response.content.decode()
    # Choosing a datalist option replaces the whole value, so each option carries what came before.
    assert '<option value="GIS,  Ruimtelijke ordening">Ruimtelijke ordening</option>' in html
    response = employee_client.get("/mensen/profiel/vaardigheden/", {"skills": "gis, Ruimtelijke ordening, g"})
    assert "<option" not in response.content.decode()  # too short, and GIS is already listed
    response = employee_client.get("/mensen/profiel/vaardigheden/", {"skills": "ruimtelijke, gi"})
    assert '<option value="ruimtelijke, GIS">GIS</option>' in response.content.decode()


def test_lookups_are_for_employees_only(client):
    client.force_login(GuestFactory())
    for path in ("/mensen/profiel/afdelingen/", "/mensen/profiel/collegas/", "/mensen/profiel/vaardigheden/"):
        assert client.get(path).status_code == 404


# --- the profile page ------------------------------------------------------------------------


def test_profile_shows_contact_card_org_chain_manager_and_links(employee_client, employee, colleague, org):
    profile = colleague.profile
    profile.pronouns = "hij/hem"
    profile.department = org["team"]
    profile.manager = employee
    profile.location = org["town_hall"]
    profile.room = "B 1.12"
    profile.phone = "070 111 2222"
    profile.mobile = "06 1111 2222"
    profile.languages = "Nederlands, Turks"
    profile.links = ["https://example.org/pieter", "javascript:alert(1)"]
    profile.working_days = [0, 4]
    profile.save()
    html = employee_client.get(f"/mensen/{colleague.pk}/").content.decode()
    for text in (
        "(hij/hem)",
        f'href="mailto:{colleague.email}"',
        'href="tel:0701112222"',
        'href="tel:0611112222"',
        "Stadhuis",
        "B 1.12",
        "Monday, Friday",
        "Nederlands, Turks",
        'href="https://example.org/pieter"',
        "Gemeente Zuiderveld",
        "Directie Dienstverlening",
        "Team Burgerzaken",
        f'href="/mensen/{employee.pk}/"',
        f'href="/mensen/{colleague.pk}/volgers/"',
        f'href="/mensen/{colleague.pk}/volgt/"',
    ):
        assert text in html, text
    assert "javascript:" not in html


def test_profile_query_count_does_not_grow_with_skills_endorsements_or_followers(employee_client, employee, org):
    person = UserFactory(first_name="Veel", last_name="Gevolgd")
    person.profile.department = org["team"]
    person.profile.manager = employee
    person.profile.save()

    def grow(count: int) -> None:
        for n in range(count):
            fan = UserFactory()
            skill = actions.skill_for_name(f"vaardigheid {Skill.objects.count()}")
            person.profile.skills.add(skill)
            Endorsement.objects.create(endorser=fan, person=person, skill=skill)
            Endorsement.objects.create(endorser=employee, person=person, skill=skill) if n % 2 else None
            actions.follow(user=fan, person=person)
            actions.follow(user=person, person=fan)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = employee_client.get(f"/mensen/{person.pk}/")
        assert response.status_code == 200
        return len(captured)

    grow(2)
    employee_client.get(f"/mensen/{person.pk}/")  # warm caches (site settings, content types)
    few = queries()
    grow(25)
    many = queries()
    assert many == few, f"{few} queries with 2 skills and followers, {many} with 27"
    assert many <= 10
    html = employee_client.get(f"/mensen/{person.pk}/").content.decode()
    assert "27 followers" in html and "Follows 27" in html


def test_own_profile_and_edit_page_stay_within_budget(employee_client, employee, org):
    for n in range(3):
        employee.profile.skills.add(actions.skill_for_name(f"kennis {n}"))
    employee_client.get(f"/mensen/{employee.pk}/")
    with CaptureQueriesContext(connection) as own:
        employee_client.get(f"/mensen/{employee.pk}/")
    with CaptureQueriesContext(connection) as edit:
        employee_client.get("/mensen/mij/bewerken/")
    assert len(own) <= 10
    assert len(edit) <= 12, [q["sql"] for q in edit.captured_queries]


def test_follow_lists_are_paginated_with_a_fixed_query_count(employee_client, employee):
    def queries(path: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert employee_client.get(path).status_code == 200
        return len(captured)

    fans = [UserFactory() for _ in range(3)]
    for fan in fans:
        actions.follow(user=fan, person=employee)
    path = f"/mensen/{employee.pk}/volgers/"
    queries(path)
    few = queries(path)
    for _ in range(30):
        actions.follow(user=UserFactory(), person=employee)
    many = queries(path)
    assert few == many
    html = employee_client.get(path).content.decode()
    assert "33 colleagues" in html and "Page 1 of 2" in html
    assert "Page 2 of 2" in employee_client.get(path + "?pagina=2").content.decode()
    following = employee_client.get(f"/mensen/{fans[0].pk}/volgt/").content.decode()
    assert "Sanne de Vries" in following


# --- admin: merging skills -------------------------------------------------------------------


def test_admin_merges_selected_skills_into_the_one_chosen(client, admin, employee, colleague):
    gis = actions.skill_for_name("GIS")
    geo = actions.skill_for_name("Geo-informatie")
    employee.profile.skills.add(gis, geo)
    colleague.profile.skills.add(geo)
    Endorsement.objects.create(endorser=colleague, person=employee, skill=gis)
    client.force_login(admin)
    changelist = "/beheer/people/skill/"
    selection = {"action": "merge_skills", "_selected_action": [gis.pk, geo.pk]}
    response = client.post(changelist, selection)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Keep this skill" in html
    checked = [line for line in html.splitlines() if "checked" in line and 'name="keep"' in line]
    assert len(checked) == 1 and f'value="{geo.pk}"' in checked[0], "the most used skill is suggested"
    assert "Geo-informatie (2 people)" in html

    response = client.post(changelist, {**selection, "keep": geo.pk})
    assert response.status_code == 302
    assert list(Skill.objects.values_list("name", flat=True)) == ["Geo-informatie"]
    assert list(employee.profile.skills.all()) == [geo]
    assert Endorsement.objects.get().skill == geo
    assert Event.objects.filter(kind="skill.merged").exists()
