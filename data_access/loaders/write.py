"""Writing validated frames: upsert on the primary key, parents first, noting each table's load.

Rows travel to the database in bulk, on the caller's connection and so inside its transaction:
PostgreSQL gets COPY (psycopg 3), straight into an empty table, else into a temporary staging
table merged with INSERT … SELECT … ON CONFLICT; SQLite gets one prepared INSERT … ON CONFLICT
executed for a batch of rows at a time. Either way a row whose key is already held replaces it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from itertools import islice

import pandas as pd
from pandas.api.types import is_float_dtype
from sqlalchemy import Connection, Integer, Table, func, literal, select
from sqlalchemy import column as column_clause
from sqlalchemy import table as table_clause
from sqlalchemy.dialects import postgresql, sqlite

from data_access.loaders.refresh import refresh_after_load
from data_access.schema import CONTRACT_TABLES, Base, TableLoad

BATCH_ROWS = 50_000
"""Rows per executemany on SQLite: large enough to amortise the call, small enough to keep the
tuples of one batch (not the whole table) in memory."""

Columns = dict[str, Sequence]
"""A table's values column by column: name → one plain Python value (None for empty) per row."""


def write_tables(connection: Connection, frames: dict[str, pd.DataFrame], source: str) -> dict:
    """Upsert each frame in dependency order inside the caller's transaction, then rebuild the
    summary tables the outcome measures read, so they never lag the tables they summarise."""
    written = {}
    for name in CONTRACT_TABLES:
        if name in frames:
            table = Base.metadata.tables[name]
            written[name] = write_columns(connection, table, frame_columns(frames[name], table))
            note_load(connection, table, written[name], source)
    refresh_after_load(connection, written)
    return written


def frame_columns(frame: pd.DataFrame, table: Table) -> Columns:
    """A frame's columns as plain Python values, None for missing cells (NaN, NA or NaT).

    Whole numbers that pandas holds as floats (a column with gaps) go to integer columns as
    integers: COPY reads `1.0` as no integer at all.
    """
    columns = {}
    for name in frame.columns:
        series = frame[name]
        if isinstance(table.c[name].type, Integer) and is_float_dtype(series):
            series = series.astype("Int64")
        values = series.to_numpy(dtype=object, copy=True)
        values[series.isna().to_numpy()] = None
        columns[name] = values
    return columns


def upsert(connection: Connection, table: Table, rows: list[dict]) -> int:
    """Insert rows (dicts with the same keys), replacing any row holding the same primary key."""
    if not rows:
        return 0
    return write_columns(connection, table, {name: [row[name] for row in rows] for name in rows[0]})


def write_columns(connection: Connection, table: Table, columns: Columns) -> int:
    """Upsert rows given column by column; return how many rows there were."""
    count = len(next(iter(columns.values()), ()))
    if count:
        bound = _bound(connection, table, columns)
        if connection.dialect.name == "postgresql":
            _copy_upsert(connection, table, bound)
        else:
            _executemany_upsert(connection, table, bound)
    return count


def _bound(connection: Connection, table: Table, columns: Columns) -> Columns:
    """Values as the driver takes them: each column type's bind processing, as SQLAlchemy would
    apply it (on SQLite, dates become ISO text)."""
    bound = {}
    for name, values in columns.items():
        kind = table.c[name].type.dialect_impl(connection.dialect)
        process = kind.bind_processor(connection.dialect)
        bound[name] = values if process is None else [process(value) for value in values]
    return bound


def _on_conflict(statement, table: Table, names: list[str]):
    """The insert, replacing every other column of a row whose key is held (or, where the key is
    all there is, keeping the row held)."""
    key = [column.name for column in table.primary_key.columns]
    others = [name for name in names if name not in key]
    if not others:
        return statement.on_conflict_do_nothing(index_elements=key)
    replace = {name: statement.excluded[name] for name in others}
    return statement.on_conflict_do_update(index_elements=key, set_=replace)


def _executemany_upsert(connection: Connection, table: Table, columns: Columns) -> None:
    statement = _on_conflict(sqlite.insert(table), table, list(columns))
    compiled = statement.compile(dialect=connection.dialect, column_keys=list(columns))
    rows = zip(*(columns[name] for name in compiled.positiontup), strict=True)
    while batch := list(islice(rows, BATCH_ROWS)):
        connection.exec_driver_sql(str(compiled), batch)


def _copy_upsert(connection: Connection, table: Table, columns: Columns) -> None:
    """COPY into the table if it is empty, else into a staging table merged on the key.

    The staging table is dropped straight after the merge, not only at commit, so one
    transaction can upsert the same table more than once.
    """
    names = list(columns)
    rows = zip(*columns.values(), strict=True)
    quote = connection.dialect.identifier_preparer.quote
    target = connection.dialect.identifier_preparer.format_table(table)
    if connection.execute(select(literal(1)).select_from(table).limit(1)).first() is None:
        _copy(connection, target, names, rows)
        return
    stage = table_clause(f"stage_{table.name}", *(column_clause(name) for name in names))
    connection.exec_driver_sql(
        f"CREATE TEMPORARY TABLE {quote(stage.name)} (LIKE {target}) ON COMMIT DROP"
    )
    _copy(connection, quote(stage.name), names, rows)
    merge = postgresql.insert(table).from_select(names, select(*stage.c))
    connection.execute(_on_conflict(merge, table, names))
    connection.exec_driver_sql(f"DROP TABLE {quote(stage.name)}")


def _copy(connection: Connection, target: str, names: list[str], rows: Iterable[tuple]) -> None:
    """COPY rows in through the connection's own psycopg cursor, so inside its transaction."""
    listed = ", ".join(connection.dialect.identifier_preparer.quote(name) for name in names)
    statement = f"COPY {target} ({listed}) FROM STDIN"
    with connection.connection.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


def note_load(connection: Connection, table: Table, written: int, source: str) -> None:
    total = connection.execute(select(func.count()).select_from(table)).scalar_one()
    upsert(
        connection,
        TableLoad.__table__,
        [
            {
                "table_name": table.name,
                "loaded_at": datetime.now(UTC).replace(tzinfo=None),
                "source": source,
                "rows_written": written,
                "rows_total": total,
            }
        ],
    )
