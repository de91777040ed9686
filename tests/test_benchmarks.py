"""The benchmark's naive peer (pandas over whole tables) gives the numbers the app's datasets give,
so "faster than naive" compares two ways of reaching the same answer. No timings are asserted."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from benchmarks.peer import PEERS, check_filters, mismatches
from dashboard.filters import Filters
from data_access.codes import OUT_OF_COUNTY
from data_access.db import init_db, make_engine
from data_access.loaders.contract import load_directory
from data_access.loaders.demo import write_demo_csvs

YEARS = [f"{year}/{(year + 1) % 100:02d}" for year in range(2015, 2025)]
"""The demo's academic years, 2015/16 to 2024/25."""


@pytest.fixture(scope="module")
def demo_warehouse(tmp_path_factory) -> Iterator[Engine]:
    """The demo county at scale 1 on SQLite, loaded with the project's own loader."""
    folder = tmp_path_factory.mktemp("bench")
    write_demo_csvs(folder / "csv", seed=2018, scale=1)
    engine = make_engine(f"sqlite:///{folder / 'warehouse.db'}")
    init_db(engine)
    load_directory(engine, folder / "csv")
    yield engine
    engine.dispose()


@pytest.mark.parametrize(
    "filters",
    [
        pytest.param(check_filters(YEARS, ["east", "north", "south", "west"]), id="benchmark"),
        pytest.param(Filters(), id="defaults"),
        pytest.param(
            Filters(cohort="CIN", phase="primary", year_to="2022/23", areas=("north",)), id="phase"
        ),
    ],
)
def test_the_naive_peer_gives_the_app_numbers(demo_warehouse, filters):
    with demo_warehouse.connect() as connection:
        assert mismatches(connection, filters) == []


def test_every_peer_has_numbers_to_compare(demo_warehouse):
    filters = Filters(cohort="CLA", areas=("west", OUT_OF_COUNTY))
    with demo_warehouse.connect() as connection:
        for name, peer in PEERS.items():
            empty = [result.dataset for result in peer(connection, filters) if result.frame.empty]
            assert empty == [], name
