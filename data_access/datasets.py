"""Every dataset the app can fetch, by name: what a chart, table or download shows.

A dataset reads the warehouse for scoped, validated filters and returns a tidy frame; it names
the columns that count children or events so the gateway can suppress them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import pandas as pd
from sqlalchemy import Connection, Select

from data_access.access import EXPORT_PUPIL_LEVEL, VIEW_AGGREGATES
from data_access.contracts import FilterSpec
from data_access.queries import programme, reference
from data_access.queries.awards import AWARD_QUERIES
from data_access.queries.benchmarks import neighbour_average, published
from data_access.queries.outcomes import OUTCOME_QUERIES, OutcomeQuery, cohort_size
from data_access.queries.training import TRAINING_QUERIES
from data_access.suppression import Groupings

SELECTION = "selection"
"""The `series` of rows computed from the warehouse for the user's filters."""

Reader = Callable[[Connection, FilterSpec], pd.DataFrame]


@dataclass(frozen=True)
class Dataset:
    name: str
    read: Reader
    counts: tuple[str, ...]
    permission: str = VIEW_AGGREGATES
    siblings: Groupings = ()
    """Groupings of rows that add up to a total published elsewhere (secondary suppression)."""
    keep: Callable[[pd.DataFrame], pd.DataFrame] | None = None
    """After suppression, the rows this dataset returns (a family read together, see BANDS)."""


def _trend_reader(measure: str, query: OutcomeQuery, neighbours: bool = False) -> Reader:
    """The measure for the selection, with England and, if asked, the neighbours' average."""

    def read(connection: Connection, filters: FilterSpec) -> pd.DataFrame:
        own = pd.read_sql_query(query.build(filters), connection)
        own.insert(1, "series", SELECTION)
        cohort = query.benchmark_cohort
        frames = [pd.read_sql_query(published(measure, filters, cohort=cohort), connection)]
        if neighbours:
            average = neighbour_average(measure, filters, cohort)
            frames.append(pd.read_sql_query(average, connection))
        published_rows = [frame for frame in frames if not frame.empty]
        if not published_rows:
            return own
        benchmark = pd.concat(published_rows, ignore_index=True)
        benchmark["value"] = benchmark["value"].map(_published_value)
        return pd.concat([own.astype(object), benchmark.astype(object)], ignore_index=True)

    return read


def _by_area_reader(query: OutcomeQuery) -> Reader:
    def read(connection: Connection, filters: FilterSpec) -> pd.DataFrame:
        return pd.read_sql_query(query.build(filters, by_area=True), connection)

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
        datasets[measure] = Dataset(measure, _trend_reader(measure, query), query.counts)
        with_neighbours = f"{measure}_with_neighbours"
        datasets[with_neighbours] = Dataset(
            with_neighbours, _trend_reader(measure, query, neighbours=True), query.counts
        )
        by_area = f"{measure}_by_area"
        datasets[by_area] = Dataset(
            by_area, _by_area_reader(query), query.counts, siblings=(("academic_year",),)
        )
    return datasets


def _plain_reader(build: Callable[[FilterSpec], Select]) -> Reader:
    def read(connection: Connection, filters: FilterSpec) -> pd.DataFrame:
        return pd.read_sql_query(build(filters), connection)

    return read


def _plain(
    name: str, build: Callable[[FilterSpec], Select], counts=(), siblings=()
) -> tuple[str, Dataset]:
    return name, Dataset(name, _plain_reader(build), tuple(counts), siblings=tuple(siblings))


PLAIN_DATASETS = dict(
    [
        _plain("area_list", reference.areas),
        _plain("year_list", reference.years),
        _plain("data_freshness", reference.freshness),
        _plain("import_runs", reference.import_runs, ("children", "children_linked")),
        _plain("district_list", reference.districts),
        _plain("cohort_size", cohort_size, ("children",)),
        _plain(
            "cohort_size_by_area",
            partial(cohort_size, by_area=True),
            ("children",),
            (("academic_year",),),
        ),
        _plain("champions_by_year", programme.champions_by_year),
    ]
)

TRAINING_DATASETS = dict(_plain(name, build) for name, build in TRAINING_QUERIES.items())
"""Training counts adults and sessions, not children, so nothing in it is suppressed."""

AWARD_DATASETS = dict(
    _plain(name, build, counts) for name, (build, counts) in AWARD_QUERIES.items()
)
"""Awards count settings and homes; only coverage counts children and is suppressed."""

PUPIL_LEVEL = Dataset(
    "pupil_level", _plain_reader(reference.pupil_level), (), permission=EXPORT_PUPIL_LEVEL
)
"""Pseudonymous child-level rows: analysts only, never aggregated, so never suppressed."""

BANDS = ("sdq_normal", "sdq_borderline", "sdq_concern")
"""The SDQ bands add up to the children with a score, so they are read and suppressed together:
otherwise a band hidden alone could be worked out from the other two."""


COUNTY = "county"
"""The area code given to the county's own rows when they are suppressed with the areas'."""


def _family_reader(plain: dict[str, Dataset], trend_suffix: str) -> Reader:
    """Every band, for the county and for each area, in one frame.

    The county's row is the sum of the areas' rows and the bands of a row add up to its
    children with a score, so all of them are suppressed together: no band or area hidden
    alone can be worked out from what any of these datasets shows.
    """

    def read(connection: Connection, filters: FilterSpec) -> pd.DataFrame:
        frames = []
        for band in BANDS:
            county = plain[band + trend_suffix].read(connection, filters)
            county["area_code"] = county["series"].map({SELECTION: COUNTY})
            areas = plain[f"{band}_by_area"].read(connection, filters).assign(series=SELECTION)
            frames += [frame.assign(band=band).astype(object) for frame in (county, areas)]
        return pd.concat(frames, ignore_index=True)

    return read


def _only(band: str, county: bool) -> Callable[[pd.DataFrame], pd.DataFrame]:
    """One band's rows of the family: the county's (trend) or the areas' (by area)."""

    def keep(frame: pd.DataFrame) -> pd.DataFrame:
        rows = frame[frame["band"] == band]
        if county:
            rows = rows[rows["area_code"].isna() | (rows["area_code"] == COUNTY)]
            return rows.drop(columns=["band", "area_code"]).reset_index(drop=True)
        rows = rows[rows["area_code"].notna() & (rows["area_code"] != COUNTY)]
        columns = ["academic_year", "area_code", *(c for c in rows if c in BY_AREA_VALUES)]
        return rows[columns].reset_index(drop=True)

    return keep


BY_AREA_VALUES = ("numerator", "denominator", "value")

FAMILY_SIBLINGS = (("academic_year", "series", "area_code"), ("academic_year", "series", "band"))
"""Bands within one area (or the county) of a year; areas and the county within one band."""


def _band_datasets(plain: dict[str, Dataset]) -> dict[str, Dataset]:
    """Each band's datasets, reading and suppressing the whole family, returning one band."""
    datasets = {}
    for suffix, trend_suffix, county in (
        ("", "", True),
        ("_with_neighbours", "_with_neighbours", True),
        ("_by_area", "", False),
    ):
        family = _family_reader(plain, trend_suffix)
        for band in BANDS:
            name = band + suffix
            datasets[name] = Dataset(
                name,
                family,
                plain[name].counts,
                siblings=FAMILY_SIBLINGS,
                keep=_only(band, county),
            )
    return datasets


_OUTCOMES = _outcome_datasets()

DATASETS: dict[str, Dataset] = {
    **_OUTCOMES,
    **_band_datasets(_OUTCOMES),
    "pupil_level": PUPIL_LEVEL,
    **PLAIN_DATASETS,
    **TRAINING_DATASETS,
    **AWARD_DATASETS,
}
