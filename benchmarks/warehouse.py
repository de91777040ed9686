"""A demo warehouse at scale K on SQLite or PostgreSQL, built with the project's own loader.

Each (backend, K) gets a warehouse of its own: a SQLite file in the work folder, or a PostgreSQL
database `c2l_bench_k<K>` beside the one `--postgres-url` names. A marker table records the scale,
seed and schema it was built for and how long the build took, so `--reuse` can skip a rebuild
(K=100 takes minutes) and a schema change forces one.
"""

from __future__ import annotations

import hashlib
import secrets
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    func,
    insert,
    select,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from benchmarks.timing import stopwatch
from dashboard.auth import hash_password
from dashboard.cli import DEMO_BENCHMARKS
from data_access import users
from data_access.db import init_db, make_engine
from data_access.loaders.benchmarks import load_benchmarks
from data_access.loaders.contract import load_directory
from data_access.loaders.demo import write_demo_csvs
from data_access.schema import Base

BENCH_USER = "bench-manager"
COUNTED = ("child_year", "attendance")
"""The tables whose size the report shows: the cohort rows and the biggest table."""

MARKER = Table(
    "bench_marker",
    MetaData(),
    Column("scale", Integer, primary_key=True),
    Column("seed", Integer),
    Column("schema", String(16)),
    Column("generate_s", Float),
    Column("load_s", Float),
    Column("built_at", DateTime),
)


@dataclass(frozen=True)
class Warehouse:
    backend: str
    scale: int
    url: str
    generate_s: float
    """Seconds `write_demo_csvs` took to write the contract CSVs."""
    load_s: float
    """Seconds the contract loader and the DfE benchmark loader took to load them."""
    reused: bool
    rows: dict[str, int]


def schema_fingerprint() -> str:
    """A short hash of every warehouse table and column: a reused warehouse must match it."""
    described = sorted(
        f"{table.name}.{column.name}:{column.type}"
        for table in Base.metadata.tables.values()
        for column in table.columns
    )
    return hashlib.sha256("\n".join(described).encode()).hexdigest()[:16]


def warehouse_url(backend: str, scale: int, workdir: Path, postgres_url: str) -> str:
    if backend == "sqlite":
        return f"sqlite:///{workdir / f'sqlite-k{scale}.db'}"
    url = make_url(postgres_url).set(database=f"c2l_bench_k{scale}")
    return url.render_as_string(hide_password=False)


def prepare(
    backend: str, scale: int, *, workdir: Path, postgres_url: str, seed: int, reuse: bool
) -> Warehouse:
    """The warehouse for (backend, K): reused when asked and built for this scale, seed and
    schema; otherwise dropped, created and loaded afresh."""
    url = warehouse_url(backend, scale, workdir, postgres_url)
    if reuse:
        found = _marker(url)
        if found and (found.scale, found.seed, found.schema) == (scale, seed, schema_fingerprint()):
            return Warehouse(
                backend, scale, url, found.generate_s, found.load_s, True, _row_counts(url)
            )
    drop(backend, scale, workdir, postgres_url)
    _create(backend, url, postgres_url)
    generate_s, load_s = _build(url, scale, seed, workdir)
    return Warehouse(backend, scale, url, generate_s, load_s, False, _row_counts(url))


def drop(backend: str, scale: int, workdir: Path, postgres_url: str) -> None:
    """Remove the warehouse for (backend, K) if it exists."""
    url = warehouse_url(backend, scale, workdir, postgres_url)
    if backend == "sqlite":
        path = Path(make_url(url).database)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    _admin(postgres_url, f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')


def _create(backend: str, url: str, postgres_url: str) -> None:
    if backend == "postgresql":
        _admin(postgres_url, f'CREATE DATABASE "{make_url(url).database}"')
    else:
        Path(make_url(url).database).parent.mkdir(parents=True, exist_ok=True)


def _admin(postgres_url: str, statement: str) -> None:
    engine = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql(statement)
    finally:
        engine.dispose()


def _build(url: str, scale: int, seed: int, workdir: Path) -> tuple[float, float]:
    """Write the demo CSVs and load them as `c2l demo-data --scale K` does; time each half."""
    engine = make_engine(url)
    try:
        init_db(engine)
        with tempfile.TemporaryDirectory(dir=workdir) as scratch:
            folder = Path(scratch)
            generate_s = stopwatch(lambda: write_demo_csvs(folder, seed=seed, scale=scale))
            load_s = stopwatch(lambda: _load(engine, folder))
        _analyse(engine)
        MARKER.create(engine)
        with engine.begin() as connection:
            connection.execute(
                insert(MARKER).values(
                    scale=scale,
                    seed=seed,
                    schema=schema_fingerprint(),
                    generate_s=generate_s,
                    load_s=load_s,
                    built_at=datetime.now(UTC).replace(tzinfo=None),
                )
            )
    finally:
        engine.dispose()
    return generate_s, load_s


def _load(engine: Engine, folder: Path) -> None:
    load_directory(engine, folder)
    load_benchmarks(engine, DEMO_BENCHMARKS)


def _analyse(engine: Engine) -> None:
    """PostgreSQL: gather planner statistics now, as autovacuum would a minute after a load, so
    the first measurements do not run on plans made for empty tables."""
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("ANALYZE")


def _marker(url: str):
    """The marker row of the warehouse at `url`, or None if there is no such warehouse (a
    PostgreSQL database that does not exist fails to connect) or it holds no marker."""
    if url.startswith("sqlite") and not Path(make_url(url).database).exists():
        return None
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            if not engine.dialect.has_table(connection, MARKER.name):
                return None
            return connection.execute(select(MARKER)).first()
    except OperationalError:
        return None
    finally:
        engine.dispose()


def _row_counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return {
                name: connection.execute(
                    select(func.count()).select_from(Base.metadata.tables[name])
                ).scalar_one()
                for name in COUNTED
            }
    finally:
        engine.dispose()


def bench_user(url: str) -> tuple[str, str]:
    """A manager account for the benchmark's clients, with a new password each run."""
    password = secrets.token_urlsafe(18)
    engine = make_engine(url)
    try:
        hashed = hash_password(password)
        if users.find_by_name(engine, BENCH_USER):
            users.change_user(engine, BENCH_USER, password_hash=hashed, active=True)
        else:
            users.add_user(engine, BENCH_USER, hashed, "manager")
    finally:
        engine.dispose()
    return BENCH_USER, password
