"""The warehouse as the app holds it: an engine and the disclosure-control threshold."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, Engine, select

from data_access.schema import Area, Setting

DEFAULT_SUPPRESSION_THRESHOLD = 5


@dataclass(frozen=True)
class Warehouse:
    engine: Engine
    suppression_threshold: int = DEFAULT_SUPPRESSION_THRESHOLD

    @staticmethod
    def area_codes(connection: Connection) -> set[str]:
        return set(connection.execute(select(Area.area_code)).scalars())

    @staticmethod
    def has_setting(connection: Connection, setting_urn: str) -> bool:
        query = select(Setting.setting_urn).where(Setting.setting_urn == setting_urn)
        return connection.execute(query).first() is not None
