"""Reading an HR export (CSV) and planning what importing it would change.

Nothing here writes. :func:`read_csv` turns the uploaded bytes into rows (or
raises :class:`ImportFileError` for a file that cannot be read at all);
:func:`load_snapshot` reads everything the plan compares against in five
queries (people, profiles, e-mail addresses, departments, locations), so
planning 10,000 rows costs no query per row; :func:`plan_import` then works on
those dictionaries only and returns a :class:`Plan`: who would be created,
updated (field by field, before and after), reactivated or deactivated, which
departments and locations would be added, and which rows are refused and why.
:mod:`plein.people.import_actions` applies a plan; the dry run shows one.

Matching: by employee number first, else by e-mail address (any address the
person has, case-insensitive). A row is applied whole or not at all: a row
with any problem is reported with its line number and skipped, and the person
it names (if any) counts as present, so a typo never deactivates anybody.

The file is the source of truth only for the columns it has: a column that is
absent leaves that field alone, an empty cell in a present column clears the
field (except names, e-mail address and employee number, which are never
cleared by an empty cell). The profile fields the file provides become the
person's ``managed_fields``, so they are read-only on their profile page.

Deactivation applies only to people the import manages: active employees
with an employee number, or with fields an earlier import manages. People
created by hand without an employee number (such as the first administrator)
are never touched, and administrators are never deactivated automatically:
they are listed so a person can decide.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plein.accounts.models import User, UserKind
from plein.core.text import squash_spaces
from plein.org.models import PATH_STEP, Department, DepartmentKind, Location
from plein.org.paths import ALPHABET, child_path
from plein.people.models import Profile

COLUMNS = (
    "employee_number",
    "email",
    "first_name",
    "last_name",
    "function",
    "department_path",
    "manager_employee_number",
    "manager_email",
    "location",
    "room",
    "phone",
    "mobile",
)
# Columns that fill a profile field, and which one; those become ``managed_fields``.
PROFILE_FIELD_FOR_COLUMN = {
    "employee_number": "employee_number",
    "function": "function",
    "department_path": "department",
    "manager_employee_number": "manager",
    "manager_email": "manager",
    "location": "location",
    "room": "room",
    "phone": "phone",
    "mobile": "mobile",
}
UNIT_SEPARATOR = " / "
# A slash with white space on both sides separates units; "Belastingen/WOZ" is one name.
_UNIT_SPLIT = re.compile(r"(?<=\s)/(?=\s)")
DELIMITERS = (",", ";", "\t")
# Kinds of new departments by depth in the tree; anything deeper is a team.
KIND_BY_DEPTH = (DepartmentKind.ORGANISATION, DepartmentKind.DIRECTORATE, DepartmentKind.DEPARTMENT)
MAX_DEPTH = Department._meta.get_field("path").max_length // PATH_STEP  # type: ignore[operator]
# The safety valve: an import may deactivate at most this share of the active
# employees (but always up to MASS_DEACTIVATION_FLOOR people) unless allowed.
MASS_DEACTIVATION_SHARE = 0.10
MASS_DEACTIVATION_FLOOR = 5


def _max_length(model: Any, name: str) -> int:
    return int(model._meta.get_field(name).max_length)


LIMITS = {
    "employee_number": _max_length(Profile, "employee_number"),
    "email": _max_length(User, "email"),
    "first_name": _max_length(User, "first_name"),
    "last_name": _max_length(User, "last_name"),
    "function": _max_length(Profile, "function"),
    "manager_employee_number": _max_length(Profile, "employee_number"),
    "manager_email": _max_length(User, "email"),
    "location": _max_length(Location, "name"),
    "room": _max_length(Profile, "room"),
    "phone": _max_length(Profile, "phone"),
    "mobile": _max_length(Profile, "mobile"),
}
UNIT_NAME_LIMIT = _max_length(Department, "name")

# Labels of the fields a change can touch, for the report.
FIELD_LABELS = {
    "email": User._meta.get_field("email").verbose_name,
    "first_name": User._meta.get_field("first_name").verbose_name,
    "last_name": User._meta.get_field("last_name").verbose_name,
    "employee_number": Profile._meta.get_field("employee_number").verbose_name,
    "function": Profile._meta.get_field("function").verbose_name,
    "department": Profile._meta.get_field("department").verbose_name,
    "manager": Profile._meta.get_field("manager").verbose_name,
    "location": Profile._meta.get_field("location").verbose_name,
    "room": Profile._meta.get_field("room").verbose_name,
    "phone": Profile._meta.get_field("phone").verbose_name,
    "mobile": Profile._meta.get_field("mobile").verbose_name,
    "managed_fields": gettext_lazy("fields kept by the import"),
}

PersonKey = tuple[str, int]  # ("user", user id) for someone who exists, ("line", line) for a new person
DepartmentRef = int | tuple[str, ...]  # an existing id, or the folded names of a new unit
LocationRef = int | str  # an existing id, or the folded name of a new location


class ImportFileError(Exception):
    """The file as a whole cannot be imported (unreadable, no usable header); nothing is changed."""


# --- reading the file ----------------------------------------------------------------------


@dataclass
class SourceRow:
    line: int
    values: dict[str, str]
    extra_cells: int = 0


@dataclass
class ParsedFile:
    columns: tuple[str, ...]
    ignored_columns: tuple[str, ...]
    delimiter: str
    rows: list[SourceRow]


# "E-mail" is how most Dutch exports spell it.
HEADER_ALIASES = {"e_mail": "email", "manager_e_mail": "manager_email"}


def _header_name(cell: str) -> str:
    name = "_".join(cell.strip().lower().replace("-", " ").split())
    return HEADER_ALIASES.get(name, name)


def _detect_delimiter(first_line: str) -> str:
    """The delimiter that splits the header into the most known columns (comma wins a tie)."""

    def known(delimiter: str) -> int:
        cells = next(csv.reader([first_line], delimiter=delimiter), [])
        return sum(_header_name(cell) in COLUMNS for cell in cells)

    return max(DELIMITERS, key=known)


def _decode(data: bytes) -> str:
    """The file's text: UTF-8 (with or without BOM), UTF-16 with a BOM, or else Windows-1252.

    Excel on Dutch Windows saves "CSV (gescheiden door lijstscheidingsteken)" in
    Windows-1252; a byte sequence that is not valid UTF-8 is read that way, so
    "José" from such an export arrives as José.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16").removeprefix("\ufeff")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _(
                "The file is not text in UTF-8 or Windows-1252 (unreadable byte at position %(position)s). "
                "In Excel, save it as “CSV UTF-8 (comma delimited)”."
            )
            % {"position": error.start}
        ) from None


def read_csv(data: bytes) -> ParsedFile:
    """Decode and split the file; raises :class:`ImportFileError` with a translated reason."""
    text = _decode(data)
    if "\x00" in text:
        raise ImportFileError(_("The file contains NUL characters; it is not a CSV text file."))
    lines = text.splitlines()
    first_line = next((line for line in lines if line.strip()), None)
    if first_line is None:
        raise ImportFileError(_("The file is empty."))
    delimiter = _detect_delimiter(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next((cells for cells in reader if any(cell.strip() for cell in cells)), None)
        if header is None:
            raise ImportFileError(_("The file has no header row."))
        names = [_header_name(cell) for cell in header]
        rows = _read_rows(reader, names)
    except csv.Error as error:
        raise ImportFileError(
            _("Line %(line)s cannot be read as CSV: %(reason)s") % {"line": reader.line_num, "reason": error}
        ) from None
    doubled = sorted({name for name in names if name and names.count(name) > 1})
    if doubled:
        raise ImportFileError(_("The header names these columns more than once: %(columns)s") % _joined(doubled))
    if not rows:
        # Refused rather than read as "everybody left": that would deactivate the organisation.
        raise ImportFileError(_("The file has a header but no rows."))
    columns = tuple(name for name in names if name in COLUMNS)
    if "employee_number" not in columns and "email" not in columns:
        raise ImportFileError(
            _(
                "The header needs a column employee_number or email to match people (found: %(columns)s). "
                "Check the column names and the delimiter (comma or semicolon)."
            )
            % {"columns": ", ".join(cell.strip() for cell in header if cell.strip()) or "—"}
        )
    ignored = tuple(
        cell.strip() for cell, name in zip(header, names, strict=True) if cell.strip() and name not in COLUMNS
    )
    return ParsedFile(columns=columns, ignored_columns=ignored, delimiter=delimiter, rows=rows)


def _read_rows(reader: Any, names: list[str]) -> list[SourceRow]:
    rows: list[SourceRow] = []
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return rows
        if not any(cell.strip() for cell in cells):
            continue
        values = {name: cell for name, cell in zip(names, cells, strict=False) if name in COLUMNS}
        extra = sum(1 for cell in cells[len(names) :] if cell.strip())
        rows.append(SourceRow(line=line, values=values, extra_cells=extra))


def _joined(items: Iterable[str]) -> dict[str, str]:
    return {"columns": ", ".join(items)}


# --- checking one row ----------------------------------------------------------------------


@dataclass
class PersonRow:
    """One row, cleaned and checked on its own (without looking at other rows or the database)."""

    line: int
    employee_number: str = ""
    email: str = ""
    first_name: str = ""
    last_name: str = ""
    function: str = ""
    units: tuple[str, ...] = ()
    manager_number: str = ""
    manager_email: str = ""
    location: str = ""
    room: str = ""
    phone: str = ""
    mobile: str = ""


@dataclass
class RowError:
    line: int
    message: str
    who: str = ""


class RowProblem(Exception):
    pass


_CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f]")


def _has_control_characters(value: str) -> bool:
    return _CONTROL_CHARACTERS.search(value) is not None


def check_row(source: SourceRow) -> PersonRow:
    """The cleaned row, or :class:`RowProblem` with a translated reason."""
    if source.extra_cells:
        raise RowProblem(
            _("The row has more cells than the header; is there a delimiter inside a value without quotes?")
        )
    clean: dict[str, str] = {}
    for name, raw in source.values.items():
        value = squash_spaces(raw.replace("\t", " ").replace("\n", " ").replace("\r", " "))
        if _has_control_characters(value):
            raise RowProblem(_("The column %(column)s contains control characters.") % {"column": name})
        limit = LIMITS.get(name)
        if limit is not None and len(value) > limit:
            raise RowProblem(
                _("The value in %(column)s is too long (%(length)s characters, at most %(limit)s).")
                % {"column": name, "length": len(value), "limit": limit}
            )
        clean[name] = value
    row = PersonRow(
        line=source.line,
        employee_number=clean.get("employee_number", ""),
        email=clean.get("email", "").lower(),
        first_name=clean.get("first_name", ""),
        last_name=clean.get("last_name", ""),
        function=clean.get("function", ""),
        manager_number=clean.get("manager_employee_number", ""),
        manager_email=clean.get("manager_email", "").lower(),
        location=clean.get("location", ""),
        room=clean.get("room", ""),
        phone=clean.get("phone", ""),
        mobile=clean.get("mobile", ""),
    )
    if not row.employee_number and not row.email:
        raise RowProblem(_("The row has neither an employee number nor an e-mail address."))
    for column, address in (("email", row.email), ("manager_email", row.manager_email)):
        if address:
            try:
                validate_email(address)
            except ValidationError:
                raise RowProblem(
                    _("“%(value)s” in %(column)s is not a valid e-mail address.") % {"value": address, "column": column}
                ) from None
    row.units = _units(clean.get("department_path", ""))
    if (row.manager_number and row.manager_number == row.employee_number) or (
        row.manager_email and not row.manager_number and row.manager_email == row.email
    ):
        raise RowProblem(_("The person is named as their own manager."))
    return row


def _units(path: str) -> tuple[str, ...]:
    if not path:
        return ()
    units = tuple(squash_spaces(unit) for unit in _UNIT_SPLIT.split(f" {path} "))
    if not all(units):
        raise RowProblem(
            _("The department path “%(path)s” has an empty unit; separate units with “ / ”.") % {"path": path}
        )
    if len(units) > MAX_DEPTH:
        raise RowProblem(_("The department path is deeper than %(depth)s units.") % {"depth": MAX_DEPTH})
    for unit in units:
        if len(unit) > UNIT_NAME_LIMIT:
            raise RowProblem(
                _("The unit name “%(name)s…” is too long (at most %(limit)s characters).")
                % {"name": unit[:40], "limit": UNIT_NAME_LIMIT}
            )
    return units


# --- the database as the plan sees it ------------------------------------------------------


@dataclass
class PersonState:
    id: int
    email: str
    first_name: str
    last_name: str
    is_active: bool
    is_guest: bool
    is_superuser: bool
    has_profile: bool = False
    employee_number: str = ""
    function: str = ""
    department_id: int | None = None
    manager_id: int | None = None
    location_id: int | None = None
    room: str = ""
    phone: str = ""
    mobile: str = ""
    managed_fields: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or self.email


@dataclass
class Snapshot:
    people: dict[int, PersonState]
    by_number: dict[str, int]
    by_email: dict[str, int]
    departments: dict[int, tuple[str, int | None, str]]  # id -> (name, parent id, path)
    locations: dict[int, str]

    @property
    def active_employees(self) -> int:
        return sum(1 for p in self.people.values() if p.is_active and not p.is_guest)


def load_snapshot() -> Snapshot:
    """Everything the plan compares against, in five queries."""
    people = {
        pk: PersonState(
            id=pk,
            email=email.lower(),
            first_name=first,
            last_name=last,
            is_active=active,
            is_guest=kind == UserKind.GUEST,
            is_superuser=superuser,
        )
        for pk, email, first, last, active, kind, superuser in User.objects.values_list(
            "id", "email", "first_name", "last_name", "is_active", "kind", "is_superuser"
        ).iterator(chunk_size=5000)
    }
    by_number: dict[str, int] = {}
    profile_columns = (
        "user_id",
        "employee_number",
        "function",
        "department_id",
        "manager_id",
        "location_id",
        "room",
        "phone",
        "mobile",
        "managed_fields",
    )
    for values in Profile.objects.values_list(*profile_columns).iterator(chunk_size=5000):
        person = people.get(values[0])
        if person is None:
            continue
        person.has_profile = True
        (_pk, number, person.function, person.department_id, person.manager_id, person.location_id) = values[:6]
        person.room, person.phone, person.mobile = values[6:9]
        person.managed_fields = list(values[9] or [])
        person.employee_number = number or ""
        if number:
            by_number[number] = person.id
    by_email = {person.email: person.id for person in people.values()}
    for user_id, email in EmailAddress.objects.values_list("user_id", "email").iterator(chunk_size=5000):
        by_email.setdefault(email.lower(), user_id)
    departments: dict[int, tuple[str, int | None, str]] = {
        pk: (name, parent_id, path)
        for pk, name, parent_id, path in Department.objects.values_list("id", "name", "parent_id", "path")
    }
    locations = dict(Location.objects.values_list("id", "name"))
    return Snapshot(people=people, by_number=by_number, by_email=by_email, departments=departments, locations=locations)


# --- the plan ------------------------------------------------------------------------------


@dataclass
class FieldChange:
    field: str
    before: str
    after: str

    @property
    def label(self) -> str:
        return str(FIELD_LABELS.get(self.field, self.field))


@dataclass
class PersonChange:
    """A person to create (``user_id`` None) or update, with the values to write."""

    line: int
    key: PersonKey
    user_id: int | None
    name: str
    email: str
    employee_number: str
    changes: list[FieldChange] = field(default_factory=list)
    user_values: dict[str, Any] = field(default_factory=dict)
    profile_values: dict[str, Any] = field(default_factory=dict)
    department: DepartmentRef | None = None
    location: LocationRef | None = None
    manager: PersonKey | None = None
    reactivate: bool = False
    create_profile: bool = False


@dataclass
class Departing:
    user_id: int
    name: str
    email: str
    employee_number: str


@dataclass
class NewDepartment:
    key: tuple[str, ...]
    name: str
    kind: str
    path: str
    parent: DepartmentRef | None
    label: str

    @property
    def kind_label(self) -> str:
        return str(DepartmentKind(self.kind).label)


@dataclass
class Plan:
    columns: tuple[str, ...]
    ignored_columns: tuple[str, ...]
    rows: int
    managed_fields: list[str]
    created: list[PersonChange] = field(default_factory=list)
    updated: list[PersonChange] = field(default_factory=list)
    reactivated: list[PersonChange] = field(default_factory=list)
    deactivated: list[Departing] = field(default_factory=list)
    kept_admins: list[Departing] = field(default_factory=list)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    new_departments: list[NewDepartment] = field(default_factory=list)
    new_locations: dict[str, str] = field(default_factory=dict)  # folded name -> name
    deactivate_missing: bool = True
    deactivation_limit: int = 0
    active_employees: int = 0
    mass_deactivation_refused: bool = False

    @property
    def has_changes(self) -> bool:
        return bool(self.created or self.updated or self.reactivated or self.deactivated)

    @property
    def blocked_message(self) -> str:
        if not self.mass_deactivation_refused:
            return ""
        return _(
            "Refused: this file would deactivate %(count)s of %(active)s active people, more than the limit "
            "of %(limit)s, so nothing is changed. Check that the file is complete."
        ) % {"count": len(self.deactivated), "active": self.active_employees, "limit": self.deactivation_limit}


def plan_import(
    parsed: ParsedFile,
    snapshot: Snapshot,
    *,
    deactivate_missing: bool = True,
    allow_mass_deactivation: bool = False,
) -> Plan:
    """What importing ``parsed`` would change in ``snapshot``. Reads nothing else, writes nothing."""
    columns = set(parsed.columns)
    managed = sorted({PROFILE_FIELD_FOR_COLUMN[c] for c in columns if c in PROFILE_FIELD_FOR_COLUMN})
    plan = Plan(
        columns=parsed.columns,
        ignored_columns=parsed.ignored_columns,
        rows=len(parsed.rows),
        managed_fields=managed,
        deactivate_missing=deactivate_missing,
    )
    planner = _Planner(snapshot, columns, managed, plan)
    planner.run(parsed.rows)
    _plan_deactivation(plan, snapshot, planner.present, allow_mass_deactivation)
    plan.errors.sort(key=lambda error: error.line)
    return plan


class _Planner:
    def __init__(self, snapshot: Snapshot, columns: set[str], managed: list[str], plan: Plan) -> None:
        self.db = snapshot
        self.columns = columns
        self.managed = managed
        self.plan = plan
        self.present: set[int] = set()  # people named by any row, even a refused one
        self.rows: dict[PersonKey, PersonRow] = {}
        self.failed_numbers: dict[str, int] = {}  # identifiers of refused rows -> line
        self.failed_emails: dict[str, int] = {}
        self.seen = _Seen()
        self.departments = _DepartmentPlanner(snapshot, plan)
        self.locations_by_name: dict[str, int] = {}
        for pk, existing in sorted(snapshot.locations.items()):
            self.locations_by_name.setdefault(existing.casefold(), pk)

    # The passes: check rows, match them to people, resolve managers (all people known by
    # then, so a manager further down the file works), then compare.
    def run(self, sources: Sequence[SourceRow]) -> None:
        for source in sources:
            self._mark_present(source.values)
            try:
                row = check_row(source)
            except RowProblem as problem:
                self._refuse_source(source, str(problem))
                continue
            try:
                key = self._match(row)
            except RowProblem as problem:
                self._refuse(row, str(problem))
                continue
            self.rows[key] = row
        managers = self._resolve_managers()
        for key, row in self.rows.items():
            self._compare(key, row, managers.get(key))

    def _mark_present(self, values: dict[str, str]) -> None:
        number = values.get("employee_number", "").strip()
        email = values.get("email", "").strip().lower()
        for found in (self.db.by_number.get(number), self.db.by_email.get(email)):
            if found is not None:
                self.present.add(found)

    def _refuse_source(self, source: SourceRow, message: str) -> None:
        number = source.values.get("employee_number", "").strip()
        email = source.values.get("email", "").strip().lower()
        who = " ".join(source.values.get(c, "").strip() for c in ("first_name", "last_name")).strip()
        self._remember_failed(source.line, number, email)
        self.plan.errors.append(RowError(line=source.line, message=message, who=who or email or number))

    def _refuse(self, row: PersonRow, message: str) -> None:
        self._remember_failed(row.line, row.employee_number, row.email)
        who = f"{row.first_name} {row.last_name}".strip() or row.email or row.employee_number
        self.plan.errors.append(RowError(line=row.line, message=message, who=who))

    def _remember_failed(self, line: int, number: str, email: str) -> None:
        if number:
            self.failed_numbers.setdefault(number, line)
        if email:
            self.failed_emails.setdefault(email, line)

    def _match(self, row: PersonRow) -> PersonKey:
        """The person this row is about; raises RowProblem for a duplicate or a conflict."""
        seen = self.seen
        if row.employee_number and row.employee_number in seen.numbers:
            raise RowProblem(
                _("Employee number %(number)s is already on line %(line)s.")
                % {"number": row.employee_number, "line": seen.numbers[row.employee_number]}
            )
        if row.email and row.email in seen.emails:
            raise RowProblem(
                _("E-mail address %(email)s is already on line %(line)s.")
                % {"email": row.email, "line": seen.emails[row.email]}
            )
        by_number = self.db.by_number.get(row.employee_number) if row.employee_number else None
        by_email = self.db.by_email.get(row.email) if row.email else None
        user_id = by_number if by_number is not None else by_email
        if by_number is not None and by_email is not None and by_email != by_number:
            raise RowProblem(
                _("E-mail address %(email)s belongs to another person (%(name)s).")
                % {"email": row.email, "name": self.db.people[by_email].name}
            )
        if by_number is None and by_email is not None:
            existing_number = self.db.people[by_email].employee_number
            if row.employee_number and existing_number and existing_number != row.employee_number:
                raise RowProblem(
                    _("E-mail address %(email)s belongs to the person with employee number %(number)s.")
                    % {"email": row.email, "number": existing_number}
                )
        if user_id is not None:
            if self.db.people[user_id].is_guest:
                raise RowProblem(_("This is an external guest's account; the import only manages employees."))
            if user_id in seen.users:
                raise RowProblem(
                    _("This row is about the same person as line %(line)s.") % {"line": seen.users[user_id]}
                )
        elif not row.email:
            raise RowProblem(
                _("A new person needs an e-mail address (nobody has employee number %(number)s).")
                % {"number": row.employee_number}
            )
        elif not (row.first_name and row.last_name):
            raise RowProblem(_("A new person needs a first name and a last name."))
        if row.employee_number:
            seen.numbers[row.employee_number] = row.line
        if row.email:
            seen.emails[row.email] = row.line
        if user_id is not None:
            seen.users[user_id] = row.line
            return ("user", user_id)
        return ("line", row.line)

    # --- managers ---

    def _resolve_managers(self) -> dict[PersonKey, PersonKey | None]:
        """Each row's manager; rows with an unknown manager or in a cycle are refused (repeatedly,
        since refusing a row can leave another row's manager unknown)."""
        if not ({"manager_employee_number", "manager_email"} & self.columns):
            return {}
        while True:
            managers: dict[PersonKey, PersonKey | None] = {}
            refused: list[tuple[PersonKey, str]] = []
            by_number = {row.employee_number: key for key, row in self.rows.items() if row.employee_number}
            by_email = {row.email: key for key, row in self.rows.items() if row.email}
            for key, row in self.rows.items():
                try:
                    managers[key] = self._manager_of(row, by_number, by_email)
                except RowProblem as problem:
                    refused.append((key, str(problem)))
            if not refused:
                refused = self._cycles(managers)
            if not refused:
                return managers
            for key, message in refused:
                self._refuse(self.rows.pop(key), message)

    def _manager_of(
        self, row: PersonRow, by_number: dict[str, PersonKey], by_email: dict[str, PersonKey]
    ) -> PersonKey | None:
        if row.manager_number:
            reference, in_file, in_db, failed = (
                row.manager_number,
                by_number,
                self.db.by_number,
                self.failed_numbers,
            )
        elif row.manager_email:
            reference, in_file, in_db, failed = row.manager_email, by_email, self.db.by_email, self.failed_emails
        else:
            return None
        if reference in in_file:
            return in_file[reference]
        if reference in in_db:
            manager = self.db.people[in_db[reference]]
            if manager.is_guest:
                raise RowProblem(_("The manager %(manager)s is an external guest.") % {"manager": reference})
            return ("user", manager.id)
        if reference in failed:
            raise RowProblem(
                _("The manager %(manager)s cannot be imported: line %(line)s has a problem.")
                % {"manager": reference, "line": failed[reference]}
            )
        raise RowProblem(_("Unknown manager: nobody in the file or in Plein is %(manager)s.") % {"manager": reference})

    def _cycles(self, managers: dict[PersonKey, PersonKey | None]) -> list[tuple[PersonKey, str]]:
        """Rows whose new manager closes a loop (A manages B manages A), with a message naming the loop."""

        def next_of(key: PersonKey) -> PersonKey | None:
            if key in managers:
                return managers[key]
            person = self.db.people.get(key[1]) if key[0] == "user" else None
            return ("user", person.manager_id) if person is not None and person.manager_id else None

        refused: list[tuple[PersonKey, str]] = []
        done: set[PersonKey] = set()
        for start in managers:
            walk: list[PersonKey] = []
            on_walk: dict[PersonKey, int] = {}
            node: PersonKey | None = start
            while node is not None and node not in done and node not in on_walk:
                on_walk[node] = len(walk)
                walk.append(node)
                node = next_of(node)
            if node is not None and node in on_walk:
                loop = walk[on_walk[node] :]
                changed = [k for k in loop if k in managers and self._manager_changes(k, managers[k])]
                names = " → ".join(self._name_of(k) for k in [*loop, loop[0]])
                message = _("Manager cycle: %(cycle)s.") % {"cycle": names}
                refused += [(k, message) for k in changed]
            done.update(walk)
        return refused

    def _manager_changes(self, key: PersonKey, manager: PersonKey | None) -> bool:
        if key[0] == "line":
            return True
        person = self.db.people[key[1]]
        return manager != (("user", person.manager_id) if person.manager_id else None)

    def _name_of(self, key: PersonKey) -> str:
        row = self.rows.get(key)
        if row is not None and (row.first_name or row.last_name):
            return f"{row.first_name} {row.last_name}".strip()
        if key[0] == "user" and key[1] in self.db.people:
            return self.db.people[key[1]].name
        return row.email if row is not None else "?"

    # --- comparing ---

    def _compare(self, key: PersonKey, row: PersonRow, manager: PersonKey | None) -> None:
        columns = self.columns
        department = self.departments.resolve(row.units) if row.units else None
        location = self._location(row.location) if row.location else None
        if key[0] == "line":
            change = PersonChange(
                line=row.line,
                key=key,
                user_id=None,
                name=f"{row.first_name} {row.last_name}",
                email=row.email,
                employee_number=row.employee_number,
                user_values={"email": row.email, "first_name": row.first_name, "last_name": row.last_name},
                profile_values={
                    "employee_number": row.employee_number or None,
                    "function": row.function,
                    "room": row.room,
                    "phone": row.phone,
                    "mobile": row.mobile,
                    "managed_fields": self.managed,
                },
                department=department,
                location=location,
                manager=manager,
                create_profile=True,
            )
            self.plan.created.append(change)
            return
        person = self.db.people[key[1]]
        change = PersonChange(
            line=row.line,
            key=key,
            user_id=person.id,
            name=person.name,
            email=person.email,
            employee_number=person.employee_number,
            create_profile=not person.has_profile,
            department=person.department_id,
            location=person.location_id,
            manager=("user", person.manager_id) if person.manager_id else None,
        )
        for name, value in (("email", row.email), ("first_name", row.first_name), ("last_name", row.last_name)):
            # An empty cell never clears a name or the log-in address.
            if name in columns and value and value != getattr(person, name):
                change.user_values[name] = value
                change.changes.append(FieldChange(name, getattr(person, name), value))
        if "employee_number" in columns and row.employee_number and row.employee_number != person.employee_number:
            change.profile_values["employee_number"] = row.employee_number
            change.changes.append(FieldChange("employee_number", person.employee_number, row.employee_number))
        for name in ("function", "room", "phone", "mobile"):
            value = getattr(row, name)
            if name in columns and value != getattr(person, name):
                change.profile_values[name] = value
                change.changes.append(FieldChange(name, getattr(person, name), value))
        if "department_path" in columns and department != person.department_id:
            change.department = department
            change.changes.append(
                FieldChange(
                    "department",
                    self.departments.label(person.department_id),
                    self.departments.label(department),
                )
            )
        if "location" in columns and location != person.location_id:
            change.location = location
            change.changes.append(
                FieldChange("location", self._location_label(person.location_id), self._location_label(location))
            )
        if {"manager_employee_number", "manager_email"} & columns and manager != change.manager:
            change.changes.append(
                FieldChange("manager", self._manager_label(change.manager), self._manager_label(manager))
            )
            change.manager = manager
        if self.managed != sorted(person.managed_fields):
            change.profile_values["managed_fields"] = self.managed
            change.changes.append(
                FieldChange("managed_fields", _field_names(person.managed_fields), _field_names(self.managed))
            )
        if not person.is_active:
            change.reactivate = True
            change.user_values["is_active"] = True
            self.plan.reactivated.append(change)
        if change.changes or change.create_profile:
            self.plan.updated.append(change)
        elif not change.reactivate:
            self.plan.unchanged += 1

    def _location(self, name: str) -> LocationRef:
        folded = name.casefold()
        if folded in self.locations_by_name:
            return self.locations_by_name[folded]
        self.plan.new_locations.setdefault(folded, name)
        return folded

    def _location_label(self, ref: LocationRef | None) -> str:
        if ref is None:
            return ""
        if isinstance(ref, int):
            return self.db.locations.get(ref, "")
        return self.plan.new_locations[ref]

    def _manager_label(self, key: PersonKey | None) -> str:
        if key is None:
            return ""
        return self._name_of(key)


@dataclass
class _Seen:
    numbers: dict[str, int] = field(default_factory=dict)
    emails: dict[str, int] = field(default_factory=dict)
    users: dict[int, int] = field(default_factory=dict)


class _DepartmentPlanner:
    """Finds units by their names from the organisation down; plans the missing ones."""

    def __init__(self, snapshot: Snapshot, plan: Plan) -> None:
        self.db = snapshot.departments
        self.plan = plan
        self.children: dict[tuple[int | None, str], int] = {}
        self.last_step: dict[str, int] = {}  # parent path ("" for the top) -> highest sibling number
        for pk, (name, parent_id, path) in sorted(self.db.items(), key=lambda item: item[1][2]):
            self.children.setdefault((parent_id, name.casefold()), pk)
            parent_path, step = path[:-PATH_STEP], path[-PATH_STEP:]
            self.last_step[parent_path] = max(self.last_step.get(parent_path, -1), _step_number(step))
        self.new: dict[tuple[str, ...], NewDepartment] = {}
        self.labels: dict[int, str] = {}

    def resolve(self, units: tuple[str, ...]) -> DepartmentRef:
        ref: DepartmentRef | None = None
        for depth, name in enumerate(units):
            key = tuple(unit.casefold() for unit in units[: depth + 1])
            if ref is None or isinstance(ref, int):
                existing = self.children.get((ref, name.casefold()))
                if existing is not None:
                    ref = existing
                    continue
            if key not in self.new:
                parent_path = self._path(ref) if ref is not None else ""
                number = self.last_step.get(parent_path, -1) + 1
                self.last_step[parent_path] = number
                unit = NewDepartment(
                    key=key,
                    name=name,
                    kind=KIND_BY_DEPTH[depth] if depth < len(KIND_BY_DEPTH) else DepartmentKind.TEAM,
                    path=child_path(parent_path, number),
                    parent=ref,
                    label=UNIT_SEPARATOR.join(units[: depth + 1]),
                )
                self.new[key] = unit
                self.plan.new_departments.append(unit)
            ref = key
        assert ref is not None
        return ref

    def _path(self, ref: DepartmentRef) -> str:
        return self.db[ref][2] if isinstance(ref, int) else self.new[ref].path

    def label(self, ref: DepartmentRef | None) -> str:
        if ref is None:
            return ""
        if not isinstance(ref, int):
            return self.new[ref].label
        if ref not in self.labels:
            names = []
            current: int | None = ref
            while current is not None and current in self.db:
                name, current, _path = self.db[current]
                names.append(name)
            self.labels[ref] = UNIT_SEPARATOR.join(reversed(names))
        return self.labels[ref]


def _field_names(names: Iterable[str]) -> str:
    return ", ".join(str(FIELD_LABELS.get(name, name)) for name in sorted(names))


def _step_number(step: str) -> int:
    number = 0
    for char in step:
        number = number * len(ALPHABET) + ALPHABET.index(char)
    return number


def _plan_deactivation(plan: Plan, snapshot: Snapshot, present: set[int], allow_mass: bool) -> None:
    """People the import manages who are not in the file: deactivated, unless they are administrators."""
    plan.active_employees = snapshot.active_employees
    plan.deactivation_limit = max(MASS_DEACTIVATION_FLOOR, int(plan.active_employees * MASS_DEACTIVATION_SHARE))
    if not plan.deactivate_missing:
        return
    for person in sorted(snapshot.people.values(), key=lambda p: (p.last_name, p.first_name, p.id)):
        managed = bool(person.employee_number or person.managed_fields)
        if not managed or not person.is_active or person.is_guest or person.id in present:
            continue
        departing = Departing(person.id, person.name, person.email, person.employee_number)
        (plan.kept_admins if person.is_superuser else plan.deactivated).append(departing)
    plan.mass_deactivation_refused = len(plan.deactivated) > plan.deactivation_limit and not allow_mass


# --- the report as text (for the command line) ----------------------------------------------


def report_lines(plan: Plan, *, dry_run: bool, applied: bool, details: int = 100) -> list[str]:
    """A readable report; at most ``details`` people per list (0: all). Errors are always listed in full."""

    def limited(items: Sequence[Any]) -> Sequence[Any]:
        return items if details <= 0 else items[:details]

    def more(items: Sequence[Any]) -> list[str]:
        hidden = len(items) - len(limited(items))
        return ["  " + _("… and %(count)s more") % {"count": hidden}] if hidden > 0 else []

    lines = []
    if dry_run:
        lines.append(_("Dry run: nothing has been changed."))
    elif applied:
        lines.append(_("The import has been applied."))
    else:
        lines.append(_("Nothing has been changed."))
    lines.append(
        _(
            "%(rows)s rows: %(created)s created, %(updated)s updated, %(reactivated)s reactivated, "
            "%(deactivated)s deactivated, %(unchanged)s unchanged, %(errors)s with errors."
        )
        % {
            "rows": plan.rows,
            "created": len(plan.created),
            "updated": len(plan.updated),
            "reactivated": len(plan.reactivated),
            "deactivated": len(plan.deactivated) if plan.deactivate_missing else 0,
            "unchanged": plan.unchanged,
            "errors": len(plan.errors),
        }
    )
    if plan.ignored_columns:
        lines.append(_("Ignored columns: %(columns)s") % _joined(plan.ignored_columns))
    if plan.blocked_message:
        lines += ["", plan.blocked_message]
    if plan.new_departments:
        lines += ["", _("New departments:")]
        lines += [f"  + {unit.label}" for unit in limited(plan.new_departments)] + more(plan.new_departments)
    if plan.new_locations:
        names = list(plan.new_locations.values())
        lines += ["", _("New locations:")]
        lines += [f"  + {name}" for name in limited(names)] + more(names)
    if plan.created:
        lines += ["", _("Created:")]
        lines += [
            "  " + _("line %(line)s: %(name)s <%(email)s>") % {"line": c.line, "name": c.name, "email": c.email}
            for c in limited(plan.created)
        ] + more(plan.created)
    if plan.updated:
        lines += ["", _("Updated:")]
        for change in limited(plan.updated):
            lines.append("  " + _("line %(line)s: %(name)s") % {"line": change.line, "name": change.name})
            lines += [f"      {c.label}: “{c.before}” → “{c.after}”" for c in change.changes]
        lines += more(plan.updated)
    if plan.reactivated:
        lines += ["", _("Reactivated:")]
        lines += [
            "  " + _("line %(line)s: %(name)s <%(email)s>") % {"line": c.line, "name": c.name, "email": c.email}
            for c in limited(plan.reactivated)
        ] + more(plan.reactivated)
    if plan.deactivated and plan.deactivate_missing:
        lines += ["", _("Deactivated (not in the file):")]
        lines += [f"  - {p.name} <{p.email}> {p.employee_number}".rstrip() for p in limited(plan.deactivated)]
        lines += more(plan.deactivated)
    if plan.kept_admins:
        lines += ["", _("Not in the file, but kept active because they are administrators:")]
        lines += [f"  ! {p.name} <{p.email}> {p.employee_number}".rstrip() for p in plan.kept_admins]
    if plan.errors:
        lines += ["", _("Rows with errors (skipped):")]
        lines += [
            "  "
            + _("line %(line)s (%(who)s): %(message)s") % {"line": e.line, "who": e.who or "—", "message": e.message}
            for e in plan.errors
        ]
    return lines
