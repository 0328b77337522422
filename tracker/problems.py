"""Problems found in the data, reported like a compiler's diagnostics.

Also the one place where text from the data or the file system is made safe to print
(`safe_text`): a file name, a field name or a value may hold an escape code (a file named
`\\e]0;…\\a` would retitle the terminal, OSC 52 writes the clipboard), and a value may be anything a
linked file holds (`quote` shows only an excerpt of it). Problem.format, display_path and the
command line's stderr all go through here.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field as _field
from pathlib import Path
from typing import Any

MAX_LISTED_PER_FILE = 100
"""Problems listed per file; the rest are counted in one "… and N more" line. A file with
30,000 unknown keys is one mistake repeated, and listing it all buries the rest."""

EXCERPT_CHARS = 60
"""How much of a value a message quotes: enough to find it, too little to leak a file."""

# C0 and C1 controls (except newline and tab), DEL, the line and paragraph separators, and the
# bidirectional embeddings, overrides and isolates, which reorder what a terminal shows.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8, kept by surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe_text(text: object) -> str:
    """`text` with every control character shown as an escape (`\\x1b`, `\\u202e`), so that it
    reads as what it is and never acts on the terminal. Newlines and tabs are kept."""
    return _UNSAFE.sub(_escape, str(text))


def quote(value: object, limit: int = EXCERPT_CHARS) -> str:
    """A value quoted in a message, as repr shows it, cut to an excerpt: `'BEGIN…' (2,601
    characters)`. Every message quoting data goes through here, so a file linked to a secret
    prints a few characters of it at most."""
    text = value if isinstance(value, str) else str(value)
    if len(text) <= limit:
        return repr(value) if isinstance(value, str) else safe_text(repr(value))
    return f"{text[:limit]!r}… ({len(text):,} characters)"


def cut(text: str, limit: int = EXCERPT_CHARS) -> str:
    """A number or other unquoted text shown in a message, cut to an excerpt as `quote` cuts a
    value: `1000000…(310 characters)`."""
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} characters)"


def suggest(value: str, choices: Iterable[str]) -> str:
    """A hint for a name that is not known, from the names that are: ` (did you mean 'x'?)`,
    or nothing when none is close."""
    import difflib  # only a load with a problem needs it

    match = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {match[0]!r}?)" if match else ""


def dotted(loc: Sequence[Any]) -> str:
    """A place in a file's values as a field path: `positions[3].status`."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    file: Path
    line: int
    col: int
    field: str
    message: str
    severity: str = "error"
    more: int = _field(default=0, compare=False)
    """For the line that stands for problems left out of a long list: how many."""

    def format(self, relative_to: Path | None = None) -> str:
        where = f"{display_path(self.file, relative_to)}:{self.line}:{self.col}"
        field = f"{self.field}: " if self.field else ""
        return safe_text(f"{where}: {self.severity}: {field}{self.message}")

    def __str__(self) -> str:
        return self.format()


def more_problems(file: Path, line: int, col: int, count: int) -> Problem:
    """The line that stands for `count` problems of `file` not listed, from line:col on."""
    return Problem(file, line, col, "", f"… and {count:,} more problem{'s' * (count != 1)} in this file", "note", more=count)


def cap_per_file(problems: list[Problem], limit: int = MAX_LISTED_PER_FILE) -> list[Problem]:
    """The sorted problems with at most `limit` listed per file, the rest counted in one line
    where they begin (lines of that kind already in the list are added up)."""
    out: list[Problem] = []
    listed: dict[Path, int] = {}
    hidden: dict[Path, tuple[Problem, int]] = {}
    for problem in sorted(problems):
        count = problem.more or 1
        if problem.more or listed.get(problem.file, 0) >= limit:
            first, total = hidden.get(problem.file, (problem, 0))
            hidden[problem.file] = (first, total + count)
            continue
        listed[problem.file] = listed.get(problem.file, 0) + 1
        out.append(problem)
    out += [more_problems(p.file, p.line, p.col, total) for p, total in hidden.values()]
    return sorted(out)


def count_problems(problems: list[Problem]) -> int:
    """How many problems a list stands for, counting those left out of it."""
    return sum(p.more or 1 for p in problems)


def display_path(path: Path, relative_to: Path | None = None) -> str:
    """A path as short as it can be while still opening from the current directory, made safe
    to print (see safe_text)."""
    try:
        base = relative_to or Path.cwd()
        rel = os.path.relpath(path, base)
    except (ValueError, OSError):  # another drive on Windows; the current folder was removed
        return safe_text(path)
    # Relative only below the current directory: a path that climbs out reads worse than in full.
    return safe_text(rel if rel != ".." and not rel.startswith(".." + os.sep) else path)


class DataError(Exception):
    """Raised when a dataset cannot be used; carries every problem found, sorted, at most
    MAX_LISTED_PER_FILE of them listed per file (`count` counts them all)."""

    def __init__(self, problems: list[Problem], warnings: list[Problem] | None = None, partial: object = None):
        self.count = count_problems(problems)
        self.problems = cap_per_file(problems)
        self.warnings = cap_per_file(warnings or [])
        """Found in the same load: `tracker validate` lists them with the problems."""
        self.partial = partial
        """A loader's Dataset of what is whole (the rounds none of whose files has a problem), so
        the app can go on showing it; None when nothing can be shown."""
        super().__init__(f"{self.count} problem(s) in the data")

    def format(self) -> str:
        return "\n".join(p.format() for p in self.problems)
