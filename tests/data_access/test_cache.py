"""The fetch cache: the same frames as without it, one entry per viewer, a new one after a load,
and every check of the gateway still made before it is asked."""

from __future__ import annotations

import os
import socket
import tempfile
import uuid
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import redis
from cachelib import RedisCache, SimpleCache

from dashboard.app_factory import REDIS_OPTIONS
from dashboard.filters import Filters
from data_access import gateway
from data_access.cache import data_version
from data_access.loaders.contract import load_directory
from data_access.warehouse import Warehouse
from tests.data_access.queries import world
from tests.fake_user import FakeUser as Someone

REDIS_URL = os.environ.get("C2L_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
THRESHOLD = 3
ANALYST_UNSUPPRESSED = Someone(role="analyst", unsuppressed=True)
WEST_LEAD = Someone(areas=("west",))
WORLD_SOURCE = "the test world"
ONLY_2019 = Filters(year_from="2019/20", year_to="2019/20")


class RecordingCache(SimpleCache):
    """A real in-process cache that counts what the gateway asks of it."""

    def __init__(self) -> None:
        super().__init__(threshold=1000)
        self.hits = self.misses = self.sets = 0

    def get(self, key: str):
        value = super().get(key)
        if value is None:
            self.misses += 1
        else:
            self.hits += 1
        return value

    def set(self, key: str, value, timeout=None):
        self.sets += 1
        return super().set(key, value, timeout)


def redis_or_skip() -> redis.Redis:
    """A client on the test Redis; the test is skipped when none answers."""
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {REDIS_URL}")
    return client


def load_rows(engine, tables: dict[str, list[dict]], source: str) -> None:
    """Rows written as contract CSV files and loaded as `c2l load` would (stamping table_load)."""
    with tempfile.TemporaryDirectory() as folder:
        for name, rows in tables.items():
            pd.DataFrame(rows, dtype=object).to_csv(Path(folder) / f"{name}.csv", index=False)
        load_directory(engine, Path(folder), source=source)


def load_world(engine) -> None:
    """The hand-made world, its areas loaded once more as a load would, stamping `table_load`."""
    world.build(engine)
    load_rows(engine, {"area": world.ROWS["area"]}, WORLD_SOURCE)


ONE_MORE_CHILD = {
    "child": [{"child_id": "c9", "sex": "M", "birth_month": date(2010, 1, 1), "sen": "none"}],
    "child_year": [
        {
            "child_id": "c9",
            "academic_year": "2019/20",
            "cohort": "CLA12",
            "setting_urn": "S1",
            "care_home_id": None,
            "district_code": None,
            "year_group": None,
        }
    ],
}
"""A CLA12 child in 2019/20 at S1, with no attendance."""


@pytest.fixture
def recording():
    return RecordingCache()


@pytest.fixture
def warehouses(engine, recording):
    """The same warehouse without a cache and with one."""
    load_world(engine)
    return Warehouse(engine, THRESHOLD), Warehouse(engine, THRESHOLD, recording)


CASES = [
    ("overall_absence", Filters(), Someone()),
    ("overall_absence_by_area", Filters(year_from="2019/20"), Someone()),
    ("persistent_absence", Filters(areas=("west",)), ANALYST_UNSUPPRESSED),
    ("sdq_concern_by_area", Filters(), Someone(role="panel")),
    ("sdq_normal", Filters(), WEST_LEAD),
    ("cohort_size", Filters(cohort="CIN"), Someone()),
    ("ks4_attainment8", Filters(phase="secondary"), Someone()),
    ("area_list", Filters(), Someone()),
]


@pytest.mark.parametrize(("name", "filters", "user"), CASES)
def test_cached_frames_equal_uncached_ones_and_the_second_is_served_from_the_cache(
    warehouses, recording, name, filters, user
):
    plain, cached = warehouses
    expected = gateway.fetch(name, filters, user, plain)
    first = gateway.fetch(name, filters, user, cached)
    second = gateway.fetch(name, filters, user, cached)
    pd.testing.assert_frame_equal(first, expected, check_exact=True)
    pd.testing.assert_frame_equal(second, expected, check_exact=True)
    assert (recording.misses, recording.sets, recording.hits) == (1, 1, 1)


def test_a_write_outside_the_loaders_is_not_seen_until_the_next_load(warehouses):
    """Proof that the second fetch is the cached frame; and why every load must stamp table_load."""
    _, cached = warehouses
    first = gateway.fetch("cohort_size", ONLY_2019, Someone(), cached)
    with cached.engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM child_year WHERE child_id = 'c6'")
    pd.testing.assert_frame_equal(gateway.fetch("cohort_size", ONLY_2019, Someone(), cached), first)
    load_rows(cached.engine, {"area": world.ROWS["area"]}, "reload")
    after = gateway.fetch("cohort_size", ONLY_2019, Someone(), cached)
    assert (list(first["children"]), list(after["children"])) == ([5], [4])


def test_a_load_changes_the_version_and_the_next_fetch_sees_the_new_rows(warehouses, recording):
    _, cached = warehouses
    manager = Someone()
    before = gateway.fetch("cohort_size", ONLY_2019, manager, cached)
    with cached.engine.connect() as connection:
        old_version = data_version(connection)
    load_rows(cached.engine, ONE_MORE_CHILD, "one more child")
    with cached.engine.connect() as connection:
        assert data_version(connection) != old_version
    after = gateway.fetch("cohort_size", ONLY_2019, manager, cached)
    assert (list(before["children"]), list(after["children"])) == ([5], [6])
    assert (recording.hits, recording.sets) == (0, 2)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (Someone(role="panel"), ANALYST_UNSUPPRESSED),
        (ANALYST_UNSUPPRESSED, Someone(role="panel")),
        (ANALYST_UNSUPPRESSED, Someone(role="analyst")),
        (WEST_LEAD, Someone()),
        (Someone(), WEST_LEAD),
    ],
    ids=[
        "panel-then-analyst",
        "analyst-then-panel",
        "unsuppressed-then-not",
        "west-then-county",
        "county-then-west",
    ],
)
def test_each_viewer_gets_their_own_entry(warehouses, recording, first, second):
    plain, cached = warehouses
    gateway.fetch("persistent_absence", Filters(), first, cached)
    served = gateway.fetch("persistent_absence", Filters(), second, cached)
    expected = gateway.fetch("persistent_absence", Filters(), second, plain)
    pd.testing.assert_frame_equal(served, expected, check_exact=True)
    assert (recording.hits, recording.sets) == (0, 2)


def test_the_viewers_really_see_different_frames(warehouses):
    """The entries above would be indistinguishable if these frames were equal."""
    _, cached = warehouses
    west_analyst = Someone(role="analyst", areas=("west",), unsuppressed=True)
    county = gateway.fetch("overall_absence", Filters(), ANALYST_UNSUPPRESSED, cached)
    west = gateway.fetch("overall_absence", Filters(), west_analyst, cached)
    assert (list(county["numerator"]), list(west["numerator"])) == ([82, 15], [70, 15])
    persistent = {
        user.role: list(gateway.fetch("persistent_absence", Filters(), user, cached)["numerator"])
        for user in (Someone(role="panel"), ANALYST_UNSUPPRESSED)
    }
    assert persistent == {"panel": ["c", "c"], "analyst": [2, 1]}


def test_the_gateways_checks_come_before_the_cache(warehouses, recording):
    _, cached = warehouses
    gateway.fetch("overall_absence", Filters(), Someone(), cached)
    gateway.fetch("overall_absence", Filters(areas=("north",)), Someone(), cached)
    gateway.fetch("pupil_level", Filters(), Someone(role="analyst"), cached)
    with pytest.raises(gateway.AccessDenied):
        gateway.fetch("overall_absence", Filters(), Someone(role="visitor"), cached)
    with pytest.raises(gateway.AccessDenied, match="pupil"):
        gateway.fetch("pupil_level", Filters(), Someone(role="manager"), cached)
    with pytest.raises(gateway.AccessDenied, match="north"):
        gateway.fetch("overall_absence", Filters(areas=("north",)), WEST_LEAD, cached)
    with pytest.raises(gateway.UnknownValue, match="nowhere"):
        gateway.fetch("overall_absence", Filters(areas=("nowhere",)), Someone(), cached)
    with pytest.raises(gateway.UnknownValue, match="S9"):
        gateway.fetch("overall_absence", Filters(setting="S9"), Someone(), cached)
    assert (recording.hits, recording.sets) == (0, 2)


def test_pupil_level_rows_are_never_cached(warehouses, recording):
    _, cached = warehouses
    analyst = Someone(role="analyst")
    rows = gateway.fetch("pupil_level", Filters(), analyst, cached)
    assert len(rows) > 0
    assert gateway.fetch("pupil_level", Filters(), analyst, cached).equals(rows)
    assert (recording.hits, recording.misses, recording.sets) == (0, 0, 0)


def test_a_cache_that_does_not_answer_is_gone_round(warehouses):
    """Redis down: the frame comes from the warehouse (the app's client options: no backoff)."""
    plain, _ = warehouses
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    dead_redis = RedisCache("127.0.0.1", closed_port, **REDIS_OPTIONS)
    dead = Warehouse(plain.engine, THRESHOLD, dead_redis)
    frame = gateway.fetch("overall_absence", Filters(), Someone(), dead)
    expected = gateway.fetch("overall_absence", Filters(), Someone(), plain)
    pd.testing.assert_frame_equal(frame, expected, check_exact=True)


@pytest.fixture
def redis_cache():
    """A cachelib RedisCache on the test Redis under a prefix of its own, emptied afterwards."""
    client = redis_or_skip()
    prefix = f"c2l-test-{uuid.uuid4().hex}:"
    yield client, prefix, RedisCache(client, key_prefix=prefix)
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)
    client.close()


@pytest.mark.parametrize(("name", "filters", "user"), CASES)
def test_redis_serves_the_same_frames(engine, redis_cache, name, filters, user):
    client, prefix, backend = redis_cache
    load_world(engine)
    plain, cached = Warehouse(engine, THRESHOLD), Warehouse(engine, THRESHOLD, backend)
    expected = gateway.fetch(name, filters, user, plain)
    first = gateway.fetch(name, filters, user, cached)
    (key,) = client.scan_iter(f"{prefix}*")
    assert f":{name}:" in key.decode()
    assert 0 < client.ttl(key) <= 3600
    second = gateway.fetch(name, filters, user, cached)
    pd.testing.assert_frame_equal(first, expected, check_exact=True)
    pd.testing.assert_frame_equal(second, expected, check_exact=True)
    assert len(list(client.scan_iter(f"{prefix}*"))) == 1
