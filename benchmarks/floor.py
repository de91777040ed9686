"""The floor under a callback: the bare SQL of the datasets it fetches, run on a connection.

The datasets a callback fetches are recorded while it answers one request (`gateway.fetch` is
wrapped, not changed); each dataset is then read once more from the registry on a connection
that notes every statement and its parameters. The floor is those statements, each distinct one
once, executed on a raw DB-API cursor and fetched: no pandas, no suppression, no figures, no JSON.
Not in the floor: the catalog probe `pd.read_sql` makes before each query on PostgreSQL (it asks
whether the `Select` is a table name; the driver refuses the `Select` as a parameter and pandas
goes on to run the query). Those are counted as `probes`.
The benchmark's user is a manager with no area limit, so the recorded filters are the ones the
gateway runs.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from unittest import mock

from sqlalchemy import Engine, event
from sqlalchemy.sql import ClauseElement

from data_access import gateway
from data_access.contracts import FilterSpec

Fetched = list[tuple[str, FilterSpec]]


@dataclass(frozen=True)
class Statement:
    sql: str
    parameters: object


@dataclass(frozen=True)
class Floor:
    statements: tuple[Statement, ...]
    """The distinct statements, in the order the datasets first ran them."""
    executions: int
    """How many statements the fetches run when each reads the warehouse, repeats included."""
    probes: int
    """pandas' table-name probes among the statements sent, not in the floor."""


@contextmanager
def recording_fetches() -> Iterator[Fetched]:
    """Within the block, every dataset fetched through the gateway is noted with its filters."""
    fetched: Fetched = []
    original = gateway.fetch

    def recorder(name: str, filters: FilterSpec, *args, **kwargs):
        fetched.append((name, filters))
        return original(name, filters, *args, **kwargs)

    with mock.patch.object(gateway, "fetch", recorder):
        yield fetched


def floor_of(engine: Engine, fetched: Fetched) -> Floor:
    """The statements the registry's datasets run for these fetches."""
    executed: list[Statement] = []
    probes: list[Statement] = []

    def note(_connection, _cursor, statement, parameters, _context, _executemany) -> None:
        sent = Statement(statement, parameters)
        (probes if _probe(parameters) else executed).append(sent)

    with engine.connect() as connection:
        event.listen(connection, "before_cursor_execute", note)
        for name, filters in fetched:
            gateway.dataset(name).read(connection, filters)
    distinct = {(s.sql, repr(s.parameters)): s for s in executed}
    return Floor(tuple(distinct.values()), len(executed), len(probes))


def _probe(parameters: object) -> bool:
    """A statement whose parameters hold SQL (a `Select`) is pandas asking for a table by name."""
    values = parameters.values() if isinstance(parameters, dict) else parameters or ()
    return any(isinstance(value, ClauseElement) for value in values)


def run_bare(engine: Engine, floor: Floor) -> float:
    """Seconds to execute and fetch every distinct statement on one pooled DB-API connection."""
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        started = time.perf_counter()
        for statement in floor.statements:
            cursor.execute(statement.sql, statement.parameters)
            cursor.fetchall()
        elapsed = time.perf_counter() - started
        cursor.close()
    finally:
        raw.close()
    return elapsed
