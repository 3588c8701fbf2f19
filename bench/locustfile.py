"""The users of bench/load.py (read by locust, not run by itself).

Every logged-in user signs in once with one of the demo accounts (round robin over every role), then
opens the main pages with a think time of 0.5–1.5 s. One integration user pushes the API batches. One
anonymous user opens the login page: the trivial page every other figure is compared with.

Settings come from the environment bench/load.py sets: CCHC_LOAD_LOGINS (a file of "user<TAB>password"
lines), CCHC_LOAD_TOKEN, CCHC_LOAD_BATCH (a JSON file of one batch), CCHC_LOAD_BATCHES (how many).
"""

from __future__ import annotations

import itertools
import json
import os
import re
import threading
from pathlib import Path

from locust import HttpUser, between, task

LOGINS = [line.split("\t")[:2] for line in Path(os.environ["CCHC_LOAD_LOGINS"]).read_text(encoding="utf-8").splitlines()
          if line.count("\t") >= 1]
_next_login = itertools.cycle(LOGINS)
_lock = threading.Lock()
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Officer(HttpUser):
    """A logged-in user of any role browsing the pages most opened."""

    weight = 50
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        with _lock:
            username, password = next(_next_login)
        page = self.client.get("/login/", name="(login form)")
        token = CSRF.search(page.text)
        self.client.post("/login/", name="(login)", data={
            "username": username, "password": password, "csrfmiddlewaretoken": token.group(1) if token else ""},
            headers={"Referer": self.host + "/login/"})

    @task(3)
    def home(self) -> None:
        self.client.get("/", name="home")

    @task(2)
    def plans(self) -> None:
        self.client.get("/plans/", name="plans")

    @task(3)
    def dossiers(self) -> None:
        self.client.get("/dossiers/", name="dossiers")

    @task(2)
    def ranking(self) -> None:
        self.client.get("/scoreboard/", name="766 ranking")

    @task(2)
    def dashboard(self) -> None:
        self.client.get("/dashboard/", name="dashboard")


class Baseline(HttpUser):
    """An anonymous visitor opening the login page: the trivial page, measured in the same run."""

    fixed_count = 1
    wait_time = between(0.5, 1.5)

    @task
    def login_page(self) -> None:
        self.client.get("/login/", name="baseline: login page")


class OneStopSystem(HttpUser):
    """The one-stop system pushing CCHC_LOAD_BATCHES batches of dossiers through the API, then idling."""

    fixed_count = 1
    wait_time = between(5, 10)

    def on_start(self) -> None:
        self.sent = 0
        self.batch = Path(os.environ["CCHC_LOAD_BATCH"]).read_text(encoding="utf-8")
        self.total = int(os.environ.get("CCHC_LOAD_BATCHES", "5"))

    @task
    def push(self) -> None:
        if self.sent >= self.total:
            return
        body = json.loads(self.batch)
        for record in body["records"]:  # a new batch each time: new dossier codes
            record["code"] = f"{record['code']}-{self.sent}"
        self.client.post("/api/v1/dossiers/batch", name="API batch (1,000 dossiers)", json=body,
                         headers={"Authorization": f"Bearer {os.environ['CCHC_LOAD_TOKEN']}"})
        self.sent += 1
