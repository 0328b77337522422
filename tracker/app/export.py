"""The current comparison as Markdown, for the palette's and the `w` key's export.

One function, `comparison_markdown`, so the report module (`tracker diff --format markdown`) can
take over: when tracker.report offers a Markdown renderer of a RoundDiff it is used instead.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.app.render import changed_fields, figures_line, kind_label, value_text
from tracker.diff import RoundDiff, sort_key

if TYPE_CHECKING:
    from tracker.loader import Dataset


def comparison_markdown(dataset: Dataset, diff: RoundDiff, include_unchanged: bool = False) -> str:
    try:
        from tracker.report import render_markdown  # type: ignore[attr-defined]
    except ImportError:
        return _minimal_markdown(dataset, diff, include_unchanged)
    return render_markdown(dataset, diff)


def _md(text: str) -> str:
    """Data as Markdown text: no accidental emphasis, links or HTML."""
    out = " ".join(str(text).split())
    for char in "\\`*_[]<>#|":
        out = out.replace(char, "\\" + char)
    return out


def _minimal_markdown(dataset: Dataset, diff: RoundDiff, include_unchanged: bool) -> str:
    def label(round_id: str) -> str:
        return dataset.rounds[round_id].round.label if round_id in dataset.rounds else round_id

    lines = [f"# {_md(label(diff.from_round))} → {_md(label(diff.to_round))}", ""]
    counts = diff.summary()
    lines += [", ".join(f"{n} {bucket}" for bucket, n in counts.items()), ""]
    entries = [(b, p, c) for b, p, c in diff.buckets() if include_unchanged or b.value != "unchanged"]
    entries.sort(key=lambda e: sort_key(dataset, e[1]))
    topic = None
    signs = {"added": "+", "removed": "−", "changed": "~", "unchanged": "="}
    for bucket, position, change in entries:
        if position.topic != topic:
            topic = position.topic
            lines += ["", f"## {_md(dataset.topic_title(topic))}", ""]
        party = dataset.party_name(position.party)
        figures = figures_line(position)
        line = f"- {signs[bucket.value]} **{_md(party)}**, {kind_label(position.kind)}: {_md(position.summary)}"
        if figures:
            line += f" ({_md(figures)})"
        lines.append(line)
        if change is not None:
            lines.append(f"  - changed: {_md(changed_fields(change))}")
            for field_change in change.changes:
                lines.append(f"  - {_md(field_change.field)}: {_md(value_text(field_change.old))} → {_md(value_text(field_change.new))}")
    return "\n".join(lines).rstrip() + "\n"


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
