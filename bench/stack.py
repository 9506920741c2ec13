"""Plein as production runs it: ``plein web`` (granian, WSGI workers), ``plein worker`` and ``plein live``.

Each process leads its own process group, so stopping it stops what it forked.
:class:`MemoryWatch` samples the resident memory of every process of the stack
while the load runs and keeps the peaks.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from bench.data import plein


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Stack:
    base: str
    web: subprocess.Popen[bytes]
    worker: subprocess.Popen[bytes]
    live: subprocess.Popen[bytes]
    workers: int

    @property
    def processes(self) -> dict[str, subprocess.Popen[bytes]]:
        return {"web": self.web, "worker": self.worker, "live": self.live}

    def stop(self) -> None:
        for proc in self.processes.values():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.processes.values():
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def start(env: dict[str, str], *, workers: int, log: Path) -> Stack:
    port, live_port = free_port(), free_port()
    env = {**env, "PLEIN_LIVE_URL": f"http://127.0.0.1:{live_port}/live/", "PLEIN_BASE_URL": f"http://127.0.0.1:{port}"}
    out = log.open("ab")
    common = {"env": env, "start_new_session": True, "stdout": out, "stderr": subprocess.STDOUT}
    stack = Stack(
        base=f"http://127.0.0.1:{port}",
        web=plein("web", "--port", str(port), "--workers", str(workers), **common),
        worker=plein("worker", **common),
        live=plein("live", "--port", str(live_port), **common),
        workers=workers,
    )
    deadline = time.monotonic() + 90
    while True:
        try:
            urllib.request.urlopen(f"{stack.base}/health/", timeout=5).read()  # noqa: S310 (local server)
            return stack
        except OSError:
            if time.monotonic() > deadline or any(p.poll() is not None for p in stack.processes.values()):
                stack.stop()
                raise RuntimeError(f"Plein did not start; see {log}") from None
            time.sleep(0.3)


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(stat.parent.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


@dataclass
class MemoryWatch:
    """Peak resident memory per web worker process and of the whole stack, sampled twice a second."""

    stack: Stack
    per_worker: dict[int, float] = field(default_factory=dict)
    per_role: dict[str, float] = field(default_factory=dict)
    total: float = 0.0
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def sample(self) -> None:
        total = 0.0
        for role, proc in self.stack.processes.items():
            pids = _tree(proc.pid)
            sizes = {pid: rss_mb(pid) for pid in pids}
            role_total = sum(sizes.values())
            total += role_total
            self.per_role[role] = max(self.per_role.get(role, 0.0), role_total)
            if role == "web":
                for pid in pids[1:]:  # the workers; the first is granian's supervising process
                    self.per_worker[pid] = max(self.per_worker.get(pid, 0.0), sizes[pid])
        self.total = max(self.total, total)

    def __enter__(self) -> MemoryWatch:
        def loop() -> None:
            while not self._stop.wait(0.5):
                self.sample()

        self.sample()
        self._thread = threading.Thread(target=loop, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join()
        self.sample()
