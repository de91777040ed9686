"""The audit trail: every sign-in attempt and download, written to `audit_event`.

Failed sign-ins are also what the login rate limit counts, so the limit holds across every
worker and server sharing the warehouse, with nothing kept in process memory.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, func, insert, select

from data_access.schema import AuditEvent

LOGIN_FAILED = "login_failed"
LOGIN = "login"
DOWNLOAD = "download"
SUPPRESSION_OFF = "suppression_off"
SUPPRESSION_ON = "suppression_on"


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def record(
    engine: Engine,
    action: str,
    username: str,
    address: str,
    detail: str = "",
    filters: str = "",
    rows: int | None = None,
) -> None:
    with engine.begin() as connection:
        connection.execute(
            insert(AuditEvent).values(
                occurred_at=now(),
                username=username[:80],
                address=address[:64],
                action=action,
                detail=detail[:400],
                filters=filters[:400],
                rows=rows,
            )
        )


def recent_failures(engine: Engine, window: timedelta, **who: str) -> int:
    """Failed sign-ins in the window matching `username=` or `address=`."""
    ((column, value),) = who.items()
    query = select(func.count()).where(
        AuditEvent.action == LOGIN_FAILED,
        AuditEvent.occurred_at >= now() - window,
        getattr(AuditEvent, column) == value,
    )
    with engine.connect() as connection:
        return connection.execute(query).scalar_one()


def events(
    engine: Engine, limit: int | None = 500, action: str | None = None, username: str | None = None
) -> list[dict]:
    """Events newest first, optionally of one action or one user."""
    query = select(AuditEvent).order_by(AuditEvent.event_id.desc()).limit(limit)
    if action:
        query = query.where(AuditEvent.action == action)
    if username:
        query = query.where(AuditEvent.username == username)
    with engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(query)]
