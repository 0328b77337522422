"""The order every report shares: topics as in topics.yaml, then parties as in parties.yaml with
the joint agreements last, then (in a comparison) added, changed, removed, unchanged."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from tracker.diff import Bucket, ChangeClass, PositionChange, RoundDiff, returned_positions, sort_key
from tracker.model import Position
from tracker.report.story import Novelty, novelty_of

if TYPE_CHECKING:
    from tracker.dataset import Dataset

BUCKET_ORDER = (Bucket.added, Bucket.changed, Bucket.removed, Bucket.unchanged)
SYMBOLS = {Bucket.added: "+", Bucket.removed: "-", Bucket.changed: "~", Bucket.unchanged: "="}
WORDS = {Bucket.added: "new", Bucket.removed: "removed", Bucket.changed: "changed", Bucket.unchanged: "same"}


# NamedTuples rather than dataclasses: a dataclass costs about a millisecond to define, and every
# report command imports this module.


class Entry(NamedTuple):
    """One row of a comparison: a position, its bucket and, when changed, the change."""

    bucket: Bucket
    position: Position
    """The second round's version; the first round's for a removed position."""
    change: PositionChange | None = None
    returned_from: str | None = None
    """For an added position that was on record at an earlier round: the latest such round."""
    novelty: Novelty | None = None
    """For an added position: new, first on record, or back after a gap (see report.story)."""

    @property
    def symbol(self) -> str:
        return SYMBOLS[self.bucket]


class PartyGroup(NamedTuple):
    party: str
    entries: tuple[Entry, ...]


class TopicGroup(NamedTuple):
    topic: str
    parties: tuple[PartyGroup, ...]

    def entries(self) -> Iterable[Entry]:
        for group in self.parties:
            yield from group.entries


def diff_entries(dataset: Dataset, diff: RoundDiff, include_unchanged: bool = False, include_record: bool = True) -> list[Entry]:
    """The comparison's entries in report order; without `include_record`, the changes only in
    the record (re-sourced: see tracker.diff.ChangeClass) are left out."""
    earlier = returned_positions(dataset, diff)
    since = min(dataset.rounds[r].round.date for r in (diff.from_round, diff.to_round))
    entries = [
        Entry(bucket, position, change, earlier.get(position.key), novelty_of(position, since, earlier.get(position.key), dataset))
        if bucket is Bucket.added
        else Entry(bucket, position, change)
        for bucket, position, change in diff.buckets()
    ]
    if not include_unchanged:
        entries = [e for e in entries if e.bucket is not Bucket.unchanged]
    if not include_record:
        entries = [e for e in entries if e.change is None or e.change.change_class is not ChangeClass.record]
    rank = {bucket: i for i, bucket in enumerate(BUCKET_ORDER)}
    # Topic and party first, then the bucket, then the line in the data file.
    return sorted(entries, key=lambda e: _group_key(dataset, e.position) + (rank[e.bucket], _line(e.position)))


def group_diff(dataset: Dataset, diff: RoundDiff, include_unchanged: bool = False, include_record: bool = True) -> list[TopicGroup]:
    return group_entries(diff_entries(dataset, diff, include_unchanged, include_record))


def group_positions(dataset: Dataset, positions: Sequence[Position]) -> list[TopicGroup]:
    ordered = sorted(positions, key=lambda p: _group_key(dataset, p) + (_line(p),))
    return group_entries([Entry(Bucket.unchanged, p) for p in ordered])


def group_entries(entries: Sequence[Entry]) -> list[TopicGroup]:
    """Consecutive entries of one topic and party, gathered (the entries come sorted)."""
    topics: list[TopicGroup] = []
    for entry in entries:
        topic, party = entry.position.topic, entry.position.party
        if not topics or topics[-1].topic != topic:
            topics.append(TopicGroup(topic, ()))
        current = topics[-1]
        if current.parties and current.parties[-1].party == party:
            last = current.parties[-1]
            parties = current.parties[:-1] + (PartyGroup(party, last.entries + (entry,)),)
        else:
            parties = current.parties + (PartyGroup(party, (entry,)),)
        topics[-1] = TopicGroup(topic, parties)
    return topics


def _group_key(dataset: Dataset, position: Position) -> tuple:
    # The ids keep apart topics or parties missing from the catalogues, which share a rank.
    topic_rank, party_rank, _ = sort_key(dataset, position)
    return (topic_rank, position.topic, party_rank, position.party)


def _line(position: Position) -> int:
    return position.origin.line if position.origin else 0
