"""The warehouse as the app holds it: an engine, the disclosure-control threshold and a cache."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, Engine, select

from data_access.cache import CacheBackend
from data_access.schema import Area, Setting

DEFAULT_SUPPRESSION_THRESHOLD = 5


@dataclass(frozen=True)
class Warehouse:
    engine: Engine
    suppression_threshold: int = DEFAULT_SUPPRESSION_THRESHOLD
    cache: CacheBackend | None = None
    """Where `gateway.fetch` keeps the frames it serves (see `data_access.cache`); None: nowhere."""

    @staticmethod
    def area_codes(connection: Connection) -> set[str]:
        return set(connection.execute(select(Area.area_code)).scalars())

    @staticmethod
    def has_setting(connection: Connection, setting_urn: str) -> bool:
        query = select(Setting.setting_urn).where(Setting.setting_urn == setting_urn)
        return connection.execute(query).first() is not None
