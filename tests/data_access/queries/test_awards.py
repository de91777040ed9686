"""Every award dataset on the hand-made programme (see award_world.py), worked out by hand."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from dashboard.filters import Filters
from data_access.queries.awards import AWARD_QUERIES, STAGES
from tests.data_access.queries import award_world

COUNTY = Filters()
CS, LH = "caring_schools", "learning_homes"


def tidy(value):
    """A cell as plain Python: None for NULL, floats to 2 places, dates as dates."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, float):
        return round(value, 2)
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value.item() if hasattr(value, "item") else value


@pytest.fixture
def run(engine):
    award_world.build(engine)

    def run(dataset: str, filters: Filters = COUNTY) -> list[tuple]:
        build, _counts = AWARD_QUERIES[dataset]
        frame = pd.read_sql(build(filters), engine)
        return [tuple(tidy(value) for value in row) for row in frame.itertuples(index=False)]

    return run


@pytest.fixture
def funnel(run):
    """The funnel as {(scheme, holder kind): holders at the five stages, in order}."""

    def funnel(filters: Filters = COUNTY) -> dict[tuple[str, str], list[int]]:
        rows = run("award_funnel", filters)
        result: dict[tuple[str, str], list[int]] = {}
        for scheme, kind, stage, order, holders in rows:
            assert STAGES[order - 1] == stage
            result.setdefault((scheme, kind), []).append(holders)
        return result

    return funnel


def test_every_dataset_is_listed_with_its_child_counts():
    assert set(AWARD_QUERIES) == {
        "award_funnel",
        "award_levels",
        "award_by_area_phase",
        "award_time_to_award",
        "award_reassessments",
        "award_coverage",
        "award_holders",
    }
    counts = {name: counts for name, (_build, counts) in AWARD_QUERIES.items()}
    assert counts.pop("award_coverage") == ("numerator", "denominator")
    assert set(counts.values()) == {()}


# ---- funnel: distinct holders reaching each stage; relevant date toolkit_accessed_on ----------


def test_funnel_rows_are_tidy_and_in_stage_order(run):
    assert run("award_funnel")[:5] == [
        (CS, "setting", "toolkit_accessed", 1, 4),
        (CS, "setting", "portfolio_started", 2, 3),
        (CS, "setting", "submitted", 3, 3),
        (CS, "setting", "assessed", 4, 3),
        (CS, "setting", "awarded", 5, 2),
    ]


def test_funnel_for_the_county(funnel):
    assert funnel() == {
        # toolkit S1 S2 S3 S4; S4 stopped there (a7), S3 went on to be assessed but not awarded
        # (a5; a6 withdrawn at the toolkit); awarded S1 and S2.
        (CS, "setting"): [4, 3, 3, 3, 2],
        # H1 is being assessed (b4), H2 awarded (b8).
        (LH, "childrens_home"): [2, 2, 2, 1, 1],
        # F1 F2 F4 have every date; F3's row (b5) has no toolkit or portfolio date, so it counts
        # from submission on: a funnel counts recorded dates, it does not infer them.
        (LH, "foster_household"): [3, 3, 4, 4, 4],
    }


def test_funnel_years_go_by_toolkit_access(funnel):
    # toolkit accessed by 2018/19: a1 S1, a3 S2 (1 September 2018), b1 b2 F1, b6 F4, b8 H2.
    assert funnel(Filters(year_to="2018/19")) == {
        (CS, "setting"): [2, 2, 2, 2, 2],
        (LH, "childrens_home"): [1, 1, 1, 1, 1],
        (LH, "foster_household"): [2, 2, 2, 2, 2],
    }
    # From 2019/20: a2 S1 (awarded), a4 S2 (awarded), a5 a6 S3, a7 S4; b3 F2, b7 F1, b4 H1.
    # b5 (F3, no toolkit date) cannot be placed in a year and drops out.
    assert funnel(Filters(year_from="2019/20")) == {
        (CS, "setting"): [4, 3, 3, 3, 2],
        (LH, "childrens_home"): [1, 1, 1, 0, 0],
        (LH, "foster_household"): [2, 2, 2, 2, 2],
    }


def test_funnel_areas_go_by_the_holders_district(funnel):
    # north: S2 (awarded), S3 (not awarded), F2, H2.
    assert funnel(Filters(areas=("north",))) == {
        (CS, "setting"): [2, 2, 2, 2, 1],
        (LH, "childrens_home"): [1, 1, 1, 1, 1],
        (LH, "foster_household"): [1, 1, 1, 1, 1],
    }
    # No district: S4 (North Lincolnshire) and F3.
    assert funnel(Filters(areas=("out_of_county",))) == {
        (CS, "setting"): [1, 0, 0, 0, 0],
        (LH, "foster_household"): [0, 0, 1, 1, 1],
    }


def test_funnel_phase_limits_schools_only_and_setting_limits_to_it(funnel):
    county = funnel()
    # primary: S1 (awarded) and S3 (assessed, not awarded); the homes are unaffected.
    assert funnel(Filters(phase="primary")) == {
        **county,
        (CS, "setting"): [2, 2, 2, 2, 1],
    }
    assert funnel(Filters(setting="S2")) == {(CS, "setting"): [1, 1, 1, 1, 1]}


def test_cohort_does_not_apply_to_holders(run):
    for dataset in AWARD_QUERIES:
        if dataset != "award_coverage":
            assert run(dataset, Filters(cohort="CIN")) == run(dataset), dataset


# ---- levels over time: awards made per year of assessed_on, running totals -------------------

# Awards made: 2018/19 a1 CS bronze, a3 CS silver (31 August 2019), b1 LH bronze, b8 LH silver;
# 2019/20 a4 CS bronze, b2 LH silver, b3 b7 b6 LH gold (b6 on 1 September 2019);
# 2020/21 a2 CS gold (1 September 2020), b5 LH bronze. Eleven in all.
LEVELS = [
    ("2018/19", CS, "bronze", 1, 1),
    ("2018/19", CS, "silver", 1, 1),
    ("2018/19", CS, "gold", 0, 0),
    ("2018/19", LH, "bronze", 1, 1),
    ("2018/19", LH, "silver", 1, 1),
    ("2018/19", LH, "gold", 0, 0),
    ("2019/20", CS, "bronze", 1, 2),
    ("2019/20", CS, "silver", 0, 1),
    ("2019/20", CS, "gold", 0, 0),
    ("2019/20", LH, "bronze", 0, 1),
    ("2019/20", LH, "silver", 1, 2),
    ("2019/20", LH, "gold", 3, 3),
    ("2020/21", CS, "bronze", 0, 2),
    ("2020/21", CS, "silver", 0, 1),
    ("2020/21", CS, "gold", 1, 1),
    ("2020/21", LH, "bronze", 1, 2),
    ("2020/21", LH, "silver", 0, 2),
    ("2020/21", LH, "gold", 0, 3),
]


def test_levels_over_time_fill_every_year_and_run_on(run):
    rows = run("award_levels")
    assert rows == LEVELS
    assert sum(row[3] for row in rows) == 11


def test_levels_running_total_counts_years_before_the_first_filtered_year(run):
    assert run("award_levels", Filters(year_from="2019/20")) == LEVELS[6:]
    assert run("award_levels", Filters(year_to="2018/19")) == LEVELS[:6]


def test_levels_follow_holder_filters(run):
    # F3 (no district) has the only out-of-county award.
    out_of_county = Filters(areas=("out_of_county",))
    assert run("award_levels", out_of_county) == [("2020/21", LH, "bronze", 1, 1)]
    # S2: silver in 2018/19, then bronze in 2019/20.
    assert run("award_levels", Filters(setting="S2")) == [
        ("2018/19", CS, "bronze", 0, 0),
        ("2018/19", CS, "silver", 1, 1),
        ("2019/20", CS, "bronze", 1, 1),
        ("2019/20", CS, "silver", 0, 1),
    ]


# ---- by area and phase: holders by the level of their latest award ----------------------------


def test_by_area_and_phase_uses_the_latest_award(run):
    # S1 gold (a2 after a1); S2 bronze (a4 is later than a3's silver); F1 gold (b7); F2 gold;
    # F4 gold; F3 bronze (no district); H2 silver. S3, S4, S5 and H1 hold no award.
    assert run("award_by_area_phase") == [
        (CS, "north", "secondary", "bronze", 1),
        (CS, "west", "primary", "gold", 1),
        (LH, "north", "childrens_home", "silver", 1),
        (LH, "north", "foster_household", "gold", 1),
        (LH, "out_of_county", "foster_household", "bronze", 1),
        (LH, "west", "foster_household", "gold", 2),
    ]


def test_by_area_and_phase_years_go_by_the_award(run):
    # Awards made by 2018/19 only: S1 a1 bronze, S2 a3 silver, F1 b1 bronze, H2 b8 silver.
    assert run("award_by_area_phase", Filters(year_to="2018/19")) == [
        (CS, "north", "secondary", "silver", 1),
        (CS, "west", "primary", "bronze", 1),
        (LH, "north", "childrens_home", "silver", 1),
        (LH, "west", "foster_household", "bronze", 1),
    ]
    # Awards made in 2020/21 only: a2 S1 gold, b5 F3 bronze.
    assert run("award_by_area_phase", Filters(year_from="2020/21")) == [
        (CS, "west", "primary", "gold", 1),
        (LH, "out_of_county", "foster_household", "bronze", 1),
    ]


def test_by_area_and_phase_filters(run):
    county = run("award_by_area_phase")
    assert run("award_by_area_phase", Filters(areas=("north",))) == [
        row for row in county if row[1] == "north"
    ]
    assert run("award_by_area_phase", Filters(phase="primary")) == [
        row for row in county if row[2] != "secondary"
    ]


# ---- time to award: toolkit access to assessment, per year of assessed_on ---------------------


def test_time_to_award(run):
    assert run("award_time_to_award") == [
        # a1 212 and a3 364 days: mean 288.
        (CS, "2018/19", 2, 288.0, 212, 364),
        (CS, "2019/20", 1, 182.0, 182, 182),  # a4
        (CS, "2020/21", 1, 357.0, 357, 357),  # a2, 10 September 2019 to 1 September 2020
        (LH, "2018/19", 2, 172.0, 162, 182),  # b8 162, b1 182
        # b2 215, b7 137, b3 181, b6 229: 762 / 4.
        (LH, "2019/20", 4, 190.5, 137, 229),
        # b5 (2020/21) has no toolkit date: it cannot be timed, so there is no row.
    ]


def test_time_to_award_filters(run):
    assert run("award_time_to_award", Filters(year_from="2020/21")) == [
        (CS, "2020/21", 1, 357.0, 357, 357)
    ]
    assert run("award_time_to_award", Filters(phase="secondary", year_to="2019/20"))[:2] == [
        (CS, "2018/19", 1, 364.0, 364, 364),  # a3 only (S2)
        (CS, "2019/20", 1, 182.0, 182, 182),
    ]
    assert run("award_time_to_award", Filters(areas=("west",))) == [
        (CS, "2018/19", 1, 212.0, 212, 212),  # a1
        (CS, "2020/21", 1, 357.0, 357, 357),  # a2
        (LH, "2018/19", 1, 182.0, 182, 182),  # b1
        (LH, "2019/20", 3, 193.67, 137, 229),  # b2 215, b7 137, b6 229: 581 / 3
    ]


# ---- reassessments: an award above an earlier award of the same holder ------------------------


def test_reassessments(run):
    # S1 gold over bronze in 2020/21; F1 silver over bronze, then gold over both, in 2019/20 (one
    # holder, counted once); S2's bronze after silver is not a step up.
    assert run("award_reassessments") == [(CS, "2020/21", 1), (LH, "2019/20", 1)]


def test_reassessments_filters(run):
    # The earlier award may be before the year range: F1's bronze was in 2018/19.
    assert run("award_reassessments", Filters(year_from="2019/20", year_to="2019/20")) == [
        (LH, "2019/20", 1)
    ]
    assert run("award_reassessments", Filters(areas=("north",))) == []
    assert run("award_reassessments", Filters(setting="S1")) == [(CS, "2020/21", 1)]


# ---- coverage: children whose setting or home held an award on the first day of the year ------

# Held on 1 September 2018: nothing. On 1 September 2019: S1 (a1), S2 (a3, 31 August 2019),
# F1 (b1), H2 (b8), F4 (b6, that very day). On 1 September 2020 also F2 (b3); not F3 (b5,
# November 2020).
COVERAGE = [
    ("2018/19", CS, 0, 2, 0.0),  # k1 S1, k2 S2
    ("2018/19", LH, 0, 1, 0.0),  # k1 F1
    ("2019/20", CS, 2, 4, 50.0),  # k1 S1 yes, k2 S2 yes, k3 S5 no, k4 S4 no (k6 is CIN)
    ("2019/20", LH, 3, 5, 60.0),  # k1 F1 yes, k2 F2 no, k3 F4 yes, k4 F3 no, k5 H2 yes
    ("2020/21", CS, 1, 3, 33.33),  # k1 S1 yes, k2 S3 no, k4 S4 no
    ("2020/21", LH, 2, 3, 66.67),  # k1 F1 yes, k2 F2 yes, k4 F3 no
]


def test_coverage(run):
    assert run("award_coverage") == COVERAGE


def test_coverage_areas_are_the_childrens(run):
    assert run("award_coverage", Filters(areas=("west",))) == [
        ("2018/19", CS, 0, 1, 0.0),  # k1
        ("2018/19", LH, 0, 1, 0.0),
        ("2019/20", CS, 1, 2, 50.0),  # k1, k3
        ("2019/20", LH, 2, 2, 100.0),
        ("2020/21", CS, 1, 1, 100.0),  # k1
        ("2020/21", LH, 1, 1, 100.0),
    ]
    # k4 is at S4 (no district) and has no home district.
    assert run("award_coverage", Filters(areas=("out_of_county",))) == [
        ("2019/20", CS, 0, 1, 0.0),
        ("2019/20", LH, 0, 1, 0.0),
        ("2020/21", CS, 0, 1, 0.0),
        ("2020/21", LH, 0, 1, 0.0),
    ]


def test_coverage_cohort_phase_and_years(run):
    # k6 (CIN) is at S1 and has no home.
    assert run("award_coverage", Filters(cohort="CIN")) == [("2019/20", CS, 1, 1, 100.0)]
    # Primary settings: k1 (S1) every year, k3 (S5) in 2019/20, k2 (S3) in 2020/21.
    assert run("award_coverage", Filters(phase="primary")) == [
        ("2018/19", CS, 0, 1, 0.0),
        ("2018/19", LH, 0, 1, 0.0),
        ("2019/20", CS, 1, 2, 50.0),
        ("2019/20", LH, 2, 2, 100.0),
        ("2020/21", CS, 1, 2, 50.0),
        ("2020/21", LH, 2, 2, 100.0),
    ]
    assert run("award_coverage", Filters(year_from="2019/20", year_to="2019/20")) == COVERAGE[2:4]


# ---- holders: each holder with its latest award, newest first ---------------------------------

FOSTER, HOME = "foster_household", "childrens_home"
HOLDERS = [
    (LH, "F3", "Foster household F3", FOSTER, "out_of_county", FOSTER, "bronze", date(2020, 11, 1)),
    (CS, "S1", "One Primary", "setting", "west", "primary", "gold", date(2020, 9, 1)),
    (LH, "F1", "Foster household F1", FOSTER, "west", FOSTER, "gold", date(2020, 7, 1)),
    (CS, "S2", "Two Academy", "setting", "north", "secondary", "bronze", date(2020, 5, 1)),
    (LH, "F2", "Foster household F2", FOSTER, "north", FOSTER, "gold", date(2020, 3, 1)),
    (LH, "F4", "Foster household F4", FOSTER, "west", FOSTER, "gold", date(2019, 9, 1)),
    (LH, "H2", "Children's home H2", HOME, "north", HOME, "silver", date(2019, 3, 1)),
]


def test_holders(run):
    assert run("award_holders") == HOLDERS


def test_holders_filters(run):
    # Awards made by 2018/19: S2 a3 (31 August 2019), F1 b1, S1 a1, H2 b8.
    assert [row[1:3] + row[6:] for row in run("award_holders", Filters(year_to="2018/19"))] == [
        ("S2", "Two Academy", "silver", date(2019, 8, 31)),
        ("F1", "Foster household F1", "bronze", date(2019, 6, 1)),
        ("S1", "One Primary", "bronze", date(2019, 5, 1)),
        ("H2", "Children's home H2", "silver", date(2019, 3, 1)),
    ]
    assert run("award_holders", Filters(areas=("west",))) == [
        row for row in HOLDERS if row[4] == "west"
    ]
    assert run("award_holders", Filters(phase="secondary")) == [
        row for row in HOLDERS if row[5] != "primary"
    ]
    assert run("award_holders", Filters(setting="S1")) == [HOLDERS[1]]
