"""What every import reports: rows read, loaded and set aside (with why), and children linked.

The report is printed by the CLI and kept in `load_run`, which the "About the data" page shows.
A refused import is recorded too, with its problems, so a failed overnight run leaves a trace.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, insert

from data_access.schema import LoadRun


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass
class ImportReport:
    importer: str
    source: str
    started_at: datetime = field(default_factory=now)
    status: str = "refused"
    rows_read: dict[str, int] = field(default_factory=dict)
    rows_loaded: dict[str, int] = field(default_factory=dict)
    set_aside: dict[str, int] = field(default_factory=dict)
    children: int = 0
    children_linked: int = 0
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def set_rows_aside(self, reason: str, rows: int) -> None:
        """Rows read but deliberately not loaded (a rule excludes them), counted by reason."""
        if rows:
            self.set_aside[reason] = self.set_aside.get(reason, 0) + int(rows)

    def text(self) -> str:
        lines = [f"{self.importer} import of {self.source}: {self.status}"]
        lines += [f"  {note}" for note in self.notes]
        lines.append(f"  read {_total(self.rows_read)} rows: {_listed(self.rows_read)}")
        if self.status == "loaded":
            lines.append(f"  loaded {_total(self.rows_loaded)} rows: {_listed(self.rows_loaded)}")
            lines.append(f"  set aside {_total(self.set_aside)} rows:")
            lines += [f"    {rows:>8}  {reason}" for reason, rows in self.set_aside.items()]
            lines.append(
                f"  children: {self.children}, of whom {self.children_linked} linked to "
                "another return already in the warehouse"
            )
        lines += [f"  {problem}" for problem in self.problems]
        return "\n".join(lines)

    def row(self) -> dict:
        detail = {
            "rows_read": self.rows_read,
            "rows_loaded": self.rows_loaded,
            "set_aside": self.set_aside,
            "notes": self.notes,
            "problems": self.problems,
        }
        return {
            "started_at": self.started_at,
            "finished_at": now(),
            "importer": self.importer,
            "source": self.source,
            "status": self.status,
            "rows_read": _total(self.rows_read),
            "rows_loaded": _total(self.rows_loaded),
            "rows_set_aside": _total(self.set_aside),
            "children": self.children,
            "children_linked": self.children_linked,
            "detail": json.dumps(detail),
        }


def record(connection: Connection, report: ImportReport) -> None:
    connection.execute(insert(LoadRun), [report.row()])


def record_refusal(engine: Engine, report: ImportReport) -> None:
    """Log a refused import in its own transaction: nothing else is written."""
    with engine.begin() as connection:
        record(connection, report)


def _total(counts: dict[str, int]) -> int:
    return sum(counts.values())


def _listed(counts: dict[str, int]) -> str:
    return ", ".join(f"{name} {rows}" for name, rows in counts.items()) or "none"
