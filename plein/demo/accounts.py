"""The fixed demo log-ins: one person per role, the same in every demo size."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TextIO

DEMO_PASSWORD = "plein-demo-2026"  # noqa: S105 - public by design, printed on every demo start


@dataclass(frozen=True)
class DemoAccount:
    role: str  # shown in the log-in table
    email: str
    first_name: str
    last_name: str
    function: str
    department: str  # a DepartmentSpec.name; the person joins its first team
    skills: tuple[str, ...]
    joined_days_ago: int
    is_editor: bool = False
    is_community_manager: bool = False
    is_ambassador: bool = False
    is_admin: bool = False


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount(
        role="employee",
        email="medewerker@zuiderveld.nl",
        first_name="Sanne",
        last_name="de Vries",
        function="Beleidsadviseur",
        department="Ruimtelijke Ordening",
        skills=("ruimtelijke ordening", "Omgevingswet", "participatie"),
        joined_days_ago=730,
    ),
    DemoAccount(
        role="editor",
        email="redacteur@zuiderveld.nl",
        first_name="Daan",
        last_name="Visser",
        function="Webredacteur",
        department="Communicatie",
        skills=("webredactie", "schrijven in B1-taal", "social media"),
        joined_days_ago=512,
        is_editor=True,
    ),
    DemoAccount(
        role="community manager",
        email="community@zuiderveld.nl",
        first_name="Fatma",
        last_name="Yılmaz",  # noqa: RUF001 - the Turkish dotless i (U+0131)
        function="Communicatieadviseur",
        department="Communicatie",
        skills=("communicatie", "participatie", "coaching"),
        joined_days_ago=901,
        is_community_manager=True,
        is_ambassador=True,
    ),
    DemoAccount(
        role="administrator",
        email="beheer@zuiderveld.nl",
        first_name="Mohamed",
        last_name="El Amrani",
        function="Applicatiebeheerder",
        department="ICT",
        skills=("Microsoft 365", "informatiebeveiliging", "Linux"),
        joined_days_ago=1003,
        is_admin=True,
    ),
)


@dataclass(frozen=True)
class DemoGuest:
    """The external guest: a partner municipality's adviser, member of one project space only."""

    role: str
    email: str
    first_name: str
    last_name: str


DEMO_GUEST = DemoGuest(role="external guest", email="gast@partnergemeente.nl", first_name="Joost", last_name="Hendriks")


def print_logins(file: TextIO | None = None) -> None:
    """Print the demo log-ins that exist in this database; nothing when there are none.

    Checking the database keeps `plein run` from advertising demo passwords on
    an installation that holds real people instead of the demo.
    """
    from plein.accounts.models import User  # here, so the data above imports without Django set up

    out = file or sys.stdout
    accounts: list[DemoAccount | DemoGuest] = [*DEMO_ACCOUNTS, DEMO_GUEST]
    present = set(User.objects.filter(email__in=[a.email for a in accounts]).values_list("email", flat=True))
    rows = [("Role", "E-mail", "Password", "Name")]
    rows += [(a.role, a.email, DEMO_PASSWORD, f"{a.first_name} {a.last_name}") for a in accounts if a.email in present]
    if len(rows) == 1:
        return
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    print("\nDemo log-ins (Gemeente Zuiderveld):", file=out)
    for row in rows:
        print("  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip(), file=out)
