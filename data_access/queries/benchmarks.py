"""Published benchmarks (DfE figures for England and others), read as published."""

from __future__ import annotations

from sqlalchemy import Select, literal, select

from data_access.contracts import FilterSpec
from data_access.queries.common import where_years
from data_access.schema import Benchmark

ENGLAND = "england"


def published(
    measure: str,
    filters: FilterSpec,
    geographies: tuple[str, ...] = (ENGLAND,),
    cohort: str | None = None,
) -> Select:
    """The published value per year for each geography, symbols (c, x, z, low) kept as text.

    `cohort` overrides the filters' cohort for a measure published for one cohort only.
    """
    query = (
        select(
            Benchmark.academic_year,
            Benchmark.geography.label("series"),
            literal(None).label("numerator"),
            literal(None).label("denominator"),
            Benchmark.value,
        )
        .where(
            Benchmark.measure == measure,
            Benchmark.cohort == (cohort or filters.cohort),
            Benchmark.geography.in_(geographies),
        )
        .order_by(Benchmark.geography, Benchmark.academic_year)
    )
    return where_years(query, Benchmark.academic_year, filters)
