"""The app's users: stored with a password hash (made by the caller), a role and an area scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, insert, select, update

from data_access.codes import USER_ROLES
from data_access.schema import AppUser


class UserError(ValueError):
    """A user cannot be added or changed as asked; the message says why."""


@dataclass(frozen=True)
class UserRecord:
    user_id: int
    username: str
    password_hash: str
    role: str
    areas: tuple[str, ...]
    active: bool


def _record(row) -> UserRecord:
    areas = tuple(area for area in row.areas.split(",") if area)
    return UserRecord(row.user_id, row.username, row.password_hash, row.role, areas, row.active)


def _check_role(role: str) -> None:
    if role not in USER_ROLES:
        raise UserError(f"Unknown role {role!r}. Choose one of: {', '.join(USER_ROLES)}.")


def add_user(
    engine: Engine, username: str, password_hash: str, role: str, areas: tuple[str, ...] = ()
) -> UserRecord:
    _check_role(role)
    if find_by_name(engine, username):
        raise UserError(f"A user called {username!r} already exists.")
    with engine.begin() as connection:
        connection.execute(
            insert(AppUser).values(
                username=username,
                password_hash=password_hash,
                role=role,
                areas=",".join(areas),
                active=True,
                created_at=datetime.now(UTC).replace(tzinfo=None),
            )
        )
    return find_by_name(engine, username)


def find_by_name(engine: Engine, username: str) -> UserRecord | None:
    with engine.connect() as connection:
        row = connection.execute(select(AppUser).where(AppUser.username == username)).first()
    return _record(row) if row else None


def find_by_id(engine: Engine, user_id: int) -> UserRecord | None:
    with engine.connect() as connection:
        row = connection.execute(select(AppUser).where(AppUser.user_id == user_id)).first()
    return _record(row) if row else None


def list_users(engine: Engine) -> list[UserRecord]:
    with engine.connect() as connection:
        rows = connection.execute(select(AppUser).order_by(AppUser.username)).all()
    return [_record(row) for row in rows]


def change_user(engine: Engine, username: str, **values: object) -> UserRecord:
    """Set role, areas, active or password_hash for an existing user."""
    if "role" in values:
        _check_role(str(values["role"]))
    if "areas" in values:
        values["areas"] = ",".join(values["areas"])
    with engine.begin() as connection:
        result = connection.execute(
            update(AppUser).where(AppUser.username == username).values(**values)
        )
    if result.rowcount == 0:
        raise UserError(f"No user called {username!r}.")
    return find_by_name(engine, username)
