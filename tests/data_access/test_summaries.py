"""The summary tables: every outcome measure read from them equals the same measure worked out from
the contract tables (`queries/base_outcomes.py`, the original queries), on the demo data and on
the hand-made world, for every kind of filter; a load refreshes them; the bulk writer upserts.

The demo warehouse is loaded once per backend for the module (about five seconds each).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine, func, select, text

from dashboard.filters import Filters
from data_access.db import init_db, make_engine
from data_access.loaders import write
from data_access.loaders.contract import load_directory, load_frames
from data_access.loaders.demo import write_demo_csvs
from data_access.loaders.problems import LoadError
from data_access.queries.outcomes import OUTCOME_QUERIES, cohort_size
from data_access.schema import CONTRACT_TABLES, Base
from data_access.summaries import CARE_LEAVER_CELL, OUTCOME_CELL, OUTCOME_CHILD_YEAR
from tests.conftest import BACKENDS, _postgres_schema
from tests.data_access.queries import base_outcomes, world

SUMMARIES = (OUTCOME_CHILD_YEAR.name, OUTCOME_CELL.name, CARE_LEAVER_CELL.name)
BUSIEST_SETTING = "busiest"
"""Stands for the setting with the most CLA12 child-years, found once the data are loaded."""

DEMO_FILTERS = {
    "county": Filters(),
    "cla": Filters(cohort="CLA"),
    "cin": Filters(cohort="CIN"),
    "years": Filters(year_from="2018/19", year_to="2021/22"),
    "areas": Filters(areas=("north", "out_of_county", "west")),
    "phase": Filters(phase="secondary"),
    "setting": Filters(setting=BUSIEST_SETTING),
    "combined": Filters(cohort="CLA", phase="primary", year_from="2019/20", areas=("south",)),
}
WORLD_FILTERS = {
    "county": Filters(),
    "cin": Filters(cohort="CIN"),
    "years": Filters(year_from="2019/20", year_to="2019/20"),
    "areas": Filters(areas=("west", "out_of_county")),
    "phase": Filters(phase="secondary"),
    "setting": Filters(setting="S3"),
    "no-children": Filters(setting="S9"),
}


def frame(engine: Engine, query) -> pd.DataFrame:
    """A query's result with every number as a float (PostgreSQL sums some as Decimal)."""
    result = pd.read_sql(query, engine)
    keys = [column for column in ("academic_year", "area_code") if column in result]
    numbers = result.drop(columns=keys).apply(pd.to_numeric).astype(float)
    return pd.concat([result[keys], numbers], axis=1)


def assert_same(engine: Engine, measure: str, filters: Filters, by_area: bool) -> pd.DataFrame:
    """The summary's frame for the measure equals the base tables' frame. Counts must match
    exactly; sums of decimals may differ in their last bit, as they add up in another order."""
    summary = frame(engine, OUTCOME_QUERIES[measure].build(filters, by_area=by_area))
    base = frame(engine, base_outcomes.OUTCOME_QUERIES[measure].build(filters, by_area=by_area))
    pd.testing.assert_frame_equal(summary, base, check_exact=False, rtol=1e-12, atol=0)
    return summary


@pytest.fixture(scope="module")
def demo_csvs(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("demo") / "csv"
    write_demo_csvs(folder, seed=2018)
    return folder


@pytest.fixture(scope="module", params=BACKENDS)
def demo_url(request, tmp_path_factory) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('warehouse') / 'warehouse.db'}"
        return
    yield from _postgres_schema()


@pytest.fixture(scope="module")
def demo(demo_url: str, demo_csvs: Path) -> Iterator[Engine]:
    """A warehouse holding the demo data, loaded by the contract loader."""
    engine = make_engine(demo_url)
    init_db(engine)
    load_directory(engine, demo_csvs)
    yield engine
    engine.dispose()


def busiest_setting(engine: Engine) -> str:
    with engine.connect() as connection:
        return connection.execute(
            text(
                "SELECT setting_urn FROM child_year WHERE cohort = 'CLA12'"
                " AND setting_urn IS NOT NULL GROUP BY setting_urn"
                " ORDER BY COUNT(*) DESC, setting_urn LIMIT 1"
            )
        ).scalar_one()


def resolved(filters: Filters, engine: Engine) -> Filters:
    if filters.setting != BUSIEST_SETTING:
        return filters
    return Filters(setting=busiest_setting(engine))


@pytest.mark.parametrize("filters", DEMO_FILTERS.values(), ids=DEMO_FILTERS.keys())
@pytest.mark.parametrize("measure", sorted(OUTCOME_QUERIES))
def test_demo_measures_from_the_summary_equal_the_base_tables(demo, measure, filters):
    filters = resolved(filters, demo)
    for by_area in (False, True):
        assert_same(demo, measure, filters, by_area)


@pytest.mark.parametrize("measure", sorted(OUTCOME_QUERIES))
def test_demo_comparisons_are_not_vacuous(demo, measure):
    """Every measure has figures for the county's areas and for one setting's children, so the
    equalities above compare numbers, not empty frames."""
    assert not assert_same(demo, measure, Filters(), by_area=True).empty
    setting = Filters(setting=busiest_setting(demo))
    assert not assert_same(demo, measure, setting, by_area=False).empty


@pytest.mark.parametrize("filters", DEMO_FILTERS.values(), ids=DEMO_FILTERS.keys())
def test_demo_cohort_size_counts_distinct_children(demo, filters):
    filters = resolved(filters, demo)
    for by_area in (False, True):
        counted = frame(demo, cohort_size(filters, by_area=by_area))
        assert not counted.empty
        pd.testing.assert_frame_equal(
            counted, frame(demo, base_outcomes.cohort_size(filters, by_area=by_area))
        )


@pytest.fixture
def world_engine(engine: Engine) -> Engine:
    world.build(engine)
    return engine


@pytest.mark.parametrize("filters", WORLD_FILTERS.values(), ids=WORLD_FILTERS.keys())
def test_world_measures_from_the_summary_equal_the_base_tables(world_engine, filters):
    for measure in OUTCOME_QUERIES:
        for by_area in (False, True):
            assert_same(world_engine, measure, filters, by_area)
        pd.testing.assert_frame_equal(
            frame(world_engine, cohort_size(filters, by_area=True)),
            frame(world_engine, base_outcomes.cohort_size(filters, by_area=True)),
        )


def world_frames() -> dict[str, pd.DataFrame]:
    return {name: pd.DataFrame(rows) for name, rows in world.ROWS.items()}


def children(engine: Engine, filters: Filters) -> list[tuple]:
    return [tuple(row) for row in pd.read_sql(cohort_size(filters, by_area=True), engine).values]


def absence(engine: Engine) -> list[tuple]:
    query = OUTCOME_QUERIES["overall_absence"].build(Filters(year_from="2020/21"), by_area=True)
    result = pd.read_sql(query, engine)
    return [
        (row.area_code, int(row.numerator), int(row.denominator)) for row in result.itertuples()
    ]


def test_a_load_refreshes_the_summaries(engine):
    load_frames(engine, world_frames(), source="world")
    assert children(engine, Filters(year_from="2020/21")) == [("2020/21", "west", 1)]
    assert absence(engine) == [("west", 15, 150)]

    later = {
        "child_year": pd.DataFrame(
            [("c2", "2020/21", "CLA12", "S2", None, None, 10)],
            columns=[column.name for column in Base.metadata.tables["child_year"].columns],
        ),
        "attendance": pd.DataFrame(
            [("c2", "2020/21", "autumn", "S2", 100, 30, 0)],
            columns=[column.name for column in Base.metadata.tables["attendance"].columns],
        ),
    }
    load_frames(engine, later, source="later")
    assert children(engine, Filters(year_from="2020/21")) == [
        ("2020/21", "north", 1),
        ("2020/21", "west", 1),
    ]
    assert absence(engine) == [("north", 30, 100), ("west", 15, 150)]


def test_a_load_of_programme_tables_only_leaves_the_summaries_alone(engine):
    world.build(engine)
    before = snapshot(engine, SUMMARIES)
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM attendance"))
    champions = pd.DataFrame(
        [("H1", "foster_carer", None, "school_support", "2019-09-01", None)],
        columns=[column.name for column in Base.metadata.tables["champion"].columns],
    )
    champions["started_on"] = pd.to_datetime(champions["started_on"]).dt.date
    assert load_frames(engine, {"champion": champions}, source="champions") == {"champion": 1}
    assert snapshot(engine, SUMMARIES) == before


def test_many_batches_load_every_row(engine, monkeypatch):
    monkeypatch.setattr(write, "BATCH_ROWS", 3)
    load_frames(engine, world_frames(), source="world")
    with engine.connect() as connection:
        for name, rows in world.ROWS.items():
            table = Base.metadata.tables[name]
            count = connection.execute(select(func.count()).select_from(table)).scalar_one()
            assert count == len(rows), name


def test_a_failure_after_writing_leaves_the_warehouse_as_it_was(engine):
    load_frames(engine, world_frames(), source="world")
    before = snapshot(engine, (*CONTRACT_TABLES, *SUMMARIES, "table_load"))
    changed = world_frames()
    changed["attendance"]["sessions_authorised"] = 0

    def fail(_connection) -> None:
        raise RuntimeError("after the writes")

    with pytest.raises(RuntimeError):
        load_frames(engine, changed, source="changed", after_write=fail)
    assert snapshot(engine, (*CONTRACT_TABLES, *SUMMARIES, "table_load")) == before


def snapshot(engine: Engine, tables) -> dict[str, list[tuple]]:
    """Every row of each table, in a fixed order (as text, so dates compare on both backends)."""
    contents = {}
    with engine.connect() as connection:
        for name in tables:
            table = Base.metadata.tables[name]
            rows = connection.execute(select(table)).all()
            contents[name] = sorted(tuple(map(str, row)) for row in rows)
    return contents


def test_loading_the_demo_twice_leaves_the_same_contents(demo, demo_csvs):
    """The second load takes the staging-table path on PostgreSQL (the tables are no longer
    empty): every row is replaced by an identical one and nothing is added."""
    tables = (*CONTRACT_TABLES, *SUMMARIES)
    before = snapshot(demo, tables)
    assert sum(len(rows) for rows in before.values()) > 100_000
    load_directory(demo, demo_csvs)
    assert snapshot(demo, tables) == before


def test_a_bad_row_in_a_big_load_refuses_it_all(demo, demo_csvs, tmp_path):
    bad = tmp_path / "bad"
    shutil.copytree(demo_csvs, bad)
    lines = (bad / "attendance.csv").read_text().splitlines()
    fields = lines[40_000].split(",")
    fields[4] = "501"
    lines[40_000] = ",".join(fields)
    (bad / "attendance.csv").write_text("\n".join(lines) + "\n")
    tables = (*CONTRACT_TABLES, *SUMMARIES, "table_load")
    before = snapshot(demo, tables)
    with pytest.raises(LoadError) as refused:
        load_directory(demo, bad)
    (problem,) = refused.value.problems
    assert (problem.file, problem.row, problem.column) == (
        "attendance.csv",
        40_001,
        "sessions_possible",
    )
    assert snapshot(demo, tables) == before
