"""The search page's parameters: typed text, tab, filters, order and page, checked with clear messages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from plein.search.analysis import MAX_QUERY_LENGTH
from plein.search.content import ContentFilters

# Tab (the ``soort`` parameter) -> the document kinds it shows; people and spaces are looked up live.
CONTENT_TABS: dict[str, tuple[str, ...]] = {
    "berichten": ("post", "comment"),
    "bestanden": ("file",),
    "onderwerpen": ("topic",),
    "nieuws": ("news",),
    "paginas": ("page",),
}
TABS = ("alles", "mensen", "ruimtes", *CONTENT_TABS)
SORTS = (("relevantie", _("Relevance")), ("nieuwste", _("Newest first")))
MAX_PAGE = 50
MAX_ID = 2**31 - 1


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search for"), required=False, strip=True)
    soort = forms.ChoiceField(choices=[(t, t) for t in TABS], required=False)
    ruimte = forms.IntegerField(label=_("Space"), required=False, min_value=1, max_value=MAX_ID)
    afdeling = forms.IntegerField(label=_("Department"), required=False, min_value=1, max_value=MAX_ID)
    auteur = forms.IntegerField(label=_("Author"), required=False, min_value=1, max_value=MAX_ID)
    van = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    tot = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    sorteer = forms.ChoiceField(label=_("Sort by"), choices=SORTS, required=False)
    pagina = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)

    def clean_q(self) -> str:
        # Control characters (a NUL byte breaks PostgreSQL parameters) become spaces; long input is cut.
        text = "".join(c if c.isprintable() else " " for c in (self.cleaned_data or {}).get("q") or "")
        return " ".join(text.split())[:MAX_QUERY_LENGTH]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("van"), data.get("tot")
        if since and until and since > until:
            self.add_error("tot", _("The end date is before the start date."))
        return data

    def value(self, name: str) -> Any:
        """The cleaned value, or None when it was missing or wrong (the error is shown next to the field)."""
        return self.cleaned_data.get(name) if name not in self.errors else None

    @property
    def query(self) -> str:
        return self.value("q") or ""

    @property
    def tab(self) -> str:
        return self.value("soort") or "alles"

    @property
    def page(self) -> int:
        return self.value("pagina") or 1

    def content_filters(self) -> ContentFilters:
        tab = self.tab
        return ContentFilters(
            kinds=CONTENT_TABS.get(tab, ()),
            space_id=self.value("ruimte"),
            department_id=self.value("afdeling"),
            author_id=self.value("auteur"),
            since=self.value("van"),
            until=self.value("tot"),
            newest_first=self.value("sorteer") == "nieuwste",
        )
