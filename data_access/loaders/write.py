"""Writing validated frames: upsert on the primary key, parents first, noting each table's load."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import Connection, Table, func, select
from sqlalchemy.dialects import postgresql, sqlite

from data_access.schema import CONTRACT_TABLES, Base, TableLoad

BATCH_ROWS = 5000


def write_tables(connection: Connection, frames: dict[str, pd.DataFrame], source: str) -> dict:
    """Upsert each frame in dependency order inside the caller's transaction."""
    written = {}
    for name in CONTRACT_TABLES:
        if name in frames:
            table = Base.metadata.tables[name]
            written[name] = upsert(connection, table, records(frames[name]))
            note_load(connection, table, written[name], source)
    return written


def records(frame: pd.DataFrame) -> list[dict]:
    """Rows as dicts of plain Python values, None for missing cells."""
    plain = frame.astype(object).where(frame.notna(), None)
    return plain.to_dict("records")


def upsert(connection: Connection, table: Table, rows: list[dict]) -> int:
    """Insert rows, replacing any row already holding the same primary key."""
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    key = [column.name for column in table.primary_key.columns]
    others = [column.name for column in table.columns if column.name not in key]
    for start in range(0, len(rows), BATCH_ROWS):
        statement = dialect.insert(table)
        if others:
            replace = {name: statement.excluded[name] for name in others}
            statement = statement.on_conflict_do_update(index_elements=key, set_=replace)
        else:
            statement = statement.on_conflict_do_nothing(index_elements=key)
        connection.execute(statement, rows[start : start + BATCH_ROWS])
    return len(rows)


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
