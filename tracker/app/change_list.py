"""The compare screen's list of changes: each position's change as an entry, grouped under its
topic's heading with the search text of both its versions, and the rows a search and the
'unchanged' toggle leave to show."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text

from tracker.app.render import SIGNS
from tracker.diff import Bucket, PositionChange, RoundDiff, returned_positions, sort_key
from tracker.model import Position
from tracker.report.story import Novelty, novelty_of

if TYPE_CHECKING:
    from tracker.app.filtering import SearchIndex
    from tracker.dataset import Dataset


@dataclass(frozen=True, slots=True)
class TopicHeading:
    topic: str
    counts: tuple[int, int, int, int]
    """Added, removed, changed, unchanged."""


@dataclass(frozen=True, slots=True)
class CompareEntry:
    bucket: Bucket
    position: Position
    """The new version, or the old one for a removed position."""
    change: PositionChange | None = None
    returned_from: str | None = None
    """For an added position on record before the first round: the latest round that has it."""
    novelty: Novelty | None = None
    """For an added position: new, first on record or back after a gap (see report.story)."""

    @property
    def key(self) -> tuple[str, str, str]:
        return ("entry", *self.position.key)


EntryGroups = list[tuple[str, list[tuple[CompareEntry, str]]]]
"""Per topic, in topics.yaml order: each entry with its search text."""


def group_entries(dataset: Dataset, diff: RoundDiff, indexes: dict[str, SearchIndex]) -> EntryGroups:
    """The diff grouped by topic; each entry with the search text of both its versions."""

    def text_of(position: Position | None) -> str:
        index = indexes.get(position.round) if position is not None else None
        at = index.index_of.get(position.key) if index is not None and position is not None else None
        return index.texts[at] if index is not None and at is not None else ""

    by_topic: dict[str, list[tuple[CompareEntry, str]]] = {}
    earlier = returned_positions(dataset, diff)
    since = min(dataset.rounds[r].round.date for r in (diff.from_round, diff.to_round))
    entries = [
        CompareEntry(bucket, position, change, earlier.get(position.key), novelty_of(position, since, earlier.get(position.key), dataset))
        if bucket is Bucket.added
        else CompareEntry(bucket, position, change)
        for bucket, position, change in diff.buckets()
    ]
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
