"""Settings for the test suite: the real settings, with test-only speed-ups.

The database is whatever DATABASE_URL says (SQLite by default, PostgreSQL
when set); everything else is the production code path.
"""

import os
import tempfile

# Inherited by subprocesses (worker tests), so they share the same folder.
os.environ.setdefault("PLEIN_VAR_DIR", tempfile.mkdtemp(prefix="plein-test-"))
os.environ.setdefault("PLEIN_TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend")

from plein.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
