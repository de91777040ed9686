"""Roles and what each may do (DESIGN §4). The gateway and the download routes check these."""

from __future__ import annotations

VIEW_AGGREGATES = "view_aggregates"
VIEW_UNSUPPRESSED = "view_unsuppressed"
EXPORT_PUPIL_LEVEL = "export_pupil_level"
ADMINISTER_USERS = "administer_users"

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    "panel": frozenset({VIEW_AGGREGATES}),
    "manager": frozenset({VIEW_AGGREGATES}),
    "analyst": frozenset({VIEW_AGGREGATES, VIEW_UNSUPPRESSED, EXPORT_PUPIL_LEVEL}),
    "admin": frozenset({VIEW_AGGREGATES, ADMINISTER_USERS}),
}


class AccessDenied(PermissionError):
    """The user's role or area scope does not allow this; the message says why."""


def may(role: str, permission: str) -> bool:
    return permission in ROLE_PERMISSIONS.get(role, frozenset())


def require(role: str, permission: str) -> None:
    if not may(role, permission):
        raise AccessDenied(f"The {role} role may not {permission.replace('_', ' ')}.")
