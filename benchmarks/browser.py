"""Cold first-page load in headless Chromium: navigation start to every chart drawn.

Each page gets a fresh browser context (an empty HTTP cache) signed in through the login form's
POST, so the navigation measured is the first the browser makes to the dashboard: the index
page, every script and stylesheet, the layout, the route callback, the page's data callback and
Plotly drawing each chart. Done means: the page's containers are filled, the Dash renderer has no
callback pending or in flight, nothing is marked loading and every graph has drawn its SVG.
"""

from __future__ import annotations

from playwright.sync_api import Browser, sync_playwright

from benchmarks.pages import PAGES, Page, login_form
from tests.browser.conftest import CHROMIUM, CHROMIUM_FLAGS

TIMEOUT_MS = 120_000

DRAWN = """(containers) => {
    const store = window.store;
    if (!store) { return false; }
    const state = store.getState();
    const queues = Object.entries(state.callbacks || {})
        .filter(([name]) => name !== "stored" && name !== "completed");
    if (queues.some(([, queue]) => Array.isArray(queue) && queue.length)) { return false; }
    if (state.isLoading) { return false; }
    if (document.querySelector('[data-dash-is-loading="true"]')) { return false; }
    for (const id of containers) {
        const container = document.getElementById(id);
        if (!container || !container.children.length) { return false; }
    }
    for (const graph of document.querySelectorAll("#page .dash-graph")) {
        if (!graph.querySelector(".main-svg")) { return false; }
    }
    return performance.now();
}"""
"""Milliseconds since navigation start once the page is drawn; false until then."""


def cold_page_loads(base: str, username: str, password: str) -> dict[str, float]:
    """Seconds from navigation start to the page drawn, for each page, each in a cold browser."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            return {page.key: _cold_load(browser, base, page, username, password) for page in PAGES}
        finally:
            browser.close()


def _cold_load(browser: Browser, base: str, page: Page, username: str, password: str) -> float:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        login_page = context.request.get(f"{base}/login").text()
        form = login_form(login_page, username, password)
        signed = context.request.post(f"{base}/login", form=form, max_redirects=0)
        if signed.status != 302:
            raise RuntimeError(f"Sign-in failed in the browser context: HTTP {signed.status}.")
        tab = context.new_page()
        tab.goto(f"{base}{page.path}", wait_until="commit", timeout=TIMEOUT_MS)
        drawn = tab.wait_for_function(
            DRAWN, arg=list(page.containers), polling="raf", timeout=TIMEOUT_MS
        )
        return drawn.json_value() / 1000
    finally:
        context.close()
