"""A cache of `gateway.fetch` frames, shared by every worker and invalidated by every load.

An entry's key holds everything that decides the frame: the warehouse, its data version, the
dataset, the filters as run (after area scope) and who is looking (role, areas, suppression on or
off, threshold). The data version is read from `table_load`, which every loader stamps inside the
load's own transaction, so a load committed by any process — the CLI, another server — changes
the key of every entry at once, with no message between processes. Old entries are never read
again and expire after `TIMEOUT`.

The store is anything with cachelib's `get`/`set` (flask-caching's backends): Redis shared by
every worker and instance, or a dictionary in one process.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any, Protocol

import pandas as pd
from sqlalchemy import Connection, func, select
from sqlalchemy.engine import URL

from data_access.contracts import FilterSpec
from data_access.schema import LoadRun, TableLoad

TIMEOUT = 3600
"""Seconds an entry lives; a new load makes old entries unreachable, this frees them."""

log = logging.getLogger(__name__)


class CacheBackend(Protocol):
    """The store: cachelib's `BaseCache` (flask-caching's `Cache.cache`) fits."""

    def get(self, key: str) -> Any: ...

    def set(self, key: str, value: Any, timeout: int | None = None) -> bool | None: ...


@dataclass(frozen=True)
class Viewer:
    """What about the user changes the frame they get, beyond the filters."""

    role: str
    areas: tuple[str, ...]
    unsuppressed: bool
    threshold: int


def warehouse_tag(url: URL | str) -> str:
    """A short name for the warehouse, the first part of each of its keys (no password in it)."""
    text = url.render_as_string(hide_password=True) if isinstance(url, URL) else url
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def data_version(connection: Connection) -> list[list[str]]:
    """When each table was last loaded, and the last import run (a refused one writes only that).

    Every row, not only the latest time, so a reload stamped by a host whose clock runs behind
    still changes the version. Read before the data: a load committed in between then leaves
    newer data under the older version, never older data under the newer one.
    """
    query = select(TableLoad.table_name, TableLoad.loaded_at).order_by(TableLoad.table_name)
    loads = [[name, loaded_at.isoformat()] for name, loaded_at in connection.execute(query)]
    last_import = connection.execute(select(func.max(LoadRun.run_id))).scalar()
    return [*loads, ["load_run", str(last_import)]]


def entry_key(connection: Connection, dataset: str, filters: FilterSpec, viewer: Viewer) -> str:
    """The key of `dataset` for these scoped filters and this viewer, at the current version."""
    asked = {
        "filters": [
            filters.cohort,
            filters.phase,
            filters.setting,
            filters.year_from,
            filters.year_to,
            list(filters.areas),
        ],
        "viewer": asdict(viewer),
        "version": data_version(connection),
    }
    digest = hashlib.sha256(json.dumps(asked, sort_keys=True).encode()).hexdigest()
    return f"{warehouse_tag(connection.engine.url)}:{dataset}:{digest}"


def through(cache: CacheBackend, key: str, compute: Callable[[], pd.DataFrame]) -> pd.DataFrame:
    """The frame cached under `key`, else `compute()`'s, kept for the next request.

    The cache only saves work: when the store fails (Redis down) the failure is logged and the
    frame computed, so the dashboard keeps working without it.
    """
    frame = _safely(lambda: cache.get(key), "read")
    if frame is None:
        frame = compute()
        _safely(lambda: cache.set(key, frame, timeout=TIMEOUT), "write")
    return frame


def _safely(call: Callable[[], Any], action: str) -> Any:
    try:
        return call()
    except Exception:
        log.warning("Could not %s the fetch cache; going on without it.", action, exc_info=True)
        return None
