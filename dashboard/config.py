"""Settings: one frozen object; each value from the argument, else the environment, else default."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, fields
from pathlib import Path

from data_access.warehouse import DEFAULT_SUPPRESSION_THRESHOLD

PROJECT_ROOT = Path(__file__).resolve().parents[1]
ENVIRONMENT = {
    "database_url": "C2L_DATABASE_URL",
    "secret_key": "C2L_SECRET_KEY",
    "cache_url": "C2L_CACHE_URL",
    "suppression_threshold": "C2L_SUPPRESSION_THRESHOLD",
    "demo": "C2L_DEMO",
    "debug": "C2L_DEBUG",
    "instance_path": "C2L_INSTANCE_PATH",
    "idle_minutes": "C2L_IDLE_MINUTES",
}


class SettingsError(RuntimeError):
    """A setting is missing or malformed; the message names the environment variable."""


@dataclass(frozen=True)
class Settings:
    instance_path: Path = PROJECT_ROOT / "instance"
    database_url: str = ""
    secret_key: str = ""
    cache_url: str = ""
    suppression_threshold: int = DEFAULT_SUPPRESSION_THRESHOLD
    demo: bool = False
    debug: bool = False
    idle_minutes: int = 30

    @classmethod
    def load(cls, **overrides: object) -> Settings:
        """Arguments win over `C2L_*` environment variables, which win over defaults."""
        values: dict[str, object] = {}
        for field in fields(cls):
            if field.name in overrides and overrides[field.name] is not None:
                values[field.name] = overrides[field.name]
            elif os.environ.get(ENVIRONMENT[field.name]):
                values[field.name] = _parse(field.name, os.environ[ENVIRONMENT[field.name]])
        settings = cls(**values)
        return settings._completed()

    def _completed(self) -> Settings:
        instance = Path(self.instance_path)
        url = self.database_url or f"sqlite:///{instance / 'warehouse.db'}"
        key = self.secret_key
        if not key:
            if not self.demo:
                raise SettingsError(
                    "C2L_SECRET_KEY must be set (a long random string), except in demo mode."
                )
            key = _demo_key(instance)
        if self.suppression_threshold < 1:
            raise SettingsError("C2L_SUPPRESSION_THRESHOLD must be a whole number of 1 or more.")
        return Settings(
            instance,
            url,
            key,
            self.cache_url,
            self.suppression_threshold,
            self.demo,
            self.debug,
            self.idle_minutes,
        )


def _demo_key(instance: Path) -> str:
    """A random key kept in the instance folder, so every demo worker signs sessions alike."""
    path = instance / "demo_secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        draft = instance / f"demo_secret_key.{os.getpid()}"
        draft.write_text(secrets.token_hex(32), encoding="ascii")
        draft.chmod(0o600)
        try:
            os.link(draft, path)  # atomic: the first worker's key wins, none sees a half file
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text(encoding="ascii").strip()


def _parse(name: str, text: str) -> object:
    if name in ("demo", "debug"):
        return text.strip().lower() in ("1", "true", "yes", "on")
    if name in ("suppression_threshold", "idle_minutes"):
        try:
            return int(text)
        except ValueError:
            message = f"{ENVIRONMENT[name]} must be a whole number, not {text!r}."
            raise SettingsError(message) from None
    if name == "instance_path":
        return Path(text)
    return text
