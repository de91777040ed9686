"""Every dataset the app can fetch, by name: what a chart, table or download shows.

A dataset reads the warehouse for scoped, validated filters and returns a tidy frame; it names
the columns that count children or events so the gateway can suppress them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Connection, Select

from data_access.access import VIEW_AGGREGATES
from data_access.contracts import FilterSpec
from data_access.queries import reference
from data_access.queries.benchmarks import published
from data_access.queries.outcomes import OUTCOME_QUERIES, OutcomeQuery

SELECTION = "selection"
"""The `series` of rows computed from the warehouse for the user's filters."""

Reader = Callable[[Connection, FilterSpec], pd.DataFrame]


@dataclass(frozen=True)
class Dataset:
    name: str
    read: Reader
    counts: tuple[str, ...]
    permission: str = VIEW_AGGREGATES
    cohort_applies: bool = True
    setting_applies: bool = True


def _trend_reader(measure: str, query: OutcomeQuery) -> Reader:
    def read(connection: Connection, filters: FilterSpec) -> pd.DataFrame:
        own = pd.read_sql(query.build(filters), connection)
        own.insert(1, "series", SELECTION)
        benchmark = pd.read_sql(published(measure, filters), connection)
        if benchmark.empty:
            return own
        benchmark["value"] = benchmark["value"].map(_published_value)
        return pd.concat([own.astype(object), benchmark.astype(object)], ignore_index=True)

    return read


def _by_area_reader(query: OutcomeQuery) -> Reader:
    def read(connection: Connection, filters: FilterSpec) -> pd.DataFrame:
        return pd.read_sql(query.build(filters, by_area=True), connection)

    return read


def _published_value(text: str) -> float | str:
    """A published figure as a number, or its GSS symbol (c, x, z, low) kept as text."""
    try:
        return float(text)
    except (TypeError, ValueError):
        return text


def _outcome_datasets() -> dict[str, Dataset]:
    datasets = {}
    for measure, query in OUTCOME_QUERIES.items():
        cohort_applies = measure != "care_leavers_eet"
        datasets[measure] = Dataset(
            measure,
            _trend_reader(measure, query),
            query.counts,
            cohort_applies=cohort_applies,
            setting_applies=cohort_applies,
        )
        datasets[f"{measure}_by_area"] = Dataset(
            f"{measure}_by_area",
            _by_area_reader(query),
            query.counts,
            cohort_applies=cohort_applies,
            setting_applies=cohort_applies,
        )
    return datasets


def _plain_reader(build: Callable[[FilterSpec], Select]) -> Reader:
    def read(connection: Connection, filters: FilterSpec) -> pd.DataFrame:
        return pd.read_sql(build(filters), connection)

    return read


REFERENCE_DATASETS = {
    "area_list": Dataset("area_list", _plain_reader(reference.areas), ()),
    "year_list": Dataset("year_list", _plain_reader(reference.years), ()),
}

DATASETS: dict[str, Dataset] = {**_outcome_datasets(), **REFERENCE_DATASETS}
