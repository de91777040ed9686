"""Placing a child by the postcode district of their placement (the outward code, e.g. `LN1`)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sqlalchemy import Engine, select

from data_access.loaders.problems import LoadError, Problem
from data_access.schema import District

POSTCODE_DISTRICTS = (
    Path(__file__).resolve().parents[2]
    / "data"
    / "postcodes"
    / "lincolnshire_postcode_districts.csv"
)
"""The lookup shipped for Lincolnshire (data/postcodes/README.md); a council may pass its own."""


def postcode_lookup(engine: Engine, path: Path) -> dict[str, str]:
    """Postcode district → district code, for districts the warehouse holds."""
    try:
        table = pd.read_csv(path, dtype=str)
    except (OSError, ValueError) as error:
        raise LoadError([Problem(path.name, None, None, f"cannot be read: {error}")]) from None
    missing = {"postcode_district", "district_code"} - set(table.columns)
    if missing:
        problems = [
            Problem(path.name, 1, column, "required column is missing") for column in missing
        ]
        raise LoadError(problems)
    with engine.connect() as connection:
        known = set(connection.execute(select(District.district_code)).scalars())
    table = table[table.district_code.isin(known)]
    return dict(zip(table.postcode_district.str.upper(), table.district_code, strict=True))


def outward_codes(postcodes: pd.Series) -> pd.Series:
    """`LN1 2AB` → `LN1`; `LN12AB` → `LN1` (the inward code is always three characters)."""
    squeezed = postcodes.str.upper().str.replace(r"\s+", "", regex=True)
    return squeezed.str[:-3].where(squeezed.str.len() >= 5)
