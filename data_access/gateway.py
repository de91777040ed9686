"""`fetch`: the one way data leaves the warehouse. Authorise → scope → SQL → suppress.

Pages, callbacks and downloads all call `fetch`; none reads the warehouse another way, so role
checks, area scope and disclosure control cannot be skipped.
"""

from __future__ import annotations

import pandas as pd

from data_access.access import VIEW_UNSUPPRESSED, AccessDenied, may, require
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
    """The named dataset for these filters, as this user may see it."""
    spec = dataset(name)
    require(user.role, spec.permission)
    with warehouse.engine.connect() as connection:
        run_with = scoped(filters, user, warehouse.area_codes(connection))
        if run_with.setting and not warehouse.has_setting(connection, run_with.setting):
            raise UnknownValue(f"Unknown setting {run_with.setting!r}.")
        frame = spec.read(connection, run_with)
    if not (may(user.role, VIEW_UNSUPPRESSED) and getattr(user, "unsuppressed", False)):
        frame = suppress(frame, spec.counts, warehouse.suppression_threshold, spec.siblings)
    return spec.keep(frame) if spec.keep else frame
