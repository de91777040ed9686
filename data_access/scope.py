"""Area scope: a user limited to some areas sees only those areas' rows, enforced in SQL.

The scoped filters are what the queries receive, so a quadrant lead's totals are the totals of
their quadrants, never the county's.
"""

from __future__ import annotations

from data_access.access import AccessDenied
from data_access.codes import OUT_OF_COUNTY
from data_access.contracts import FilterSpec, UserSpec


class UnknownValue(ValueError):
    """A filter names an area or setting the warehouse does not hold."""


def scoped(filters: FilterSpec, user: UserSpec, known_areas: set[str]) -> FilterSpec:
    """The filters as this user may run them; refuses areas unknown or outside the scope."""
    selectable = known_areas | {OUT_OF_COUNTY}
    unknown = [area for area in filters.areas if area not in selectable]
    if unknown:
        raise UnknownValue(
            f"Unknown area {unknown[0]!r}. Choose from: {', '.join(sorted(selectable))}."
        )
    if not user.areas:
        return filters
    outside = [area for area in filters.areas if area not in user.areas]
    if outside:
        raise AccessDenied(
            f"You may not see area {outside[0]!r}; your areas: {', '.join(user.areas)}."
        )
    return filters if filters.areas else filters.with_areas(user.areas)
