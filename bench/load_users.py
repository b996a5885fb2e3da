"""Locust scenario: many county officers at once on the due list, the people list and the visit form.

Issue 17 asks for 50 users for 5 minutes with 0 errors and p95 < 500 ms at county scope on the
2-core machine. Against a demo server (`guanai demo`, or `guanai serve` on a demo database):

    .venv/bin/pip install -r requirements-bench.lock     # or: make setup-bench
    .venv/bin/guanai serve --port 8017 --threads 8 &
    .venv/bin/locust -f bench/load_users.py --headless --host http://127.0.0.1:8017 \\
        --users 50 --spawn-rate 5 --run-time 5m --csv var/load/county --only-summary

Each simulated user signs in through the login page as a county officer of the demo (`fengxian`, or
LOAD_USERNAME / LOAD_PASSWORD), then, with 1-3 s of thinking between pages, opens the due list (half
of the time page 2), the people list (sometimes searching a surname), a person's visits and the
visit form of someone on the due list. Locust counts any answer other than 200 as an error. Results
go in docs/performance.md ("Many users at once") with the machine load; docs/operations.md says how
to run more server processes behind nginx.
"""

import os
import random
import re

from locust import HttpUser, between, task

USERNAME = os.environ.get("LOAD_USERNAME", "fengxian")
PASSWORD = os.environ.get("LOAD_PASSWORD", "Guanai@2026")  # the demo's password (guanai/demo/staff.py)
PERSON_LINK = re.compile(r'href="/visits/person/(\d+)/')
SURNAMES = "王李张刘陈杨黄赵吴周"


class CountyOfficer(HttpUser):
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.client.get("/login/", name="/login/")
        token = self.client.cookies.get("csrftoken", "")
        response = self.client.post("/login/", {"username": USERNAME, "password": PASSWORD,
                                                "csrfmiddlewaretoken": token},
                                    headers={"Referer": f"{self.host}/login/"}, name="/login/ (post)")
        if "/login/" in response.url:
            raise RuntimeError(f"could not sign in as {USERNAME}: set LOAD_USERNAME and LOAD_PASSWORD")
        self.people: list[str] = []

    @task(4)
    def due_list(self) -> None:
        page = "?page=2" if random.random() < 0.5 else ""  # noqa: S311 - a load pattern, not a secret
        response = self.client.get(f"/visits/{page}", name="/visits/ (due list)")
        self.people = PERSON_LINK.findall(response.text) or self.people

    @task(3)
    def people_list(self) -> None:
        if random.random() < 0.3:  # noqa: S311
            self.client.get(f"/people/?q={random.choice(SURNAMES)}", name="/people/?q= (search)")  # noqa: S311
        else:
            self.client.get("/people/", name="/people/")

    @task(2)
    def visit_form(self) -> None:
        if not self.people:
            self.due_list()
        if self.people:
            person = random.choice(self.people)  # noqa: S311
            self.client.get(f"/visits/person/{person}/", name="/visits/person/[id]/")
            self.client.get(f"/visits/person/{person}/new/", name="/visits/person/[id]/new/ (visit form)")
