"""Every outcome measure on the hand-made world (see world.py), numbers worked out by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.filters import Filters
from data_access.queries.outcomes import OUTCOME_QUERIES
from tests.data_access.queries import world

COUNTY = Filters()


@pytest.fixture
def run(engine):
    world.build(engine)

    def run(measure: str, filters: Filters = COUNTY, by_area: bool = False) -> list[tuple]:
        query = OUTCOME_QUERIES[measure].build(filters, by_area=by_area)
        frame = pd.read_sql(query, engine)
        keys = ["academic_year", "area_code"] if by_area else ["academic_year"]
        return [
            (
                *(getattr(row, key) for key in keys),
                row.numerator,
                row.denominator,
                round(row.value, 2),
            )
            for row in frame.itertuples()
        ]

    return run


# c1 10 of 200 sessions, c2 12/100, c3 60/100, c4 0/100 → 82/500; 2020/21 c1 15/150 (exactly 10%).
EXPECTED = {
    "overall_absence": [("2019/20", 82, 500, 16.4), ("2020/21", 15, 150, 10.0)],
    "persistent_absence": [("2019/20", 2, 4, 50.0), ("2020/21", 1, 1, 100.0)],
    "severe_absence": [("2019/20", 1, 4, 25.0), ("2020/21", 0, 1, 0.0)],
    # on roll: c1..c4 (c6 has no setting); c2 two suspensions, c3 permanent; e5 is 2018/19.
    "suspension_rate": [("2019/20", 1, 4, 25.0), ("2020/21", 1, 1, 100.0)],
    "suspensions_per_100": [("2019/20", 2, 4, 50.0), ("2020/21", 1, 1, 100.0)],
    "permanent_exclusion_rate": [("2019/20", 1, 4, 25.0), ("2020/21", 0, 1, 0.0)],
    "ks2_rwm_expected": [("2019/20", 1, 2, 50.0)],
    "ks4_attainment8": [("2019/20", 42.5, 2, 21.25)],
    "ks4_progress8": [("2019/20", -3.5, 2, -1.75)],
    "ks4_basics_4plus": [("2019/20", 1, 2, 50.0)],
    # latest SDQ aged 4-16 at 31 March 2020: c1 12 (not 20), c2 18, c3 30 (16); c4 is 3, c6 is 17.
    "sdq_average": [("2019/20", 60, 3, 20.0)],
    "sdq_normal": [("2019/20", 1, 3, 33.33)],
    "sdq_borderline": [("2019/20", 0, 3, 0.0)],
    "sdq_concern": [("2019/20", 2, 3, 66.67)],
    # c3 latest neet, c6 unknown, c2 training.
    "neet_16_17": [("2019/20", 2, 3, 66.67)],
    # c7 employment, c8 neet; c5 was never looked after.
    "care_leavers_eet": [("2019/20", 1, 2, 50.0)],
}


def test_every_measure_has_an_expectation():
    assert set(EXPECTED) == set(OUTCOME_QUERIES)


@pytest.mark.parametrize("measure", sorted(EXPECTED))
def test_measure_for_the_county(run, measure):
    assert run(measure) == EXPECTED[measure]


def test_areas_follow_the_setting_then_the_home_then_out_of_county(run):
    assert run("overall_absence", by_area=True) == [
        ("2019/20", "north", 12, 100, 12.0),
        ("2019/20", "out_of_county", 0, 100, 0.0),
        ("2019/20", "west", 70, 300, 23.33),
        ("2020/21", "west", 15, 150, 10.0),
    ]


def test_area_filter_limits_to_that_area(run):
    assert run("overall_absence", Filters(areas=("west",))) == [
        ("2019/20", 70, 300, 23.33),
        ("2020/21", 15, 150, 10.0),
    ]
    assert run("persistent_absence", Filters(areas=("out_of_county",))) == [("2019/20", 0, 1, 0.0)]


def test_phase_and_setting_filters(run):
    assert run("overall_absence", Filters(phase="secondary")) == [("2019/20", 72, 300, 24.0)]
    assert run("overall_absence", Filters(setting="S2")) == [("2019/20", 12, 100, 12.0)]


def test_cohort_and_year_filters(run):
    assert run("overall_absence", Filters(cohort="CIN")) == [("2019/20", 50, 100, 50.0)]
    assert run("overall_absence", Filters(year_from="2020/21")) == [("2020/21", 15, 150, 10.0)]
    assert run("overall_absence", Filters(year_to="2019/20")) == [("2019/20", 82, 500, 16.4)]


def test_care_leavers_ignore_cohort_but_keep_area(run):
    assert run("care_leavers_eet", Filters(cohort="CIN")) == [("2019/20", 1, 2, 50.0)]
    assert run("care_leavers_eet", by_area=True) == [
        ("2019/20", "north", 0, 1, 0.0),
        ("2019/20", "west", 1, 1, 100.0),
    ]
