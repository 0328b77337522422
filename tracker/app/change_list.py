"""The compare screen's list of changes: each position's change as an entry, grouped under its
topic's heading with the search text of both its versions, and the rows a search and the
'unchanged' toggle leave to show."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text

from tracker.app.render import SIGNS
from tracker.diff import Bucket, sort_key
from tracker.model import Position
from tracker.report.grouping import Entry

if TYPE_CHECKING:
    from tracker.app.filtering import SearchIndex
    from tracker.dataset import Dataset


@dataclass(frozen=True, slots=True)
class TopicHeading:
    topic: str
    counts: tuple[int, int, int, int]
    """Added, removed, changed, unchanged."""


# A row of the list: the reports' entry (bucket, position, change, where it returned from, novelty).
CompareEntry = Entry


def entry_key(entry: CompareEntry) -> tuple[str, str, str]:
    """What keeps the cursor on a row when the list is rebuilt."""
    return ("entry", *entry.position.key)


EntryGroups = list[tuple[str, list[tuple[CompareEntry, str]]]]
"""Per topic, in topics.yaml order: each entry with its search text."""


def group_entries(dataset: Dataset, entries: Sequence[Entry], indexes: dict[str, SearchIndex]) -> EntryGroups:
    """A comparison's entries grouped by topic; each with the search text of both its versions."""

    def text_of(position: Position | None) -> str:
        index = indexes.get(position.round) if position is not None else None
        at = index.index_of.get(position.key) if index is not None and position is not None else None
        return index.texts[at] if index is not None and at is not None else ""

    by_topic: dict[str, list[tuple[CompareEntry, str]]] = {}
    for entry in sorted(entries, key=lambda e: sort_key(dataset, e.position)):
        text = text_of(entry.position)
        if entry.change is not None:
            text += "\n" + text_of(entry.change.old)
        by_topic.setdefault(entry.position.topic, []).append((entry, text))
    return list(by_topic.items())


def compare_rows(groups: EntryGroups, show_unchanged: bool, query: str = "") -> list[TopicHeading | CompareEntry]:
    """Headings and entries to show: unchanged ones only when asked, only those the query finds."""
    words = query.casefold().split()
    rows: list[TopicHeading | CompareEntry] = []
    for topic, items in groups:
        found = [entry for entry, text in items if all(word in text for word in words)]
        counts = tuple(sum(e.bucket is b for e in found) for b in (Bucket.added, Bucket.removed, Bucket.changed, Bucket.unchanged))
        shown = [e for e in found if show_unchanged or e.bucket is not Bucket.unchanged]
        if shown:
            rows.append(TopicHeading(topic, counts))  # type: ignore[arg-type]
            rows.extend(shown)
    return rows


def counts_text(counts: tuple[int, int, int, int], unchanged_hidden: bool, brief: bool = False) -> Text:
    """'+3 added  −1 removed …'; brief leaves out the buckets that are empty."""
    out = Text(end="")
    for bucket, count in zip(("added", "removed", "changed", "unchanged"), counts):
        if brief and not count:
            continue
        sign, style = SIGNS[bucket]
        label = f"{sign}{count} {bucket}"
        if bucket == "unchanged" and unchanged_hidden and count:
            label += " (hidden)"
        out.append(label, style=style if count else "dim")
        out.append("  ")
    return out
