"""The benchmark files shipped for the demo load exactly what the full published files load."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dashboard.config import PROJECT_ROOT
from data_access.loaders.benchmarks import load_benchmarks

PUBLISHED = PROJECT_ROOT.parent / "shared" / "reference" / "dfe-outcomes"
SHIPPED = PROJECT_ROOT / "data" / "dfe-outcomes"


@pytest.mark.skipif(not PUBLISHED.is_dir(), reason="the full published DfE files are not here")
def test_the_shipped_extract_loads_the_same_benchmarks(tmp_path):
    from data_access.db import init_db, make_engine

    tables = []
    for name, folder in (("full", PUBLISHED), ("shipped", SHIPPED)):
        engine = make_engine(f"sqlite:///{tmp_path / name}.db")
        init_db(engine)
        load_benchmarks(engine, Path(folder))
        query = "SELECT measure, academic_year, cohort, geography, value FROM benchmark"
        tables.append(pd.read_sql(query + " ORDER BY 1, 2, 3, 4", engine))
    assert len(tables[0]) > 2000
    pd.testing.assert_frame_equal(tables[0], tables[1])
