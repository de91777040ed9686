"""What the filter bar offers: the areas and years the warehouse holds."""

from __future__ import annotations

from sqlalchemy import Select, select

from data_access.contracts import FilterSpec
from data_access.schema import Area, ChildYear, District, TableLoad


def areas(filters: FilterSpec) -> Select:
    query = select(Area.area_code, Area.area_name).order_by(Area.area_name)
    return query.where(Area.area_code.in_(filters.areas)) if filters.areas else query


def years(_filters: FilterSpec) -> Select:
    return select(ChildYear.academic_year).distinct().order_by(ChildYear.academic_year)


def freshness(_filters: FilterSpec) -> Select:
    """When each table was last loaded, from where, and how many rows it holds."""
    return select(
        TableLoad.table_name, TableLoad.loaded_at, TableLoad.source, TableLoad.rows_total
    ).order_by(TableLoad.table_name)


def districts(filters: FilterSpec) -> Select:
    """Each district with its quadrant, for the map."""
    query = (
        select(District.district_code, District.district_name, Area.area_code, Area.area_name)
        .join(Area, Area.area_code == District.area_code)
        .order_by(District.district_code)
    )
    return query.where(Area.area_code.in_(filters.areas)) if filters.areas else query
