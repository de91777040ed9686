"""One direction of flow: layouts and callbacks never touch SQL; data_access imports none above."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = {
    "layouts": {
        "sqlalchemy",
        "data_access.db",
        "data_access.queries",
        "data_access.schema",
        "callbacks",
        "flask_login",
    },
    "callbacks": {"sqlalchemy", "data_access.db", "data_access.queries", "data_access.schema"},
    "data_access": {"dashboard", "callbacks", "layouts", "dash", "flask", "flask_login"},
    "dashboard/figures": {"dash", "flask", "sqlalchemy", "data_access", "callbacks", "layouts"},
}


def imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_only_downstream(package):
    offences = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in sorted((ROOT / package).rglob("*.py"))
        for name in imports(path)
        if any(name == banned or name.startswith(f"{banned}.") for banned in FORBIDDEN[package])
    ]
    assert offences == []


def test_sql_lives_only_in_the_data_layer():
    offences = [
        str(path.relative_to(ROOT))
        for package in ("dashboard", "callbacks", "layouts")
        for path in (ROOT / package).rglob("*.py")
        if "sqlalchemy" in imports(path)
    ]
    assert offences == []
