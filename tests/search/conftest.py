from __future__ import annotations

import pytest

from plein.search.indexing import rebuild


@pytest.fixture(autouse=True)
def _english(settings):  # type: ignore[no-untyped-def]
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def index_all(db):  # type: ignore[no-untyped-def]
    """Rebuild the index from the rows the factories wrote (they write directly, without events)."""
    return lambda: rebuild()
