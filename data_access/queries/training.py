"""The joint training programme (DESIGN §3): sessions, attendances, people reached, fill, feedback.

Every builder takes the filters and returns a `select()` aggregated in the warehouse, with tidy,
plainly named columns. An attendance is a `training_attendance` row with `attended = 1`; booked
places not taken up (`attended = 0`) are never counted, nor is any feedback recorded on them.

Filters
-------
- Years (`year_from`, `year_to`): a session belongs to the academic year its `held_on` falls in,
  found on the `academic_year` calendar; every measure counts only sessions in the range.
- Areas: two kinds of measure read them differently.
  *Session-based* measures (`by_month`, `by_slot_and_delivery`, `feedback`, and the session
  figures of `summary`) keep sessions held in a district of the chosen areas **plus sessions with
  no district**: virtual and county-wide sessions are open to every area, so every area's view
  includes them. Attendances there are everyone's at those sessions.
  *People-based* measures (`people_by_role`, `by_area`, `repeat_attendance`,
  `foster_household_reach`, and `people` in `summary`) keep attendees whose area is chosen,
  wherever the session was. An attendee's area is that of their setting's district, else of
  their care home's district; a setting or home with no district is 'out_of_county' (chosen by
  that area code); an attendee with neither a setting nor a home (social workers, the Virtual
  School, ...) is 'county_wide' and is kept whatever areas are chosen.
  A foster household's area in `foster_household_reach` is its own district's area.
- Cohort, setting phase and setting do not apply: training is for the adults around children, not
  for a cohort of children, so those filters are ignored here (the page shows them as not
  applying).

Disclosure: these figures count adults (carers, teachers, staff) and sessions, never children,
so they need no small-number suppression.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    Subquery,
    and_,
    case,
    cast,
    distinct,
    extract,
    func,
    literal,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.orm import aliased

from data_access.codes import OUT_OF_COUNTY
from data_access.contracts import FilterSpec
from data_access.queries.common import count_if, ratio, where_areas, where_years, within_year
from data_access.schema import (
    AcademicYear,
    CareHome,
    District,
    Setting,
    TrainingAttendance,
    TrainingSession,
)

COUNTY_WIDE = "county_wide"
"""The area of an attendee with neither a setting nor a care home (social workers, ...)."""

FOSTER_HOUSEHOLD = "foster_household"

BANDS = (("1 session", 1), ("2 sessions", 2), ("3 to 5 sessions", 3), ("6 or more", 4))
"""Repeat-attendance bands: (label, order)."""

session_district = aliased(District, name="session_district")
attendee_setting_district = aliased(District, name="attendee_setting_district")
attendee_home_district = aliased(District, name="attendee_home_district")
household_district = aliased(District, name="household_district")

ATTENDEE_AREA = case(
    (
        and_(TrainingAttendance.setting_urn.is_(None), TrainingAttendance.care_home_id.is_(None)),
        literal(COUNTY_WIDE),
    ),
    else_=func.coalesce(
        attendee_setting_district.area_code,
        attendee_home_district.area_code,
        literal(OUT_OF_COUNTY),
    ),
)
"""Setting's district area, else care home's, else out of county; county-wide with neither."""

HOUSEHOLD_AREA = func.coalesce(household_district.area_code, literal(OUT_OF_COUNTY))


ATTENDED = TrainingAttendance.attended + 0 == 1
"""Attended. Written `+ 0` so SQLite does not build an index on this two-valued column and then
pair every academic year with every attendance (SQLite's documented unary-plus hint; PostgreSQL
plans it the same either way)."""


def total(column) -> ColumnElement[int]:
    """A sum as an integer, 0 over no rows (PostgreSQL's sum of bigint would be numeric)."""
    return cast(func.coalesce(func.sum(column), 0), Integer)


# --- the two bases: filtered sessions, filtered attendances ---------------------------------


def sessions(filters: FilterSpec) -> Subquery:
    """One row per session kept by the session rule, with its attendances and feedback.

    Columns: session_id, academic_year, year, month, time_slot, delivery, capacity,
    attendances, responses (attendances with a feedback score) and score_total.
    """
    attended = TrainingAttendance.attended == 1
    per_session = (
        select(
            TrainingAttendance.session_id,
            count_if(attended).label("attendances"),
            count_if(and_(attended, TrainingAttendance.feedback_score.is_not(None))).label(
                "responses"
            ),
            func.sum(case((attended, TrainingAttendance.feedback_score))).label("score_total"),
        )
        .group_by(TrainingAttendance.session_id)
        .subquery("per_session")
    )
    query = (
        select(
            TrainingSession.session_id,
            AcademicYear.academic_year,
            cast(extract("year", TrainingSession.held_on), Integer).label("year"),
            cast(extract("month", TrainingSession.held_on), Integer).label("month"),
            TrainingSession.time_slot,
            TrainingSession.delivery,
            TrainingSession.capacity,
            func.coalesce(per_session.c.attendances, 0).label("attendances"),
            func.coalesce(per_session.c.responses, 0).label("responses"),
            per_session.c.score_total,
        )
        .select_from(TrainingSession)
        .join(AcademicYear, within_year(TrainingSession.held_on))
        .outerjoin(
            session_district, session_district.district_code == TrainingSession.district_code
        )
        .outerjoin(per_session, per_session.c.session_id == TrainingSession.session_id)
    )
    query = where_years(query, AcademicYear.academic_year, filters)
    if filters.areas:
        query = query.where(
            or_(
                session_district.area_code.in_(filters.areas),
                TrainingSession.district_code.is_(None),
            )
        )
    return query.subquery("sessions")


def attendances(filters: FilterSpec) -> Subquery:
    """One row per attendance (attended = 1) kept by the people rule, with the attendee's area.

    Columns: session_id, attendee_id, role, care_home_id, academic_year, area_code.
    """
    query = (
        select(
            TrainingAttendance.session_id,
            TrainingAttendance.attendee_id,
            TrainingAttendance.role,
            TrainingAttendance.care_home_id,
            AcademicYear.academic_year,
            ATTENDEE_AREA.label("area_code"),
        )
        .select_from(TrainingAttendance)
        .join(TrainingSession, TrainingSession.session_id == TrainingAttendance.session_id)
        .join(AcademicYear, within_year(TrainingSession.held_on))
        .outerjoin(Setting, Setting.setting_urn == TrainingAttendance.setting_urn)
        .outerjoin(
            attendee_setting_district,
            attendee_setting_district.district_code == Setting.district_code,
        )
        .outerjoin(CareHome, CareHome.care_home_id == TrainingAttendance.care_home_id)
        .outerjoin(
            attendee_home_district, attendee_home_district.district_code == CareHome.district_code
        )
        .where(ATTENDED)
    )
    query = where_years(query, AcademicYear.academic_year, filters)
    if filters.areas:
        query = query.where(ATTENDEE_AREA.in_((*filters.areas, COUNTY_WIDE)))
    return query.subquery("attendances")


def _fill_rate(s: Subquery) -> ColumnElement[float]:
    """Attendances / capacity × 100, both over the sessions that have a capacity."""
    capped = func.sum(case((s.c.capacity.is_not(None), s.c.attendances), else_=0))
    return ratio(capped, func.sum(s.c.capacity))


def _mean_score(s: Subquery) -> ColumnElement[float]:
    return ratio(func.sum(s.c.score_total), func.sum(s.c.responses), scale=1.0)


# --- session-based measures -----------------------------------------------------------------


def by_month(filters: FilterSpec) -> Select:
    """Per calendar month: sessions, attendances, capacity and fill rate (%).

    `capacity` sums the sessions that state one (NULL if none in the month); `fill_rate` is over
    those sessions only, so a session with no capacity adds its attendances but not to the rate.
    """
    s = sessions(filters)
    return (
        select(
            s.c.year,
            s.c.month,
            func.count().label("sessions"),
            total(s.c.attendances).label("attendances"),
            cast(func.sum(s.c.capacity), Integer).label("capacity"),
            _fill_rate(s).label("fill_rate"),
        )
        .group_by(s.c.year, s.c.month)
        .order_by(s.c.year, s.c.month)
    )


def by_slot_and_delivery(filters: FilterSpec) -> Select:
    """Sessions and attendances by time slot (daytime, evening, weekend) and delivery."""
    s = sessions(filters)
    return (
        select(
            s.c.time_slot,
            s.c.delivery,
            func.count().label("sessions"),
            total(s.c.attendances).label("attendances"),
        )
        .group_by(s.c.time_slot, s.c.delivery)
        .order_by(s.c.time_slot, s.c.delivery)
    )


def feedback(filters: FilterSpec) -> Select:
    """Per academic year: feedback responses and their mean score (1–5, NULL with none).

    Every year with a session is listed, so a year without feedback shows 0 responses.
    """
    s = sessions(filters)
    return (
        select(
            s.c.academic_year,
            total(s.c.responses).label("responses"),
            _mean_score(s).label("mean_score"),
        )
        .group_by(s.c.academic_year)
        .order_by(s.c.academic_year)
    )


# --- people-based measures ------------------------------------------------------------------


def people_by_role(filters: FilterSpec) -> Select:
    """Distinct people who attended, and their attendances, by the role they attended in."""
    a = attendances(filters)
    return (
        select(
            a.c.role,
            func.count(distinct(a.c.attendee_id)).label("people"),
            func.count().label("attendances"),
        )
        .group_by(a.c.role)
        .order_by(a.c.role)
    )


def by_area(filters: FilterSpec) -> Select:
    """Distinct people and attendances by the attendee's area (see the module docstring).

    A person whose setting or home changed between sessions counts in each area they attended
    from, so areas can add up to more people than the total.
    """
    a = attendances(filters)
    return (
        select(
            a.c.area_code,
            func.count(distinct(a.c.attendee_id)).label("people"),
            func.count().label("attendances"),
        )
        .group_by(a.c.area_code)
        .order_by(a.c.area_code)
    )


def _bands() -> Subquery:
    parts = [
        select(
            cast(literal(label), String).label("band"),
            cast(literal(order), Integer).label("band_order"),
        )
        for label, order in BANDS
    ]
    return union_all(*parts).subquery("bands")


def repeat_attendance(filters: FilterSpec) -> Select:
    """People by how many sessions they attended in the range; every band listed, 0 if empty."""
    a = attendances(filters)
    per_person = (
        select(a.c.attendee_id, func.count().label("attended"))
        .group_by(a.c.attendee_id)
        .subquery("per_person")
    )
    n = per_person.c.attended
    band_order = case((n == 1, 1), (n == 2, 2), (n <= 5, 3), else_=4)
    counted = (
        select(band_order.label("band_order"), func.count().label("people"))
        .select_from(per_person)
        .group_by(band_order)
        .subquery("counted")
    )
    bands = _bands()
    return (
        select(
            bands.c.band,
            bands.c.band_order,
            func.coalesce(counted.c.people, 0).label("people"),
        )
        .select_from(bands)
        .outerjoin(counted, counted.c.band_order == bands.c.band_order)
        .order_by(bands.c.band_order)
    )


def foster_household_reach(filters: FilterSpec) -> Select:
    """Per academic year with sessions: the share (%) of foster households reached.

    Every year with a session in the range is listed; with no households, value is NULL.

    Households: care homes of kind foster_household approved on or before the year's end (or
    with no approval date), in the chosen areas. Reached: at least one attendee carrying the
    household's care_home_id attended a session in the 12 months up to the year's end. Academic
    years are exactly 12 months on the calendar (1 September to 31 August), so that window —
    (previous year's ends_on, this year's ends_on] — is the academic year itself, and a session
    joins its year with `within_year`. Attendance before a household's approval does not count
    for a year it was not yet approved in (nor carry forward).
    """
    years = (
        select(AcademicYear.academic_year, AcademicYear.ends_on)
        .join(TrainingSession, within_year(TrainingSession.held_on))
        .distinct()
    )
    years = where_years(years, AcademicYear.academic_year, filters).subquery("years")
    approved = or_(CareHome.approved_on.is_(None), CareHome.approved_on <= years.c.ends_on)
    households = (
        select(years.c.academic_year, CareHome.care_home_id)
        .select_from(years)
        .join(CareHome, and_(CareHome.kind == FOSTER_HOUSEHOLD, approved))
        .outerjoin(household_district, household_district.district_code == CareHome.district_code)
    )
    households = where_areas(households, HOUSEHOLD_AREA, filters).subquery("households")
    reached = (
        select(TrainingAttendance.care_home_id, AcademicYear.academic_year)
        .join(TrainingSession, TrainingSession.session_id == TrainingAttendance.session_id)
        .join(AcademicYear, within_year(TrainingSession.held_on))
        .where(ATTENDED, TrainingAttendance.care_home_id.is_not(None))
        .distinct()
        .subquery("reached")
    )
    h = households.c
    count_reached = func.count(reached.c.care_home_id)
    count_households = func.count(h.care_home_id)
    return (
        select(
            years.c.academic_year,
            count_reached.label("households_reached"),
            count_households.label("households"),
            ratio(count_reached, count_households).label("value"),
        )
        .select_from(years)
        .outerjoin(households, h.academic_year == years.c.academic_year)
        .outerjoin(
            reached,
            and_(
                reached.c.care_home_id == h.care_home_id,
                reached.c.academic_year == h.academic_year,
            ),
        )
        .group_by(years.c.academic_year)
        .order_by(years.c.academic_year)
    )


# --- the Overview's one row -----------------------------------------------------------------


def summary(filters: FilterSpec) -> Select:
    """One row for the whole range: sessions, attendances, people, fill_rate, mean_feedback.

    sessions, attendances, fill_rate and mean_feedback follow the session rule (they agree with
    `by_month` and `feedback`); people follows the people rule (it agrees with `by_area`). With
    no area chosen both rules keep everything. Over no sessions: zeros and NULL rates.
    """
    s = sessions(filters)
    session_figures = select(
        func.count().label("sessions"),
        total(s.c.attendances).label("attendances"),
        _fill_rate(s).label("fill_rate"),
        _mean_score(s).label("mean_feedback"),
    ).subquery("session_figures")
    a = attendances(filters)
    people = select(func.count(distinct(a.c.attendee_id)).label("people")).subquery("people")
    return select(
        session_figures.c.sessions,
        session_figures.c.attendances,
        people.c.people,
        session_figures.c.fill_rate,
        session_figures.c.mean_feedback,
    ).select_from(session_figures.join(people, true()))


TRAINING_QUERIES: dict[str, Callable[[FilterSpec], Select]] = {
    "training_by_month": by_month,
    "training_people_by_role": people_by_role,
    "training_by_slot_delivery": by_slot_and_delivery,
    "training_by_area": by_area,
    "training_repeat": repeat_attendance,
    "training_feedback": feedback,
    "training_reach": foster_household_reach,
    "training_summary": summary,
}
"""Every training dataset's builder, by dataset name. They count adults, so none is suppressed."""
