"""The demo CSVs: contract shape, integrity, determinism, the September 2020 report, levels.

The report's figures are worked out here from the CSVs with pandas, independently of the
generator, using the counting rules another engineer applies in SQL.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pandas as pd
import pytest

from data_access import codes
from data_access.loaders.demo import DEMO_TABLES, write_demo_csvs
from data_access.loaders.demo_report import SEPTEMBER_2020_REPORT
from data_access.schema import CONTRACT_TABLES, Base

D = "2020-09-17"
LEVEL_RANK = {"bronze": 0, "silver": 1, "gold": 2}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
INTEGER = re.compile(r"^-?\d+$")


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[Path, dict[str, int]]:
    directory = tmp_path_factory.mktemp("demo")
    return directory, write_demo_csvs(directory)


@pytest.fixture(scope="module")
def tables(demo) -> dict[str, pd.DataFrame]:
    directory, _ = demo
    return {name: read(directory, name) for name in DEMO_TABLES}


def read(directory: Path, table: str) -> pd.DataFrame:
    return pd.read_csv(
        directory / f"{table}.csv",
        dtype=str,
        keep_default_na=False,
        na_values=[""],
        encoding="utf-8",
    )


def academic_year(dates: pd.Series) -> pd.Series:
    """'2020-03-23' -> '2019/20'."""
    on = pd.to_datetime(dates)
    year = on.dt.year - (on.dt.month < 9)
    return year.astype(str) + "/" + ((year + 1) % 100).astype(str).str.zfill(2)


def columns(table: str) -> list[str]:
    return list(Base.metadata.tables[table].columns.keys())


# --- shape and integrity -------------------------------------------------------------------------


def test_one_file_per_contract_table_except_benchmark(demo):
    directory, counts = demo
    assert set(DEMO_TABLES) == set(CONTRACT_TABLES) - {"benchmark"}
    assert sorted(path.stem for path in directory.glob("*.csv")) == sorted(DEMO_TABLES)
    assert set(counts) == set(DEMO_TABLES)


@pytest.mark.parametrize("table", DEMO_TABLES)
def test_header_is_the_schema_columns_in_order(demo, tables, table):
    directory, counts = demo
    header = (directory / f"{table}.csv").read_text(encoding="utf-8").split("\n", 1)[0]
    assert header.split(",") == columns(table)
    assert len(tables[table]) == counts[table] > 0


@pytest.mark.parametrize("table", DEMO_TABLES)
def test_primary_keys_are_unique_and_present(tables, table):
    key = [column.name for column in Base.metadata.tables[table].primary_key.columns]
    frame = tables[table]
    assert frame[key].notna().all().all()
    assert not frame.duplicated(key).any()


@pytest.mark.parametrize("table", DEMO_TABLES)
def test_every_foreign_key_resolves(tables, table):
    for column in Base.metadata.tables[table].columns:
        for foreign_key in column.foreign_keys:
            target = foreign_key.column
            values = tables[table][column.name].dropna()
            known = set(tables[target.table.name][target.name])
            missing = set(values) - known
            assert not missing, f"{table}.{column.name}: {sorted(missing)[:5]}"


@pytest.mark.parametrize("table", DEMO_TABLES)
def test_values_keep_the_schema_codes_ranges_and_formats(tables, table):
    frame = tables[table]
    for column in Base.metadata.tables[table].columns:
        values = frame[column.name].dropna()
        if not column.nullable and not column.primary_key:
            assert len(values) == len(frame), f"{table}.{column.name} has empty values"
        check_column(table, column, values)


def check_column(table: str, column, values: pd.Series) -> None:
    info, name = column.info, f"{table}.{column.name}"
    if "codes" in info:
        assert set(values) <= set(info["codes"]), name
    python_type = column.type.python_type
    if python_type is int:
        assert values.str.match(INTEGER).all(), f"{name} is not written as integers"
    if python_type in (int, float) and "min" in info:
        numbers = values.astype(float)
        assert numbers.between(info["min"], info["max"]).all(), name
    if python_type.__name__ == "date":
        assert values.str.match(ISO_DATE).all(), name
        pd.to_datetime(values, format="%Y-%m-%d")  # real dates
    if info.get("first_of_month"):
        assert values.str.endswith("-01").all(), name
    if info.get("academic_year"):
        start = values.str[:4].astype(int)
        assert (
            values == start.astype(str) + "/" + ((start + 1) % 100).astype(str).str.zfill(2)
        ).all(), name


def test_check_constraints_hold(tables):
    attendance = tables["attendance"].astype({c: int for c in columns("attendance")[4:]})
    missed = attendance.sessions_authorised + attendance.sessions_unauthorised
    assert (missed <= attendance.sessions_possible).all()
    award = tables["award"]
    schools = award.scheme == "caring_schools"
    assert (award.setting_urn.notna() & award.care_home_id.isna())[schools].all()
    assert (award.care_home_id.notna() & award.setting_urn.isna())[~schools].all()
    sdq = tables["wellbeing"][lambda w: w.instrument == "SDQ"].score.astype(float)
    assert sdq.between(0, 40).all()
    year_group = tables["child_year"].year_group.dropna().astype(int)
    assert year_group.between(-2, 14).all()


def test_award_steps_are_in_order_and_levels_match_outcomes(tables):
    award = tables["award"]
    steps = ["toolkit_accessed_on", "portfolio_started_on", "submitted_on", "assessed_on"]
    for earlier, later in itertools.pairwise(steps):
        both = award[earlier].notna() & award[later].notna()
        assert (award.loc[both, earlier] <= award.loc[both, later]).all()
        assert (award[earlier].notna() | award[later].isna()).all(), f"{later} without {earlier}"
    assert (award.level.notna() == (award.outcome == "awarded")).all()
    assert award.toolkit_accessed_on.min() >= "2018-01-01"


def test_exclusions_are_at_the_childs_setting_in_that_year(tables):
    exclusion = tables["exclusion"].copy()
    exclusion["academic_year"] = academic_year(exclusion.start_date)
    places = tables["child_year"][["child_id", "academic_year", "setting_urn"]].drop_duplicates()
    joined = exclusion.merge(
        places, on=["child_id", "academic_year", "setting_urn"], how="left", indicator=True
    )
    assert (joined["_merge"] == "both").all()
    suspensions = exclusion[exclusion.category == "suspension"].sessions.astype(int)
    assert suspensions.between(1, 10).all()


def test_attendance_is_for_school_age_children_at_their_setting(tables):
    keys = ["child_id", "academic_year", "setting_urn"]
    child_year = tables["child_year"][[*keys, "year_group"]].drop_duplicates(keys)
    joined = tables["attendance"].merge(child_year, on=keys, how="left", indicator=True)
    assert (joined["_merge"] == "both").all()
    assert joined.year_group.astype(int).between(0, 11).all()
    assert tables["setting"].setting_urn.str.fullmatch(r"\d{6}").all()


def test_no_ks2_results_in_the_covid_years(tables):
    attainment = tables["attainment"]
    ks2 = attainment[attainment.key_stage == "KS2"]
    assert not ks2.academic_year.isin(["2019/20", "2020/21"]).any()
    assert ks2[["attainment8", "progress8", "basics_4plus"]].isna().all().all()
    ks4 = attainment[attainment.key_stage == "KS4"]
    assert ks4.rwm_expected.isna().all() and ks4.attainment8.notna().all()


# --- determinism ---------------------------------------------------------------------------------


def test_same_seed_gives_identical_files_and_another_seed_differs(tmp_path):
    first, second, other = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    write_demo_csvs(first, seed=7)
    write_demo_csvs(second, seed=7)
    write_demo_csvs(other, seed=8)
    for table in DEMO_TABLES:
        name = f"{table}.csv"
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    differing = [
        t
        for t in DEMO_TABLES
        if (first / f"{t}.csv").read_bytes() != (other / f"{t}.csv").read_bytes()
    ]
    assert {"child", "attendance", "award", "training_attendance"} <= set(differing)


# --- the September 2020 report -------------------------------------------------------------------


def reached(column: pd.Series) -> pd.Series:
    """The step happened on or before D (empty = not reached)."""
    return column.notna() & (column.fillna("9999-12-31") <= D)


def achieved(award: pd.DataFrame) -> pd.DataFrame:
    return award[(award.outcome == "awarded") & reached(award.assessed_on)]


def being_assessed(award: pd.DataFrame) -> pd.DataFrame:
    return award[reached(award.submitted_on) & ~reached(award.assessed_on)]


def working_through(award: pd.DataFrame) -> pd.DataFrame:
    return award[
        reached(award.toolkit_accessed_on)
        & ~reached(award.submitted_on)
        & (award.outcome != "withdrawn")
    ]


@pytest.fixture(scope="module")
def awards(tables) -> dict[str, pd.DataFrame]:
    award = tables["award"]
    settings = tables["setting"].set_index("setting_urn").local_authority
    homes = tables["care_home"].set_index("care_home_id").kind
    schools = award[award.scheme == "caring_schools"].assign(
        la=lambda a: a.setting_urn.map(settings)
    )
    learning = award[award.scheme == "learning_homes"].assign(
        kind=lambda a: a.care_home_id.map(homes)
    )
    return {
        "lincolnshire": schools[schools.la == "Lincolnshire"],
        "north_lincolnshire": schools[schools.la == "North Lincolnshire"],
        "foster": learning[learning.kind == "foster_household"],
        "childrens_homes": learning[learning.kind == "childrens_home"],
    }


def test_report_caring_schools_achieved_and_reassessed(awards):
    rows = achieved(awards["lincolnshire"])
    assert rows.setting_urn.nunique() == 42
    assert len(rows) == 44
    twice = rows.groupby("setting_urn").filter(lambda group: len(group) == 2)
    assert twice.setting_urn.nunique() == 2
    for _, group in twice.sort_values("assessed_on").groupby("setting_urn"):
        first, second = group.level.map(LEVEL_RANK).tolist()
        assert second > first


def test_report_learning_homes_achieved(awards):
    assert achieved(awards["foster"]).care_home_id.nunique() == 26
    assert achieved(awards["childrens_homes"]).care_home_id.nunique() == 4


def test_report_a_further_120_working_through_each_toolkit(awards):
    for holders, key, achievers in (
        ("foster", "care_home_id", "foster"),
        ("lincolnshire", "setting_urn", "lincolnshire"),
    ):
        working = set(working_through(awards[holders])[key])
        assert len(working) == 120
        assert not working & set(achieved(awards[achievers])[key])


def test_report_five_further_foster_households_being_assessed(awards):
    foster = awards["foster"]
    assessed = set(being_assessed(foster).care_home_id)
    assert len(assessed) == 5
    assert not assessed & set(achieved(foster).care_home_id)
    assert not assessed & set(working_through(foster).care_home_id)


def test_report_24_north_lincolnshire_schools_working_towards_the_award(awards):
    north = awards["north_lincolnshire"]
    assert working_through(north).setting_urn.nunique() == 24
    assert achieved(north).empty


def test_report_education_champions_active(tables):
    champion = tables["champion"]
    active = champion[
        reached(champion.started_on)
        & (champion.ended_on.isna() | (champion.ended_on.fillna("") > D))
    ]
    assert (active.kind == "foster_carer").sum() == 18
    assert (active.kind == "school_based").sum() == 10
    assert set(active.working_group) == set(codes.WORKING_GROUPS)
    assert len(champion) > len(active)


def test_report_training_since_april_2020(tables):
    sessions = tables["training_session"]
    window = sessions[sessions.held_on.between("2020-04-01", "2020-08-31")]
    assert 71 <= len(window) <= 79
    assert set(window.time_slot) == {"daytime", "evening", "weekend"}
    assert (window.delivery == "virtual").mean() > 0.8
    attendance = tables["training_attendance"]
    came = attendance[attendance.session_id.isin(window.session_id) & (attendance.attended == "1")]
    assert 701 <= came.attendee_id.nunique() <= 760


def test_report_targets_are_the_published_figures():
    report = SEPTEMBER_2020_REPORT
    assert str(report.as_at) == D
    assert (report.caring_schools_achieved, report.caring_schools_reassessed_higher) == (42, 2)
    assert (
        report.learning_homes_foster_achieved,
        report.learning_homes_childrens_homes_achieved,
    ) == (26, 4)
    assert report.training_sessions == (71, 79) and report.training_people == (701, 760)


# --- levels --------------------------------------------------------------------------------------


def pupils(tables, cohort: str) -> pd.DataFrame:
    attendance = tables["attendance"].astype({c: int for c in columns("attendance")[4:]})
    attendance["missed"] = attendance.sessions_authorised + attendance.sessions_unauthorised
    per_pupil = (
        attendance.groupby(["child_id", "academic_year"])[["sessions_possible", "missed"]]
        .sum()
        .reset_index()
    )
    members = tables["child_year"][lambda c: c.cohort == cohort][["child_id", "academic_year"]]
    return members.merge(per_pupil[per_pupil.sessions_possible > 0])


def test_absence_levels_are_near_lincolnshires(tables):
    cla12 = pupils(tables, "CLA12")
    persistent = (cla12.missed * 10 >= cla12.sessions_possible).mean()
    assert 0.14 <= persistent <= 0.21
    assert 0.06 <= cla12.missed.sum() / cla12.sessions_possible.sum() <= 0.10
    cin = pupils(tables, "CIN")
    assert 0.35 <= (cin.missed * 10 >= cin.sessions_possible).mean() <= 0.55


def test_sdq_average_is_near_16(tables):
    sdq = tables["wellbeing"][lambda w: w.instrument == "SDQ"].copy()
    sdq["academic_year"] = academic_year(sdq.assessed_on)
    latest = (
        sdq.sort_values(["assessed_on", "assessment_id"])
        .groupby(["child_id", "academic_year"])
        .tail(1)
    )
    cla12 = tables["child_year"][lambda c: c.cohort == "CLA12"]
    scored = latest.merge(cla12, on=["child_id", "academic_year"]).merge(tables["child"])
    birth = pd.to_datetime(scored.birth_month)
    age = scored.academic_year.str[:4].astype(int) + 1 - birth.dt.year - (birth.dt.month > 3)
    assert 14.5 <= scored[age.between(4, 16)].score.astype(float).mean() <= 17.5


def test_about_700_looked_after_children_a_year(tables):
    child_year = tables["child_year"]
    per_year = child_year[child_year.cohort == "CLA"].groupby("academic_year").child_id.nunique()
    assert len(per_year) == 10
    assert per_year.between(600, 800).all()
    out_of_county = child_year[child_year.cohort == "CLA"].district_code.isna().mean()
    assert 0.05 <= out_of_county <= 0.13


def test_rows_stay_under_half_a_million(demo):
    _, counts = demo
    assert sum(counts.values()) < 500_000


# --- scale ---------------------------------------------------------------------------------------


def test_scale_two_doubles_children_with_unique_ids(tmp_path, demo):
    _, single = demo
    counts = write_demo_csvs(tmp_path, scale=2)
    assert 1.8 <= counts["child"] / single["child"] <= 2.2
    assert counts["area"] == 4 and counts["district"] == 7
    for table in ("child", "setting", "care_home", "award", "training_session"):
        frame = read(tmp_path, table)
        key = columns(table)[0]
        assert frame[key].is_unique, table
    award = read(tmp_path, "award")
    settings = read(tmp_path, "setting").set_index("setting_urn").local_authority
    lincolnshire = award[award.setting_urn.map(settings) == "Lincolnshire"]
    assert achieved(lincolnshire).setting_urn.nunique() == 84
