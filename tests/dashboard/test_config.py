"""Settings: demo mode's generated secret key is shared by every process on the instance."""

from __future__ import annotations

import stat

import pytest

from dashboard.config import Settings, SettingsError


def test_demo_processes_share_one_generated_key(tmp_path) -> None:
    first = Settings.load(demo=True, instance_path=tmp_path, secret_key="")
    second = Settings.load(demo=True, instance_path=tmp_path, secret_key="")
    assert len(first.secret_key) == 64
    assert first.secret_key == second.secret_key
    key_file = tmp_path / "demo_secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert [path.name for path in tmp_path.iterdir()] == ["demo_secret_key"]


def test_another_instance_gets_another_key(tmp_path) -> None:
    one = Settings.load(demo=True, instance_path=tmp_path / "a", secret_key="")
    two = Settings.load(demo=True, instance_path=tmp_path / "b", secret_key="")
    assert one.secret_key != two.secret_key


def test_outside_demo_mode_a_key_is_required(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("C2L_SECRET_KEY", raising=False)
    monkeypatch.delenv("C2L_DEMO", raising=False)
    with pytest.raises(SettingsError, match="C2L_SECRET_KEY must be set"):
        Settings.load(instance_path=tmp_path)
