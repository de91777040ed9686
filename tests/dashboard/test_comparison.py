"""The quadrant comparison table: every measure for one year, by area, county and England."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.comparison import comparison_table, value_in
from dashboard.measures import BY_ID

ABSENCE = BY_ID["persistent_absence"]
ATTAINMENT8 = BY_ID["ks4_attainment8"]
SUSPENSIONS = BY_ID["suspensions_per_100"]
AREAS = {"N": "North", "S": "South"}
YEAR = "2021/22"


def by_area(rows: list[tuple[str, str, object]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["academic_year", "area_code", "value"])
    frame["value"] = frame["value"].astype(object)
    return frame


def trend(rows: list[tuple[str, str, object]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["academic_year", "series", "value"])
    frame["value"] = frame["value"].astype(object)
    return frame


@pytest.fixture
def absence() -> tuple:
    return (
        ABSENCE,
        by_area(
            [
                ("2021/22", "N", 16.4),
                ("2021/22", "S", "c"),
                ("2021/22", "out_of_county", 20.0),
                ("2020/21", "N", 99.0),
            ]
        ),
        trend(
            [
                ("2021/22", "selection", 17.3),
                ("2021/22", "england", 15.0),
                ("2020/21", "england", 98.0),
            ]
        ),
    )


def test_columns_are_measure_each_area_out_of_county_county_and_england(absence):
    table = comparison_table([absence], YEAR, AREAS)

    assert list(table.columns) == [
        "Measure",
        "North",
        "South",
        "Out of county",
        "County",
        "England",
    ]


def test_area_columns_follow_the_order_of_the_names(absence):
    table = comparison_table([absence], YEAR, {"S": "South", "N": "North"})

    assert list(table.columns)[1:3] == ["South", "North"]
    assert table.loc[0, "North"] == "16.4%"
    assert table.loc[0, "South"] == "c"


def test_one_row_per_measure_in_the_order_given(absence):
    attainment = (
        ATTAINMENT8,
        by_area([("2021/22", "N", 31.0)]),
        trend([("2021/22", "england", 45.25)]),
    )

    table = comparison_table([absence, attainment], YEAR, AREAS)

    assert list(table["Measure"]) == ["Persistent absence", "Attainment 8"]
    assert len(table) == 2


def test_values_for_the_year_are_formatted_for_the_measure_unit(absence):
    attainment = (
        ATTAINMENT8,
        by_area([("2021/22", "N", 31.0), ("2021/22", "S", 28.46)]),
        trend([("2021/22", "selection", 30.04), ("2021/22", "england", 45.0)]),
    )

    table = comparison_table([absence, attainment], YEAR, AREAS)

    assert table.iloc[0].to_dict() == {
        "Measure": "Persistent absence",
        "North": "16.4%",
        "South": "c",
        "Out of county": "20.0%",
        "County": "17.3%",
        "England": "15.0%",
    }
    assert table.iloc[1].to_dict() == {
        "Measure": "Attainment 8",
        "North": "31.0",
        "South": "28.5",
        "Out of county": "x",
        "County": "30.0",
        "England": "45.0",
    }


def test_other_years_are_not_used(absence):
    table = comparison_table([absence], "2020/21", AREAS)

    assert table.iloc[0].to_dict() == {
        "Measure": "Persistent absence",
        "North": "99.0%",
        "South": "x",
        "Out of county": "x",
        "County": "x",
        "England": "98.0%",
    }


def test_absent_figures_show_x_and_symbols_stay_as_they_are():
    rows = (
        SUSPENSIONS,
        by_area([("2021/22", "N", None), ("2021/22", "S", "low")]),
        trend([("2021/22", "selection", "c")]),
    )

    table = comparison_table([rows], YEAR, AREAS)

    assert table.iloc[0].to_dict() == {
        "Measure": "Suspensions per 100",
        "North": "x",
        "South": "low",
        "Out of county": "x",
        "County": "c",
        "England": "x",
    }


def test_empty_frames_give_x_everywhere():
    empty = (ABSENCE, by_area([]), trend([]))

    table = comparison_table([empty], YEAR, AREAS)

    assert list(table.iloc[0]) == ["Persistent absence", "x", "x", "x", "x", "x"]


def test_no_measures_give_an_empty_table_with_the_columns():
    table = comparison_table([], YEAR, AREAS)

    assert table.empty
    assert list(table.columns) == [
        "Measure",
        "North",
        "South",
        "Out of county",
        "County",
        "England",
    ]


def test_value_in_matches_the_year_and_every_column_given():
    frame = by_area(
        [("2020/21", "N", 1.0), ("2021/22", "S", 2.0), ("2021/22", "N", 3.0)],
    )

    assert value_in(frame, "2021/22", area_code="N") == 3.0
    assert value_in(frame, "2021/22", area_code="S") == 2.0
    assert value_in(frame, "2020/21", area_code="N") == 1.0


def test_value_in_without_a_match_is_the_first_row_of_the_year():
    frame = by_area([("2021/22", "S", 2.0), ("2021/22", "N", 3.0)])

    assert value_in(frame, "2021/22") == 2.0


def test_value_in_is_none_when_absent_and_keeps_symbols():
    frame = by_area([("2021/22", "N", "c")])

    assert value_in(frame, "2021/22", area_code="N") == "c"
    assert value_in(frame, "2021/22", area_code="S") is None
    assert value_in(frame, "2019/20", area_code="N") is None
    assert value_in(by_area([]), "2021/22", area_code="N") is None
