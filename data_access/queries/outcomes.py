"""Outcome measures (DESIGN §3), each a `select()` aggregated in the warehouse.

Every builder returns one row per academic year (and area, when `by_area`), with columns
`numerator`, `denominator` and `value`; rates are percentages, averages are per child.
They read the summary tables the loader keeps (`data_access.summaries`): the per-child
definitions are in `outcomes_pupil`, the sums read per request in `outcomes_cells`.
The metadata each measure shows people (title, definition, source) is in `dashboard.measures`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Select

from data_access.queries.outcomes_cells import care_leaver_cells, cohort_size, ratio_of_sums

__all__ = ["OUTCOME_QUERIES", "OutcomeQuery", "cohort_size"]


@dataclass(frozen=True)
class OutcomeQuery:
    """A measure's query and which of its columns count children or events (for suppression)."""

    build: Callable[..., Select]
    counts: tuple[str, ...]
    benchmark_cohort: str | None = None
    """The cohort DfE publishes the measure for, where it ignores the cohort filter."""


CHILD_RATE = ("numerator", "denominator")
AVERAGE = ("denominator",)


def _rate(numerator: str, denominator: str) -> OutcomeQuery:
    """Children (or events) per 100 children, the children being those in `denominator`."""
    return OutcomeQuery(ratio_of_sums(numerator, denominator, denominator), CHILD_RATE)


def _average(total: str, children: str) -> OutcomeQuery:
    return OutcomeQuery(ratio_of_sums(total, children, children, scale=1.0), AVERAGE)


OUTCOME_QUERIES: dict[str, OutcomeQuery] = {
    "overall_absence": OutcomeQuery(
        ratio_of_sums("sessions_missed", "sessions_possible", "attending", pupils=True),
        ("pupils",),
    ),
    "persistent_absence": _rate("persistent", "attending"),
    "severe_absence": _rate("severe", "attending"),
    "suspension_rate": _rate("suspended", "on_roll"),
    "suspensions_per_100": _rate("suspensions", "on_roll"),
    "permanent_exclusion_rate": _rate("permanently_excluded", "on_roll"),
    "ks2_rwm_expected": _rate("ks2_expected", "ks2_pupils"),
    "ks4_attainment8": _average("attainment8_total", "attainment8_pupils"),
    "ks4_progress8": _average("progress8_total", "progress8_pupils"),
    "ks4_basics_4plus": _rate("basics_4plus", "basics_pupils"),
    "sdq_average": _average("sdq_total", "sdq_children"),
    "sdq_normal": _rate("sdq_normal", "sdq_children"),
    "sdq_borderline": _rate("sdq_borderline", "sdq_children"),
    "sdq_concern": _rate("sdq_concern", "sdq_children"),
    "neet_16_17": _rate("neet_16_17", "destination_16_17"),
    "care_leavers_eet": OutcomeQuery(
        ratio_of_sums("in_eet", "leavers", "leavers", cells=care_leaver_cells),
        CHILD_RATE,
        benchmark_cohort="CLA",
    ),
}
"""Every outcome measure's query, by the measure's id (the ids of `dashboard.measures`)."""
