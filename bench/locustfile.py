"""The users of bench/load.py (read by locust, not run by itself).

Every logged-in user holds a session of one of the demo accounts (made by bench/load.py, round robin over
every role), then opens the main pages with a think time of 0.5–1.5 s. One integration user pushes the API batches. One
anonymous user opens the login page: the trivial page every other figure is compared with.

One PAR officer uploads a file of dossiers on the upload page (its import runs in the background worker).

Settings come from the environment bench/load.py sets: CCHC_LOAD_SESSIONS (a file of session keys),
CCHC_LOAD_UPLOADER (the session key of the officer who uploads), CCHC_LOAD_TOKEN, CCHC_LOAD_BATCH (a JSON file of
one batch), CCHC_LOAD_BATCHES (how many).
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import re
import threading
from pathlib import Path

from locust import HttpUser, between, task

SESSIONS = Path(os.environ["CCHC_LOAD_SESSIONS"]).read_text(encoding="ascii").split()
_next_session = itertools.cycle(SESSIONS)
_lock = threading.Lock()


class Officer(HttpUser):
    """A logged-in user of any role browsing the pages most opened."""

    weight = 50
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        with _lock:
            key = next(_next_session)
        self.client.cookies.set("sessionid", key, domain="127.0.0.1")

    def page(self, path: str, name: str) -> None:
        """A page as a signed-in user sees it: sent back to the login page, or anything but 200, is an error."""
        with self.client.get(path, name=name, catch_response=True) as response:
            if response.status_code != 200 or "/login/" in response.url:
                response.failure(f"{response.status_code} {response.url}")

    @task(3)
    def home(self) -> None:
        self.page("/", "home")

    @task(2)
    def plans(self) -> None:
        self.page("/plans/", "plans")

    @task(3)
    def dossiers(self) -> None:
        self.page("/dossiers/", "dossiers")

    @task(2)
    def ranking(self) -> None:
        self.page("/scoreboard/", "766 ranking")

    @task(2)
    def dashboard(self) -> None:
        self.page("/dashboard/", "dashboard")


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


class Uploader(HttpUser):
    """A PAR officer uploading the one-stop system's export once on the upload page (5 times the batch's
    dossiers, as a CSV file): the page answers once the file is stored and queued; the worker imports it."""

    fixed_count = 1
    wait_time = between(20, 30)

    def on_start(self) -> None:
        self.client.cookies.set("sessionid", os.environ["CCHC_LOAD_UPLOADER"], domain="127.0.0.1")
        self.done = False

    @task
    def upload(self) -> None:
        if self.done:
            return
        self.done = True
        page = self.client.get("/dossiers/upload/", name="upload page")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        records = json.loads(Path(os.environ["CCHC_LOAD_BATCH"]).read_text(encoding="utf-8"))["records"]
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(records[0]))
        writer.writeheader()
        for copy in range(5):
            writer.writerows({**r, "code": f"{r['code']}-upload-{copy}"} for r in records)
        with self.client.post("/dossiers/upload/", name=f"upload ({5 * len(records):,} dossiers)",
                              data={"csrfmiddlewaretoken": token.group(1) if token else "", "source_system": "load-upload"},
                              files={"file": ("export.csv", out.getvalue().encode(), "text/csv")},
                              headers={"Referer": f"{self.host}/dossiers/upload/"}, catch_response=True) as response:
            if response.status_code != 200 or "/dossiers/jobs/" not in response.url:
                response.failure(f"{response.status_code} {response.url}")
