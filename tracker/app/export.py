"""Writing the current comparison as Markdown: the report module's format, written atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.report.markdown import diff_markdown

if TYPE_CHECKING:
    from tracker.diff import RoundDiff
    from tracker.loader import Dataset


def comparison_markdown(dataset: Dataset, diff: RoundDiff, include_unchanged: bool = False, filters: str = "") -> str:
    """The same document as `tracker diff --format markdown` for these rounds and filters."""
    return diff_markdown(dataset, diff, show_unchanged=include_unchanged, filters=filters)


def write_text_atomically(path: Path, text: str) -> None:
    """Write via a temporary file in the same folder, so a failure never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
