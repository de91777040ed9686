"""Summary tables the outcome measures read instead of scanning the contract tables per request.

The loader rebuilds them in the load's own transaction after writing the contract tables
(`loaders/refresh.py`), so they always say what the contract tables say.

- `outcome_child_year`: one row per `child_year` row with the child's area, setting and phase and
  every per-child quantity a measure needs, each worked out once.
- `outcome_cell`: the additive sums of those quantities by cohort, year, area and phase: a
  request without a setting filter groups a few thousand rows at most, whatever the volume.
  A request for one setting sums that setting's `outcome_child_year` rows the same way.
- `care_leaver_cell`: care leavers by year and by the area of their last year in care.

Rows are rebuilt wholesale, never upserted, so the cell tables need no primary key; `phase` is
empty for children without a setting.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Float, Index, Integer, String, Table

from data_access.schema import Base


def _counts(*names: str) -> list[Column]:
    return [Column(name, Integer, nullable=False) for name in names]


def _totals(*names: str, kind: type = Float) -> list[Column]:
    """Sums over the children counted alongside; empty where no child contributed."""
    return [Column(name, kind) for name in names]


OUTCOME_CHILD_YEAR = Table(
    "outcome_child_year",
    Base.metadata,
    Column("child_id", String(64), primary_key=True),
    Column("academic_year", String(7), primary_key=True),
    Column("cohort", String(5), primary_key=True),
    Column("area_code", String(20), nullable=False),
    Column("setting_urn", String(20)),
    Column("phase", String(30)),
    Column("sessions_possible", Integer),
    Column("sessions_missed", Integer),
    *_counts("suspensions", "permanent_exclusions"),
    Column("ks2_rwm_expected", Integer),
    Column("ks4_attainment8", Float),
    Column("ks4_progress8", Float),
    Column("ks4_basics_4plus", Integer),
    Column("sdq_score", Float),
    Column("neet_16_17", Integer),
    Index("ix_outcome_child_year_setting", "setting_urn", "cohort", "academic_year"),
)

OUTCOME_CELL = Table(
    "outcome_cell",
    Base.metadata,
    Column("cohort", String(5), nullable=False),
    Column("academic_year", String(7), nullable=False),
    Column("area_code", String(20), nullable=False),
    Column("phase", String(30)),
    *_counts("children", "attending", "persistent", "severe"),
    *_totals("sessions_possible", "sessions_missed", kind=BigInteger),
    *_counts("on_roll", "suspended", "suspensions", "permanently_excluded"),
    *_counts("ks2_pupils", "ks2_expected"),
    *_counts("attainment8_pupils", "progress8_pupils", "basics_pupils", "basics_4plus"),
    *_totals("attainment8_total", "progress8_total"),
    *_counts("sdq_children", "sdq_normal", "sdq_borderline", "sdq_concern"),
    *_totals("sdq_total"),
    *_counts("destination_16_17", "neet_16_17"),
)

CARE_LEAVER_CELL = Table(
    "care_leaver_cell",
    Base.metadata,
    Column("academic_year", String(7), primary_key=True),
    Column("area_code", String(20), primary_key=True),
    *_counts("leavers", "in_eet"),
)
