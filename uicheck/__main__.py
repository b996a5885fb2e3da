"""`python -m uicheck --base-url http://127.0.0.1:8099`: open every page of every demo role in Chromium
and check what a clerk on a phone and a director at a desk would hit.

For each role (the demo logins) it signs in, discovers the pages (uicheck/pages.py) and opens each:
- at 1366 px and at 375 px, in Chinese: axe-core (npm, node_modules/axe-core, injected from the local
  file; never a CDN) must find no serious or critical violation (colour contrast catches white text on
  a white card); at 375 px the page must not scroll sideways, nor may a table scroll inside its box;
- in Chinese, the visible text must hold no stray Latin words; in English, no Chinese outside the names
  the data holds (uicheck/language.py).
Screenshots (JPEG) of every page at both widths (and in English at 1366) go to OUT/screens; the findings
to OUT/report.json and OUT/report.md. Exit status 1 when anything was found.

The server must run on the demo data (`guanai demo --no-serve`, then `guanai serve --no-worker`), with
the same settings this process reads (GUANAI_DATA_DIR, DATABASE_URL) so that names can be looked up.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 375, "height": 812}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Chinese left on an English page is mostly what people typed (needs, case notes, meeting agendas),
# which stays in the language it was written in; it is listed for a person to read, not failed on.
REPORT_ONLY = {"chinese-in-english"}
# The visible text, without what is marked translate="no" (a user's initial, a policy citation): the
# HTML way of saying "this stays as written in any language".
TEXT_JS = """() => {
  const hidden = [...document.querySelectorAll('[translate="no"]')];
  hidden.forEach(el => { el.dataset.uicheckDisplay = el.style.display; el.style.display = 'none'; });
  const text = document.body.innerText;
  hidden.forEach(el => { el.style.display = el.dataset.uicheckDisplay; });
  return text;
}"""
SIDEWAYS_JS = """() => {
  const page = document.documentElement.scrollWidth - window.innerWidth;
  const boxes = [...document.querySelectorAll('main *')].filter(el => {
    const s = getComputedStyle(el);
    return (s.overflowX === 'auto' || s.overflowX === 'scroll') && el.scrollWidth > el.clientWidth + 1
      && el.querySelector('table');
  }).map(el => (el.className || el.tagName).toString().slice(0, 40));
  return {page, boxes};
}"""


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guanai.config.settings")
    import django

    django.setup()


def _names() -> set[str]:
    """Names the data holds, which stay Chinese in English: people, places, users, providers."""
    from django.apps import apps

    names: set[str] = set()
    wanted = {("people", "Person"): ["name"], ("areas", "Area"): ["name", "short_name"],
              ("accounts", "User"): ["full_name"], ("visits", "ServiceProvider"): ["name"],
              ("facilities", "Facility"): ["name"]}
    for (app, model), fields in wanted.items():
        try:
            cls = apps.get_model(app, model)
        except LookupError:
            continue
        for field in fields:
            if any(f.name == field for f in cls._meta.get_fields()):
                names.update(v for v in cls.objects.values_list(field, flat=True).distinct() if v)
    return names


def _slug(path: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", path).strip("-") or "home"


class Run:
    def __init__(self, args, browser, names: set[str]):
        self.args, self.browser, self.names = args, browser, names
        self.axe = (Path(args.node_modules) / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
        self.findings: list[dict] = []
        self.pages_opened = 0
        self.screens = Path(args.out) / "screens"
        self.screens.mkdir(parents=True, exist_ok=True)

    def find(self, role: str, path: str, width: int, lang: str, kind: str, detail) -> None:
        self.findings.append({"role": role, "path": path, "width": width, "lang": lang, "kind": kind,
                              "detail": detail})

    def context(self, viewport: dict, lang: str, username: str):
        ctx = self.browser.new_context(viewport=viewport, locale="zh-CN", timezone_id="Asia/Shanghai",
                                       is_mobile=viewport["width"] < 600, has_touch=viewport["width"] < 600,
                                       bypass_csp=True)  # only so that axe can be injected from its file
        ctx.add_cookies([{"name": "django_language", "value": lang, "url": self.args.base_url}])
        page = ctx.new_page()
        page.set_default_timeout(30_000)
        page.goto(f"{self.args.base_url}/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", self.args.password)
        with page.expect_navigation():
            page.click("form.form button[type=submit]")
        return ctx, page

    def open(self, page, path: str) -> bool:
        """True when `path` is an HTML page that answered 200 (a POST-only route or a download is not)."""
        from playwright.sync_api import Error

        try:
            response = page.goto(self.args.base_url + path, wait_until="load")
        except Error:  # Chromium refuses to show some error answers (405 without a body)
            return False
        self.pages_opened += 1
        ctype = response.headers.get("content-type", "") if response else ""
        return bool(response) and response.status == 200 and ctype.startswith("text/html")

    def links(self, page) -> list[str]:
        base = self.args.base_url
        hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        return [h[len(base):] for h in hrefs if h.startswith(base + "/")]

    def axe_check(self, page, role: str, path: str, width: int) -> None:
        page.add_script_tag(content=self.axe)
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, "
                               "resultTypes: ['violations']})", AXE_TAGS)
        for v in result["violations"]:
            if v["impact"] in ("serious", "critical"):
                targets = [" ".join(n["target"]) if isinstance(n["target"], list) else str(n["target"])
                           for n in v["nodes"][:5]]
                self.find(role, path, width, "zh-hans", f"axe:{v['id']}", {"impact": v["impact"], "nodes": targets,
                                                                          "help": v["help"]})

    def shot(self, page, role: str, path: str, width: int, lang: str) -> None:
        name = f"{role}-{width}-{lang}-{_slug(path)}.jpg"
        page.screenshot(path=str(self.screens / name), full_page=True, type="jpeg", quality=55)

    def role(self, username: str) -> list[str]:
        """Chinese at 1366: discover and check; then 375 px and English over the same pages."""
        from uicheck.language import cjk_findings, latin_findings
        from uicheck.pages import pattern_of, plain_pages

        ctx, page = self.context(DESKTOP, "zh-hans", username)
        queue, seen_patterns, done = ["/", *plain_pages()], set(), []
        while queue and len(done) < self.args.max_pages:
            path = queue.pop(0)
            if path in done or not self.open(page, path):
                continue
            done.append(path)
            self.axe_check(page, username, path, 1366)
            words = latin_findings(page.evaluate(TEXT_JS))
            if words:
                self.find(username, path, 1366, "zh-hans", "latin-in-chinese", words)
            self.shot(page, username, path, 1366, "zh")
            for link in self.links(page):
                name = pattern_of(link)
                # A page of one thing (a person, a roster): one per URL pattern and role.
                if name and name not in seen_patterns and link not in done and re.search(r"/\d+", link):
                    seen_patterns.add(name)
                    queue.append(link)
        ctx.close()
        ctx, page = self.context(PHONE, "zh-hans", username)
        for path in done:
            if not self.open(page, path):
                continue
            self.axe_check(page, username, path, 375)
            sideways = page.evaluate(SIDEWAYS_JS)
            if sideways["page"] > 0 or sideways["boxes"]:
                self.find(username, path, 375, "zh-hans", "sideways-scroll", sideways)
            self.shot(page, username, path, 375, "zh")
        ctx.close()
        ctx, page = self.context(DESKTOP, "en", username)
        for path in done:
            if not self.open(page, path):
                continue
            words = cjk_findings(page.evaluate(TEXT_JS), self.names)
            if words:
                self.find(username, path, 1366, "en", "chinese-in-english", words[:40])
        ctx.close()
        return done


def _report(findings: list[dict], loads: int, pages: dict, out: Path, seconds: float) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(json.dumps({"pages": pages, "findings": findings}, ensure_ascii=False,
                                                indent=1), encoding="utf-8")
    by_kind = defaultdict(list)
    for f in findings:
        by_kind[f["kind"]].append(f)
    lines = [f"# Page check: {sum(len(p) for p in pages.values())} pages of {len(pages)} roles, "
             f"{loads} page loads, {seconds:.0f} s", "",
             f"Findings of kinds {sorted(REPORT_ONLY)} are reported, not failed (see uicheck/language.py).", ""]
    for role, paths in pages.items():
        lines.append(f"- {role}: {len(paths)} pages")
    lines.append("")
    for kind, items in sorted(by_kind.items()):
        lines.append(f"## {kind}: {len(items)}{' (reported only)' if kind in REPORT_ONLY else ''}")
        lines += [f"- {f['role']} {f['width']} {f['lang']} `{f['path']}`: {json.dumps(f['detail'], ensure_ascii=False)}"
                  for f in items]
        lines.append("")
    (out / "report.md").write_text("\n".join(lines), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m uicheck", description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8099")
    parser.add_argument("--out", default="var/uicheck")
    parser.add_argument("--roles", default="", help="usernames, comma-separated (default: every demo login)")
    parser.add_argument("--max-pages", type=int, default=40, help="per role")
    parser.add_argument("--node-modules", default="node_modules")
    parser.add_argument("--jobs", type=int, default=2, help="browsers in parallel (one role each)")
    args = parser.parse_args(argv)
    _django()
    from guanai.demo.staff import DEMO_LOGINS, DEMO_PASSWORD

    args.password = DEMO_PASSWORD
    # longkou is the same role as xinminjie in another village: one child director is enough.
    usernames = args.roles.split(",") if args.roles else [d.username for d in DEMO_LOGINS if d.username != "longkou"]
    started = time.monotonic()
    names = _names()
    from django.db import connections

    connections.close_all()  # the worker processes open their own
    pages: dict[str, list[str]] = {}
    findings: list[dict] = []
    loads = 0
    # One browser per worker process; roles are shared out between them.
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        for username, done, found, opened in pool.map(_role_job, [(args, names, u) for u in usernames]):
            pages[username], loads = done, loads + opened
            findings += found
            print(f"{username}: {len(done)} pages, {len(found)} findings", flush=True)
            # Written after every role, so a run cut short still leaves what it found.
            _report(findings, loads, pages, Path(args.out), time.monotonic() - started)
    _report(findings, loads, pages, Path(args.out), time.monotonic() - started)
    print((Path(args.out) / "report.md").read_text(encoding="utf-8")[:8000])
    failing = [f for f in findings if f["kind"] not in REPORT_ONLY]
    return 1 if failing else 0


def _role_job(job) -> tuple[str, list[str], list[dict], int]:
    args, names, username = job
    _django()
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's loop on this thread; our ORM use is sync
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        run = Run(args, browser, names)
        done = run.role(username)
        browser.close()
    return username, done, run.findings, run.pages_opened


if __name__ == "__main__":
    sys.exit(main())
