"""Problems found in the data, reported like a compiler's diagnostics."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    file: Path
    line: int
    col: int
    field: str
    message: str
    severity: str = "error"

    def format(self, relative_to: Path | None = None) -> str:
        where = f"{display_path(self.file, relative_to)}:{self.line}:{self.col}"
        field = f"{self.field}: " if self.field else ""
        return f"{where}: {self.severity}: {field}{self.message}"

    def __str__(self) -> str:
        return self.format()


def display_path(path: Path, relative_to: Path | None = None) -> str:
    """A path as short as it can be while still opening from the current directory."""
    base = relative_to or Path.cwd()
    try:
        rel = os.path.relpath(path, base)
    except ValueError:  # another drive on Windows
        return str(path)
    # Relative only below the current directory: a path that climbs out reads worse than in full.
    return rel if rel != ".." and not rel.startswith(".." + os.sep) else str(path)


class DataError(Exception):
    """Raised when a dataset cannot be used; carries every problem found, sorted."""

    def __init__(self, problems: list[Problem], warnings: list[Problem] | None = None):
        self.problems = sorted(problems)
        self.warnings = sorted(warnings or [])
        """Found in the same load: `tracker validate` lists them with the problems."""
        super().__init__(f"{len(self.problems)} problem(s) in the data")

    def format(self) -> str:
        return "\n".join(p.format() for p in self.problems)
