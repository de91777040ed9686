"""What a loader says when it refuses input: file, row, column and the rule broken."""

from __future__ import annotations

from dataclasses import dataclass

MAX_REPORTED = 50


@dataclass(frozen=True)
class Problem:
    """One broken rule. `row` is the file's line number (the header is row 1); None for the file."""

    file: str
    row: int | None
    column: str | None
    rule: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.rule}"


class LoadError(Exception):
    """Input refused; nothing was written."""

    def __init__(self, problems: list[Problem], total: int | None = None) -> None:
        self.problems = problems[:MAX_REPORTED]
        self.total = total if total is not None else len(problems)
        super().__init__(self.report())

    def report(self) -> str:
        lines = [f"Refused: {self.total} problem(s); nothing was loaded."]
        lines += [f"  {problem}" for problem in self.problems]
        if self.total > len(self.problems):
            lines.append(f"  … and {self.total - len(self.problems)} more")
        return "\n".join(lines)
