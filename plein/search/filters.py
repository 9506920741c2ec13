"""The choices of the results page's filters: only spaces, units and people the viewer may see."""

from __future__ import annotations

from typing import Any

from plein.accounts.models import User
from plein.accounts.permissions import can_use_directory
from plein.people.permissions import can_view_profile
from plein.search.access import PATH_STEP, Searcher, department_tree
from plein.search.forms import SearchForm
from plein.spaces.selectors import visible_spaces


def choices(*, searcher: Searcher, form: SearchForm) -> dict[str, Any]:
    """Spaces to filter on (the viewer's own, plus the chosen one), units (employees), the chosen author.

    The viewer's spaces come with their access keys and the units from the
    cached tree, so this adds a query only for a chosen space or author.
    """
    if form.tab in ("mensen", "ruimtes") or not form.query:
        return {}
    viewer = searcher.user
    searcher.keys  # noqa: B018 -- loads the viewer's spaces
    spaces = list(searcher.spaces)
    chosen_space = form.value("ruimte")
    if chosen_space and chosen_space not in {pk for pk, _name in spaces}:
        spaces += list(visible_spaces(viewer).filter(pk=chosen_space).values_list("pk", "name"))
    departments = department_tree() if can_use_directory(viewer) else []
    author = None
    chosen_author = form.value("auteur")
    if chosen_author:
        person = User.objects.filter(pk=chosen_author).first()
        author = person if person is not None and can_view_profile(viewer, person) else None
    chosen_department = form.value("afdeling")
    # (id, label, selected), worked out here: a template loop over hundreds of units is slow.
    return {
        "space_choices": [(pk, name, pk == chosen_space) for pk, name in spaces],
        # Indented by depth in the tree.
        "department_choices": [
            (pk, "\u00a0\u00a0" * (len(path) // PATH_STEP - 1) + name, pk == chosen_department)
            for pk, name, path in departments
        ],
        "chosen_author": author,
    }
