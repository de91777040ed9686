"""What a load refreshes after writing, inside its transaction: the planner's statistics and the
summary tables the outcome measures read (`data_access.summaries`).

The summaries are rebuilt in full with INSERT … SELECT, so the warehouse does the work in one
pass per table, and a reader sees the old summaries until the load commits, then the new ones,
never a mixture. Statistics are refreshed for every table written first: a freshly bulk-loaded
table has none (PostgreSQL's autovacuum gets there later, SQLite never does), and the rebuild and
the dashboard's next queries are planned on them.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, Table, delete, insert, text

from data_access.queries.outcomes_pupil import care_leaver_rows, cell_rows, child_year_rows
from data_access.schema import AcademicYear, Base
from data_access.summaries import CARE_LEAVER_CELL, OUTCOME_CELL, OUTCOME_CHILD_YEAR

SUMMARY_INPUTS = frozenset(
    {
        "area",
        "district",
        "setting",
        "child",
        "child_year",
        "attendance",
        "exclusion",
        "attainment",
        "wellbeing",
        "destination",
    }
)
"""The contract tables the summaries are worked out from: loading any of them rebuilds them."""

SQLITE_ANALYSIS_ROWS = 1000


def refresh_after_load(connection: Connection, written: Iterable[str]) -> None:
    """Analyse the tables named in `written`; rebuild the summaries if any of them feeds them."""
    written = set(written)
    analyse(connection, [Base.metadata.tables[name] for name in sorted(written)])
    if not SUMMARY_INPUTS.isdisjoint(written):
        refresh_summaries(connection)


def refresh_summaries(connection: Connection) -> None:
    """Rebuild every summary table from the contract tables.

    The calendar is analysed first: unanalysed, PostgreSQL guesses it holds 1,200 years, not 60,
    overestimates every dated join a hundredfold and spends seconds compiling the rebuild (JIT).
    """
    analyse(connection, [AcademicYear.__table__])
    for table, rows in (
        (OUTCOME_CHILD_YEAR, child_year_rows()),
        (OUTCOME_CELL, cell_rows(OUTCOME_CHILD_YEAR)),
        (CARE_LEAVER_CELL, care_leaver_rows()),
    ):
        connection.execute(delete(table))
        connection.execute(insert(table).from_select(list(rows.selected_columns.keys()), rows))
        analyse(connection, [table])


def analyse(connection: Connection, tables: list[Table]) -> None:
    """Refresh the planner's statistics for `tables`.

    Without them each database guesses, and a guess can cost a hundredfold: SQLite takes a
    cohort's rows in `child_year` for a handful and joins care leavers pair by pair.
    SQLite samples each index (`analysis_limit`) instead of reading it whole.
    """
    if connection.dialect.name == "sqlite":
        connection.execute(text(f"PRAGMA analysis_limit = {SQLITE_ANALYSIS_ROWS}"))
    quote = connection.dialect.identifier_preparer.quote
    for table in tables:
        connection.execute(text(f"ANALYZE {quote(table.name)}"))
