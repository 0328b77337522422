"""Writing the current comparison as Markdown: the report module's format, written atomically."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tracker.editing import atomic_write
from tracker.report.markdown import diff_markdown

if TYPE_CHECKING:
    from tracker.diff import RoundDiff
    from tracker.loader import Dataset


def comparison_markdown(dataset: Dataset, diff: RoundDiff, include_unchanged: bool = False, filters: str = "") -> str:
    """The same document as `tracker diff --format markdown` for these rounds and filters."""
    return diff_markdown(dataset, diff, show_unchanged=include_unchanged, filters=filters)


def write_export(path: Path, text: str) -> None:
    """Write the report atomically (the editor's own `atomic_write`: a failure never leaves half a
    file, and a replaced file keeps its mode), making the folder first if it is new."""
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, text)
