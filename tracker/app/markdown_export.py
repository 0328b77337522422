"""Writing the current comparison as Markdown: the report module's format, written atomically."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.editing.files import atomic_write
from tracker.report.markdown import diff_markdown

if TYPE_CHECKING:
    from textual.widget import Widget

    from tracker.report.comparison import Comparison


def comparison_markdown(comparison: Comparison, include_unchanged: bool = False) -> str:
    """The same document as `tracker diff --format markdown` for the same comparison."""
    return diff_markdown(comparison, show_unchanged=include_unchanged)


def write_export(path: Path, text: str) -> None:
    """Write the report atomically (the editor's own `atomic_write`: a failure never leaves half a
    file, and a replaced file keeps its mode), making the folder first if it is new."""
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, text)


def export_comparison(widget: Widget, path: str, text: str) -> Path | None:
    """Write `text` to `path`; say where, or why not, in a notification from `widget`."""
    target = Path(path).expanduser()
    try:
        write_export(target, text)
    except OSError as exc:
        widget.notify(f"Could not write {target}: {exc.strerror or exc}", severity="error", markup=False)
        return None
    widget.notify(f"Saved {os.path.abspath(target)}", markup=False)  # in full: where is not obvious from an app
    return target
