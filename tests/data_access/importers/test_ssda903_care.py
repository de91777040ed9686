"""CLA and CLA12 from episodes: the year's edges, worked out by hand for the year to 31 March 2025.

The 12 months of a child who came into care on 31 March 2024 end on 30 March 2025; from 1 April
2024 they end on 31 March 2025; from 2 April 2024 they end on 1 April 2025, after the census day.
"""

from __future__ import annotations

import pandas as pd
import pytest

from data_access.importers.ssda903_care import (
    CollectionYear,
    continuously_looked_after,
    looked_after_in_year,
    periods_of_care,
)

YEAR = CollectionYear(2025)


def episodes(*rows: tuple) -> pd.DataFrame:
    """Rows of (child, decom, rne, ls, dec) with ISO dates; None for an open episode."""
    frame = pd.DataFrame(rows, columns=["child", "decom", "rne", "ls", "dec"])
    frame["decom"] = pd.to_datetime(frame.decom)
    frame["dec"] = pd.to_datetime(frame.dec)
    return frame


def test_the_collection_year_runs_april_to_march_in_the_academic_year_of_its_end() -> None:
    assert YEAR.starts_on == pd.Timestamp("2024-04-01")
    assert YEAR.ends_on == pd.Timestamp("2025-03-31")
    assert YEAR.academic_year == "2024/25"


@pytest.mark.parametrize(
    ("began", "twelve_months_end", "in_cla12"),
    [
        ("2024-03-31", "30 March", True),
        ("2024-04-01", "31 March", True),
        ("2024-04-02", "1 April", False),
    ],
)
def test_cla12_counts_twelve_months_ending_by_31_march(began, twelve_months_end, in_cla12) -> None:
    frame = episodes(("A", began, "S", "C2", None))
    assert list(continuously_looked_after(frame, YEAR)) == (["A"] if in_cla12 else [])
    assert list(looked_after_in_year(frame, YEAR)) == ["A"], twelve_months_end


def test_a_change_of_placement_on_the_same_day_keeps_the_period_a_gap_of_one_day_breaks_it():
    same_day = episodes(
        ("A", "2023-06-01", "S", "C2", "2024-09-10"),
        ("A", "2024-09-10", "P", "C2", None),
    )
    one_day_gap = episodes(
        ("B", "2023-06-01", "S", "C2", "2024-09-10"),
        ("B", "2024-09-11", "P", "C2", None),
    )
    assert list(continuously_looked_after(same_day, YEAR)) == ["A"]
    assert list(continuously_looked_after(one_day_gap, YEAR)) == []
    # Both were looked after during the year.
    assert sorted(looked_after_in_year(pd.concat([same_day, one_day_gap]), YEAR)) == ["A", "B"]


def test_leaving_care_on_31_march_is_leaving_during_the_year() -> None:
    frame = episodes(("A", "2022-01-01", "S", "C2", "2025-03-31"))
    assert list(continuously_looked_after(frame, YEAR)) == []
    assert list(looked_after_in_year(frame, YEAR)) == ["A"]


def test_short_breaks_are_not_looked_after_and_break_the_twelve_months() -> None:
    only_breaks = episodes(("A", "2024-05-01", "S", "V3", "2024-05-03"))
    with_a_break = episodes(
        ("B", "2022-01-01", "S", "C2", None),
        ("B", "2024-07-01", "S", "V4", "2024-07-02"),
    )
    assert list(looked_after_in_year(only_breaks, YEAR)) == []
    assert list(continuously_looked_after(with_a_break, YEAR)) == []
    assert list(looked_after_in_year(with_a_break, YEAR)) == ["B"]


def test_a_new_period_marked_s_starts_afresh_even_on_the_same_day() -> None:
    frame = episodes(
        ("A", "2023-01-01", "S", "C2", "2024-06-01"),
        ("A", "2024-06-01", "S", "C2", None),
    )
    periods = periods_of_care(frame)
    assert periods.began.tolist() == [pd.Timestamp("2023-01-01"), pd.Timestamp("2024-06-01")]
    assert periods.ended.isna().tolist() == [False, True]


def test_episodes_ending_before_the_year_do_not_count() -> None:
    frame = episodes(("A", "2020-01-01", "S", "C2", "2024-03-31"))
    assert list(looked_after_in_year(frame, YEAR)) == []
