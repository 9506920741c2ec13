"""`plein demo` writes in bulk without events, so it fills the search index itself: the demo is searchable."""

from __future__ import annotations

import re

import pytest

from plein.accounts.models import User
from plein.cli import main
from plein.search.models import SearchDocument
from plein.stream.models import Post
from tests.news.editorial_setup import ensure_editorial_setup

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):  # type: ignore[no-untyped-def]
    settings.LANGUAGE_CODE = "en"


def test_the_demo_content_is_in_the_search_index(client, capsys):
    ensure_editorial_setup()
    assert main(["demo", "--quiet", "--seed", "3"]) == 0
    assert "documents in the search index" in capsys.readouterr().out

    assert SearchDocument.objects.filter(kind="post").count() == Post.objects.filter(deleted_at=None).count()
    assert SearchDocument.objects.filter(kind="news").exists()
    employee = User.objects.get(email="medewerker@zuiderveld.nl")
    client.force_login(employee)
    page = client.get("/zoeken/", {"q": "hybride werken"}).content.decode()
    assert "Nieuwe afspraken over hybride werken" in re.sub(r"<[^>]+>", "", page)  # the matches are highlighted
