"""The demo's editorial content: a few news items (one or three must-reads) and work-process pages,
published through Wagtail as an editor would, so revisions and events exist as in real use."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from plein.accounts.models import User
from plein.accounts.roles import sync_role_groups
from plein.news.consumers import quiet_publication
from plein.news.models import NewsCategory, NewsIndexPage, NewsItem, ProcessIndexPage, ProcessPage
from plein.org.models import Department, DepartmentKind

CATEGORIES = (("Organisatie", "organisatie"), ("Personeel", "personeel"), ("Dienstverlening", "dienstverlening"))

# (title, category slug, lead, body, days ago, must read, for the first directorate only)
NEWS = (
    (
        "Nieuwe afspraken over hybride werken",
        "personeel",
        "Vanaf 1 februari gelden nieuwe afspraken over thuis en op kantoor werken. Lees ze en bevestig dat je ze kent.",
        "<h2>Wat verandert er</h2><p>Je werkt gemiddeld twee dagen per week op kantoor, in overleg met je team.</p>"
        "<h2>Wat blijft hetzelfde</h2><p>De thuiswerkvergoeding en de regels voor een goede werkplek thuis.</p>",
        2,
        True,
        False,
    ),
    (
        "Het vernieuwde stadhuis is open",
        "organisatie",
        "Na anderhalf jaar verbouwen is het stadhuis weer open, met meer ruimte voor overleg en stil werken.",
        "<p>Iedereen is welkom op de open dag voor medewerkers op vrijdag.</p>",
        5,
        False,
        False,
    ),
    (
        "Inwoners waarderen de balie met een 8,1",
        "dienstverlening",
        "Het tevredenheidsonderzoek laat zien dat inwoners onze dienstverlening aan de balie sterk waarderen.",
        "<p>Vooral de vriendelijkheid en de korte wachttijden worden genoemd.</p>",
        12,
        False,
        False,
    ),
    (
        "Directieoverleg: prioriteiten voor het voorjaar",
        "organisatie",
        "De directie deelt de drie prioriteiten voor de komende maanden.",
        "<p>Omgevingswet, dienstverlening en duurzaamheid staan bovenaan.</p>",
        20,
        False,
        True,
    ),
    (
        "Cursusaanbod schrijven in B1-taal",
        "personeel",
        "Er zijn weer plaatsen vrij in de cursus helder schrijven voor inwoners.",
        "<p>Meld je aan via je leidinggevende.</p>",
        34,
        False,
        False,
    ),
)

PAGES = (
    (
        "Een dienstreis aanvragen",
        "Zo vraag je een dienstreis aan en declareer je de kosten.",
        "<h2>Voordat je gaat</h2><p>Vraag toestemming aan je leidinggevende.</p>"
        "<h2>Declareren</h2><p>Declareer binnen een maand na de reis.</p>",
        (),
    ),
    (
        "Inkoop en aanbesteding",
        "Welke procedure je volgt hangt af van het bedrag.",
        "<h2>Drempelbedragen</h2><p>Tot 50.000 euro enkelvoudig, daarboven meervoudig of Europees.</p>",
        (
            (
                "Meervoudig onderhands aanbesteden",
                "Drie tot vijf partijen uitnodigen.",
                "<h2>Stappen</h2><p>Stel een selectie op en laat die toetsen door Inkoop.</p>",
            ),
        ),
    ),
    (
        "Verlof aanvragen",
        "Verlof vraag je aan in het personeelssysteem.",
        "<h2>Hoe</h2><p>Vraag verlof minstens twee weken vooraf aan.</p>",
        (),
    ),
)


@dataclass
class NewsSummary:
    items: int
    pages: int


def create_news(*, now: datetime.datetime | None = None, must_reads: int = 1) -> NewsSummary:
    """Add the editorial content to a generated demo (``plein demo`` calls it after :func:`generate`).

    ``must_reads``: how many of the newest items everyone has to read and confirm (one in the demo that
    ``make run`` loads; the benchmark's organisations have three, the weekly maximum by default).

    Published quietly: like the rest of the demo it is history, so no events (and no notices to
    thousands of people) are recorded.
    """
    with transaction.atomic(), quiet_publication():
        return _create(now or timezone.now(), must_reads)


def _create(now: datetime.datetime, must_reads: int) -> NewsSummary:
    index = NewsIndexPage.objects.first()
    processes = ProcessIndexPage.objects.first()
    if index is None or processes is None:
        return NewsSummary(0, 0)
    editors = list(User.objects.filter(Q(is_editor=True) | Q(is_chief_editor=True)).order_by("pk"))
    for person in editors:
        sync_role_groups(person)
    editor = editors[0] if editors else None
    if NewsItem.objects.filter(slug="demo-nieuws-1").exists():  # a regenerated demo keeps its editorial content
        return NewsSummary(0, 0)
    categories = {
        slug: NewsCategory.objects.get_or_create(slug=slug, defaults={"name": name})[0] for name, slug in CATEGORIES
    }
    directorate = Department.objects.filter(kind=DepartmentKind.DIRECTORATE).order_by("path").first()
    for number, (title, category, lead, body, days, must_read, targeted) in enumerate(NEWS, start=1):
        must_read = must_read or number <= must_reads
        item = NewsItem(
            title=title,
            slug=f"demo-nieuws-{number}",
            lead=lead,
            body=body,
            category=categories[category],
            owner=editor,
            author=editor,
            must_read=must_read,
            must_read_deadline=(now + datetime.timedelta(days=14)).date() if must_read else None,
            audience_everyone=not (targeted and directorate),
            live=False,
        )
        if targeted and directorate:
            item.audience_departments = [directorate]
        index.add_child(instance=item)
        item.save_revision(user=editor).publish()
        published = now - datetime.timedelta(days=days)
        NewsItem.objects.filter(pk=item.pk).update(first_published_at=published, last_published_at=published)
    pages = 0
    for title, summary, body, children in PAGES:
        page = _page(processes, title=title, summary=summary, body=body, owner=editor, now=now)
        pages += 1
        for child_title, child_summary, child_body in children:
            _page(page, title=child_title, summary=child_summary, body=child_body, owner=editor, now=now)
            pages += 1
    return NewsSummary(items=len(NEWS), pages=pages)


def _page(
    parent: object, *, title: str, summary: str, body: str, owner: User | None, now: datetime.datetime
) -> ProcessPage:
    from django.utils.text import slugify

    page = ProcessPage(
        title=title,
        slug=slugify(title),
        summary=summary,
        body=body,
        page_owner=owner,
        review_date=(now + datetime.timedelta(days=200)).date(),
        live=False,
    )
    parent.add_child(instance=page)  # type: ignore[attr-defined]
    page.save_revision(user=owner).publish()
    return page
