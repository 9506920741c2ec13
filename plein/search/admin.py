"""Editors' tools: best bets (pin a document to a query) and exclusions; read-only statistics."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from plein.search.analysis import normalise
from plein.search.content import forget_best_bets
from plein.search.models import BestBet, Exclusion, QueryStat


class FoldedQueryAdmin(admin.ModelAdmin):
    """Stores the query folded, as searches are compared folded."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        obj.query = normalise(obj.query)
        super().save_model(request, obj, form, change)
        forget_best_bets()

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        super().delete_model(request, obj)
        forget_best_bets()


@admin.register(BestBet)
class BestBetAdmin(FoldedQueryAdmin):
    list_display = ("query", "kind", "object_id", "position")
    search_fields = ("query",)
    list_filter = ("kind",)


@admin.register(Exclusion)
class ExclusionAdmin(FoldedQueryAdmin):
    list_display = ("query", "kind", "object_id")
    search_fields = ("query",)
    list_filter = ("kind",)


@admin.register(QueryStat)
class QueryStatAdmin(admin.ModelAdmin):
    list_display = ("day", "query", "without_results", "found_yes", "found_no")
    search_fields = ("query",)
    date_hierarchy = "day"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
