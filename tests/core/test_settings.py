"""Configuration: production refuses to start without its required settings, and
`plein check --deploy` is clean with the documented production settings."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

PRODUCTION_ENV = {
    "PLEIN_ENV": "production",
    "SECRET_KEY": "x" * 20 + "-a-long-random-production-secret-value-1234567890",
    "ALLOWED_HOSTS": "intranet.zuiderveld.nl",
    "DATABASE_URL": "sqlite:////tmp/plein-deploy-check.sqlite3",
    "REDIS_URL": "redis://127.0.0.1:6379/15",
    "EMAIL_HOST": "smtp.zuiderveld.nl",
}


def run_plein(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in PRODUCTION_ENV
        and k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "PLEIN_TASKS_BACKEND"}
    }
    return subprocess.run(
        [sys.executable, "-m", "plein.cli", *args],
        env={**clean, "DJANGO_SETTINGS_MODULE": "plein.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "EMAIL_HOST"])
def test_production_names_the_missing_setting(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = run_plein("check", env=env)
    assert result.returncode != 0
    assert f"The setting {missing} is required in production" in result.stderr


def test_deploy_check_is_clean_with_documented_production_settings():
    result = run_plein("check", "--deploy", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_development_needs_nothing(tmp_path):
    result = run_plein("check", env={"PLEIN_VAR_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "secret_key").exists(), "a development key is generated and kept"
