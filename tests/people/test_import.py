"""Importing people from an HR export: the file, the plan, the writes, the command and the page."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from plein.accounts.models import User
from plein.cli import main
from plein.core.dispatch import deliver_pending
from plein.core.models import Event, EventDelivery
from plein.notifications.models import Notification
from plein.org.models import Department, DepartmentKind, Location
from plein.people import import_actions, selectors
from plein.people.actions import update_profile
from plein.people.import_actions import import_people
from plein.people.importer import ImportFileError, load_snapshot, read_csv
from plein.people.models import Profile
from plein.search.selectors import search_people
from tests.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
ILKER = "\u0130lker Y\u0131lmaz"  # Turkish dotted capital I and dotless i
HEADER = "employee_number,email,first_name,last_name,function,department_path,manager_employee_number,location"


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


def data(name: str) -> bytes:
    return (DATA / name).read_bytes()


def csv(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def person(number: str) -> User:
    return User.objects.select_related("profile").get(profile__employee_number=number)


def state() -> dict[str, Any]:
    """Every row the import could touch, to prove that a dry run wrote nothing."""
    return {
        "users": list(User.objects.order_by("pk").values()),
        "profiles": list(Profile.objects.order_by("pk").values()),
        "addresses": list(EmailAddress.objects.order_by("pk").values()),
        "departments": list(Department.objects.order_by("pk").values()),
        "locations": list(Location.objects.order_by("pk").values()),
        "events": Event.objects.count(),
        "deliveries": EventDelivery.objects.count(),
    }


# --- the file ---------------------------------------------------------------------------------


def test_reads_comma_file_with_byte_order_mark() -> None:
    parsed = read_csv(data("good.csv"))
    assert parsed.delimiter == ","
    assert parsed.columns[:2] == ("employee_number", "email")
    assert len(parsed.rows) == 8
    assert parsed.rows[0].line == 2


def test_reads_semicolon_file_from_dutch_excel() -> None:
    parsed = read_csv(data("bad.csv"))
    assert parsed.delimiter == ";"
    assert len(parsed.rows) == 10


def test_quoted_values_may_hold_the_delimiter_and_line_numbers_follow_the_file() -> None:
    parsed = read_csv(csv('1,a@zuiderveld.nl,An,"de Wit, van",F,,,', "", '2,b@zuiderveld.nl,Bo,"Multi\nline",F,,,'))
    assert [row.line for row in parsed.rows] == [2, 4]
    assert parsed.rows[0].values["last_name"] == "de Wit, van"


def test_unknown_columns_are_reported_as_ignored() -> None:
    parsed = read_csv(b"E-mail;Voornaam;First Name\na@zuiderveld.nl;An;An\n")
    assert parsed.columns == ("email", "first_name")
    assert parsed.ignored_columns == ("Voornaam",)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"\n\n", "empty"),
        (b"employee_number,email\n1,a\x81b@zuiderveld.nl\n", "not text in UTF-8 or Windows-1252"),
        (b"name,phone\nAn,06\n", "needs a column employee_number or email"),
        (b"email,email\na@b.nl,c@d.nl\n", "more than once"),
        ("\ufeffemail\n".encode("utf-16"), "no rows"),
        (b"employee_number;email;first_name\n\n", "no rows"),
    ],
)
def test_an_unreadable_file_is_a_fatal_error(content: bytes, reason: str) -> None:
    with pytest.raises(ImportFileError, match=reason):
        read_csv(content)


# --- importing ----------------------------------------------------------------------------------


def test_good_file_creates_people_departments_locations_and_managers() -> None:
    result = import_people(data=data("good.csv"))
    plan = result.plan
    assert result.applied and not plan.errors
    assert (len(plan.created), len(plan.updated), plan.unchanged) == (8, 0, 0)

    anouk = person("1001")
    assert (anouk.first_name, anouk.last_name, anouk.email) == ("Anouk", "Jansen", "a.jansen@zuiderveld.nl")
    # The manager is listed further down the file.
    assert anouk.profile.manager == person("1005")
    assert person("1006").profile.manager is None
    assert person("1004").email == "d.bakker@zuiderveld.nl"  # lower case
    team = anouk.profile.department
    assert (team.name, team.kind) == ("Team Vergunningen Noord", DepartmentKind.TEAM)
    chain = [(d.name, d.kind) for d in Department.objects.filter(path__in=team.ancestor_paths()).order_by("path")]
    assert chain == [
        ("Gemeente Zuiderveld", DepartmentKind.ORGANISATION),
        ("Ruimte", DepartmentKind.DIRECTORATE),
        ("Vergunningen", DepartmentKind.DEPARTMENT),
    ]
    assert Department.objects.filter(name="Gemeente Zuiderveld").count() == 1
    assert person("1008").profile.department.name == "Beleid, Ontwikkeling"
    assert sorted(Location.objects.values_list("name", flat=True)) == ["Gemeentewerf", "Stadhuis", "Stadskantoor"]
    assert (anouk.profile.room, anouk.profile.phone, anouk.profile.mobile) == ("2.14", "0592 123 401", "06 1234 5601")
    assert anouk.profile.function == "Teamleider Vergunningen"
    assert not anouk.has_usable_password()
    assert EmailAddress.objects.get(user=anouk).verified
    assert person("1006").last_name == "Çelik"


def test_new_people_are_findable_in_the_directory() -> None:
    import_people(data=data("good.csv"))
    viewer = UserFactory()
    found = selectors.directory(viewer=viewer, query="celik")
    assert [p.email for p in found] == ["f.celik@zuiderveld.nl"]
    assert "stadhuis" in person("1006").profile.search_text


def test_imported_fields_are_read_only_for_the_person() -> None:
    import_people(data=data("good.csv"))
    anouk = person("1001")
    assert anouk.profile.managed_fields == [
        "department",
        "employee_number",
        "function",
        "location",
        "manager",
        "mobile",
        "phone",
        "room",
    ]
    update_profile(actor=anouk, profile=anouk.profile, changes={"function": "Directeur", "about": "Hallo"})
    anouk.profile.refresh_from_db()
    assert (anouk.profile.function, anouk.profile.about) == ("Teamleider Vergunningen", "Hallo")


def test_importing_the_same_file_twice_changes_nothing() -> None:
    import_people(data=data("good.csv"))
    before = state()
    result = import_people(data=data("good.csv"))
    plan = result.plan
    assert (len(plan.created), len(plan.updated), len(plan.deactivated), len(plan.reactivated)) == (0, 0, 0, 0)
    assert plan.unchanged == 8
    assert not plan.new_departments and not plan.new_locations
    assert state() == before


def test_dry_run_writes_nothing() -> None:
    UserFactory(with_profile__function="Beheerder", is_superuser=True)
    before = state()
    result = import_people(data=data("good.csv"), dry_run=True)
    assert result.dry_run and not result.applied
    assert len(result.plan.created) == 8
    assert len(result.plan.new_departments) == 9
    assert state() == before

    import_people(data=data("good.csv"))
    before = state()
    result = import_people(data=data("changed.csv"), dry_run=True)
    assert (len(result.plan.created), len(result.plan.updated), len(result.plan.deactivated)) == (1, 3, 1)
    assert state() == before


def test_changed_file_reports_field_changes_and_applies_them() -> None:
    import_people(data=data("good.csv"))
    result = import_people(data=data("changed.csv"))
    plan = result.plan
    assert [c.name for c in plan.created] == [ILKER]
    changes = {c.name: {(f.field, f.before, f.after) for f in c.changes} for c in plan.updated}
    assert changes == {
        "Bram de Vries": {
            ("function", "Vergunningverlener", "Senior vergunningverlener"),
            (
                "department",
                "Gemeente Zuiderveld / Ruimte / Vergunningen / Team Vergunningen Noord",
                "Gemeente Zuiderveld / Ruimte / Vergunningen / Team Vergunningen Zuid",
            ),
            ("manager", "Anouk Jansen", "Eva van den Berg"),
        },
        "Chaima El Amrani": {("email", "c.elamrani@zuiderveld.nl", "chaima.elamrani@zuiderveld.nl")},
        "Hanneke de Wit": {("room", "2.20", "2.22"), ("manager", "Eva van den Berg", "Fatma Çelik")},
    }
    assert [p.name for p in plan.deactivated] == ["Gert-Jan Smit"]
    assert plan.unchanged == 4

    bram = person("1002")
    assert bram.profile.function == "Senior vergunningverlener"
    assert bram.profile.department.name == "Team Vergunningen Zuid"
    assert bram.profile.department.parent == person("1001").profile.department.parent
    assert "senior vergunningverlener" in bram.profile.search_text
    assert person("1009").profile.manager == bram
    chaima = person("1003")
    assert chaima.email == "chaima.elamrani@zuiderveld.nl"
    assert list(EmailAddress.objects.filter(user=chaima).values_list("email", "primary", "verified")) == [
        ("chaima.elamrani@zuiderveld.nl", True, True)
    ]
    # A second run of the same file is a no-op.
    again = import_people(data=data("changed.csv")).plan
    assert (len(again.created), len(again.updated), len(again.deactivated), again.unchanged) == (0, 0, 0, 8)


def test_people_missing_from_the_file_are_deactivated_not_deleted() -> None:
    import_people(data=data("good.csv"))
    smit = person("1007")
    team = smit.profile.department
    import_people(data=data("changed.csv"))
    smit.refresh_from_db()
    assert not smit.is_active
    assert smit.display_name == "Gert-Jan Smit"  # content keeps the name
    assert smit.profile.department == team
    viewer = UserFactory()
    assert "g.smit@zuiderveld.nl" not in [p.email for p in selectors.directory(viewer=viewer)]
    assert selectors.person(viewer=viewer, user_id=smit.pk) is None
    assert not search_people(viewer=viewer, query="Gert-Jan").exists()


def test_reappearing_people_are_reactivated() -> None:
    import_people(data=data("good.csv"))
    import_people(data=data("changed.csv"))
    result = import_people(data=data("good.csv"))
    assert [c.name for c in result.plan.reactivated] == ["Gert-Jan Smit"]
    assert person("1007").is_active
    assert [p.name for p in result.plan.deactivated] == [ILKER]
    event = Event.objects.filter(kind="people.imported").last()
    assert event is not None
    assert event.payload["reactivated_ids"] == [person("1007").pk]
    assert event.payload["deactivated_ids"] == [person("1009").pk]


def test_people_created_by_hand_without_employee_number_are_never_deactivated() -> None:
    admin = UserFactory(email="beheer@zuiderveld.nl", is_superuser=True)
    colleague = UserFactory(email="handmatig@zuiderveld.nl")
    import_people(data=data("good.csv"))
    admin.refresh_from_db()
    colleague.refresh_from_db()
    assert admin.is_active and colleague.is_active


def test_administrators_are_listed_but_never_deactivated() -> None:
    import_people(data=data("good.csv"))
    User.objects.filter(email="g.smit@zuiderveld.nl").update(is_superuser=True)
    plan = import_people(data=data("changed.csv")).plan
    assert plan.deactivated == []
    assert [p.name for p in plan.kept_admins] == ["Gert-Jan Smit"]
    assert person("1007").is_active


def test_no_deactivate_missing_leaves_people_alone() -> None:
    import_people(data=data("good.csv"))
    plan = import_people(data=data("changed.csv"), deactivate_missing=False).plan
    assert plan.deactivated == []
    assert person("1007").is_active


def test_mass_deactivation_is_refused_unless_allowed() -> None:
    rows = [f"{3000 + n},p{n}@zuiderveld.nl,Persoon,Nummer {n},Adviseur,,," for n in range(20)]
    import_people(data=csv(*rows))
    before = state()
    result = import_people(data=csv(*rows[:12], "9999,nieuw@zuiderveld.nl,Nieuwe,Collega,,,,"))
    assert result.refused and not result.applied
    assert "deactivate 8 of 20 active people" in result.plan.blocked_message
    assert state() == before  # nothing at all, not even the new person

    result = import_people(data=csv(*rows[:12]), allow_mass_deactivation=True)
    assert result.applied
    assert User.objects.filter(is_active=False).count() == 8


def test_matches_by_email_case_insensitively_and_adds_the_employee_number() -> None:
    sanne = UserFactory(email="sanne.devries@zuiderveld.nl", first_name="Sanne", last_name="de Vries")
    plan = import_people(data=csv("4711,Sanne.DeVries@Zuiderveld.NL,Sanne,de Vries,Adviseur,,,")).plan
    assert plan.created == []
    assert [(f.field, f.after) for f in plan.updated[0].changes if f.field != "managed_fields"] == [
        ("employee_number", "4711"),
        ("function", "Adviseur"),
    ]
    sanne.profile.refresh_from_db()
    assert sanne.profile.employee_number == "4711"


def test_a_person_without_a_profile_gets_one() -> None:
    bare = User.objects.create_user(email="kaal@zuiderveld.nl", first_name="Kees", last_name="Kaal")
    plan = import_people(data=csv("77,kaal@zuiderveld.nl,Kees,Kaal,Archivaris,,,Stadhuis")).plan
    assert [c.name for c in plan.updated] == ["Kees Kaal"]
    profile = Profile.objects.get(user=bare)
    assert (profile.employee_number, profile.function, profile.location.name) == ("77", "Archivaris", "Stadhuis")
    assert "archivaris" in profile.search_text


def test_existing_departments_are_found_by_name_and_new_ones_get_the_next_path() -> None:
    root = DepartmentFactory(name="Gemeente Zuiderveld", kind=DepartmentKind.ORGANISATION)
    directorate = DepartmentFactory(name="Ruimte", kind=DepartmentKind.DIRECTORATE, parent=root)
    existing = DepartmentFactory(name="Team Wonen", kind=DepartmentKind.TEAM, parent=directorate)
    import_people(data=csv("1,a@zuiderveld.nl,An,Aa,,gemeente zuiderveld / RUIMTE / Team Bouwen,,"))
    new = person("1").profile.department
    assert new.parent == directorate
    assert new.path.startswith(directorate.path) and new.path > existing.path
    assert Department.objects.count() == 4


def test_manager_by_email_column() -> None:
    header = "email,first_name,last_name,manager_email"
    plan = import_people(
        data=csv("a@zuiderveld.nl,An,Aa,b@zuiderveld.nl", "b@zuiderveld.nl,Bo,Bee,", header=header)
    ).plan
    assert not plan.errors
    a = User.objects.get(email="a@zuiderveld.nl")
    assert a.profile.manager == User.objects.get(email="b@zuiderveld.nl")


def test_bad_rows_are_reported_with_their_line_and_skipped() -> None:
    result = import_people(data=data("bad.csv"), deactivate_missing=False)
    plan = result.plan
    assert result.applied
    assert [c.name for c in plan.created] == ["Kees Mulder", "Sanne Goed"]
    reasons = {error.line: error.message for error in plan.errors}
    assert sorted(reasons) == [3, 4, 5, 6, 7, 8, 9, 11]
    assert "neither an employee number nor an e-mail address" in reasons[3]
    assert "not a valid e-mail address" in reasons[4]
    assert "already on line 2" in reasons[5]
    assert "Unknown manager" in reasons[6]
    assert "too long" in reasons[7]
    assert "Manager cycle" in reasons[8] and "Manager cycle" in reasons[9]
    assert "first name and a last name" in reasons[11]
    assert person("2009").profile.manager == person("2001")
    assert not User.objects.filter(email__in=["n.dubbel@zuiderveld.nl", "q.kring@zuiderveld.nl"]).exists()


def test_a_row_in_error_never_deactivates_the_person_it_names() -> None:
    import_people(data=data("good.csv"))
    rows = data("good.csv").decode("utf-8-sig").replace("g.smit@zuiderveld.nl", "g.smit@@zuiderveld")
    plan = import_people(data=rows.encode()).plan
    assert [e.line for e in plan.errors] == [8]
    assert plan.deactivated == []
    assert person("1007").is_active


@pytest.mark.parametrize(
    ("rows", "reason"),
    [
        (["1,nieuw@zuiderveld.nl,,Jansen,,,,"], "first name and a last name"),
        (["1,,An,Jansen,,,,"], "needs an e-mail address"),
        (["1,a@zuiderveld.nl,An,Aa,,,1,"], "own manager"),
        (["1,a@zuiderveld.nl,An,Aa,,Org /  / Team,,"], "empty unit"),
        (["1,a@zuiderveld.nl,An,Aa,,,,", "2,A@zuiderveld.nl,Bo,Bee,,,,"], "already on line 2"),
        (["1,a@zuiderveld.nl,An,Aa,,,,,extra"], "more cells than the header"),
        (["1,a@zuiderveld.nl,An\x07,Aa,,,,"], "control characters"),
        (["1,a@zuiderveld.nl,An,Aa,,,2,", "2,b@zuiderveld.nl,Bo,Bee,,,3,", "3,c@zuiderveld.nl,Cy,Cee,,,1,"], "cycle"),
        (["1,a@zuiderveld.nl,An,Aa,,,2,", "2,b@zuiderveld.nl,Bo,Bee,,,3,", "3,c@,Cy,Cee,,,,"], "line 4 has a problem"),
        ([f"1,a@zuiderveld.nl,{'A' * 151},Aa,,,,"], "too long"),
    ],
)
def test_row_problems(rows: list[str], reason: str) -> None:
    plan = import_people(data=csv(*rows)).plan
    assert any(reason in error.message for error in plan.errors), [e.message for e in plan.errors]


def test_e_mail_address_of_another_person_is_refused() -> None:
    UserFactory(email="bezet@zuiderveld.nl")
    import_people(data=csv("1,a@zuiderveld.nl,An,Aa,,,,"))
    plan = import_people(data=csv("1,bezet@zuiderveld.nl,An,Aa,,,,")).plan
    assert "belongs to another person" in plan.errors[0].message
    assert person("1").email == "a@zuiderveld.nl"


def test_guests_are_not_managed_by_the_import() -> None:
    guest = UserFactory(email="gast@partner.nl", kind="guest")
    plan = import_people(data=csv("1,gast@partner.nl,Gast,Partner,,,,")).plan
    assert "external guest" in plan.errors[0].message
    guest.refresh_from_db()
    assert guest.is_active


def test_empty_cells_clear_fields_but_never_names() -> None:
    import_people(data=data("good.csv"))
    import_people(data=csv("1001,a.jansen@zuiderveld.nl,,,,,,"), deactivate_missing=False)
    anouk = person("1001")
    assert (anouk.first_name, anouk.last_name) == ("Anouk", "Jansen")
    assert (anouk.profile.function, anouk.profile.department, anouk.profile.manager) == ("", None, None)
    assert anouk.profile.location is None
    assert anouk.profile.room == "2.14"  # no room column: left alone


def test_events_one_summary_and_a_welcome_for_each_new_person() -> None:
    admin = UserFactory(is_superuser=True)
    import_people(data=data("good.csv"), actor=admin, source="hr.csv")
    created = Event.objects.filter(kind="user.created")
    assert created.count() == 8
    assert all(e.actor_id == admin.pk and e.audience == [f"user:{e.subject_id}"] for e in created)
    summary = Event.objects.get(kind="people.imported")
    assert summary.actor == admin
    assert summary.payload["created"] == 8 and summary.payload["source"] == "hr.csv"
    deliver_pending()
    anouk = person("1001")
    assert Notification.objects.filter(recipient=anouk, kind="welcome").count() == 1


def test_a_database_conflict_rolls_back_the_whole_import(monkeypatch: Any) -> None:
    import_people(data=data("good.csv"))
    before = state()

    def stale_snapshot() -> Any:
        # As if Anouk had been added by someone else after the snapshot was read.
        snapshot = load_snapshot()
        anouk = snapshot.by_number.pop("1001")
        del snapshot.people[anouk]
        snapshot.by_email.pop("a.jansen@zuiderveld.nl")
        return snapshot

    monkeypatch.setattr(import_actions, "load_snapshot", stale_snapshot)
    with pytest.raises(ImportFileError, match="refused the changes"):
        import_people(data=data("changed.csv"))
    assert state() == before


def test_a_run_that_changes_nothing_records_no_event() -> None:
    import_people(data=data("good.csv"))
    count = Event.objects.count()
    import_people(data=data("good.csv"))
    assert Event.objects.count() == count


def generated(count: int, *, prefix: str = "") -> bytes:
    rows = [
        f"{100000 + n},p{n}@zuiderveld.nl,Voornaam{n},Achternaam {n % 97},Functie {prefix}{n % 20},"
        f"Gemeente Zuiderveld / Directie {n % 4} / Afdeling {n % 20} / Team {n % 100},"
        f"{'' if n == 0 else 100000 + n // 10},Locatie {n % 5}"
        for n in range(count)
    ]
    return csv(*rows)


def test_two_thousand_rows_take_a_bounded_number_of_queries() -> None:
    started = time.monotonic()
    with CaptureQueriesContext(connection) as created:
        result = import_people(data=generated(2000))
    assert len(result.plan.created) == 2000 and not result.plan.errors
    assert len(created) < 60, f"{len(created)} queries to create 2,000 people"
    with CaptureQueriesContext(connection) as changed:
        result = import_people(data=generated(2000, prefix="nieuw "))
    assert len(result.plan.updated) == 2000
    assert len(changed) < 60, f"{len(changed)} queries to update 2,000 people"
    with CaptureQueriesContext(connection) as unchanged:
        result = import_people(data=generated(2000, prefix="nieuw "))
    assert result.plan.unchanged == 2000
    assert len(unchanged) < 10, f"{len(unchanged)} queries for an import that changes nothing"
    assert time.monotonic() - started < 60
    assert person("100010").profile.manager == person("100001")


# --- the command ----------------------------------------------------------------------------


def test_command_dry_run_prints_the_report_and_changes_nothing(capsys: Any) -> None:
    assert main(["import", "people", str(DATA / "good.csv"), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "line 2: Anouk Jansen <a.jansen@zuiderveld.nl>" in out
    assert not User.objects.exists()


def test_command_exit_codes(capsys: Any, tmp_path: Path) -> None:
    assert main(["import", "people", str(DATA / "good.csv")]) == 0
    assert User.objects.count() == 8
    assert main(["import", "people", str(DATA / "changed.csv")]) == 0
    out = capsys.readouterr().out
    assert "Vergunningverlener” → “Senior vergunningverlener”" in out
    assert "Gert-Jan Smit" in out

    assert main(["import", "people", str(DATA / "bad.csv"), "--no-deactivate-missing"]) == 1
    out = capsys.readouterr().out
    assert "line 6 (Omar Onbekend): Unknown manager" in out
    assert User.objects.filter(email="k.mulder@zuiderveld.nl").exists()  # good rows still applied

    assert main(["import", "people", str(DATA / "bad.csv")]) == 2  # would deactivate nearly everyone
    assert "--allow-mass-deactivation" in capsys.readouterr().err

    broken = tmp_path / "kapot.csv"
    broken.write_bytes(b"naam;telefoon\nAn;06\n")
    assert main(["import", "people", str(broken)]) == 2
    assert "needs a column employee_number or email" in capsys.readouterr().err
    assert main(["import", "people", str(tmp_path / "bestaat-niet.csv")]) == 2
    assert "cannot read" in capsys.readouterr().err


# --- the page -------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client: Any) -> Any:
    client.force_login(UserFactory(is_superuser=True, is_staff=True, language="en"))
    return client


def upload(client: Any, name: str, **extra: Any) -> Any:
    with (DATA / name).open("rb") as source:
        return client.post("/mensen/import/", {"file": source, "deactivate_missing": "on", **extra})


def test_page_is_for_administrators_only(employee_client: Any) -> None:
    assert employee_client.get("/mensen/import/").status_code == 403
    assert employee_client.post("/mensen/import/toepassen/", {"token": "x"}).status_code == 403
    response = Client().get("/mensen/import/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_upload_shows_the_dry_run_and_confirming_applies_it(admin_client: Any) -> None:
    assert admin_client.get("/mensen/import/").status_code == 200
    response = upload(admin_client, "good.csv")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing has been changed yet" in page
    assert "Anouk Jansen" in page and "Team Vergunningen Noord" in page
    assert not User.objects.filter(email="a.jansen@zuiderveld.nl").exists()
    token = response.context["confirm"]["token"].value()

    response = admin_client.post("/mensen/import/toepassen/", {"token": token, "deactivate_missing": "True"})
    assert response.status_code == 200
    assert "The import has been applied." in response.content.decode()
    assert User.objects.filter(email="a.jansen@zuiderveld.nl").exists()
    assert Event.objects.get(kind="people.imported").payload["source"] == "good.csv"

    # The kept file is used once: posting again asks for a new upload.
    response = admin_client.post("/mensen/import/toepassen/", {"token": token}, follow=True)
    assert "no longer available" in response.content.decode()


def test_a_file_that_changes_nothing_offers_nothing_to_apply(admin_client: Any) -> None:
    import_people(data=data("good.csv"))
    page = upload(admin_client, "good.csv").content.decode()
    assert "Nothing to change" in page
    assert "Apply these changes" not in page


def test_confirming_with_another_token_applies_nothing(admin_client: Any) -> None:
    upload(admin_client, "good.csv")
    response = admin_client.post("/mensen/import/toepassen/", {"token": "0" * 64}, follow=True)
    assert "no longer available" in response.content.decode()
    assert not User.objects.filter(email="a.jansen@zuiderveld.nl").exists()


def test_unreadable_upload_is_refused_with_a_clear_message(admin_client: Any, tmp_path: Path) -> None:
    broken = tmp_path / "export.csv"
    broken.write_bytes(b"naam,afdeling\nJos\x81,Ruimte\n")
    with broken.open("rb") as source:
        response = admin_client.post("/mensen/import/", {"file": source})
    assert response.status_code == 200
    assert "not text in UTF-8 or Windows-1252" in response.content.decode()
    assert response.context["form"].errors["file"]


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16"])
def test_excel_exports_in_windows_1252_and_utf_16_are_read(encoding: str) -> None:
    content = "employee_number;email;first_name;last_name\n7;jose@zuiderveld.nl;José;Muñoz-Ünal\n"
    parsed = read_csv(content.encode(encoding))
    assert [(row.values["first_name"], row.values["last_name"]) for row in parsed.rows] == [("José", "Muñoz-Ünal")]


def test_mass_deactivation_on_the_page_needs_an_explicit_tick(admin_client: Any) -> None:
    import_people(data=data("good.csv"))
    response = upload(admin_client, "bad.csv")
    page = response.content.decode()
    assert "Refused: this file would deactivate" in page
    token = response.context["confirm"]["token"].value()
    response = admin_client.post("/mensen/import/toepassen/", {"token": token, "deactivate_missing": "True"})
    assert "Refused" in response.content.decode()
    assert person("1001").is_active
    response = admin_client.post(
        "/mensen/import/toepassen/",
        {"token": token, "deactivate_missing": "True", "allow_mass_deactivation": "on"},
    )
    assert "The import has been applied." in response.content.decode()
    assert not person("1001").is_active
