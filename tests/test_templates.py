"""Template hygiene that Django does not check: a ``{# … #}`` comment must fit on one line.

Django's short comment syntax ends at the line break; a two-line ``{# … #}`` is printed as page
text. Longer notes use ``{% comment %}``.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHORT_COMMENT = re.compile(r"\{#(?:(?!#\}).)*$", re.MULTILINE)


def test_no_template_has_a_short_comment_over_two_lines():
    templates = [*ROOT.joinpath("plein").rglob("*.html"), *ROOT.joinpath("templates").rglob("*.html")]
    assert templates
    broken = [
        f"{path.relative_to(ROOT)}:{text[: match.start()].count(chr(10)) + 1}"
        for path in templates
        for text in [path.read_text(encoding="utf-8")]
        for match in SHORT_COMMENT.finditer(text)
    ]
    assert not broken, f"{{# … #}} comments that run over a line break (use {{% comment %}}): {broken}"
