"""A user as the data layer sees one (`data_access.contracts.UserSpec`), for gateway tests."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FakeUser:
    username: str = "someone"
    role: str = "manager"
    areas: tuple[str, ...] = ()
    unsuppressed: bool = False
