"""Reading a CIN census XML file as a stream: the few elements the importer needs, with their lines.

The file is parsed with expat (standard library) rather than ElementTree's iterparse because expat
says which line each element starts on, so a bad value is named by its file line. Nothing is kept
but the wanted values: the file streams, whatever its size. Text between elements (a real file can
carry stray text such as `<UPNunknown>UN3</UPNunknown>PersonBirthDate` inside ChildIdentifiers) is
ignored. Element names are matched without any namespace prefix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

import pandas as pd

from data_access.importers.read import Progress, no_progress
from data_access.loaders.problems import LoadError, Problem

PROGRESS_EVERY = 5_000
CHUNK_BYTES = 1 << 20
CHILD_START = re.compile(rb"<Child[\s/>]")

IDENTIFIERS = (
    "LAchildID",
    "UPN",
    "PersonBirthDate",
    "ExpectedPersonBirthDate",
    "Sex",
    "GenderCurrent",
)
RECORDS = {
    "Header/CollectionDetails": ("header", ["Year", "ReferenceDate"]),
    "Children/Child": ("children", [f"ChildIdentifiers/{name}" for name in IDENTIFIERS]),
    "Children/Child/CINdetails": ("episodes", ["CINreferralDate", "CINclosureDate", "ReferralNFA"]),
    "Children/Child/CINdetails/ChildProtectionPlans": ("plans", ["CPPstartDate", "CPPendDate"]),
}
"""Each record: the path (below the root) of the element that starts one, the frame it goes to and
the paths (below that element) of the values kept, each named by its last element."""

COLUMNS = {kind: [path.rpartition("/")[2] for path in paths] for kind, paths in RECORDS.values()}
FIELDS = {kind: set(paths) for kind, paths in RECORDS.values()}


@dataclass
class Census:
    """A census file's wanted values, one frame per record kind, one column per value kept.

    Every frame also has `line`, where the record's element starts, and `child`, the position in
    `children` of the child the record belongs to (or would be, for the header).
    """

    header: pd.DataFrame
    children: pd.DataFrame
    episodes: pd.DataFrame
    plans: pd.DataFrame


def read_census(path: Path, progress: Progress = no_progress) -> Census:
    """Stream the file; raise LoadError naming the line if it is not well-formed XML."""
    if not path.is_file():
        raise LoadError([Problem(path.name, None, None, "no such file")])
    reader = _Reader(path.name, count_children(path), progress)
    try:
        with path.open("rb") as file:
            reader.parser.ParseFile(file)
    except expat.ExpatError as error:
        rule = (
            f"not well-formed XML at column {error.offset + 1}: "
            f"{expat.ErrorString(error.code)} (is the file cut short or damaged?)"
        )
        raise LoadError([Problem(path.name, error.lineno, None, rule)]) from None
    missing = [name for name in ("Header", "Children") if name not in reader.sections]
    if missing:
        rule = "the file has no <{}>: is it a CIN census XML file?"
        raise LoadError([Problem(path.name, None, name, rule.format(name)) for name in missing])
    progress(path.name, len(reader.rows["children"]), len(reader.rows["children"]))
    frames = {
        kind: pd.DataFrame(rows, columns=["line", "child", *COLUMNS[kind]]).astype(
            dict.fromkeys(COLUMNS[kind], "str")
        )
        for kind, rows in reader.rows.items()
    }
    return Census(**frames)


def count_children(path: Path) -> int:
    """How many `<Child>` elements the file holds, by a quick scan of its bytes (for progress)."""
    count, tail = 0, b""
    with path.open("rb") as file:
        while chunk := file.read(CHUNK_BYTES):
            count += len(CHILD_START.findall(tail + chunk))
            tail = chunk[-6:]
    return count


@dataclass
class _Reader:
    """expat handlers that keep the wanted values of each record as it closes."""

    name: str
    total: int
    progress: Progress
    parser: expat.XMLParserType = field(init=False)
    rows: dict[str, list[dict]] = field(init=False)
    sections: set[str] = field(default_factory=set)
    path: list[str] = field(default_factory=list)
    open: list[tuple[int, str, dict]] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.rows = {kind: [] for kind in COLUMNS}
        self.parser = expat.ParserCreate()
        self.parser.buffer_text = True
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.text.append

    def start(self, name: str, attributes: dict) -> None:
        self.path.append(name.rpartition(":")[2])
        self.text.clear()
        if len(self.path) == 2:
            self.sections.add(self.path[1])
        record = RECORDS.get("/".join(self.path[1:]))
        if record:
            child = len(self.rows["children"])
            values = {"line": self.parser.CurrentLineNumber, "child": child}
            self.open.append((len(self.path), record[0], values))

    def end(self, name: str) -> None:
        if self.open:
            depth, kind, values = self.open[-1]
            if "/".join(self.path[depth:]) in FIELDS[kind]:
                values[self.path[-1]] = "".join(self.text).strip() or None
            if depth == len(self.path):
                self.open.pop()
                self._keep(kind, values)
        self.path.pop()

    def _keep(self, kind: str, values: dict) -> None:
        rows = self.rows[kind]
        rows.append(values)
        if kind == "children" and len(rows) % PROGRESS_EVERY == 0:
            self.progress(self.name, len(rows), max(self.total, len(rows)))
