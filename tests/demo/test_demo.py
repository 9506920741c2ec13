"""The demo organisation Gemeente Zuiderveld: complete, deterministic, bulk-written."""

from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate
from django.utils import timezone

from plein.accounts.models import User
from plein.core.models import Event
from plein.core.text import fold
from plein.demo.generate import DEMO_ACCOUNTS, DEMO_GUEST, DEMO_PASSWORD, SIZES, generate, print_logins
from plein.demo.names import email_local_part
from plein.demo.plan import build_plan
from plein.org.models import PATH_STEP, Department, DepartmentKind, Location
from plein.people.models import Profile, Skill
from plein.spaces.models import Space
from plein.stream.models import Comment, Post

EMAIL = re.compile(r"^[a-z0-9-]+\.[a-z0-9-]+[0-9]*@zuiderveld\.nl$")
LEVELS = [DepartmentKind.ORGANISATION, DepartmentKind.DIRECTORATE, DepartmentKind.DEPARTMENT, DepartmentKind.TEAM]


def fingerprint() -> list[tuple[str, ...]]:
    rows = Profile.objects.values_list(
        "user__email", "user__first_name", "user__last_name", "function", "department__path", "location__name"
    )
    skills = Counter(Profile.skills.through.objects.values_list("profile__user__email", "skill__name"))
    return sorted(rows) + sorted((email, name) for email, name in skills)


def wipe() -> None:
    Comment.objects.all().delete()  # authors are PROTECT
    Post.objects.all().delete()
    Space.objects.all().delete()
    User.objects.all().delete()
    for kind in reversed(LEVELS):  # children first: Department.parent is PROTECT
        Department.objects.filter(kind=kind).delete()
    Location.objects.all().delete()
    Skill.objects.all().delete()


@pytest.mark.django_db
def test_small_creates_about_200_complete_people():
    summary = generate(size="small", seed=1)

    assert "200 people" in summary
    assert User.objects.filter(kind="employee").count() == SIZES["small"] == 200
    assert Profile.objects.count() == 200
    assert not Profile.objects.filter(department__isnull=True).exists()
    assert not Profile.objects.filter(location__isnull=True).exists()
    assert set(EmailAddress.objects.filter(primary=True, verified=True).values_list("email", flat=True)) == set(
        User.objects.values_list("email", flat=True)
    )
    per_person = Counter(Profile.skills.through.objects.values_list("profile_id", flat=True))
    assert len(per_person) == 200
    assert set(per_person.values()) <= {1, 2, 3, 4}
    assert Department.objects.filter(kind=DepartmentKind.ORGANISATION).get().name == "Gemeente Zuiderveld"
    assert Department.objects.filter(kind=DepartmentKind.DIRECTORATE).count() == 5


@pytest.mark.django_db
def test_emails_are_ascii_lowercase_and_unique():
    generate(size="small", seed=1)
    fixed = {account.email for account in DEMO_ACCOUNTS} | {DEMO_GUEST.email}
    emails = [email for email in User.objects.values_list("email", flat=True) if email not in fixed]

    assert len(emails) == len(set(emails)) == 200 - len(DEMO_ACCOUNTS)
    assert all(EMAIL.match(email) for email in emails), [e for e in emails if not EMAIL.match(e)]


def test_names_fold_to_ascii_addresses():
    assert fold("Yılmaz") == "yilmaz"  # noqa: RUF001 - the Turkish dotless i
    assert fold("Renée Çelik") == "renee celik"
    assert email_local_part("Jan", "van 't Hof") == "jan.vanthof"
    assert email_local_part("Oğuz", "El Amrani") == "oguz.elamrani"


@pytest.mark.django_db
@pytest.mark.parametrize("account", DEMO_ACCOUNTS, ids=lambda account: account.role)
def test_fixed_accounts_exist_and_can_log_in(account, client):
    generate(size="small", seed=7)

    user = authenticate(email=account.email, password=DEMO_PASSWORD)

    assert user is not None
    assert user.get_full_name() == f"{account.first_name} {account.last_name}"
    assert user.profile.function == account.function
    assert user.is_editor == account.is_editor
    assert user.is_community_manager == account.is_community_manager
    assert user.is_ambassador == account.is_ambassador
    assert user.is_superuser == user.is_staff == account.is_admin
    assert EmailAddress.objects.filter(user=user, email=account.email, primary=True, verified=True).exists()
    assert client.login(email=account.email, password=DEMO_PASSWORD)


@pytest.mark.django_db
def test_generated_people_share_the_demo_password():
    generate(size="small", seed=1)
    person = User.objects.exclude(email__in=[a.email for a in DEMO_ACCOUNTS]).order_by("pk").first()

    assert authenticate(email=person.email, password=DEMO_PASSWORD) == person
    assert User.objects.values("password").distinct().count() == 1  # hashed once


@pytest.mark.django_db
def test_same_seed_same_organisation_other_seed_other_organisation():
    generate(size="small", seed=42)
    first = fingerprint()
    wipe()
    generate(size="small", seed=42)
    again = fingerprint()
    wipe()
    generate(size="small", seed=43)
    other = fingerprint()

    assert first == again
    assert first != other


@pytest.mark.django_db
def test_tree_paths_leaves_and_managers():
    generate(size="small", seed=1)
    departments = {d.pk: d for d in Department.objects.select_related("parent", "manager__profile__department")}
    with_children = {d.parent_id for d in departments.values()}

    for department in departments.values():
        level = LEVELS.index(department.kind)
        assert department.depth == level + 1
        if department.parent is None:
            assert department.kind == DepartmentKind.ORGANISATION
        else:
            assert department.path.startswith(department.parent.path)
            assert len(department.path) == len(department.parent.path) + PATH_STEP
            assert LEVELS.index(department.parent.kind) == level - 1
        if department.kind == DepartmentKind.TEAM:
            assert department.pk not in with_children
        assert department.manager is not None
        assert department.manager.profile.department.path.startswith(department.path)
    assert len(departments) == len({d.path for d in departments.values()})


@pytest.mark.django_db
def test_some_colleagues_joined_recently_the_rest_within_three_years():
    generate(size="small", seed=1)
    now = timezone.now()

    recent = User.objects.filter(date_joined__gte=now - timedelta(days=30)).count()
    assert 1 <= recent <= 20
    assert not User.objects.filter(date_joined__lt=now - timedelta(days=3 * 366)).exists()
    assert User.objects.values("date_joined").distinct().count() > 190


@pytest.mark.django_db
def test_refuses_when_users_exist():
    User.objects.create_user(email="echt@zuiderveld.nl", password="x")

    with pytest.raises(RuntimeError, match="empty database"):
        generate(size="small", seed=1)
    assert User.objects.count() == 1
    assert not Department.objects.exists()


@pytest.mark.django_db
def test_records_no_events():
    generate(size="small", seed=1)

    assert not Event.objects.exists()


@pytest.mark.django_db
def test_small_uses_a_bounded_number_of_queries(django_assert_max_num_queries):
    with django_assert_max_num_queries(60):
        generate(size="small", seed=1)


@pytest.mark.django_db
def test_medium_is_bulk_inserted(django_assert_max_num_queries):
    # Far fewer queries than people proves rows go in batches, not one by one. A hundredth of the
    # medium stream keeps the test quick; the people and spaces are the medium demo's own.
    with django_assert_max_num_queries(1_000):
        generate(size="medium", seed=1, scale=0.01)
    assert User.objects.filter(kind="employee").count() == 10_000
    assert Profile.skills.through.objects.count() > 10_000


def test_plan_teams_hold_8_to_25_people():
    plan = build_plan(size="medium", seed=1)
    members = Counter(person.unit for person in plan.people)
    team_sizes = [members[i] for i, unit in enumerate(plan.units) if unit.kind == DepartmentKind.TEAM]

    assert len(team_sizes) > 500
    assert min(team_sizes) >= 8
    assert max(team_sizes) <= 25


def test_unknown_size_is_refused():
    with pytest.raises(ValueError, match="Unknown demo size"):
        build_plan(size="huge", seed=1)


@pytest.mark.django_db
def test_print_logins_lists_the_demo_accounts(capsys):
    print_logins()
    assert capsys.readouterr().out == ""  # no demo here: do not advertise passwords

    generate(size="small", seed=1)
    print_logins()
    out = capsys.readouterr().out

    assert DEMO_PASSWORD in out
    for account in [*DEMO_ACCOUNTS, DEMO_GUEST]:
        assert account.email in out
