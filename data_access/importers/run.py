"""Running an import: derive the frames, then load them all or nothing, with a report either way."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Connection, Engine, select

from data_access.importers.report import ImportReport, record, record_refusal
from data_access.loaders.contract import load_frames
from data_access.loaders.problems import LoadError
from data_access.loaders.validate import check_frame
from data_access.loaders.write import upsert
from data_access.schema import Base, Child, ChildSource

UNKNOWN_SEN = "unknown"


@dataclass
class Derived:
    """An importer's output: contract frames and how to clear the rows its return replaces."""

    frames: dict[str, pd.DataFrame]
    sources: dict[str, str] = field(default_factory=dict)
    """Each frame's source file, named in errors (the frame's index holds the source rows)."""
    replace: list[Callable[[Connection], None]] = field(default_factory=list)

    def check(self) -> None:
        """The contract's rules on every frame, before anything is written."""
        problems = [
            problem
            for name, frame in self.frames.items()
            for problem in check_frame(
                self.sources.get(name, name), frame, Base.metadata.tables[name]
            )
        ]
        if problems:
            raise LoadError(problems)


def run_import(engine: Engine, report: ImportReport, derive: Callable[[], Derived]) -> ImportReport:
    """Derive and load; on any refusal record it in `load_run` and raise the LoadError."""
    try:
        derived = derive()
        derived.check()
        children = derived.frames["child"]
        report.children = len(children)
        report.rows_loaded = {name: len(frame) for name, frame in derived.frames.items()}
        report.status = "loaded"

        def before_write(connection: Connection) -> None:
            for clear in derived.replace:
                clear(connection)
            _keep_known_sen(connection, children)
            report.children_linked = _linked(connection, children, report.importer)

        def after_write(connection: Connection) -> None:
            sources = [
                {"child_id": child_id, "source_return": report.importer}
                for child_id in children.child_id
            ]
            upsert(connection, ChildSource.__table__, sources)
            record(connection, report)

        load_frames(
            engine,
            derived.frames,
            source=report.source,
            before_write=before_write,
            after_write=after_write,
        )
    except LoadError as error:
        report.status = "refused"
        report.problems = [str(problem) for problem in error.problems]
        record_refusal(engine, report)
        raise
    return report


def _keep_known_sen(connection: Connection, children: pd.DataFrame) -> None:
    """A return that does not record SEN must not overwrite what the school census said."""
    unknown = children.sen == UNKNOWN_SEN
    if not unknown.any():
        return
    known = dict(
        connection.execute(select(Child.child_id, Child.sen).where(Child.sen != UNKNOWN_SEN)).all()
    )
    children.loc[unknown, "sen"] = [
        known.get(child_id, UNKNOWN_SEN) for child_id in children.child_id[unknown]
    ]


def _linked(connection: Connection, children: pd.DataFrame, importer: str) -> int:
    """Children in this import already in the warehouse from another return."""
    others = set(
        connection.execute(
            select(ChildSource.child_id).where(ChildSource.source_return != importer)
        ).scalars()
    )
    return int(children.child_id.isin(others).sum())
