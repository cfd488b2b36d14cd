"""axe-core (the engine shipped in ``axe-playwright-python``; it is injected into the page, no
request leaves the machine) on every page, at desktop width in both languages for the published
series (the default) and the sample, and at phone width in the default view: no serious or
critical violation (WCAG 2.2 AA, issue 18; docs/accessibility.md)."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from tests.browser.conftest import PageOpener

pytestmark = pytest.mark.browser

#: Every page of the navigation (app.py), by its address.
PATHS = ["/", "/tren", "/skema", "/sektor", "/negara", "/peta", "/pemagangan", "/kinerja",
         "/data", "/pembaruan", "/tentang", "/masukan", "/kelola"]
#: The rules of WCAG 2.0/2.1/2.2 A and AA, and axe's best practices (landmarks, one h1).
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
BLOCKING = {"serious", "critical"}
AXE = Axe()


def violations(page: Page) -> list[dict[str, Any]]:
    """axe's serious and critical violations on ``page``: rule, impact, help, the first
    elements."""
    results = AXE.run(page, options={"runOnly": {"type": "tag", "values": TAGS},
                                     "resultTypes": ["violations"]})
    return [{"rule": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [" ".join(n["target"][-1:]) if isinstance(n["target"][-1], str)
                       else str(n["target"]) for n in v["nodes"][:3]],
             "count": len(v["nodes"])}
            for v in results.response["violations"] if v["impact"] in BLOCKING]


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("path", PATHS)
def test_no_serious_or_critical_violation(open_page: PageOpener, path: str,
                                          viewport: str) -> None:
    found: dict[str, list[dict[str, Any]]] = {}
    # every language and series at desktop width; at phone width (the same content in one
    # column) the default view, which is what most readers see (keeps the run near 10 min)
    views = ([(lang, series) for lang in ("id", "en") for series in ("", "&seri=contoh")]
             if viewport == "desktop" else [("id", "")])
    for lang, series in views:
        page = open_page(f"{path}?lang={lang}{series}", viewport)
        problems = violations(page)
        shown_lang = page.evaluate("document.documentElement.lang")
        if shown_lang != lang:
            problems.append({"rule": "html lang follows the switch", "found": shown_lang})
        headings = page.locator("h1").count()
        if headings != 1:
            problems.append({"rule": "one h1 per page", "found": headings})
        if problems:
            found[f"{path}?lang={lang}{series}"] = problems
        page.close()
    assert not found, found
