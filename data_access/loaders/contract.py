"""`c2l load DIR`: the CSV contract loader. Validate everything, then write in one transaction.

A directory holds `<table>.csv` files for any of the contract tables. Every file is read and every
row checked (types, code lists, ranges, keys, references to the files and to the warehouse) before
a single row is written; any problem refuses the whole directory. Rows are upserted on their
primary key, so loading the same directory twice leaves the warehouse as one load did.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
from sqlalchemy import Connection, Engine, Table, select

from data_access.loaders.problems import LoadError, Problem
from data_access.loaders.validate import EXAMPLES_PER_RULE, read_csv
from data_access.loaders.write import write_tables
from data_access.schema import CONTRACT_TABLES, Base

Frames = dict[str, pd.DataFrame]


def load_directory(
    engine: Engine,
    directory: Path,
    *,
    source: str | None = None,
    after_write: Callable[[Connection], None] | None = None,
) -> dict[str, int]:
    """Load every `<table>.csv` in `directory`; return rows written per table or raise LoadError."""
    frames = read_directory(directory)
    return load_frames(engine, frames, source=source or str(directory), after_write=after_write)


def read_directory(directory: Path) -> Frames:
    """Every contract file in `directory`, validated on its own; raises LoadError on any problem."""
    if not directory.is_dir():
        raise LoadError([Problem(str(directory), None, None, "not a directory")])
    paths = sorted(directory.glob("*.csv"))
    problems = [
        Problem(
            path.name,
            None,
            None,
            f"not a contract table; expected one of "
            f"{', '.join(f'{name}.csv' for name in CONTRACT_TABLES)}",
        )
        for path in paths
        if path.stem not in CONTRACT_TABLES
    ]
    if not paths:
        problems.append(Problem(str(directory), None, None, "no <table>.csv files to load"))
    frames: Frames = {}
    for path in paths:
        if path.stem in CONTRACT_TABLES:
            frames[path.stem], file_problems = read_csv(path, Base.metadata.tables[path.stem])
            problems += file_problems
    if problems:
        raise LoadError(problems)
    return frames


def load_frames(
    engine: Engine,
    frames: Frames,
    *,
    source: str,
    before_write: Callable[[Connection], None] | None = None,
    after_write: Callable[[Connection], None] | None = None,
) -> dict[str, int]:
    """Check references across `frames` and the warehouse, then write all in one transaction.

    `before_write` runs in that transaction after the checks (an importer clears the rows its
    return replaces); `after_write` runs after the writes, before the commit.
    """
    with engine.begin() as connection:
        problems = check_references(connection, frames)
        if problems:
            raise LoadError(problems)
        if before_write:
            before_write(connection)
        written = write_tables(connection, frames, source)
        if after_write:
            after_write(connection)
    return written


def check_references(connection: Connection, frames: Frames) -> list[Problem]:
    """Every foreign key in the files must name a row in the files or already in the warehouse."""
    problems: list[Problem] = []
    known: dict[tuple[str, str], set] = {}
    for table_name, frame in frames.items():
        table = Base.metadata.tables[table_name]
        for foreign_key in table.foreign_keys:
            column = foreign_key.parent.name
            target = foreign_key.column
            keys = known.get((target.table.name, target.name))
            if keys is None:
                keys = _existing_keys(connection, frames, target.table, target.name)
                known[(target.table.name, target.name)] = keys
            values = frame[column]
            dangling = values.notna() & ~values.isin(keys)
            problems += _dangling(f"{table_name}.csv", values, dangling, column, target.table.name)
    return problems


def _existing_keys(connection: Connection, frames: Frames, table: Table, column: str) -> set:
    keys = set(connection.execute(select(table.c[column])).scalars())
    if table.name in frames:
        keys.update(frames[table.name][column].dropna())
    return keys


def _dangling(
    file: str, values: pd.Series, dangling: pd.Series, column: str, parent: str
) -> list[Problem]:
    rows = dangling[dangling].index
    problems = [
        Problem(file, int(row), column, f"{values[row]!r} is not in {parent} (file or warehouse)")
        for row in rows[:EXAMPLES_PER_RULE]
    ]
    if len(rows) > EXAMPLES_PER_RULE:
        more = len(rows) - EXAMPLES_PER_RULE
        problems.append(Problem(file, None, column, f"{more} more row(s) not in {parent}"))
    return problems
