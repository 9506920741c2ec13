"""Production back ends against real local servers: S3 storage (moto_server) and Redis."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    port = free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(endpoint, timeout=1).read()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.2)
        yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=10)


S3_KEYS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}


def test_media_goes_to_s3_when_a_bucket_is_configured(s3_endpoint, settings):
    boto3.client("s3", endpoint_url=s3_endpoint, region_name="eu-west-1", **_keys()).create_bucket(
        Bucket="plein-media", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
    )
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "plein-media",
                "endpoint_url": s3_endpoint,
                "region_name": "eu-west-1",
                "access_key": "testing",
                "secret_key": "testing",
                "default_acl": None,
                "querystring_auth": True,
                "file_overwrite": False,
            },
        },
    }
    storage = storages.create_storage(settings.STORAGES["default"])
    name = storage.save("photos/sanne.txt", ContentFile(b"profielfoto"))
    assert storage.exists(name)
    with storage.open(name) as stored:
        assert stored.read() == b"profielfoto"
    assert storage.url(name).startswith(f"{s3_endpoint}/plein-media/photos/")
    assert "Signature" in storage.url(name) or "X-Amz-Signature" in storage.url(name)
    objects = boto3.client("s3", endpoint_url=s3_endpoint, region_name="eu-west-1", **_keys()).list_objects_v2(
        Bucket="plein-media"
    )
    assert [item["Key"] for item in objects["Contents"]] == [name]


def _keys() -> dict[str, str]:
    return {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


def run_with_env(code: str, **env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}}
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup()\n{code}"],
        env={**clean, "DJANGO_SETTINGS_MODULE": "plein.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_settings_read_the_s3_variables(tmp_path):
    out = run_with_env(
        "from django.conf import settings; d = settings.STORAGES['default']; "
        "print(d['BACKEND'], d['OPTIONS']['bucket_name'], d['OPTIONS']['endpoint_url'])",
        PLEIN_VAR_DIR=str(tmp_path),
        AWS_STORAGE_BUCKET_NAME="plein-media",
        AWS_S3_ENDPOINT_URL="https://objects.internal",
        **S3_KEYS,
    )
    assert out.split() == ["storages.backends.s3.S3Storage", "plein-media", "https://objects.internal"]


def test_redis_url_gives_a_shared_cache_and_cached_sessions(tmp_path):
    out = run_with_env(
        "from django.conf import settings; from django.core.cache import cache\n"
        "cache.set('plein-test-key', 'gedeeld', 30)\n"
        "print(settings.CACHES['default']['BACKEND'], settings.SESSION_ENGINE, cache.get('plein-test-key'))\n"
        "cache.delete('plein-test-key')",
        PLEIN_VAR_DIR=str(tmp_path),
        REDIS_URL="redis://127.0.0.1:6379/15",
        PLEIN_CACHE_PREFIX=f"plein-test-{os.getpid()}",
    )
    assert out.split() == [
        "django.core.cache.backends.redis.RedisCache",
        "django.contrib.sessions.backends.cached_db",
        "gedeeld",
    ]
