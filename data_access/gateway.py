"""`fetch`: the one way data leaves the warehouse. Authorise → scope → cache or SQL → suppress.

Pages, callbacks and downloads all call `fetch`; none reads the warehouse another way, so role
checks, area scope and disclosure control cannot be skipped.
"""

from __future__ import annotations

from functools import partial

import pandas as pd
from sqlalchemy import Connection

from data_access import cache
from data_access.access import VIEW_AGGREGATES, VIEW_UNSUPPRESSED, AccessDenied, may, require
from data_access.contracts import FilterSpec, UserSpec
from data_access.datasets import DATASETS, Dataset
from data_access.scope import UnknownValue, scoped
from data_access.suppression import suppress
from data_access.warehouse import Warehouse

__all__ = ["AccessDenied", "UnknownDataset", "UnknownValue", "dataset", "fetch"]


class UnknownDataset(KeyError):
    """No dataset has that name."""


def dataset(name: str) -> Dataset:
    try:
        return DATASETS[name]
    except KeyError:
        raise UnknownDataset(name) from None


def fetch(name: str, filters: FilterSpec, user: UserSpec, warehouse: Warehouse) -> pd.DataFrame:
    """The named dataset for these filters, as this user may see it.

    The role is checked and the filters scoped and validated before the cache is asked, so a
    frame cached for someone else never reaches a user who may not see it. Only aggregates are
    cached: pupil-level rows are never copied out of the warehouse.
    """
    spec = dataset(name)
    require(user.role, spec.permission)
    unsuppressed = may(user.role, VIEW_UNSUPPRESSED) and bool(getattr(user, "unsuppressed", False))
    threshold = warehouse.suppression_threshold
    with warehouse.engine.connect() as connection:
        run_with = scoped(filters, user, warehouse.area_codes(connection))
        if run_with.setting and not warehouse.has_setting(connection, run_with.setting):
            raise UnknownValue(f"Unknown setting {run_with.setting!r}.")
        read = partial(_read, spec, connection, run_with, unsuppressed, threshold)
        if warehouse.cache is None or spec.permission != VIEW_AGGREGATES:
            return read()
        viewer = cache.Viewer(user.role, tuple(user.areas), unsuppressed, threshold)
        key = cache.entry_key(connection, name, run_with, viewer)
        return cache.through(warehouse.cache, key, read)


def _read(
    spec: Dataset, connection: Connection, filters: FilterSpec, unsuppressed: bool, threshold: int
) -> pd.DataFrame:
    """What the user may see: the dataset's frame, suppressed unless they may and asked not to."""
    frame = spec.read(connection, filters)
    if not unsuppressed:
        frame = suppress(frame, spec.counts, threshold, spec.siblings)
    return spec.keep(frame) if spec.keep else frame
