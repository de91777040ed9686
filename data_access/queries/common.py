"""Building blocks every query shares: the cohort's members with their area, and rate arithmetic.

A child's area in a year is the area of its setting's district where the setting is in county,
else of its home district (`child_year.district_code`), else 'out_of_county' (DESIGN §2), so
out-of-county children are counted, never dropped.
"""

from __future__ import annotations

from sqlalchemy import Case, ColumnElement, Select, case, cast, func, literal, select
from sqlalchemy import Float as SqlFloat
from sqlalchemy.orm import aliased

from data_access.codes import OUT_OF_COUNTY
from data_access.contracts import FilterSpec
from data_access.schema import AcademicYear, ChildYear, District, Setting

setting_district = aliased(District, name="setting_district")
home_district = aliased(District, name="home_district")

AREA = func.coalesce(setting_district.area_code, home_district.area_code, literal(OUT_OF_COUNTY))


def members(filters: FilterSpec, *, cohort: bool = True) -> Select:
    """Child-years in the filtered cohort: child_id, academic_year, area_code, setting_urn."""
    query = (
        select(
            ChildYear.child_id,
            ChildYear.academic_year,
            AREA.label("area_code"),
            ChildYear.setting_urn,
            ChildYear.year_group,
        )
        .select_from(ChildYear)
        .outerjoin(Setting, Setting.setting_urn == ChildYear.setting_urn)
        .outerjoin(setting_district, setting_district.district_code == Setting.district_code)
        .outerjoin(home_district, home_district.district_code == ChildYear.district_code)
    )
    if cohort:
        query = query.where(ChildYear.cohort == filters.cohort)
    return where_years(query, ChildYear.academic_year, filters).where(*setting_clauses(filters))


def setting_clauses(filters: FilterSpec) -> list[ColumnElement[bool]]:
    if filters.setting:
        return [ChildYear.setting_urn == filters.setting]
    if filters.phase:
        return [Setting.phase == filters.phase]
    return []


def where_years(query: Select, column, filters: FilterSpec) -> Select:
    if filters.year_from:
        query = query.where(column >= filters.year_from)
    if filters.year_to:
        query = query.where(column <= filters.year_to)
    return query


def where_areas(query: Select, column, filters: FilterSpec) -> Select:
    return query.where(column.in_(filters.areas)) if filters.areas else query


def within_year(date_column) -> ColumnElement[bool]:
    """Join condition putting a date in its academic year on the calendar table."""
    return date_column.between(AcademicYear.starts_on, AcademicYear.ends_on)


def count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.sum(case((condition, 1), else_=0))


def ratio(numerator, denominator, scale: float = 100.0) -> Case:
    """scale × numerator / denominator as a float, NULL where the denominator is 0."""
    return case(
        (denominator > 0, literal(scale) * cast(numerator, SqlFloat) / denominator),
        else_=None,
    )


def grouped(rows: Select, group_by_area: bool) -> tuple[list, list]:
    """The (select columns, group-by columns) for a per-year or per-year-and-area result."""
    keys = [rows.c.academic_year]
    if group_by_area:
        keys.append(rows.c.area_code)
    return keys, keys
