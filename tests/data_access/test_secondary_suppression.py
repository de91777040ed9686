"""Secondary suppression: no hidden count can be worked out by subtraction from a group total.

Property-based: hypothesis draws small tables of areas within years (numerators within
denominators, many of them small), as a by-area dataset returns them; the county totals of the
same year are published elsewhere, so each year's rows are siblings.
"""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from data_access.suppression import CONFIDENTIAL, suppress
from tests.fake_user import FakeUser

THRESHOLD = 5
COUNTS = ("numerator", "denominator")


@st.composite
def by_area_tables(draw) -> pd.DataFrame:
    rows = []
    for year in draw(
        st.lists(st.sampled_from(["2022/23", "2023/24"]), min_size=1, max_size=2, unique=True)
    ):
        for area in draw(
            st.lists(
                st.sampled_from(["e", "n", "s", "w", "o"]), min_size=1, max_size=5, unique=True
            )
        ):
            denominator = draw(st.integers(0, 30))
            numerator = draw(st.integers(0, denominator))
            value = 100.0 * numerator / denominator if denominator else None
            rows.append((year, area, numerator, denominator, value))
    return pd.DataFrame(rows, columns=["academic_year", "area_code", *COUNTS, "value"])


def hidden(frame: pd.DataFrame, column: str) -> pd.Series:
    return frame[column] == CONFIDENTIAL


@settings(max_examples=300, deadline=None)
@given(by_area_tables())
def test_no_hidden_cell_is_alone_among_its_siblings(table):
    shown = suppress(table, COUNTS, THRESHOLD, siblings=(("academic_year",),))
    for _, year in shown.groupby("academic_year"):
        for column in COUNTS:
            assert hidden(year, column).sum() != 1 or len(year) == 1


@settings(max_examples=300, deadline=None)
@given(by_area_tables())
def test_primary_rules_still_hold(table):
    shown = suppress(table, COUNTS, THRESHOLD, siblings=(("academic_year",),))
    for column in COUNTS:
        numbers = pd.to_numeric(shown[column], errors="coerce")
        assert not numbers.between(1, THRESHOLD - 1).any()
    # a hidden count hides the rate; a hidden base hides the numerator too
    assert (
        hidden(shown, "value") | ~(hidden(shown, "numerator") | hidden(shown, "denominator"))
    ).all()
    assert (hidden(shown, "numerator") | ~hidden(shown, "denominator")).all()


@settings(max_examples=300, deadline=None)
@given(by_area_tables())
def test_every_visible_cell_is_the_true_figure(table):
    shown = suppress(table, COUNTS, THRESHOLD, siblings=(("academic_year",),))
    for column in COUNTS:
        visible = ~hidden(shown, column)
        assert (shown.loc[visible, column].astype(int) == table.loc[visible, column]).all()


def test_a_lone_hidden_area_takes_the_smallest_other_with_it():
    table = pd.DataFrame(
        {
            "academic_year": ["2023/24"] * 3,
            "area_code": ["e", "n", "s"],
            "numerator": [3, 10, 7],
            "denominator": [40, 50, 30],
            "value": [7.5, 20.0, 23.3],
        }
    )
    shown = suppress(table, COUNTS, THRESHOLD, siblings=(("academic_year",),))
    # e's 3 is primary; s's 7 is the smallest other numerator, so it goes too; n stays.
    assert list(shown["numerator"]) == ["c", 10, "c"]
    assert list(shown["value"]) == ["c", 20.0, "c"]
    assert list(shown["denominator"]) == [40, 50, 30]


def test_counts_at_the_threshold_and_zero_are_shown():
    table = pd.DataFrame(
        {
            "academic_year": ["y", "y"],
            "area_code": ["a", "b"],
            "numerator": [0, 5],
            "denominator": [5, 9],
            "value": [0.0, 55.6],
        }
    )
    shown = suppress(table, COUNTS, THRESHOLD, siblings=(("academic_year",),))
    assert list(shown["numerator"]) == [0, 5]
    assert list(shown["denominator"]) == [5, 9]


def test_an_sdq_band_hidden_alone_takes_another_band_with_it(engine):
    """Normal + borderline + concern = children with a score, which is published."""
    from dashboard.filters import Filters
    from data_access import gateway
    from data_access.warehouse import Warehouse
    from tests.data_access.queries import world

    world.build(engine)
    # 2019/20: normal 1, borderline 0, concern 2 of 3 children. With threshold 2 only the
    # normal band's 1 is small; alone it could be worked out as 3 - 0 - 2, so another goes too.
    warehouse = Warehouse(engine, suppression_threshold=2)
    shown = {
        band: gateway.fetch(band, Filters(), FakeUser("m", "manager"), warehouse)[
            "numerator"
        ].tolist()
        for band in ("sdq_normal", "sdq_borderline", "sdq_concern")
    }
    assert shown["sdq_normal"] == ["c"]
    assert [shown["sdq_borderline"][0], shown["sdq_concern"][0]].count("c") == 1


def test_sdq_bands_for_the_county_and_its_areas_never_leave_a_lone_hidden_cell(engine):
    from dashboard.filters import Filters
    from data_access import gateway
    from data_access.warehouse import Warehouse
    from tests.data_access.queries import world

    world.build(engine)
    warehouse = Warehouse(engine, suppression_threshold=2)
    cells = []
    for band in ("sdq_normal", "sdq_borderline", "sdq_concern"):
        county = gateway.fetch(band, Filters(), FakeUser("p", "panel"), warehouse)
        county = county[county["series"] == "selection"].assign(area_code="county")
        areas = gateway.fetch(f"{band}_by_area", Filters(), FakeUser("p", "panel"), warehouse)
        for frame in (county, areas):
            cells += [
                (row.academic_year, row.area_code, band, row.numerator)
                for row in frame.itertuples()
            ]
    cube = pd.DataFrame(cells, columns=["year", "area", "band", "numerator"])
    cube["hidden"] = cube["numerator"] == CONFIDENTIAL
    # county normal (1) and west's normal and concern (1 each) are small; north's only child is
    # hidden whole. Every band within a place, and every place within a band, hides 0 or >= 2.
    assert cube["hidden"].any()
    for keys in (["year", "area"], ["year", "band"]):
        for _, group in cube.groupby(keys):
            assert group["hidden"].sum() != 1 or len(group) == 1, group
