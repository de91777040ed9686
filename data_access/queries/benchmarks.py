"""Published benchmarks (DfE figures for England and others), read as published."""

from __future__ import annotations

from sqlalchemy import Float, Select, case, cast, func, literal, select

from data_access.contracts import FilterSpec
from data_access.queries.common import where_years
from data_access.schema import Benchmark, BenchmarkPlace

ENGLAND = "england"
NEIGHBOURS = "neighbours"
NOT_NUMBERS = ("c", "x", "z", "low", "k", "u", ":", "")
"""GSS and DfE symbols that stand where a published figure is withheld or not applicable."""


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


def neighbour_average(measure: str, filters: FilterSpec, cohort: str | None = None) -> Select:
    """The mean of the statistical neighbours' published figures each year, over those that
    published a number (symbols are left out)."""
    numeric = Benchmark.value.not_in(NOT_NUMBERS)
    value = cast(case((numeric, Benchmark.value), else_=None), Float)
    query = (
        select(
            Benchmark.academic_year,
            literal(NEIGHBOURS).label("series"),
            literal(None).label("numerator"),
            literal(None).label("denominator"),
            func.avg(value).label("value"),
        )
        .join(BenchmarkPlace, BenchmarkPlace.geography == Benchmark.geography)
        .where(
            BenchmarkPlace.role == "neighbour",
            Benchmark.measure == measure,
            Benchmark.cohort == (cohort or filters.cohort),
        )
        .group_by(Benchmark.academic_year)
        .having(func.count(value) > 0)
        .order_by(Benchmark.academic_year)
    )
    return where_years(query, Benchmark.academic_year, filters)
