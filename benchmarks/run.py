"""`python -m benchmarks.run`: the "Performance at scale" benchmark, every measure side by side
for each backend and scale, printed as one table and written to `benchmarks/results.md`.

For each (backend, K): build (or `--reuse`) the warehouse; time each page's data callback through
the Flask test client against its SQL floor; time the naive peer and check it agrees with the app;
then serve the warehouse with gunicorn, load each page cold in Chromium, run the simulated users
and read the workers' peak memory. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from dash import Dash
from sqlalchemy import Engine, create_engine

from benchmarks import cache
from benchmarks.browser import cold_page_loads
from benchmarks.callbacks import PageTimes, bench_app, measure_callbacks, signed_in
from benchmarks.concurrency import run_users
from benchmarks.pages import PAGES, FilterChange, filter_changes, update_body
from benchmarks.peer import PeerTimes, check_filters, mismatches, time_peer
from benchmarks.report import Row, machine, results_markdown, summary_table
from benchmarks.server import gunicorn
from benchmarks.warehouse import bench_user, drop, prepare
from dashboard.config import PROJECT_ROOT
from dashboard.filters import Filters
from data_access import gateway

BACKENDS = ("sqlite", "postgresql")
PARTS = ("callbacks", "naive", "browser", "users")
T = TypeVar("T")
PASSWORD_IN_URL = re.compile(r"(://[^:/@\s]*):[^@\s]+@")


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument("--scales", default="1,10,100", help="comma-separated K (default 1,10,100)")
    parser.add_argument("--backends", default=",".join(BACKENDS), help="sqlite,postgresql")
    parser.add_argument(
        "--postgres-url",
        default="postgresql+psycopg://postgres@127.0.0.1:5432/test",
        help="a database on the server to use; the benchmark creates c2l_bench_k<K> beside it",
    )
    parser.add_argument(
        "--redis-url", default="", help="C2L_CACHE_URL for the app (default: its in-process cache)"
    )
    parser.add_argument("--reuse", action="store_true", help="keep a warehouse already built")
    parser.add_argument("--cleanup", action="store_true", help="drop the warehouses afterwards")
    parser.add_argument("--requests", type=int, default=30, help="requests per page and measure")
    parser.add_argument("--naive-requests", type=int, default=10, help="naive peer requests")
    parser.add_argument("--budget", type=float, default=120.0, help="seconds per page and measure")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0, help="how long the users run")
    parser.add_argument("--seed", type=int, default=2018)
    parser.add_argument("--skip", default="", help=f"comma-separated parts: {','.join(PARTS)}")
    parser.add_argument("--workdir", type=Path, default=PROJECT_ROOT / "instance" / "benchmarks")
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "benchmarks" / "results.md")
    args = parser.parse_args(argv)
    args.scales = [int(scale) for scale in args.scales.split(",")]
    args.backends = [backend for backend in args.backends.split(",") if backend]
    args.skip = {part for part in args.skip.split(",") if part}
    unknown = (set(args.backends) - set(BACKENDS)) | (args.skip - set(PARTS))
    if unknown:
        parser.error(f"unknown backend or part: {', '.join(sorted(unknown))}")
    return args


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def catalogue(engine: Engine) -> tuple[list[str], list[str]]:
    """The years and area codes the warehouse holds, as the filter bar offers them."""
    with engine.connect() as connection:
        years = list(gateway.dataset("year_list").read(connection, Filters())["academic_year"])
        areas = sorted(gateway.dataset("area_list").read(connection, Filters())["area_code"])
    return years, areas


@dataclass
class Bench:
    """One run of the benchmark: its options, and notes gathered on the way for the report."""

    args: argparse.Namespace
    notes: list[str] = field(default_factory=list)

    def attempt(self, label: str, work: Callable[[], T]) -> T | None:
        """Run one measure; a failure is noted in the report and the run goes on."""
        try:
            return work()
        except Exception as error:
            traceback.print_exc()
            self.notes.append(f"{label} failed: {type(error).__name__}: {error}")
            return None

    def measure(self, backend: str, scale: int) -> Row:
        """Every measure for one backend at one scale."""
        args = self.args
        say(f"{backend} K={scale}: preparing the warehouse")
        built = prepare(
            backend,
            scale,
            workdir=args.workdir,
            postgres_url=args.postgres_url,
            seed=args.seed,
            reuse=args.reuse,
        )
        credentials = bench_user(built.url)
        app = bench_app(built.url, args.redis_url, args.workdir)
        row = Row(built, cache.describe(app))
        try:
            years, areas = catalogue(app.server.extensions["c2l"].engine)
            changes = filter_changes(years, areas, args.requests)
            self.in_process(row, app, credentials, changes, check_filters(years, areas))
            if {"browser", "users"} - args.skip:
                cache.clear(app)  # a Redis the servers share starts empty too
                bodies = [update_body(app.callback_map, page, c) for c in changes for page in PAGES]
                self.served(row, credentials, bodies)
        finally:
            app.server.extensions["c2l"].engine.dispose()
        return row

    def in_process(
        self,
        row: Row,
        app: Dash,
        credentials: tuple[str, str],
        changes: list[FilterChange],
        checked: Filters,
    ) -> None:
        """The measures made in this process: callbacks and their floor, the naive peer."""
        label, skip = row.label, self.args.skip
        if "callbacks" not in skip:
            say(f"{label}: timing the data callbacks and their SQL floor")
            timed = self.attempt(
                f"{label} callbacks", lambda: time_callbacks(app, credentials, changes, self.args)
            )
            row.pages = timed or []
        if "naive" not in skip:
            say(f"{label}: the naive peer")
            engine = app.server.extensions["c2l"].engine
            row.naive_mismatches = self.attempt(
                f"{label} naive check", lambda: check(engine, checked)
            )
            self.notes += [
                f"{label}: naive peer differs: {problem}" for problem in row.naive_mismatches or []
            ]
            row.naive = (
                self.attempt(f"{label} naive", lambda: time_peers(app, changes, self.args)) or {}
            )

    def served(self, row: Row, credentials: tuple[str, str], bodies: list[bytes]) -> None:
        """The gunicorn-served measures: cold pages in Chromium, the users, peak memory."""
        args, label = self.args, row.label
        with gunicorn(row.warehouse.url, args.redis_url, args.workdir) as server:
            if "browser" not in args.skip:
                say(f"{label}: cold page loads in Chromium")
                row.cold_pages = self.attempt(
                    f"{label} browser", lambda: cold_page_loads(server.base, *credentials)
                )
            if "users" not in args.skip:
                say(f"{label}: {args.users} users for {args.seconds:.0f} s")
                row.load = self.attempt(
                    f"{label} users",
                    lambda: run_users(server.base, *credentials, bodies, args.users, args.seconds),
                )
                if row.load and row.load.errors:
                    self.notes.append(f"{label}: first error of the users: {row.load.first_error}")
            row.memory_mb = server.peak_memory_mb()
            if server.replaced_workers():
                self.notes.append(
                    f"{label}: gunicorn killed and replaced {server.replaced_workers()} worker(s) "
                    "(worker timeout); their peak memory is not in the table."
                )


def time_callbacks(
    app: Dash, credentials: tuple[str, str], changes: list[FilterChange], args: argparse.Namespace
) -> list[PageTimes]:
    client = signed_in(app, *credentials)
    return measure_callbacks(app, client, changes, args.requests, args.budget)


def check(engine: Engine, filters: Filters) -> list[str]:
    with engine.connect() as connection:
        return mismatches(connection, filters)


def time_peers(
    app: Dash, changes: list[FilterChange], args: argparse.Namespace
) -> dict[str, PeerTimes]:
    return {
        page.key: time_peer(app, page.key, changes, args.naive_requests, args.budget)
        for page in PAGES
    }


def postgres_version(url: str) -> str:
    engine = create_engine(url)
    try:
        with engine.connect():
            return ".".join(str(part) for part in engine.dialect.server_version_info)
    finally:
        engine.dispose()


def redacted(text: str) -> str:
    """`text` with the password of any URL in it replaced by ***."""
    return PASSWORD_IN_URL.sub(r"\1:***@", text)


def cache_notes(rows: list[Row], redis_url: str) -> list[str]:
    if not rows:
        return ["Nothing measured."]
    shared = (
        f"Redis at {redacted(redis_url)}, its `c2l:` entries emptied before each server started"
        if redis_url
        else "each worker's own in-process cache, empty when the server started"
    )
    return [
        f"Cache in the test-client measures (cold column): {rows[0].cache_state}.",
        f"Cache in the gunicorn-served measures (cold page, 20 users): {shared}.",
    ]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = arguments(argv)
    load_at_start = os.getloadavg()
    args.workdir.mkdir(parents=True, exist_ok=True)
    bench = Bench(args)
    rows = [bench.measure(backend, scale) for backend in args.backends for scale in args.scales]
    uses_postgres = "postgresql" in args.backends
    facts = machine(postgres_version(args.postgres_url) if uses_postgres else None, load_at_start)
    command = redacted(shlex.join(["python", "-m", "benchmarks.run", *argv]))
    notes = [*cache_notes(rows, args.redis_url), *bench.notes]
    args.out.write_text(results_markdown(rows, facts, command, notes))
    print(summary_table(rows))
    say(f"Written to {args.out}")
    if args.cleanup:
        for backend in args.backends:
            for scale in args.scales:
                drop(backend, scale, args.workdir, args.postgres_url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
