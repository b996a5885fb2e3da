"""The in-app help (帮助): the role guides of docs/guide/ served as pages, and on every page a link to
the section of the reader's guide about that page.

Which section: the first heading of the role's guide that names the active menu item in brackets,
e.g. "## Approve benefits (补贴发放)" for any page under 补贴发放. The guides already name each screen
that way, so no table of pages is kept by hand; a page no heading names links to the guide's top."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from django.conf import settings
from markdown import Markdown
from markdown.extensions.toc import slugify

from guanai.accounts.roles import Role

GUIDE_DIR = Path(settings.PROJECT_DIR) / "docs" / "guide"
ROLE_GUIDES = {
    Role.CHILD_DIRECTOR: "child-director", Role.CHILD_SUPERVISOR: "child-supervisor",
    Role.COUNTY_OFFICER: "county-officer", Role.PREFECTURE_ANALYST: "prefecture-analyst",
    Role.SOCIAL_WORKER: "social-worker", Role.ADMINISTRATOR: "administrator", Role.AUDITOR: "auditor",
}
GUIDE_NAMES = {"README", *ROLE_GUIDES.values()}
HEADING = re.compile(r"^#{2,3}\s+(.+?)\s*$", re.MULTILINE)


def guide_for(role: str) -> str:
    return ROLE_GUIDES.get(role, "README")


@cache
def _headings(name: str) -> list[tuple[str, str]]:
    """(heading text, its anchor) of a guide, as the toc extension makes the anchors."""
    text = (GUIDE_DIR / f"{name}.md").read_text(encoding="utf-8")
    return [(title, slugify(title, "-")) for title in HEADING.findall(text)]


def help_anchor(name: str, label: str) -> str:
    """The anchor of the first heading naming `label` (a menu item) in brackets, or ""."""
    if not label:
        return ""
    for title, anchor in _headings(name):
        if f"({label}" in title or f"（{label}" in title:
            return anchor
    return ""


def guide_html(name: str) -> tuple[str, str]:
    """(title, HTML) of a guide; links between guides point at their help pages."""
    text = (GUIDE_DIR / f"{name}.md").read_text(encoding="utf-8")
    text = re.sub(r"\]\(([\w-]+)\.md(#[\w-]+)?\)", lambda m: f"](../{m.group(1)}/{m.group(2) or ''})", text)
    text = re.sub(r"!\[([^\]]*)\]\((?:\.\./)?(?:guide/)?screens/([\w.-]+)\)", r"![\1](screens/\2)", text)
    md = Markdown(extensions=["toc", "tables", "fenced_code"])
    html = md.convert(text)
    title = text.lstrip("# ").splitlines()[0] if text.startswith("#") else name
    return title, html


def help_url(request) -> str:
    """The reader's guide at the section about the current page (by the active menu item)."""
    from django.urls import NoReverseMatch, reverse
    from django.utils import translation

    from guanai.web.nav import NAV_ITEMS

    name = guide_for(getattr(request.user, "role", ""))
    label = ""
    for item in NAV_ITEMS:
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:  # an item whose page does not exist yet is skipped, as in the menu
            continue
        if (request.path == url) if url == "/" else request.path.startswith(url):
            with translation.override("zh-hans"):  # the guides name screens by their Chinese words
                label = str(item.label)
    anchor = help_anchor(name, label)
    return reverse("help", args=[name]) + (f"#{anchor}" if anchor else "")
