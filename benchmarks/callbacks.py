"""Server time of each page's data callback against the floor under it.

A request is the POST to `/_dash-update-component` the Dash renderer sends when a filter changes,
made through the Flask test client with a signed-in session: the time covers the login guard,
the callback, the gateway, suppression, the figures and Dash's JSON serialisation. Requests cycle
through distinct filter settings (see `pages.filter_changes`). "Cold" empties the app's cache
before each request; "warm" repeats a request just made, when the app has a cache to answer it.
"""

from __future__ import annotations

import secrets
import statistics
from dataclasses import dataclass
from pathlib import Path

from dash import Dash
from flask.testing import FlaskClient

from benchmarks import cache
from benchmarks.floor import Floor, floor_of, recording_fetches, run_bare
from benchmarks.pages import PAGES, UPDATE_URL, FilterChange, Page, login_form, refused, update_body
from benchmarks.timing import Timings, repeat, stopwatch
from dashboard.app_factory import create_app
from dashboard.config import Settings


class CallbackFailed(RuntimeError):
    """A callback did not answer a request with its page's content."""


@dataclass(frozen=True)
class PageTimes:
    page: Page
    cold: Timings
    warm: Timings | None
    floor: Timings
    executions: int
    """SQL statements the datasets fetched for one request run when each fetch reads the
    warehouse (no cache): the median over the requests."""
    distinct: int
    """Distinct statements among them: what the floor runs."""
    probes: int
    """pandas' catalog probes sent besides (PostgreSQL; see `benchmarks.floor`)."""

    @property
    def floor_ratio(self) -> float:
        """Median server time over the median floor."""
        return self.cold.median_ms / self.floor.median_ms


def bench_app(url: str, cache_url: str, workdir: Path) -> Dash:
    """The app as `create_app` makes it for this warehouse (demo mode only so the session cookie
    is not `Secure`: the clients speak plain HTTP on loopback)."""
    return create_app(
        Settings.load(
            database_url=url,
            secret_key=secrets.token_hex(32),
            cache_url=cache_url,
            instance_path=workdir,
            demo=True,
        )
    )


def signed_in(app: Dash, username: str, password: str) -> FlaskClient:
    client = app.server.test_client()
    form = login_form(client.get("/login").get_data(as_text=True), username, password)
    response = client.post("/login", data=form)
    if response.status_code != 302:
        raise CallbackFailed(f"Sign-in failed with HTTP {response.status_code}.")
    return client


def measure_callbacks(
    app: Dash, client: FlaskClient, changes: list[FilterChange], requests: int, budget_s: float
) -> list[PageTimes]:
    return [_page_times(app, client, page, changes, requests, budget_s) for page in PAGES]


def _page_times(
    app: Dash,
    client: FlaskClient,
    page: Page,
    changes: list[FilterChange],
    requests: int,
    budget_s: float,
) -> PageTimes:
    """Per filter change, back to back so the machine's load affects each alike: the request
    cold (its datasets recorded on the way), the same request again (warm, with a cache), then
    its floor."""
    bodies = [update_body(app.callback_map, page, change) for change in changes]
    engine = app.server.extensions["c2l"].engine
    cold, warm, bare = Timings(), Timings(), Timings()
    floors: list[Floor] = []

    def post(index: int) -> float:
        return stopwatch(lambda: _post(client, bodies[index % len(bodies)], page))

    def step(index: int) -> None:
        cache.clear(app)
        with recording_fetches() as fetched:
            cold.add(post(index))
        if cache.caches(app):
            warm.add(post(index))
        floors.append(floor_of(engine, fetched))
        bare.add(run_bare(engine, floors[-1]))

    post(0)  # the first request in a process pays one-off costs (imports, the map's geometry)
    repeat(step, requests, budget_s)
    return PageTimes(
        page,
        cold,
        warm if warm.samples else None,
        bare,
        int(statistics.median(floor.executions for floor in floors)),
        int(statistics.median(len(floor.statements) for floor in floors)),
        int(statistics.median(floor.probes for floor in floors)),
    )


def _post(client: FlaskClient, body: bytes, page: Page) -> None:
    response = client.post(UPDATE_URL, data=body, content_type="application/json")
    text = response.get_data(as_text=True)
    if response.status_code != 200 or refused(text):
        raise CallbackFailed(f"{page.title}: HTTP {response.status_code}: {text[:300]}")
