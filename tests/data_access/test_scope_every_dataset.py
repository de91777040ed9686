"""Area scope in every dataset: a user limited to west gets exactly what the county user gets
for the west filter, and never a row of another area (SQLite and PostgreSQL)."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.filters import Filters
from data_access import gateway
from data_access.datasets import DATASETS
from data_access.warehouse import Warehouse
from tests.data_access.queries import world
from tests.fake_user import FakeUser


@pytest.fixture
def warehouse(engine):
    world.build(engine)
    return Warehouse(engine, suppression_threshold=1)


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_a_west_lead_never_sees_another_area(warehouse, name):
    lead = gateway.fetch(name, Filters(), FakeUser("lead", "analyst", ("west",)), warehouse)
    county_view = gateway.fetch(
        name, Filters(areas=("west",)), FakeUser("lead", "analyst"), warehouse
    )
    pd.testing.assert_frame_equal(lead, county_view)
    if "area_code" in lead:
        assert set(lead["area_code"]) <= {"west", "county_wide"}
    with pytest.raises(gateway.AccessDenied):
        gateway.fetch(
            name, Filters(areas=("north",)), FakeUser("lead", "analyst", ("west",)), warehouse
        )
