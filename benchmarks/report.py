"""The results: one summary table (rows: backend × K; each measure against the issue's target),
a table per page, the machine it ran on, written to `benchmarks/results.md`."""

from __future__ import annotations

import math
import os
import platform
import sqlite3
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

from benchmarks.callbacks import PageTimes
from benchmarks.concurrency import LoadResult
from benchmarks.peer import PeerTimes
from benchmarks.timing import Timings
from benchmarks.warehouse import Warehouse
from dashboard.config import PROJECT_ROOT

CALLBACK_P95_MS = 150
FLOOR_RATIO = 1.5
NAIVE_SPEEDUP = 10
COLD_PAGE_S = 2
MEMORY_GROWTH = 1.2
USERS_P95_MS = 500
NOT_RUN = "—"


@dataclass
class Row:
    """Everything measured for one backend at one scale; None where a part was skipped."""

    warehouse: Warehouse
    cache_state: str
    pages: list[PageTimes] = field(default_factory=list)
    naive: dict[str, PeerTimes] = field(default_factory=dict)
    naive_mismatches: list[str] | None = None
    cold_pages: dict[str, float] | None = None
    memory_mb: tuple[float, float] | None = None
    """(the largest worker's peak resident memory, the master's)."""
    load: LoadResult | None = None

    @property
    def label(self) -> str:
        return f"{self.warehouse.backend} K={self.warehouse.scale}"

    def speedups(self) -> dict[str, float]:
        """The naive peer's median over the app's cold callback median, per page."""
        return {
            times.page.key: self.naive[times.page.key].naive.median_ms / times.cold.median_ms
            for times in self.pages
            if times.page.key in self.naive
        }

    def data_speedups(self) -> dict[str, float]:
        """The naive peer's median over the app fetching the same numbers, per page."""
        return {
            key: times.naive.median_ms / times.app.median_ms for key, times in self.naive.items()
        }


def mark(ok: bool) -> str:
    return "✓" if ok else "✗"


def worst(values: dict[str, float], highest: bool = True) -> tuple[str, float]:
    key = (max if highest else min)(values, key=values.__getitem__)
    return key, values[key]


def summary_table(rows: list[Row]) -> str:
    header = (
        "| backend | K | child-years / attendance rows | build s (generate + load) "
        f"| callback p95 ms, worst page (≤ {CALLBACK_P95_MS}) "
        f"| × floor, worst page (≤ {FLOOR_RATIO}) | warm p95 ms, worst page "
        f"| × faster than naive, least (≥ {NAIVE_SPEEDUP}) | naive = app "
        f"| cold page s, slowest (≤ {COLD_PAGE_S}) "
        f"| peak worker RSS MiB (K=100 ≤ {MEMORY_GROWTH}× K=1) | 20 users req/s "
        f"| 20 users p95 ms (≤ {USERS_P95_MS}) | errors (0) |"
    )
    lines = [header, "|" + "---|" * header.count(" |")]
    lines += [_summary_line(row, rows) for row in rows]
    return "\n".join(lines)


def _summary_line(row: Row, rows: list[Row]) -> str:
    w = row.warehouse
    build = f"{w.generate_s:.1f} + {w.load_s:.1f}" + (" (reused)" if w.reused else "")
    cells = [
        w.backend,
        str(w.scale),
        f"{w.rows['child_year']:,} / {w.rows['attendance']:,}",
        build,
        *_callback_cells(row),
        _cold_page_cell(row),
        _memory_cell(row, rows),
        *_load_cells(row),
    ]
    return "| " + " | ".join(cells) + " |"


def _callback_cells(row: Row) -> list[str]:
    if not row.pages:
        return [NOT_RUN] * 5
    p95 = {t.page.key: t.cold.p95_ms for t in row.pages}
    ratio = {t.page.key: t.floor_ratio for t in row.pages}
    warm = {t.page.key: t.warm.p95_ms for t in row.pages if t.warm}
    page, slowest = worst(p95)
    ratio_page, highest = worst(ratio)
    cells = [
        f"{slowest:.0f} ({page}) {mark(slowest <= CALLBACK_P95_MS)}",
        f"{highest:.1f} ({ratio_page}) {mark(highest <= FLOOR_RATIO)}",
        "{:.0f} ({})".format(*reversed(worst(warm))) if warm else "no cache",
    ]
    speedups = row.speedups()
    if speedups:
        least_page, least = worst(speedups, highest=False)
        cells.append(f"{least:.1f} ({least_page}) {mark(least >= NAIVE_SPEEDUP)}")
    else:
        cells.append(NOT_RUN)
    checked = row.naive_mismatches
    cells.append(NOT_RUN if checked is None else mark(not checked))
    return cells


def _cold_page_cell(row: Row) -> str:
    if not row.cold_pages:
        return NOT_RUN
    page, slowest = worst(row.cold_pages)
    return f"{slowest:.2f} ({page}) {mark(slowest <= COLD_PAGE_S)}"


def _memory_cell(row: Row, rows: list[Row]) -> str:
    if not row.memory_mb:
        return NOT_RUN
    peak = row.memory_mb[0]
    base = next(
        (
            other.memory_mb[0]
            for other in rows
            if other.warehouse.backend == row.warehouse.backend
            and other.warehouse.scale == 1
            and other.memory_mb
        ),
        None,
    )
    if base is None or row.warehouse.scale == 1:
        return f"{peak:.0f}"
    growth = peak / base
    return f"{peak:.0f} ({growth:.2f}× K=1) {mark(growth <= MEMORY_GROWTH)}"


def _load_cells(row: Row) -> list[str]:
    if not row.load:
        return [NOT_RUN] * 3
    load = row.load
    p95 = load.latencies.p95_ms
    return [
        f"{load.requests_per_second:.1f}",
        f"{p95:.0f} {mark(p95 <= USERS_P95_MS)}",
        f"{load.errors} {mark(load.errors == 0)}",
    ]


def pages_table(rows: list[Row]) -> str:
    header = (
        "| backend | K | page | cold median / p95 ms | warm median / p95 ms "
        "| floor median / p95 ms | × floor | SQL run / distinct | naive median ms "
        "| app, same numbers, median ms | × faster than naive: callback / same numbers "
        "| cold page s |"
    )
    lines = [header, "|" + "---|" * header.count(" |")]
    for row in rows:
        lines += [_page_line(row, times) for times in row.pages]
    return "\n".join(lines)


def _page_line(row: Row, times: PageTimes) -> str:
    key = times.page.key
    peer = row.naive.get(key)
    cold_page = (row.cold_pages or {}).get(key)
    speedups = [row.speedups().get(key), row.data_speedups().get(key)]
    cells = [
        row.warehouse.backend,
        str(row.warehouse.scale),
        times.page.title,
        _pair(times.cold),
        _pair(times.warm) if times.warm else "no cache",
        _pair(times.floor),
        f"{times.floor_ratio:.1f}",
        f"{times.executions} / {times.distinct}"
        + (f" (+{times.probes} probes)" if times.probes else ""),
        f"{peer.naive.median_ms:.0f} (n={len(peer.naive.samples)})" if peer else NOT_RUN,
        f"{peer.app.median_ms:.0f}" if peer else NOT_RUN,
        " / ".join(NOT_RUN if value is None else f"{value:.1f}" for value in speedups),
        f"{cold_page:.2f}" if cold_page is not None else NOT_RUN,
    ]
    return "| " + " | ".join(cells) + " |"


def _pair(timings: Timings) -> str:
    if math.isnan(timings.median_ms):
        return NOT_RUN
    return f"{timings.median_ms:.1f} / {timings.p95_ms:.1f} (n={len(timings.samples)})"


def machine(postgres_version: str | None, load_at_start: tuple[float, ...]) -> dict[str, str]:
    """Where and with what the benchmark ran, and how busy the machine was besides."""
    return {
        "CPU": _cpu_model(),
        "cores": str(os.cpu_count()),
        "RAM": _memory_total(),
        "OS": f"{_os_name()} (Linux {platform.release()})",
        "Python": platform.python_version(),
        "PostgreSQL": postgres_version or "not measured",
        "SQLite": sqlite3.sqlite_version,
        "packages": ", ".join(
            f"{name} {version(name)}" for name in ("dash", "pandas", "SQLAlchemy", "gunicorn")
        ),
        "load average (1, 5, 15 min)": f"{_load(load_at_start)} at the start, "
        f"{_load(os.getloadavg())} at the end",
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": _commit(),
    }


def _load(averages: tuple[float, ...]) -> str:
    return ", ".join(f"{value:.1f}" for value in averages)


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def _memory_total() -> str:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return f"{int(line.split()[1]) / 1024**2:.1f} GiB"
    return "unknown"


def _os_name() -> str:
    for line in Path("/etc/os-release").read_text().splitlines():
        if line.startswith("PRETTY_NAME="):
            return line.split("=", 1)[1].strip('"')
    return platform.system()


def _commit() -> str:
    """The checked-out commit, and whether the working tree had changes (read-only git)."""

    def git(*args: str) -> str:
        done = subprocess.run(
            ["git", *args], cwd=PROJECT_ROOT, capture_output=True, text=True, check=False
        )
        return done.stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    return commit + (" with uncommitted changes" if git("status", "--porcelain") else "")


def results_markdown(rows: list[Row], facts: dict[str, str], command: str, notes: list[str]) -> str:
    machine_lines = "\n".join(f"| {name} | {value} |" for name, value in facts.items())
    note_lines = "\n".join(f"- {note}" for note in notes)
    return f"""# Performance at scale: benchmark results

Measured with

```sh
{command}
```

| machine | |
|---|---|
{machine_lines}

## Summary

Targets from the issue in the headings; ✓ met, ✗ not met, {NOT_RUN} not measured in this run.
The columns are explained in [README.md](README.md).

{summary_table(rows)}

## Each page

{pages_table(rows)}

## Notes

{note_lines}
"""
