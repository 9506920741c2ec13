"""The load: closed-loop simulated people (no think time), each with their own session, for locust.

Started by bench/run.py (``locust --headless``); reads the workload from
``BENCH_PLAN`` (see bench/workload.py) and appends one JSON line per request to
``BENCH_SAMPLES``: page, status, client time, and the server's own time, database
time and query count from the Server-Timing header. ``BENCH_MIX=baseline`` asks
only for the baselines B0 (a static file) and B1 (a minimal Django view);
``BENCH_MIX=cycle`` has every person visit each page once, in turn, and ends the run
when all have (the smoke test: every page answered, however slow the machine).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
import uuid
from typing import Any

from locust import HttpUser, constant, events, task
from locust.exception import StopUser

PLAN = json.loads(open(os.environ["BENCH_PLAN"]).read())  # noqa: SIM115
SAMPLES = open(os.environ["BENCH_SAMPLES"], "a", buffering=1)  # noqa: SIM115
BASELINE = os.environ.get("BENCH_MIX") == "baseline"
CYCLE = os.environ.get("BENCH_MIX") == "cycle"
TIMING = re.compile(r"(\w+);dur=([\d.]+)(?:;desc=\"(\d+) queries\")?")
_seats = itertools.count()
_finished = itertools.count(1)


@events.request.add_listener
def record(
    request_type: str, name: str, response_time: float, response: Any = None, exception: Any = None, **_: Any
) -> None:
    header = response.headers.get("Server-Timing", "") if response is not None else ""
    parts = {key: (float(dur), int(count) if count else None) for key, dur, count in TIMING.findall(header)}
    app, db = parts.get("app", (None, None)), parts.get("db", (None, None))
    status = response.status_code if response is not None else 0
    line = {"t": time.time(), "page": name, "status": status, "client_ms": response_time, "app_ms": app[0]}
    line |= {"db_ms": db[0], "queries": db[1], "error": bool(exception)}
    SAMPLES.write(json.dumps(line) + "\n")


class Person(HttpUser):
    wait_time = constant(0)  # closed loop: the next request as soon as the last one is answered

    def on_start(self) -> None:
        seat = next(_seats)
        self.rng = random.Random(seat)
        self.client.cookies.set("plein_session", PLAN["sessions"][seat % len(PLAN["sessions"])])
        if not BASELINE:
            self.client.get("/", name="home")  # sets the CSRF cookie for the writes
        self.csrf = self.client.cookies.get("plein_csrftoken", "")
        pages = list(PLAN["mix"])
        self.pages, self.weights = pages, [PLAN["mix"][page] for page in pages]
        self.turn = iter(pages[seat % len(pages) :] + pages[: seat % len(pages)])

    @task
    def step(self) -> None:
        if BASELINE:
            if self.rng.random() < 0.5:
                self.client.get("/static/css/plein.css", name="B0 static file")
            else:
                self.client.get("/favicon.ico", name="B1 minimal view", allow_redirects=False)
            return
        if CYCLE:
            page = next(self.turn, None)
            if page is None:
                if next(_finished) >= self.environment.runner.target_user_count:  # type: ignore[union-attr]
                    self.environment.runner.quit()  # type: ignore[union-attr]
                raise StopUser
        else:
            page = self.rng.choices(self.pages, weights=self.weights)[0]
        getattr(self, "do_" + page.replace(" ", "_"))(page)

    def _pick(self, key: str) -> Any:
        return self.rng.choice(PLAN[key])

    def do_home(self, name: str) -> None:
        self.client.get("/", name=name)

    def do_badge(self, name: str) -> None:
        self.client.get("/meldingen/teller/", name=name)

    def do_post(self, name: str) -> None:
        self.client.get(f"/berichten/{self._pick('posts')}/", name=name)

    def do_space(self, name: str) -> None:
        self.client.get(f"/ruimtes/{self._pick('spaces')}/", name=name)

    def do_profile(self, name: str) -> None:
        self.client.get(f"/mensen/{self._pick('profiles')}/", name=name)

    def do_directory(self, name: str) -> None:
        self.client.get("/mensen/", params={"q": self._pick("directory")}, name=name)

    def do_search(self, name: str) -> None:
        self.client.get("/zoeken/", params={"q": self._pick("search")}, name=name)

    def do_news(self, name: str) -> None:
        self.client.get("/nieuws/", name=name)

    def do_news_item(self, name: str) -> None:
        self.client.get(self._pick("news_items"), name=name)

    def _write(self, url: str, data: dict[str, str], name: str) -> None:
        headers = {"X-CSRFToken": self.csrf, "Referer": self.host + "/"}
        self.client.post(url, data=data, headers=headers, name=name, allow_redirects=False)

    def do_react(self, name: str) -> None:
        value = self.rng.choice(["like", "thanks", "celebrate", "insightful", "curious"])
        self._write(f"/berichten/{self._pick('writable_posts')}/reageren/", {"value": value}, name)

    def do_comment(self, name: str) -> None:
        data = {"body": "Goed punt, dank voor het delen.", "client_token": uuid.uuid4().hex}
        self._write(f"/berichten/{self._pick('writable_posts')}/opmerkingen/", data, name)

    def do_create_post(self, name: str) -> None:
        data = {"ruimte": "", "body": "Korte update vanuit het team: de planning staat. #werkplek"}
        self._write("/berichten/nieuw/", data | {"client_token": uuid.uuid4().hex}, name)
