"""The programme's own measures: award stages as at a date, champions active, training reach.

A holder's stage on a date comes from the award row's dates (DESIGN §2):
achieved — outcome awarded and assessed by then; being assessed — submitted by then and not yet
assessed; working through — toolkit accessed by then, not yet submitted, and not withdrawn.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Select, and_, case, distinct, func, literal, or_, select, true, union_all

from data_access.contracts import FilterSpec
from data_access.queries.common import count_if, where_years
from data_access.schema import (
    AcademicYear,
    Award,
    CareHome,
    Champion,
    District,
    Setting,
    TrainingAttendance,
    TrainingSession,
)

LEVEL_RANK = case({"bronze": 1, "silver": 2, "gold": 3}, value=Award.level)
HOLDER = func.coalesce(Award.setting_urn, Award.care_home_id)
HOLDER_GROUP = func.coalesce(Setting.local_authority, CareHome.kind)
"""A setting's local authority (Caring Schools), or a home's kind (Learning Homes)."""


def _with_holders(query: Select) -> Select:
    return query.outerjoin(Setting, Setting.setting_urn == Award.setting_urn).outerjoin(
        CareHome, CareHome.care_home_id == Award.care_home_id
    )


def _stage_query(stage: str, condition) -> Select:
    query = select(
        Award.scheme,
        HOLDER_GROUP.label("holder_group"),
        literal(stage).label("stage"),
        func.count(distinct(HOLDER)).label("holders"),
    ).select_from(Award)
    return _with_holders(query).where(condition).group_by(Award.scheme, HOLDER_GROUP)


def award_stages(as_at: date) -> Select:
    """Distinct holders at each stage on `as_at`, by scheme and holder group."""
    achieved = and_(Award.outcome == "awarded", Award.assessed_on <= as_at)
    assessing = and_(
        Award.submitted_on <= as_at, or_(Award.assessed_on.is_(None), Award.assessed_on > as_at)
    )
    working = and_(
        Award.toolkit_accessed_on <= as_at,
        or_(Award.submitted_on.is_(None), Award.submitted_on > as_at),
        Award.outcome != "withdrawn",
    )
    parts = union_all(
        _stage_query("achieved", achieved),
        _stage_query("being_assessed", assessing),
        _stage_query("working_through", working),
    ).subquery("stages")
    return select(parts).order_by(parts.c.scheme, parts.c.holder_group, parts.c.stage)


def reassessed_higher(as_at: date) -> Select:
    """Holders awarded twice or more by `as_at` whose best level is above their first."""
    ranked = (
        select(
            Award.scheme,
            HOLDER.label("holder"),
            LEVEL_RANK.label("rank"),
            func.row_number()
            .over(partition_by=HOLDER, order_by=[Award.assessed_on, Award.award_id])
            .label("nth"),
        )
        .where(Award.outcome == "awarded", Award.assessed_on <= as_at)
        .subquery("ranked")
    )
    first = func.max(case((ranked.c.nth == 1, ranked.c.rank)))
    holders = (
        select(ranked.c.scheme, ranked.c.holder)
        .group_by(ranked.c.scheme, ranked.c.holder)
        .having(func.count() >= 2, func.max(ranked.c.rank) > first)
        .subquery("higher")
    )
    return select(holders.c.scheme, func.count().label("holders")).group_by(holders.c.scheme)


def champions_active(as_at: date) -> Select:
    """Education Champions in post on `as_at`, by kind."""
    in_post = and_(
        Champion.started_on <= as_at,
        or_(Champion.ended_on.is_(None), Champion.ended_on > as_at),
    )
    return (
        select(Champion.kind, func.count().label("champions"))
        .where(in_post)
        .group_by(Champion.kind)
        .order_by(Champion.kind)
    )


def training_reach(first: date, last: date) -> Select:
    """Sessions held, virtual sessions, time slots used and distinct people who attended."""
    held = TrainingSession.held_on.between(first, last)
    sessions = select(
        func.count().label("sessions"),
        count_if(TrainingSession.delivery == "virtual").label("virtual_sessions"),
        func.count(distinct(TrainingSession.time_slot)).label("time_slots"),
    ).where(held)
    people = (
        select(func.count(distinct(TrainingAttendance.attendee_id)).label("people"))
        .join(TrainingSession, TrainingSession.session_id == TrainingAttendance.session_id)
        .where(held, TrainingAttendance.attended == 1)
    )
    s, p = sessions.subquery("s"), people.subquery("p")
    return select(s.c.sessions, s.c.virtual_sessions, s.c.time_slots, p.c.people).select_from(
        s.join(p, true())
    )


def champions_by_year(filters: FilterSpec) -> Select:
    """Education Champions in post at the end of each academic year, by kind.

    Champions with no district are county-wide and count in every area.
    """
    in_post = and_(
        Champion.started_on <= AcademicYear.ends_on,
        or_(Champion.ended_on.is_(None), Champion.ended_on > AcademicYear.ends_on),
    )
    query = (
        select(AcademicYear.academic_year, Champion.kind, func.count().label("champions"))
        .join(Champion, in_post)
        .outerjoin(District, District.district_code == Champion.district_code)
        .where(AcademicYear.starts_on <= func.current_date())
        .group_by(AcademicYear.academic_year, Champion.kind)
        .order_by(AcademicYear.academic_year, Champion.kind)
    )
    if filters.areas:
        query = query.where(
            or_(District.area_code.in_(filters.areas), District.area_code.is_(None))
        )
    return where_years(query, AcademicYear.academic_year, filters)
