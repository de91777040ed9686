"""What the filter bar offers: the areas and years the warehouse holds."""

from __future__ import annotations

from sqlalchemy import Select, and_, func, literal, select

from data_access.contracts import FilterSpec
from data_access.queries.common import AREA, members, where_areas
from data_access.schema import Area, Attendance, Child, District, LoadRun, TableLoad
from data_access.summaries import OUTCOME_CELL

RECENT_IMPORTS = 20


def areas(filters: FilterSpec) -> Select:
    query = select(Area.area_code, Area.area_name).order_by(Area.area_name)
    return query.where(Area.area_code.in_(filters.areas)) if filters.areas else query


def years(_filters: FilterSpec) -> Select:
    """The years children are recorded in, from the summary every load refreshes (one row per
    cohort, year, area and phase, so this stays instant however many child-years there are)."""
    return select(OUTCOME_CELL.c.academic_year).distinct().order_by(OUTCOME_CELL.c.academic_year)


def freshness(_filters: FilterSpec) -> Select:
    """When each table was last loaded, from where, and how many rows it holds."""
    return select(
        TableLoad.table_name, TableLoad.loaded_at, TableLoad.source, TableLoad.rows_total
    ).order_by(TableLoad.table_name)


def import_runs(_filters: FilterSpec) -> Select:
    """The latest imports of national returns, newest first, with what each loaded or why not."""
    return (
        select(
            LoadRun.finished_at,
            LoadRun.importer,
            LoadRun.source,
            LoadRun.status,
            LoadRun.rows_read,
            LoadRun.rows_loaded,
            LoadRun.rows_set_aside,
            LoadRun.children,
            LoadRun.children_linked,
        )
        .order_by(LoadRun.run_id.desc())
        .limit(RECENT_IMPORTS)
    )


def districts(filters: FilterSpec) -> Select:
    """Each district with its quadrant, for the map."""
    query = (
        select(District.district_code, District.district_name, Area.area_code, Area.area_name)
        .join(Area, Area.area_code == District.area_code)
        .order_by(District.district_code)
    )
    return query.where(Area.area_code.in_(filters.areas)) if filters.areas else query


def pupil_level(filters: FilterSpec) -> Select:
    """The pseudonymous child-years behind the filters, with sessions possible and missed.

    No names or full dates of birth exist in the warehouse; birth is to the month only.
    """
    m = where_areas(members(filters), AREA, filters).subquery("m")
    sessions = (
        select(
            Attendance.child_id,
            Attendance.academic_year,
            func.sum(Attendance.sessions_possible).label("sessions_possible"),
            func.sum(Attendance.sessions_authorised + Attendance.sessions_unauthorised).label(
                "sessions_missed"
            ),
        )
        .group_by(Attendance.child_id, Attendance.academic_year)
        .subquery("sessions")
    )
    return (
        select(
            m.c.child_id,
            m.c.academic_year,
            literal(filters.cohort).label("cohort"),
            m.c.area_code,
            m.c.setting_urn,
            m.c.year_group,
            Child.sex,
            Child.birth_month,
            Child.sen,
            sessions.c.sessions_possible,
            sessions.c.sessions_missed,
        )
        .join(Child, Child.child_id == m.c.child_id)
        .outerjoin(
            sessions,
            and_(
                sessions.c.child_id == m.c.child_id, sessions.c.academic_year == m.c.academic_year
            ),
        )
        .order_by(m.c.academic_year, m.c.child_id)
    )
