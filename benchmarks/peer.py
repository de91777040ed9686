"""The naive peer of each page's data callback, its check against the app, and its timing.

Each peer reads the tables its numbers come from on every request and computes them with the
functions in `benchmarks.naive`; what it returns names the app dataset each frame must equal.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from dash import Dash
from sqlalchemy import Connection

from benchmarks import cache, naive
from benchmarks.naive import Result, Tables
from benchmarks.pages import FilterChange
from benchmarks.timing import Timings, repeat, stopwatch
from dashboard.auth import User
from dashboard.filters import Filters
from data_access import gateway
from data_access.codes import OUT_OF_COUNTY
from data_access.datasets import SELECTION

OUTCOME_TABLES = ("child_year", "setting", "district", "attendance", "exclusion", "attainment")
AWARD_TABLES = ("award", "setting", "care_home", "district")
TRAINING_TABLES = ("training_session", "training_attendance", "setting", "care_home", "district")
KEYS = ("academic_year", "area_code", "scheme", "level", "year", "month")
"""Columns that identify a row; every other column of a naive frame is a number to compare."""

VIEWER = User(0, "bench-manager", "manager", ())
"""Who the app's fetches are for: a manager with no area limit, as the callbacks' user is."""

Peer = Callable[[Connection, Filters], list[Result]]


def outcome_results(tables: Tables, filters: Filters, by_area: bool) -> list[Result]:
    frames = {
        **naive.absence(tables, filters, by_area),
        "suspension_rate": naive.suspension_rate(tables, filters, by_area),
        "ks2_rwm_expected": naive.ks2_expected(tables, filters, by_area),
    }
    suffix = "_by_area" if by_area else ""
    return [Result(name + suffix, filters, frame) for name, frame in frames.items()]


def overview(connection: Connection, filters: Filters) -> list[Result]:
    """The headlines: outcomes for the cohort, awards to date and the year's training."""
    tables = naive.read(connection, *sorted({*OUTCOME_TABLES, *AWARD_TABLES, *TRAINING_TABLES}))
    year = filters.year_to or tables["child_year"]["academic_year"].max()
    to_date, that_year = filters.with_years(None, year), filters.with_years(year, year)
    return [
        *outcome_results(tables, filters, by_area=False),
        Result("award_levels", to_date, naive.awards_made(tables, to_date)),
        Result("training_summary", that_year, naive.training_summary(tables, that_year)),
    ]


def outcomes(connection: Connection, filters: Filters) -> list[Result]:
    return outcome_results(naive.read(connection, *OUTCOME_TABLES), filters, by_area=False)


def quadrants(connection: Connection, filters: Filters) -> list[Result]:
    """Every measure by area, and the county's figure beside them."""
    tables = naive.read(connection, *OUTCOME_TABLES)
    return outcome_results(tables, filters, by_area=True) + outcome_results(
        tables, filters, by_area=False
    )


def awards(connection: Connection, filters: Filters) -> list[Result]:
    tables = naive.read(connection, *AWARD_TABLES)
    return [Result("award_levels", filters, naive.awards_made(tables, filters))]


def training(connection: Connection, filters: Filters) -> list[Result]:
    tables = naive.read(connection, *TRAINING_TABLES)
    return [
        Result("training_by_month", filters, naive.training_by_month(tables, filters)),
        Result("training_summary", filters, naive.training_summary(tables, filters)),
    ]


PEERS: dict[str, Peer] = {
    "overview": overview,
    "outcomes": outcomes,
    "quadrants": quadrants,
    "awards": awards,
    "training": training,
}
"""Each page's naive peer, by `pages.Page.key`."""


@dataclass(frozen=True)
class PeerTimes:
    naive: Timings
    """The naive peer, tables read and numbers computed."""
    app: Timings
    """The same numbers through the app's `gateway.fetch`, cache emptied first: its data path
    alone, without the figures and JSON a callback adds."""


def time_peer(
    app: Dash, page_key: str, changes: list[FilterChange], requests: int, budget_s: float
) -> PeerTimes:
    """The page's naive peer, and the app fetching the very datasets it compared, alternately."""
    peer = PEERS[page_key]
    warehouse = app.server.extensions["c2l"]
    naive_times, app_times = Timings(), Timings()

    def step(index: int) -> None:
        filters = changes[index % len(changes)].filters()
        with warehouse.engine.connect() as connection:
            started = time.perf_counter()
            results = peer(connection, filters)
            naive_times.add(time.perf_counter() - started)
        cache.clear(app)
        app_times.add(
            stopwatch(
                lambda: [
                    gateway.fetch(result.dataset, result.filters, VIEWER, warehouse)
                    for result in results
                ]
            )
        )

    repeat(step, requests, budget_s)
    return PeerTimes(naive_times, app_times)


def check_filters(years: list[str], areas: list[str]) -> Filters:
    """One filter that exercises every rule the peers mirror: a cohort other than the default,
    both ends of the year range, an area and the children placed out of county."""
    return Filters(
        cohort="CLA", year_from=years[1], year_to=years[-2], areas=(areas[0], OUT_OF_COUNTY)
    )


def mismatches(connection: Connection, filters: Filters) -> list[str]:
    """Where any page's naive numbers differ from the app's datasets for `filters` (read from
    the registry, unsuppressed); empty when every number agrees."""
    problems = []
    for peer in PEERS.values():
        for result in peer(connection, filters):
            app = gateway.dataset(result.dataset).read(connection, result.filters)
            if "series" in app:
                app = app[app["series"] == SELECTION]
            problem = difference(app, result.frame)
            if problem:
                problems.append(f"{result.dataset} for {result.filters}: {problem}")
    return problems


def difference(app: pd.DataFrame, peer: pd.DataFrame) -> str | None:
    """None when the two frames hold the same numbers in the peer's columns (rows whose numbers
    are all zero are dropped on both sides: the app lists empty years the peer leaves out)."""
    keys = [column for column in peer.columns if column in KEYS]
    values = [column for column in peer.columns if column not in KEYS]
    app_rows, peer_rows = (_normalised(frame[peer.columns], keys, values) for frame in (app, peer))
    if len(app_rows) != len(peer_rows):
        return f"{len(app_rows)} rows in the app, {len(peer_rows)} in the peer"
    if not app_rows[keys].equals(peer_rows[keys]):
        return "the rows' keys differ"
    close = np.isclose(app_rows[values], peer_rows[values], rtol=1e-9, equal_nan=True)
    if not close.all():
        row = int(np.argwhere(~close)[0][0])
        return f"app {app_rows.iloc[row].to_dict()} != peer {peer_rows.iloc[row].to_dict()}"
    return None


def _normalised(frame: pd.DataFrame, keys: list[str], values: list[str]) -> pd.DataFrame:
    numbers = frame[values].apply(lambda column: pd.to_numeric(column).astype(float))
    rows = frame[keys].fillna("").astype(str).join(numbers)
    rows = rows[~(rows[values].fillna(0) == 0).all(axis=1)]
    return rows.sort_values(keys).reset_index(drop=True) if keys else rows.reset_index(drop=True)
