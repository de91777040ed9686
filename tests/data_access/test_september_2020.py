"""The demo data reproduce the council's report to its Corporate Parenting Panel, 17 September 2020,
read back through the data layer from a warehouse loaded by the CSV contract loader."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from data_access.loaders.contract import load_directory
from data_access.loaders.demo import write_demo_csvs
from data_access.queries import programme

REPORT_DATE = date(2020, 9, 17)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from data_access.db import init_db, make_engine

    folder = tmp_path_factory.mktemp("demo")
    write_demo_csvs(folder / "csv", seed=2018)
    engine = make_engine(f"sqlite:///{folder / 'warehouse.db'}")
    init_db(engine)
    load_directory(engine, folder / "csv")
    return engine


def stages(engine) -> dict[tuple[str, str, str], int]:
    frame = pd.read_sql(programme.award_stages(REPORT_DATE), engine)
    return {(row.scheme, row.holder_group, row.stage): row.holders for row in frame.itertuples()}


def test_awards_achieved_since_2018(demo):
    counts = stages(demo)
    assert counts[("caring_schools", "Lincolnshire", "achieved")] == 42
    assert counts[("learning_homes", "foster_household", "achieved")] == 26
    assert counts[("learning_homes", "childrens_home", "achieved")] == 4


def test_two_schools_reassessed_at_a_higher_level(demo):
    frame = pd.read_sql(programme.reassessed_higher(REPORT_DATE), demo)
    assert dict(zip(frame["scheme"], frame["holders"], strict=True)).get("caring_schools") == 2


def test_a_further_120_households_and_120_settings_working_through(demo):
    counts = stages(demo)
    assert counts[("learning_homes", "foster_household", "working_through")] == 120
    assert counts[("caring_schools", "Lincolnshire", "working_through")] == 120
    assert counts[("learning_homes", "foster_household", "being_assessed")] == 5
    assert counts[("caring_schools", "North Lincolnshire", "working_through")] == 24


def test_18_foster_carer_and_10_school_based_champions(demo):
    frame = pd.read_sql(programme.champions_active(REPORT_DATE), demo)
    assert dict(zip(frame["kind"], frame["champions"], strict=True)) == {
        "foster_carer": 18,
        "school_based": 10,
    }


def test_over_70_sessions_reached_over_700_people_april_to_august_2020(demo):
    row = pd.read_sql(programme.training_reach(date(2020, 4, 1), date(2020, 8, 31)), demo).iloc[0]
    assert row.sessions > 70
    assert row.people > 700
    assert row.time_slots == 3
    assert row.virtual_sessions > row.sessions / 2
