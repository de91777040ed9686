"""Every training dataset on the hand-made programme (see training_world.py), worked out by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard.filters import Filters
from data_access.queries.training import TRAINING_QUERIES
from tests.data_access.queries import training_world

COUNTY = Filters()
TEXT_COLUMNS = {"academic_year", "role", "time_slot", "delivery", "area_code", "band"}


def tidy(value):
    """A cell as plain Python: None for NULL, floats to 2 places."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, float):
        return round(value, 2)
    return value.item() if hasattr(value, "item") else value


def read(engine, dataset: str, filters: Filters = COUNTY) -> pd.DataFrame:
    return pd.read_sql(TRAINING_QUERIES[dataset](filters), engine)


@pytest.fixture
def run(engine):
    training_world.build(engine)

    def run(dataset: str, filters: Filters = COUNTY) -> list[tuple]:
        frame = read(engine, dataset, filters)
        return [tuple(tidy(value) for value in row) for row in frame.itertuples(index=False)]

    return run


# Per session (attended, capacity): T1 3/10, T2 2/5, T3 3/20, T4 2/none, T5 3/8, T6 3/30.
# Responses and score totals: T1 2/9, T2 2/7, T3 2/7, T4 1/4, T5 2/8, T6 2/9.
EXPECTED = {
    # Oct 2019 T1+T2: 5 of 15 places; T4 has no capacity, so no rate for August.
    "training_by_month": [
        (2019, 10, 2, 5, 15, 33.33),
        (2020, 5, 1, 3, 20, 15.0),
        (2020, 8, 1, 2, None, None),
        (2020, 9, 1, 3, 8, 37.5),
        (2021, 1, 1, 3, 30, 10.0),
    ],
    # designated teachers P4 (2) and P8 (2); foster carers P1 6, P2 1, P3 1 (the no-shows drop).
    "training_people_by_role": [
        ("designated_teacher", 2, 4),
        ("foster_carer", 3, 8),
        ("residential_carer", 1, 1),
        ("school_staff", 1, 1),
        ("social_worker", 1, 2),
    ],
    # daytime face to face T1+T5 = 3+3; the rest one session each.
    "training_by_slot_delivery": [
        ("daytime", "face_to_face", 2, 6),
        ("daytime", "virtual", 1, 3),
        ("evening", "face_to_face", 1, 2),
        ("evening", "virtual", 1, 3),
        ("weekend", "virtual", 1, 2),
    ],
    # P6 county-wide (2); north P1 6 + P8 2; P5 at S3 out of county; west P2 1, P3 1, P4 2, P7 1.
    "training_by_area": [
        ("county_wide", 1, 2),
        ("north", 2, 8),
        ("out_of_county", 1, 1),
        ("west", 4, 5),
    ],
    # once: P2 P3 P5 P7; twice: P4 P6 P8; P1 six times.
    "training_repeat": [
        ("1 session", 1, 4),
        ("2 sessions", 2, 3),
        ("3 to 5 sessions", 3, 0),
        ("6 or more", 4, 1),
    ],
    # 2019/20 T1-T4: 27 / 7 = 3.857; 2020/21 T5-T6: 17 / 4. P6's score at T3 (absent) ignored.
    "training_feedback": [("2019/20", 7, 3.86), ("2020/21", 4, 4.25)],
    # 2019/20: H1, H2 (H3 not yet approved, though P3 came to T3); only H1 reached (P2 no-show).
    # 2020/21: H1, H2, H3; H1 (P1) and H2 (P2 at T5) reached, H3 not (P3 no-show at T5).
    # R1 is a children's home, never counted.
    "training_reach": [("2019/20", 1, 2, 50.0), ("2020/21", 2, 3, 66.67)],
    # 16 attendances by 8 people at 6 sessions; 14 attendances at capped sessions / 73 places;
    # feedback 44 / 11.
    "training_summary": [(6, 16, 8, 19.18, 4.0)],
}

COLUMNS = {
    "training_by_month": ["year", "month", "sessions", "attendances", "capacity", "fill_rate"],
    "training_people_by_role": ["role", "people", "attendances"],
    "training_by_slot_delivery": ["time_slot", "delivery", "sessions", "attendances"],
    "training_by_area": ["area_code", "people", "attendances"],
    "training_repeat": ["band", "band_order", "people"],
    "training_feedback": ["academic_year", "responses", "mean_score"],
    "training_reach": ["academic_year", "households_reached", "households", "value"],
    "training_summary": ["sessions", "attendances", "people", "fill_rate", "mean_feedback"],
}


def test_every_dataset_has_an_expectation():
    assert set(EXPECTED) == set(TRAINING_QUERIES) == set(COLUMNS)


@pytest.mark.parametrize("dataset", sorted(EXPECTED))
def test_dataset_for_the_county(run, dataset):
    assert run(dataset) == EXPECTED[dataset]


@pytest.mark.parametrize("dataset", sorted(COLUMNS))
def test_columns_are_plain_and_numbers_are_numbers(engine, dataset):
    training_world.build(engine)
    frame = read(engine, dataset)
    assert list(frame.columns) == COLUMNS[dataset]
    for column in frame.columns:
        if column not in TEXT_COLUMNS:  # no Decimal or text sneaking through on PostgreSQL
            assert pd.api.types.is_numeric_dtype(frame[column]), (column, frame[column].dtype)


def test_year_filter_uses_the_academic_year_of_the_session(run):
    # T4 on 31 August 2020 is 2019/20; T5 on 1 September 2020 is 2020/21.
    only_first = Filters(year_to="2019/20")
    assert run("training_by_month", only_first) == EXPECTED["training_by_month"][:3]
    # 10 attendances, 8 of them at capped sessions / 35 places; P2 only a no-show: 7 people.
    assert run("training_summary", only_first) == [(4, 10, 7, 22.86, 3.86)]
    # P1 came 4 times in 2019/20; everyone else once.
    assert run("training_repeat", only_first) == [
        ("1 session", 1, 6),
        ("2 sessions", 2, 0),
        ("3 to 5 sessions", 3, 1),
        ("6 or more", 4, 0),
    ]
    assert run("training_reach", only_first) == [("2019/20", 1, 2, 50.0)]

    only_second = Filters(year_from="2020/21")
    assert run("training_by_month", only_second) == EXPECTED["training_by_month"][3:]
    # T5 + T6: 6 attendances / 38 places by P1 P2 P4 P6 P8; feedback 17 / 4.
    assert run("training_summary", only_second) == [(2, 6, 5, 15.79, 4.25)]
    assert run("training_feedback", only_second) == [("2020/21", 4, 4.25)]
    # P4 at T5, P8 at T6; P1 at both and P2 at T5; P6 at T6.
    assert run("training_people_by_role", only_second) == [
        ("designated_teacher", 2, 2),
        ("foster_carer", 2, 3),
        ("social_worker", 1, 1),
    ]


def test_area_filter_keeps_county_wide_sessions_for_session_measures(run):
    west = Filters(areas=("west",))
    # west sessions T1, T5 plus the district-less T3, T6.
    assert run("training_by_month", west) == [
        (2019, 10, 1, 3, 10, 30.0),
        (2020, 5, 1, 3, 20, 15.0),
        (2020, 9, 1, 3, 8, 37.5),
        (2021, 1, 1, 3, 30, 10.0),
    ]
    assert run("training_by_slot_delivery", west) == [
        ("daytime", "face_to_face", 2, 6),
        ("daytime", "virtual", 1, 3),
        ("evening", "virtual", 1, 3),
    ]
    # 2019/20 T1 + T3: 16 / 4; 2020/21 T5 + T6: 17 / 4.
    assert run("training_feedback", west) == [("2019/20", 4, 4.0), ("2020/21", 4, 4.25)]


def test_area_filter_keeps_county_wide_people_for_people_measures(run):
    west = Filters(areas=("west",))
    # west people P2 P3 P4 P7 plus county-wide P6; out-of-county P5 and north P1, P8 drop.
    assert run("training_by_area", west) == [("county_wide", 1, 2), ("west", 4, 5)]
    assert run("training_people_by_role", west) == [
        ("designated_teacher", 1, 2),
        ("foster_carer", 2, 2),
        ("residential_carer", 1, 1),
        ("social_worker", 1, 2),
    ]
    assert run("training_repeat", west) == [
        ("1 session", 1, 3),
        ("2 sessions", 2, 2),
        ("3 to 5 sessions", 3, 0),
        ("6 or more", 4, 0),
    ]
    # west households: 2019/20 H2 only, not reached; 2020/21 H2 (reached) and H3.
    assert run("training_reach", west) == [("2019/20", 0, 1, 0.0), ("2020/21", 1, 2, 50.0)]
    # sessions T1 T3 T5 T6: 12 attendances / 68 places, feedback 33 / 8 = 4.125 (rounds to even);
    # people by the people rule (P2 P3 P4 P6 P7).
    assert run("training_summary", west) == [(4, 12, 5, 17.65, 4.12)]


def test_north_and_out_of_county(run):
    north = Filters(areas=("north",))
    assert run("training_reach", north) == [("2019/20", 1, 1, 100.0), ("2020/21", 1, 1, 100.0)]
    # sessions T2 T3 T4 T6: 10 attendances, 8 at capped sessions / 55 places; feedback 27 / 7;
    # people P1, P8 and county-wide P6.
    assert run("training_summary", north) == [(4, 10, 3, 14.55, 3.86)]
    away = Filters(areas=("out_of_county",))
    assert run("training_by_area", away) == [("county_wide", 1, 2), ("out_of_county", 1, 1)]
    # only the district-less sessions T3 and T6 are open to an out-of-county view.
    assert run("training_by_slot_delivery", away) == [
        ("daytime", "virtual", 1, 3),
        ("evening", "virtual", 1, 3),
    ]
    assert run("training_reach", away) == [("2019/20", 0, 0, None), ("2020/21", 0, 0, None)]


def test_cohort_phase_and_setting_filters_do_not_apply(run):
    narrowed = Filters(cohort="CIN", phase="primary", setting="S1")
    for dataset, expected in EXPECTED.items():
        assert run(dataset, narrowed) == expected, dataset


def test_an_empty_warehouse_gives_zeros_not_errors(engine):
    assert read(engine, "training_by_month").empty
    summary = [tuple(tidy(v) for v in row) for row in read(engine, "training_summary").itertuples()]
    assert [row[1:] for row in summary] == [(0, 0, 0, None, None)]
    repeat = read(engine, "training_repeat")
    assert repeat["people"].tolist() == [0, 0, 0, 0]
    assert read(engine, "training_reach").empty
