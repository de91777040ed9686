"""Engines and the schema's creation. The only place that knows how to reach the warehouse."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, create_engine, event, insert, select
from sqlalchemy.engine import make_url

from data_access.schema import AcademicYear, Base

FIRST_CALENDAR_YEAR = 2000
LAST_CALENDAR_YEAR = 2060


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite gets foreign keys enforced and a busy timeout."""
    if make_url(url).get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url, connect_args={"timeout": 30})
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.close()


def academic_year_label(start_year: int) -> str:
    """2019 → '2019/20'."""
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def init_db(engine: Engine) -> None:
    """Create every table that is missing and fill the academic-year calendar. Safe to repeat."""
    Base.metadata.create_all(engine)
    with engine.begin() as connection:
        if connection.execute(select(AcademicYear.academic_year).limit(1)).first():
            return
        rows = [
            {
                "academic_year": academic_year_label(year),
                "starts_on": date(year, 9, 1),
                "ends_on": date(year + 1, 8, 31),
            }
            for year in range(FIRST_CALENDAR_YEAR, LAST_CALENDAR_YEAR)
        ]
        connection.execute(insert(AcademicYear), rows)


def holds_children(engine: Engine) -> bool:
    """Whether any child has been loaded (the demo loads data only into an empty warehouse)."""
    from data_access.schema import Child

    with engine.connect() as connection:
        return connection.execute(select(Child.child_id).limit(1)).first() is not None
