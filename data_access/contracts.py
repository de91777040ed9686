"""What the data layer needs from its callers, as protocols, so that it imports nothing above it.

`dashboard.filters.Filters` satisfies `FilterSpec`; `dashboard.auth.User` satisfies `UserSpec`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol


class FilterSpec(Protocol):
    cohort: str
    phase: str | None
    setting: str | None
    year_from: str | None
    year_to: str | None
    areas: tuple[str, ...]

    def with_areas(self, areas: Iterable[str]) -> FilterSpec: ...


class UserSpec(Protocol):
    username: str
    role: str
    areas: tuple[str, ...]
    """The areas the user is limited to; empty means the whole county."""
    unsuppressed: bool
    """The user asked to see unsuppressed figures (honoured only for a role that may)."""
