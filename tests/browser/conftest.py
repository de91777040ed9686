"""Browser fixtures: the app on a real port and Debian's Chromium driven by Playwright.

Chromium is the system one (`C2L_CHROMIUM`, default /usr/bin/chromium); Playwright never
downloads a browser. Screenshots go to `C2L_SCREENSHOTS` (default: the test's tmp folder).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("C2L_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: run `make browsers` (the test command does)."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def serve():
    """Serve a Dash app on a free local port; yields a function returning its base URL."""
    servers = []

    def start(app) -> str:
        server = make_server("127.0.0.1", 0, app.server, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}"

    yield start
    for server in servers:
        server.shutdown()


@pytest.fixture
def page(browser) -> Iterator:
    """A fresh browser context and page, collecting console errors in `page.errors`."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.errors = []
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


@pytest.fixture
def screenshots(tmp_path) -> Path:
    folder = Path(os.environ.get("C2L_SCREENSHOTS", tmp_path / "screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def sign_in(page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory) -> Path:
    from tests.browser.demo_site import build_demo_warehouse

    return build_demo_warehouse(tmp_path_factory.mktemp("demo"))


@pytest.fixture
def demo_site(demo_database, make_app, serve, tmp_path):
    """The app on a fresh copy of the demo warehouse; yields (app, base URL)."""
    from tests.browser.demo_site import fresh_copy

    app = make_app(fresh_copy(demo_database, tmp_path))
    return app, serve(app)
