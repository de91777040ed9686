"""A demo warehouse built once per test run and copied for each test, so every browser test gets
a fresh database without regenerating the data."""

from __future__ import annotations

import shutil
from pathlib import Path

from dashboard.config import PROJECT_ROOT
from data_access.db import init_db, make_engine
from data_access.loaders.benchmarks import load_benchmarks
from data_access.loaders.contract import load_directory
from data_access.loaders.demo import write_demo_csvs


def build_demo_warehouse(folder: Path) -> Path:
    database = folder / "demo.db"
    write_demo_csvs(folder / "csv", seed=2018)
    engine = make_engine(f"sqlite:///{database}")
    init_db(engine)
    load_directory(engine, folder / "csv")
    load_benchmarks(engine, PROJECT_ROOT / "data" / "dfe-outcomes")
    engine.dispose()
    return database


def fresh_copy(database: Path, folder: Path) -> str:
    copy = folder / "warehouse.db"
    shutil.copy(database, copy)
    return f"sqlite:///{copy}"
