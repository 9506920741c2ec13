"""Every environment variable the code reads is documented in docs/configuration.md."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READERS = re.compile(
    r"""(?:env_str|env_bool|env_int|env_list|require|os\.environ\.get|environ\.get)\(\s*["']([A-Z][A-Z0-9_]+)["']"""
)


def variables_read_by_the_code() -> set[str]:
    names: set[str] = set()
    for path in [*ROOT.glob("plein/**/*.py"), ROOT / "Makefile"]:
        text = path.read_text()
        names.update(READERS.findall(text))
        if path.name == "Makefile":
            names.update(re.findall(r"\$\$([A-Z][A-Z0-9_]+)", text))
    return names - {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def test_every_setting_is_documented():
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", (ROOT / "docs" / "configuration.md").read_text()))
    missing = sorted(variables_read_by_the_code() - documented)
    assert not missing, f"document these in docs/configuration.md: {missing}"


def test_the_reader_finds_settings():
    # Guards the test above against a regex that silently finds nothing.
    assert {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "PLEIN_LANGUAGE"} <= variables_read_by_the_code()
