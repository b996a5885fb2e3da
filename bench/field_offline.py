"""Offline visits: size and preparing time of a 300-person offline bundle, and how fast the app shell
opens with the network off (issue 19: bundle < 2 MB, prepared in < 10 s, shell offline < 1 s).

    .venv/bin/python -m bench.field_offline [--people 300] [--reloads 10] [--port 8019]

Uses a fresh data directory (SQLite, or DATABASE_URL if set): a child director of 新民街社区 with
`--people` followed people (full names, addresses, phones, masked ID numbers, an open need for every
third), served by `guanai serve`. Headless Chromium at 375 px (a phone) signs in, prepares (timed
from the button to the list on screen: download, PBKDF2, AES-GCM, IndexedDB), then with the network
off reloads the app `--reloads` times (timed from reload to the PIN box on screen).
"""

import argparse
import datetime
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

VILLAGE = "610330100007"
PASSWORD = "Bench-pass-2026!"
PIN = "135790"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
# The encrypted bundle's size as the phone keeps it in IndexedDB.
STORED_BYTES = """async () => {
    const db = await new Promise((ok, no) => {
        const r = indexedDB.open('guanai-field'); r.onsuccess = () => ok(r.result); r.onerror = no; });
    const box = await new Promise((ok) => {
        const r = db.transaction('vault').objectStore('vault').get('bundle'); r.onsuccess = () => ok(r.result); });
    return box.ct.byteLength; }"""
GIVEN = ["秀英", "桂兰", "建国", "玉兰", "淑珍", "志强", "德明", "春花", "小龙", "欣怡", "子涵", "浩然"]


def _fill(people: int) -> None:
    from django.core.management import call_command
    from django.utils import timezone

    from guanai.accounts.models import User
    from guanai.accounts.roles import Role
    from guanai.areas.divisions import packaged_directory
    from guanai.areas.services import areas_load
    from guanai.people.models import Person
    from guanai.visits.models import FollowUp, Need

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    areas_load(directory=packaged_directory(), edition="2023")
    user = User.objects.create_user(username="bench-field", password=PASSWORD, role=Role.CHILD_DIRECTOR,
                                    area_id=VILLAGE, full_name="外勤测试")
    today = timezone.localdate()
    rows = [Person(area_id=VILLAGE, name=SURNAMES[i % len(SURNAMES)] + GIVEN[i % len(GIVEN)] + str(i),
                   sex="female" if i % 2 else "male", birth_date=datetime.date(1940 + i % 70, 1 + i % 12, 1 + i % 28),
                   phone=f"139{i:08d}", address=f"凤县双石铺镇新民街社区{i % 9 + 1}组{i}号",
                   id_number_masked=f"6103**********{i % 10000:04d}", risk_level=("high", "medium", "low")[i % 3])
            for i in range(people)]
    Person.objects.bulk_create(rows)
    FollowUp.objects.bulk_create([FollowUp(
        person=p, area_id=VILLAGE, risk_level=p.risk_level, target_group=("elder", "child")[i % 2],
        followed_since=today - datetime.timedelta(days=400),
        contact_due_on=today + datetime.timedelta(days=i % 40 - 10),
        next_due_on=today + datetime.timedelta(days=i % 40 - 10)) for i, p in enumerate(rows)])
    Need.objects.bulk_create([Need(person=p, area_id=VILLAGE, kind="daily_care", created_by=user,
                                   description="独居，行动不便，需要每周送餐和代购药品")
                              for p in rows[::3]])


def _serve(port: int, env: dict) -> subprocess.Popen:
    server = subprocess.Popen([sys.executable, "-m", "guanai.cli", "serve", "--port", str(port), "--no-worker"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=1)  # noqa: S310 - our own server
            return server
        except OSError:
            time.sleep(0.5)
    server.kill()
    raise SystemExit("guanai serve did not start")


def _measure(base: str, reloads: int) -> dict:
    from playwright.sync_api import sync_playwright

    found: dict = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        context = browser.new_context(viewport={"width": 375, "height": 812}, locale="zh-CN",
                                      timezone_id="Asia/Shanghai", is_mobile=True, has_touch=True)
        page = context.new_page()
        page.goto(f"{base}/login/")
        page.fill("#id_username", "bench-field")
        page.fill("#id_password", PASSWORD)
        with page.expect_navigation():
            page.click("form.form button[type=submit]")
        page.goto(f"{base}/field/")
        page.fill("#pin", PIN)
        page.fill("#pin2", PIN)
        with page.expect_response("**/api/v1/field/prepare") as answer:
            started = time.perf_counter()
            page.click("#prepare")
            page.locator("#due-list").wait_for(timeout=60_000)
            found["prepare_s"] = time.perf_counter() - started
        response = answer.value
        found["bundle_bytes"] = len(response.body())
        found["bundle_wire_bytes"] = int(response.headers.get("content-length") or found["bundle_bytes"])
        found["people"] = len(response.json()["people"])
        found["due_shown"] = page.evaluate("document.querySelectorAll('#due-list [data-person]').length")
        found["stored_bytes"] = page.evaluate(STORED_BYTES)
        page.wait_for_function("navigator.serviceWorker.controller !== null")
        context.set_offline(True)
        times = []
        for _ in range(reloads):
            started = time.perf_counter()
            page.reload()
            page.locator("#pin").wait_for()
            times.append(time.perf_counter() - started)
        found["shell_offline_s"] = times
        started = time.perf_counter()
        page.fill("#pin", PIN)
        page.click("#unlock")
        page.locator("#due-list").wait_for()
        found["unlock_s"] = time.perf_counter() - started
        browser.close()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=300)
    parser.add_argument("--reloads", type=int, default=10)
    parser.add_argument("--port", type=int, default=8019)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-field-") as data:
        env = {**os.environ, "GUANAI_DATA_DIR": data, "DJANGO_SETTINGS_MODULE": "guanai.config.settings",
               "FIELD_MAX_PEOPLE": str(args.people)}
        os.environ.update(env)
        import django

        django.setup()
        _fill(args.people)
        server = _serve(args.port, env)
        try:
            found = _measure(f"http://localhost:{args.port}", args.reloads)
        finally:
            server.terminate()
            server.wait()
    shell = found["shell_offline_s"]
    print(f"load average at the end: {Path('/proc/loadavg').read_text().split()[:3]} (machine shared)")
    print(f"people prepared: {found['people']} ({found['due_shown']} due today on the first screen)")
    print(f"bundle: {found['bundle_bytes']:,} bytes JSON ({found['bundle_wire_bytes']:,} on the wire), "
          f"{found['stored_bytes']:,} bytes encrypted in IndexedDB")
    print(f"prepare (button to list, end to end): {found['prepare_s']:.2f} s")
    print(f"app shell offline, {len(shell)} reloads: median {statistics.median(shell) * 1000:.0f} ms, "
          f"max {max(shell) * 1000:.0f} ms")
    print(f"unlock (PBKDF2 + decrypt + list): {found['unlock_s'] * 1000:.0f} ms")


if __name__ == "__main__":
    main()
