"""`plein run` starts web, worker and live processes together, and Ctrl-C stops them all."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from plein.cli import build_parser


def free_port_pair() -> int:
    """A port p such that p and p + 1 are both free."""
    for _ in range(50):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        with socket.socket() as other:
            try:
                other.bind(("127.0.0.1", port + 1))
            except OSError:
                continue
        return port
    raise RuntimeError("no free port pair")


def wait_for(url: str, deadline: float) -> int:
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (local test server)
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer in time")


def processes() -> list[tuple[int, int, int, str]]:
    """(pid, parent pid, process group, state) of every live process."""
    found = []
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = status.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        found.append((int(status.parent.name), int(fields[1]), int(fields[2]), fields[0]))
    return found


def children_of(pid: int) -> list[int]:
    return [child for child, parent, _group, _state in processes() if parent == pid]


def alive_in_groups(groups: set[int]) -> list[int]:
    return [pid for pid, _parent, group, state in processes() if group in groups and state != "Z"]


def test_cli_has_the_documented_subcommands():
    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    documented = {"run", "web", "worker", "live", "mailin", "demo", "migrate", "createadmin", "check", "manage"}
    assert documented <= set(commands)


def test_run_serves_everything_and_ctrl_c_stops_it(tmp_path):
    port = free_port_pair()
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "PLEIN_TASKS_BACKEND", "DJANGO_ALLOW_ASYNC_UNSAFE"}
        },
        "PLEIN_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "plein.settings",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "plein.cli", "run", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 240
        assert wait_for(f"http://127.0.0.1:{port}/health/", deadline) == 200
        assert wait_for(f"http://127.0.0.1:{port}/accounts/login/", deadline) == 200
        assert wait_for(f"http://127.0.0.1:{port + 1}/live/events", deadline) == 401, "live endpoint wants a session"
        started = children_of(proc.pid)
        assert len(started) == 3, f"web, worker and live: {started}"
        proc.send_signal(signal.SIGINT)
        output, _ = proc.communicate(timeout=30)
        assert "medewerker@zuiderveld.nl" in output, "the demo log-ins are printed"
        assert alive_in_groups(set(started)) == [], "every process (and granian worker) is stopped"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@pytest.mark.parametrize("size", ["huge"])
def test_demo_rejects_unknown_size(size):
    with pytest.raises(SystemExit):
        build_parser().parse_args(["demo", "--size", size])
