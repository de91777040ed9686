"""The gateway: role check, area scope applied in SQL, unknown values refused, suppression."""

from __future__ import annotations

import pytest

from dashboard.filters import Filters
from data_access import gateway
from data_access.warehouse import Warehouse
from tests.data_access.queries import world
from tests.fake_user import FakeUser as Someone


@pytest.fixture
def warehouse(engine):
    world.build(engine)
    return Warehouse(engine, suppression_threshold=1)


def rows(frame, series="selection"):
    own = frame[frame["series"] == series] if "series" in frame else frame
    return [
        tuple(row)
        for row in own[["academic_year", "numerator", "denominator"]].itertuples(index=False)
    ]


def test_fetch_returns_the_measure_as_the_selection_series(warehouse):
    frame = gateway.fetch("overall_absence", Filters(), Someone(), warehouse)
    assert rows(frame) == [("2019/20", 82, 500), ("2020/21", 15, 150)]


def test_a_user_limited_to_an_area_gets_only_that_area(warehouse):
    west_lead = Someone(areas=("west",))
    frame = gateway.fetch("overall_absence", Filters(), west_lead, warehouse)
    assert rows(frame) == [("2019/20", 70, 300), ("2020/21", 15, 150)]
    by_area = gateway.fetch("overall_absence_by_area", Filters(), west_lead, warehouse)
    assert set(by_area["area_code"]) == {"west"}


def test_a_user_limited_to_an_area_cannot_ask_for_another(warehouse):
    with pytest.raises(gateway.AccessDenied, match="north"):
        gateway.fetch(
            "overall_absence", Filters(areas=("north",)), Someone(areas=("west",)), warehouse
        )


def test_unknown_area_setting_and_dataset_are_refused(warehouse):
    with pytest.raises(gateway.UnknownValue, match="nowhere"):
        gateway.fetch("overall_absence", Filters(areas=("nowhere",)), Someone(), warehouse)
    with pytest.raises(gateway.UnknownValue, match="S9"):
        gateway.fetch("overall_absence", Filters(setting="S9"), Someone(), warehouse)
    with pytest.raises(gateway.UnknownDataset):
        gateway.fetch("child", Filters(), Someone(), warehouse)


def test_an_unknown_role_is_refused(warehouse):
    with pytest.raises(gateway.AccessDenied):
        gateway.fetch("overall_absence", Filters(), Someone(role="visitor"), warehouse)


def test_small_counts_leave_the_gateway_as_c(engine):
    world.build(engine)
    frame = gateway.fetch("persistent_absence", Filters(), Someone(), Warehouse(engine, 5))
    # 2019/20: 2 of 4 pupils; 2020/21: 1 of 1 — every count is below 5.
    assert rows(frame) == [("2019/20", "c", "c"), ("2020/21", "c", "c")]
    assert list(frame["value"]) == ["c", "c"]


def test_published_benchmarks_join_the_trend_with_their_symbols(warehouse):
    from sqlalchemy import insert

    from data_access.schema import Benchmark

    with warehouse.engine.begin() as connection:
        connection.execute(
            insert(Benchmark),
            [
                {
                    "measure": "persistent_absence",
                    "academic_year": "2019/20",
                    "cohort": "CLA12",
                    "geography": "england",
                    "value": "x",
                    "source": "DfE",
                },
                {
                    "measure": "persistent_absence",
                    "academic_year": "2020/21",
                    "cohort": "CLA12",
                    "geography": "england",
                    "value": "13.2",
                    "source": "DfE",
                },
                {
                    "measure": "persistent_absence",
                    "academic_year": "2020/21",
                    "cohort": "CIN",
                    "geography": "england",
                    "value": "40.0",
                    "source": "DfE",
                },
            ],
        )
    frame = gateway.fetch("persistent_absence", Filters(), Someone(), warehouse)
    england = frame[frame["series"] == "england"]
    assert list(england["academic_year"]) == ["2019/20", "2020/21"]
    assert list(england["value"]) == ["x", 13.2]


def test_the_neighbours_average_leaves_out_symbols_and_the_council(warehouse):
    from sqlalchemy import insert

    from data_access.schema import Benchmark, BenchmarkPlace

    def row(geography, value):
        return {
            "measure": "persistent_absence",
            "academic_year": "2020/21",
            "cohort": "CLA12",
            "geography": geography,
            "value": value,
            "source": "DfE",
        }

    with warehouse.engine.begin() as connection:
        connection.execute(
            insert(Benchmark),
            [
                row("E1", "10.0"),
                row("E2", "20.0"),
                row("E3", "c"),
                row("E9", "99.0"),
                row("england", "13.2"),
            ],
        )
        connection.execute(
            insert(BenchmarkPlace),
            [
                {"geography": "E1", "role": "neighbour"},
                {"geography": "E2", "role": "neighbour"},
                {"geography": "E3", "role": "neighbour"},
                {"geography": "E9", "role": "council"},
            ],
        )
    frame = gateway.fetch("persistent_absence_with_neighbours", Filters(), Someone(), warehouse)
    neighbours = frame[frame["series"] == "neighbours"]
    # (10 + 20) / 2: the suppressed E3 and the council E9 are not neighbours' numbers.
    assert neighbours[["academic_year", "value"]].values.tolist() == [["2020/21", 15.0]]
    plain = gateway.fetch("persistent_absence", Filters(), Someone(), warehouse)
    assert "neighbours" not in set(plain["series"])


def test_only_an_analyst_who_asked_sees_unsuppressed_figures(engine):
    world.build(engine)
    small = Warehouse(engine, 5)
    analyst = gateway.fetch(
        "persistent_absence", Filters(), Someone("a", "analyst", (), True), small
    )
    assert rows(analyst) == [("2019/20", 2, 4), ("2020/21", 1, 1)]
    manager = gateway.fetch(
        "persistent_absence", Filters(), Someone("m", "manager", (), True), small
    )
    assert rows(manager) == [("2019/20", "c", "c"), ("2020/21", "c", "c")]
    default = gateway.fetch("persistent_absence", Filters(), Someone("a", "analyst"), small)
    assert rows(default) == [("2019/20", "c", "c"), ("2020/21", "c", "c")]


def test_pupil_level_rows_for_analysts_and_nobody_else(warehouse):
    frame = gateway.fetch(
        "pupil_level", Filters(areas=("west",)), Someone(role="analyst"), warehouse
    )
    # west: c8 in 2016/17 (home Lincoln, no attendance), c1 (S1) and c3 (home Lincoln) in
    # 2019/20, c1 in 2020/21.
    assert frame[["child_id", "academic_year"]].values.tolist() == [
        ["c8", "2016/17"],
        ["c1", "2019/20"],
        ["c3", "2019/20"],
        ["c1", "2020/21"],
    ]
    sessions = frame[["sessions_possible", "sessions_missed"]].iloc[1:].astype(int)
    assert sessions.values.tolist() == [[200, 10], [100, 60], [150, 15]]
    assert frame[["sessions_possible"]].iloc[0].isna().all()
    assert str(frame["birth_month"].iloc[1]).startswith("2010-03-01")
    with pytest.raises(gateway.AccessDenied):
        gateway.fetch("pupil_level", Filters(), Someone(role="manager"), warehouse)
