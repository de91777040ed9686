"""The naive peer: each page's main numbers computed the way a typical Dash app does it.

Every request reads the whole tables it needs into pandas (`pd.read_sql` of `SELECT *`), then
merges, filters and groups in pandas. It computes fewer numbers than the app's callbacks do (listed
in `PEERS`), draws no figures and serialises nothing, so the speed-up the report gives over it
is an understatement. `mismatches` checks its numbers equal the app's datasets for a filter, so
the comparison is between two ways of getting the same answer.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Connection, select

from dashboard.filters import Filters
from data_access.codes import OUT_OF_COUNTY
from data_access.schema import Base

Tables = dict[str, pd.DataFrame]
CHILDREN = ("child_year", "setting", "district")
COUNTY_WIDE = "county_wide"


@dataclass(frozen=True)
class Result:
    """A naive frame and the app's dataset (read for the same filters) it must equal."""

    dataset: str
    filters: Filters
    frame: pd.DataFrame


def read(connection: Connection, *names: str) -> Tables:
    return {name: pd.read_sql(select(Base.metadata.tables[name]), connection) for name in names}


def academic_year(dates: pd.Series) -> pd.Series:
    """1 September to 31 August: 2020-10-01 → '2020/21'. `dates` holds no missing values."""
    when = pd.to_datetime(dates)
    start = when.dt.year - (when.dt.month < 9).astype(int)
    return start.astype(str) + "/" + ((start + 1) % 100).astype(str).str.zfill(2)


def in_years(frame: pd.DataFrame, column: str, filters: Filters) -> pd.DataFrame:
    keep = pd.Series(True, index=frame.index)
    if filters.year_from:
        keep &= frame[column] >= filters.year_from
    if filters.year_to:
        keep &= frame[column] <= filters.year_to
    return frame[keep]


def in_areas(frame: pd.DataFrame, filters: Filters, *always: str) -> pd.DataFrame:
    if not filters.areas:
        return frame
    return frame[frame["area_code"].isin((*filters.areas, *always))]


def area_of(tables: Tables, district_codes: pd.Series) -> pd.Series:
    return district_codes.map(tables["district"].set_index("district_code")["area_code"])


def area_of_place(tables: Tables, setting_urns: pd.Series, otherwise: pd.Series) -> pd.Series:
    """The area of the setting's district, else of the district `otherwise` gives, else out of
    county: the rule for children (their home district) and for award holders and people
    trained (their care home's district)."""
    setting_district = setting_urns.map(tables["setting"].set_index("setting_urn")["district_code"])
    area = area_of(tables, setting_district).fillna(area_of(tables, otherwise))
    return area.fillna(OUT_OF_COUNTY)


def home_district(tables: Tables, care_home_ids: pd.Series) -> pd.Series:
    return care_home_ids.map(tables["care_home"].set_index("care_home_id")["district_code"])


def members(tables: Tables, filters: Filters) -> pd.DataFrame:
    """Child-years in the cohort with their area (the setting's district's, else the home's)."""
    rows = tables["child_year"]
    rows = in_years(rows[rows["cohort"] == filters.cohort], "academic_year", filters)
    phases = tables["setting"].set_index("setting_urn")["phase"]
    rows = rows.assign(
        area_code=area_of_place(tables, rows["setting_urn"], rows["district_code"]),
        phase=rows["setting_urn"].map(phases),
    )
    if filters.setting:
        rows = rows[rows["setting_urn"] == filters.setting]
    elif filters.phase:
        rows = rows[rows["phase"] == filters.phase]
    return in_areas(rows, filters)


def rates(groups: pd.DataFrame, keys: list[str], numerator: str, denominator: str) -> pd.DataFrame:
    rows = groups[keys].assign(numerator=groups[numerator], denominator=groups[denominator])
    rows["value"] = 100.0 * rows["numerator"] / rows["denominator"].where(rows["denominator"] > 0)
    return rows


def keys_for(by_area: bool) -> list[str]:
    return ["academic_year", "area_code"] if by_area else ["academic_year"]


def absence(tables: Tables, filters: Filters, by_area: bool) -> dict[str, pd.DataFrame]:
    """Overall, persistent (missed ≥ 10%) and severe (≥ 50%) absence per year (and area)."""
    m = members(tables, filters)[["child_id", "academic_year", "area_code"]]
    rows = m.merge(tables["attendance"], on=["child_id", "academic_year"])
    rows["missed"] = rows["sessions_authorised"] + rows["sessions_unauthorised"]
    pupil = rows.groupby(["child_id", *keys_for(True)], as_index=False)[
        ["sessions_possible", "missed"]
    ].sum()
    pupil = pupil[pupil["sessions_possible"] > 0]
    pupil = pupil.assign(
        persistent=pupil["missed"] * 10 >= pupil["sessions_possible"],
        severe=pupil["missed"] * 2 >= pupil["sessions_possible"],
    )
    keys = keys_for(by_area)
    groups = pupil.groupby(keys, as_index=False).agg(
        missed=("missed", "sum"),
        possible=("sessions_possible", "sum"),
        pupils=("child_id", "size"),
        persistent=("persistent", "sum"),
        severe=("severe", "sum"),
    )
    return {
        "overall_absence": rates(groups, keys, "missed", "possible"),
        "persistent_absence": rates(groups, keys, "persistent", "pupils"),
        "severe_absence": rates(groups, keys, "severe", "pupils"),
    }


def suspension_rate(tables: Tables, filters: Filters, by_area: bool) -> pd.DataFrame:
    """Pupils on a setting's roll with at least one suspension in the year, per 100 pupils."""
    m = members(tables, filters)
    m = m[m["setting_urn"].notna()]
    events = tables["exclusion"]
    events = events[events["category"] == "suspension"]
    suspended = events.assign(academic_year=academic_year(events["start_date"]))
    suspended = suspended[["child_id", "academic_year"]].drop_duplicates().assign(flag=1)
    m = m.merge(suspended, on=["child_id", "academic_year"], how="left")
    keys = keys_for(by_area)
    groups = m.groupby(keys, as_index=False).agg(
        suspended=("flag", "sum"), pupils=("child_id", "size")
    )
    return rates(groups, keys, "suspended", "pupils")


def ks2_expected(tables: Tables, filters: Filters, by_area: bool) -> pd.DataFrame:
    m = members(tables, filters)
    results = tables["attainment"]
    results = results[(results["key_stage"] == "KS2") & results["rwm_expected"].notna()]
    rows = m.merge(results, on=["child_id", "academic_year"])
    keys = keys_for(by_area)
    groups = rows.groupby(keys, as_index=False).agg(
        reached=("rwm_expected", "sum"), pupils=("rwm_expected", "size")
    )
    return rates(groups, keys, "reached", "pupils")


def awards_made(tables: Tables, filters: Filters) -> pd.DataFrame:
    """Awards made per academic year (of the assessment), scheme and level."""
    awards = tables["award"]
    homes = home_district(tables, awards["care_home_id"])
    awards = awards.assign(
        area_code=area_of_place(tables, awards["setting_urn"], homes),
        phase=awards["setting_urn"].map(tables["setting"].set_index("setting_urn")["phase"]),
    )
    awards = in_areas(awards, filters)
    if filters.setting:
        awards = awards[awards["setting_urn"] == filters.setting]
    elif filters.phase:
        awards = awards[(awards["scheme"] != "caring_schools") | (awards["phase"] == filters.phase)]
    awards = awards[(awards["outcome"] == "awarded") & awards["assessed_on"].notna()]
    awards = in_years(
        awards.assign(academic_year=academic_year(awards["assessed_on"])), "academic_year", filters
    )
    counts = awards.groupby(["academic_year", "scheme", "level"], dropna=False).size()
    return counts.rename("awarded").reset_index()


def sessions(tables: Tables, filters: Filters) -> pd.DataFrame:
    """Training sessions in the years and areas (sessions with no district count everywhere),
    with their attendances."""
    held = tables["training_session"]
    held = in_years(
        held.assign(academic_year=academic_year(held["held_on"])), "academic_year", filters
    )
    if filters.areas:
        area = area_of(tables, held["district_code"])
        held = held[area.isin(filters.areas) | held["district_code"].isna()]
    came = tables["training_attendance"]
    per_session = came[came["attended"] == 1].groupby("session_id").size()
    return held.assign(attendances=held["session_id"].map(per_session).fillna(0).astype(int))


def training_by_month(tables: Tables, filters: Filters) -> pd.DataFrame:
    held = sessions(tables, filters)
    when = pd.to_datetime(held["held_on"])
    groups = held.assign(year=when.dt.year, month=when.dt.month).groupby(["year", "month"])
    return pd.DataFrame(
        {
            "sessions": groups.size(),
            "attendances": groups["attendances"].sum(),
            "capacity": groups["capacity"].sum(min_count=1),
        }
    ).reset_index()


def people_reached(tables: Tables, filters: Filters) -> int:
    """Distinct people who attended, kept by their area (setting's, else home's district)."""
    came = tables["training_attendance"]
    came = came[came["attended"] == 1]
    held = tables["training_session"].set_index("session_id")["held_on"]
    came = came.assign(academic_year=academic_year(came["session_id"].map(held)))
    homes = home_district(tables, came["care_home_id"])
    area = area_of_place(tables, came["setting_urn"], homes)
    nobody = came["setting_urn"].isna() & came["care_home_id"].isna()
    came = came.assign(area_code=area.where(~nobody, COUNTY_WIDE))
    came = in_areas(in_years(came, "academic_year", filters), filters, COUNTY_WIDE)
    return came["attendee_id"].nunique()


def training_summary(tables: Tables, filters: Filters) -> pd.DataFrame:
    held = sessions(tables, filters)
    return pd.DataFrame(
        {
            "sessions": [len(held)],
            "attendances": [held["attendances"].sum()],
            "people": [people_reached(tables, filters)],
        }
    )
