"""Outcome measures read from the summary tables: a small GROUP BY per request, whatever the volume.

Every measure is a ratio of two sums over `outcome_cell` (counts and totals by cohort, year, area
and phase), grouped by year and, when asked, area. A setting filter sums that setting's
`outcome_child_year` rows into the same cells first. A (year, area) group appears only where
some child counts towards the measure, as it would if the children were counted one by one.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import ColumnElement, Select, Subquery, func, select

from data_access.contracts import FilterSpec
from data_access.queries.common import ratio, where_areas, where_years
from data_access.queries.outcomes_pupil import cell_sums
from data_access.summaries import CARE_LEAVER_CELL, OUTCOME_CELL, OUTCOME_CHILD_YEAR

Builder = Callable[..., Select]


def outcome_cells(filters: FilterSpec) -> Subquery:
    """The filtered cohort's cells: `outcome_cell` rows, or one setting's children summed alike."""
    if filters.setting:
        pupils = OUTCOME_CHILD_YEAR
        keys = [pupils.c.academic_year, pupils.c.area_code]
        query = (
            select(*keys, *cell_sums(pupils))
            .where(pupils.c.setting_urn == filters.setting)
            .group_by(*keys)
        )
    else:
        pupils = OUTCOME_CELL
        query = select(pupils)
        if filters.phase:
            query = query.where(pupils.c.phase == filters.phase)
    query = query.where(pupils.c.cohort == filters.cohort)
    query = where_years(query, pupils.c.academic_year, filters)
    return where_areas(query, pupils.c.area_code, filters).subquery("cells")


def ratio_of_sums(
    numerator: str,
    denominator: str,
    counted: str,
    *,
    scale: float = 100.0,
    pupils: bool = False,
    cells: Callable[[FilterSpec], Subquery] = outcome_cells,
) -> Builder:
    """A measure: scale × Σ numerator / Σ denominator over the cells, per year (and area).

    `counted` is the cell column counting the children the measure is about; a group without
    any is left out. `pupils` adds that count as a column (overall absence shows it).
    """

    def build(filters: FilterSpec, by_area: bool = False) -> Select:
        rows = cells(filters)
        keys = [rows.c.academic_year, *([rows.c.area_code] if by_area else [])]
        top, bottom = func.sum(rows.c[numerator]), func.sum(rows.c[denominator])
        children = func.sum(rows.c[counted])
        extra: list[ColumnElement] = [children.label("pupils")] if pupils else []
        return (
            select(
                *keys,
                top.label("numerator"),
                bottom.label("denominator"),
                ratio(top, bottom, scale).label("value"),
                *extra,
            )
            .group_by(*keys)
            .having(children > 0)
            .order_by(*keys)
        )

    return build


def care_leaver_cells(filters: FilterSpec) -> Subquery:
    """Care leavers by year and area; the cohort and setting filters do not apply (care leavers
    are by definition formerly looked after)."""
    cells = CARE_LEAVER_CELL
    query = where_years(select(cells), cells.c.academic_year, filters)
    return where_areas(query, cells.c.area_code, filters).subquery("cells")


def cohort_size(filters: FilterSpec, by_area: bool = False) -> Select:
    """Children in the filtered cohort each year (and area).

    A child has one `child_year` row per year and cohort, so the rows count distinct children.
    """
    cells = outcome_cells(filters)
    keys = [cells.c.academic_year, *([cells.c.area_code] if by_area else [])]
    children = func.sum(cells.c.children)
    return select(*keys, children.label("children")).group_by(*keys).order_by(*keys)
