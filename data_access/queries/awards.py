"""The Caring2Learn awards (DESIGN §3 programme measures), each a `select()` aggregated in SQL.

A *holder* is a setting (the Caring Schools Award, `caring_schools`) or a care home (the Learning
Homes award, `learning_homes`). A holder's area is the area of its own district, or
'out_of_county' when it has none (North Lincolnshire schools, homes placed outside the county).
An award row follows one application through its stages; a holder may have several rows (a
failed attempt, a withdrawal, a reassessment at a higher level).

Filters, for every dataset but coverage: `areas` keep holders in those areas; `setting` keeps
that setting's rows only (so no Learning Homes rows); otherwise `phase` keeps Caring Schools
holders of that phase and leaves Learning Homes alone; `year_from`/`year_to` keep rows whose
*relevant date* (named in each builder) falls in those academic years. The cohort does not
apply: these datasets count settings and homes, not children. Coverage counts children and
takes every filter the way `members()` does.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import (
    ColumnElement,
    Float,
    Integer,
    Select,
    Subquery,
    and_,
    case,
    cast,
    distinct,
    exists,
    func,
    literal,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import aliased
from sqlalchemy.sql.functions import FunctionElement

from data_access.codes import OUT_OF_COUNTY
from data_access.contracts import FilterSpec
from data_access.queries.common import (
    AREA,
    count_if,
    members,
    ratio,
    where_areas,
    where_years,
    within_year,
)
from data_access.queries.programme import HOLDER, LEVEL_RANK
from data_access.schema import AcademicYear, Award, CareHome, ChildYear, District, Setting

CARING_SCHOOLS = "caring_schools"
LEARNING_HOMES = "learning_homes"
AWARDED = "awarded"
HOME_KINDS = {"foster_household": "Foster household", "childrens_home": "Children's home"}


class DaysBetween(FunctionElement):
    """Whole days from the first date to the second (second minus first), on any backend."""

    type = Integer()
    inherit_cache = True
    name = "days_between"


@compiles(DaysBetween)
def _days_by_subtraction(element, compiler, **kw) -> str:
    """PostgreSQL (and the SQL standard's date arithmetic): date - date is a whole number."""
    first, second = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"({second} - {first})"


@compiles(DaysBetween, "sqlite")
def _days_by_julian_day(element, compiler, **kw) -> str:
    first, second = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"CAST(ROUND(julianday({second}) - julianday({first})) AS INTEGER)"


def level_order(level) -> ColumnElement[int]:
    """bronze 1, silver 2, gold 3: for ordering by level rather than alphabetically."""
    return case({"bronze": 1, "silver": 2, "gold": 3}, value=level)


holder_district = aliased(District, name="holder_district")

HOLDER_AREA = func.coalesce(holder_district.area_code, literal(OUT_OF_COUNTY))
HOLDER_KIND = case((Award.scheme == CARING_SCHOOLS, literal("setting")), else_=CareHome.kind)
PHASE_OR_KIND = func.coalesce(Setting.phase, CareHome.kind)
"""A setting's phase (Caring Schools), or a home's kind (Learning Homes)."""
HOLDER_NAME = func.coalesce(
    Setting.setting_name,
    case(HOME_KINDS, value=CareHome.kind, else_=CareHome.kind)
    .concat(" ")
    .concat(CareHome.care_home_id),
)
"""A setting's name; a care home has none in the warehouse, so its kind and id."""


def holder_clauses(filters: FilterSpec) -> list[ColumnElement[bool]]:
    """The setting, else the phase, filter on award rows (mirrors `common.setting_clauses`)."""
    if filters.setting:
        return [Award.setting_urn == filters.setting]
    if filters.phase:
        return [or_(Award.scheme != CARING_SCHOOLS, Setting.phase == filters.phase)]
    return []


def award_rows(filters: FilterSpec) -> Subquery:
    """Every award row of the filtered holders, with the holder's id, kind, name, area and
    phase (or kind) and the level's rank; no year filter yet (each dataset has its own date)."""
    query = (
        select(
            Award.award_id,
            Award.scheme,
            HOLDER.label("holder_id"),
            HOLDER_KIND.label("holder_kind"),
            HOLDER_NAME.label("holder_name"),
            HOLDER_AREA.label("area_code"),
            PHASE_OR_KIND.label("phase_or_kind"),
            Award.toolkit_accessed_on,
            Award.portfolio_started_on,
            Award.submitted_on,
            Award.assessed_on,
            Award.level,
            LEVEL_RANK.label("level_rank"),
            Award.outcome,
        )
        .select_from(Award)
        .outerjoin(Setting, Setting.setting_urn == Award.setting_urn)
        .outerjoin(CareHome, CareHome.care_home_id == Award.care_home_id)
        .outerjoin(
            holder_district,
            holder_district.district_code
            == func.coalesce(Setting.district_code, CareHome.district_code),
        )
    )
    query = where_areas(query, HOLDER_AREA, filters).where(*holder_clauses(filters))
    return query.subquery("award_rows")


def dated(query: Select, date_column, filters: FilterSpec, *, keep_undated: bool = False) -> Select:
    """Put each row in the academic year of `date_column` and keep the filtered years.

    With `keep_undated`, rows without the date stay in when no year is filtered (their year is
    NULL); a year filter always drops them, since they cannot be placed in a year.
    """
    join = query.outerjoin if keep_undated else query.join
    return where_years(
        join(AcademicYear, within_year(date_column)), AcademicYear.academic_year, filters
    )


STAGES = ("toolkit_accessed", "portfolio_started", "submitted", "assessed", "awarded")


def funnel(filters: FilterSpec) -> Select:
    """Distinct holders that reached each stage, by scheme and holder kind.

    A stage is reached when its date is filled in ('awarded': the outcome is awarded). Relevant
    date: `toolkit_accessed_on` (a row with none counts only when no year is filtered). A holder's
    kind with rows but nobody at a stage shows 0 there, so each funnel has its five stages.
    """
    rows = award_rows(filters)
    kept = dated(select(rows), rows.c.toolkit_accessed_on, filters, keep_undated=True).subquery(
        "kept"
    )
    reached = {
        "toolkit_accessed": kept.c.toolkit_accessed_on.is_not(None),
        "portfolio_started": kept.c.portfolio_started_on.is_not(None),
        "submitted": kept.c.submitted_on.is_not(None),
        "assessed": kept.c.assessed_on.is_not(None),
        "awarded": kept.c.outcome == AWARDED,
    }
    keys = [kept.c.scheme, kept.c.holder_kind]
    parts = [
        select(
            *keys,
            literal(stage).label("stage"),
            literal(order).label("stage_order"),
            func.count(distinct(case((reached[stage], kept.c.holder_id)))).label("holders"),
        ).group_by(*keys)
        for order, stage in enumerate(STAGES, start=1)
    ]
    stages = union_all(*parts).subquery("stages")
    return select(stages).order_by(stages.c.scheme, stages.c.holder_kind, stages.c.stage_order)


def levels_over_time(filters: FilterSpec) -> Select:
    """Awards made (outcome awarded) per academic year of `assessed_on`, by scheme and level, with
    the running total per scheme and level.

    Every year from the first to the last award appears for every scheme and level awarded (0
    where none), and the running total counts awards from the first year on, also those before
    `year_from`, so it reads "awards made to date".
    """
    rows = award_rows(filters)
    per_year = (
        select(
            AcademicYear.academic_year, rows.c.scheme, rows.c.level, func.count().label("awarded")
        )
        .select_from(rows)
        .join(AcademicYear, within_year(rows.c.assessed_on))
        .where(rows.c.outcome == AWARDED)
        .group_by(AcademicYear.academic_year, rows.c.scheme, rows.c.level)
        .cte("per_year")
    )
    first = select(func.min(per_year.c.academic_year)).scalar_subquery()
    last = select(func.max(per_year.c.academic_year)).scalar_subquery()
    span = (
        select(AcademicYear.academic_year)
        .where(AcademicYear.academic_year.between(first, last))
        .subquery("span")
    )
    kinds = select(per_year.c.scheme, per_year.c.level).distinct().subquery("kinds")
    awarded = func.coalesce(per_year.c.awarded, 0)
    running = func.sum(awarded).over(
        partition_by=[kinds.c.scheme, kinds.c.level], order_by=span.c.academic_year
    )
    grid = (
        select(
            span.c.academic_year,
            kinds.c.scheme,
            kinds.c.level,
            cast(awarded, Integer).label("awarded"),
            cast(running, Integer).label("cumulative"),
        )
        .select_from(span.join(kinds, true()))
        .outerjoin(
            per_year,
            and_(
                per_year.c.academic_year == span.c.academic_year,
                per_year.c.scheme == kinds.c.scheme,
                per_year.c.level.is_not_distinct_from(kinds.c.level),
            ),
        )
        .subquery("grid")
    )
    query = select(grid)
    return where_years(query, grid.c.academic_year, filters).order_by(
        grid.c.academic_year, grid.c.scheme, level_order(grid.c.level)
    )


def latest_awards(filters: FilterSpec) -> Subquery:
    """Each holder's latest award (outcome awarded) by `assessed_on`, the relevant date; among
    awards on the same day the higher level. Undated awards count only when no year is filtered
    and then rank last."""
    rows = award_rows(filters)
    nth = func.row_number().over(
        partition_by=[rows.c.scheme, rows.c.holder_id],
        order_by=[
            rows.c.assessed_on.desc().nulls_last(),
            rows.c.level_rank.desc(),
            rows.c.award_id.desc(),
        ],
    )
    ranked = dated(
        select(rows, nth.label("nth")), rows.c.assessed_on, filters, keep_undated=True
    ).where(rows.c.outcome == AWARDED)
    ranked = ranked.subquery("ranked")
    return select(ranked).where(ranked.c.nth == 1).subquery("latest")


def by_area_and_phase(filters: FilterSpec) -> Select:
    """Holders by scheme, holder area, phase (a home's kind) and the level of their latest award."""
    latest = latest_awards(filters)
    keys = [latest.c.scheme, latest.c.area_code, latest.c.phase_or_kind, latest.c.level]
    return (
        select(
            latest.c.scheme,
            latest.c.area_code,
            latest.c.phase_or_kind.label("phase"),
            latest.c.level,
            func.count(distinct(latest.c.holder_id)).label("holders"),
        )
        .group_by(*keys)
        .order_by(*keys[:3], level_order(latest.c.level))
    )


def time_to_award(filters: FilterSpec) -> Select:
    """Days from toolkit access to assessment for awards made, per scheme and academic year of
    `assessed_on`. Awards without a toolkit date cannot be timed and are left out."""
    rows = award_rows(filters)
    days = DaysBetween(rows.c.toolkit_accessed_on, rows.c.assessed_on)
    keys = [rows.c.scheme, AcademicYear.academic_year]
    query = (
        select(
            *keys,
            func.count().label("awards"),
            cast(func.avg(days), Float).label("mean_days"),
            func.min(days).label("min_days"),
            func.max(days).label("max_days"),
        )
        .select_from(rows)
        .join(AcademicYear, within_year(rows.c.assessed_on))
        .where(rows.c.outcome == AWARDED, rows.c.toolkit_accessed_on.is_not(None))
        .group_by(*keys)
    )
    return where_years(query, AcademicYear.academic_year, filters).order_by(*keys)


def reassessments(filters: FilterSpec) -> Select:
    """Holders reassessed at a higher level, per scheme and academic year of the higher award's
    `assessed_on`: an award made above the level of an award the holder was made earlier (on an
    earlier day, in any year). A holder counts once a year however many steps it climbed."""
    rows = award_rows(filters)
    earlier = aliased(Award, name="earlier")
    climbed = exists().where(
        earlier.scheme == rows.c.scheme,
        func.coalesce(earlier.setting_urn, earlier.care_home_id) == rows.c.holder_id,
        earlier.outcome == AWARDED,
        earlier.assessed_on < rows.c.assessed_on,
        level_order(earlier.level) < rows.c.level_rank,
    )
    keys = [rows.c.scheme, AcademicYear.academic_year]
    query = (
        select(*keys, func.count(distinct(rows.c.holder_id)).label("holders"))
        .select_from(rows)
        .join(AcademicYear, within_year(rows.c.assessed_on))
        .where(rows.c.outcome == AWARDED, climbed)
        .group_by(*keys)
    )
    return where_years(query, AcademicYear.academic_year, filters).order_by(*keys)


def coverage(filters: FilterSpec) -> Select:
    """Children in the cohort whose setting (Caring Schools) or care home (Learning Homes) held an
    award on the first day of the academic year, of the children with a setting (or a home).

    An award is held from its `assessed_on` when the outcome is awarded; the cohort, phase,
    setting, years and areas apply to the children as in `members()`; holders are not filtered.
    """
    children = where_areas(members(filters).add_columns(ChildYear.care_home_id), AREA, filters)
    m = children.subquery("m")

    def share(scheme: str, holder, awarded_holder) -> Select:
        # One scheme's holders by their own key column, so the join below is a plain equality
        # that SQLite can index (a joint (scheme, holder) subquery made it scan per child).
        first_awards = (
            select(
                awarded_holder.label("holder_id"),
                func.min(Award.assessed_on).label("first_awarded"),
            )
            .where(Award.outcome == AWARDED, Award.scheme == scheme)
            .group_by(awarded_holder)
            .subquery(f"first_{scheme}")
        )
        held = count_if(first_awards.c.first_awarded <= AcademicYear.starts_on)
        return (
            select(
                m.c.academic_year,
                literal(scheme).label("scheme"),
                held.label("numerator"),
                func.count().label("denominator"),
                ratio(held, func.count()).label("value"),
            )
            .select_from(m)
            .join(AcademicYear, AcademicYear.academic_year == m.c.academic_year)
            .outerjoin(first_awards, first_awards.c.holder_id == holder)
            .where(holder.is_not(None))
            .group_by(m.c.academic_year)
        )

    shares = union_all(
        share(CARING_SCHOOLS, m.c.setting_urn, Award.setting_urn),
        share(LEARNING_HOMES, m.c.care_home_id, Award.care_home_id),
    ).subquery("shares")
    return select(shares).order_by(shares.c.academic_year, shares.c.scheme)


def holders(filters: FilterSpec) -> Select:
    """One row per holder with its latest award (see `latest_awards`), newest first."""
    latest = latest_awards(filters)
    return select(
        latest.c.scheme,
        latest.c.holder_id,
        latest.c.holder_name,
        latest.c.holder_kind,
        latest.c.area_code,
        latest.c.phase_or_kind,
        latest.c.level,
        latest.c.assessed_on.label("awarded_on"),
    ).order_by(latest.c.assessed_on.desc().nulls_last(), latest.c.scheme, latest.c.holder_id)


AWARD_QUERIES: dict[str, tuple[Callable[[FilterSpec], Select], tuple[str, ...]]] = {
    "award_funnel": (funnel, ()),
    "award_levels": (levels_over_time, ()),
    "award_by_area_phase": (by_area_and_phase, ()),
    "award_time_to_award": (time_to_award, ()),
    "award_reassessments": (reassessments, ()),
    "award_coverage": (coverage, ("numerator", "denominator")),
    "award_holders": (holders, ()),
}
"""Every award dataset: (builder, the columns that count children). Only coverage counts
children; the others count settings and homes, which are not suppressed."""
