from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PAGE_SIZE = 24


def paginate(request: HttpRequest, queryset: QuerySet[Any], per_page: int = PAGE_SIZE) -> Page[Any]:
    """One page of ``queryset``; a bad or too-high page number gives the nearest real page."""
    return Paginator(queryset, per_page).get_page(request.GET.get("pagina"))
