"""One comparison of two rounds, built once and handed to every face that shows it.

`compare(dataset, from_round, to_round, parties, topics)` is the only place a comparison is put
together: the diff (narrowed by the filters), its story, its entries in report order, the filters
in words and the counts. The text, Markdown, HTML and JSON reports, the brief, the app's compare
screen and its Markdown export all render this value and never rebuild any part of it, so they
cannot disagree on what moved or on how many.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tracker.diff import Bucket, ChangeClass, PositionChange, RoundDiff, compare_rounds
from tracker.report.grouping import Entry, diff_entries
from tracker.report.story import Story, Tally, build_story
from tracker.report.words import backwards

if TYPE_CHECKING:
    from tracker.dataset import Dataset
    from tracker.matrix import Matrix


@dataclass(frozen=True, slots=True)
class Comparison:
    dataset: Dataset
    diff: RoundDiff
    """Narrowed to the filters already."""
    story: Story
    entries: tuple[Entry, ...]
    """Every position of either round, in report order (by topic, party, then what happened)."""
    filters: str
    """The filters in words ('party Russia; topic Ceasefire'); empty: all."""
    backwards: bool
    """The later round comes first."""

    @property
    def from_round(self) -> str:
        return self.diff.from_round

    @property
    def to_round(self) -> str:
        return self.diff.to_round

    @property
    def tally(self) -> Tally:
        """The counts every face prints (see story.Tally)."""
        return self.story.tally

    def shown(self, show_unchanged: bool = False, include_record: bool = True) -> list[Entry]:
        """The entries a face lists: the unchanged ones only when asked, the changes only in the
        record (re-sourced) only with `include_record`."""
        return [
            entry
            for entry in self.entries
            if (show_unchanged or entry.bucket is not Bucket.unchanged)
            and (include_record or entry.change is None or entry.change.change_class is not ChangeClass.record)
        ]

    def resourced(self) -> list[PositionChange]:
        """The changed positions only re-sourced: new evidence or notes, nothing moved."""
        return [change for change in self.diff.changed if change.change_class is ChangeClass.record]

    def matrix(self) -> Matrix:
        """The topic × party matrix of the two rounds, its moves the story's: a party moved on a
        topic where the story tells an agreement, something carried out, a move or something
        new of it; a position only first on record is marked so, not as new."""
        from tracker.matrix import build_matrix
        from tracker.report.story import Section

        moving = (Section.agreed, Section.carried_out, Section.moved, Section.new)
        moves = {(item.party, item.topic) for item in self.story.items if item.section in moving}
        first = {(item.party, item.id) for item in self.story.items if item.section is Section.first_on_record}
        return build_matrix(self.dataset, self.from_round, self.to_round, self.diff.parties, self.diff.topics, moves, first)

    def change_classes(self) -> dict[tuple[str, str], ChangeClass]:
        """Each changed position's class, by (party, id): what every face marks it as."""
        return {change.key: change.change_class for change in self.diff.changed}


def compare(
    dataset: Dataset, from_round: str, to_round: str, parties: Sequence[str] = (), topics: Sequence[str] = ()
) -> Comparison:
    """The comparison of two rounds by id, narrowed to the given party and topic ids."""
    diff = compare_rounds(dataset, from_round, to_round)
    if parties or topics:
        diff = diff.filtered(parties, topics)
    return of_diff(dataset, diff)


def of_diff(dataset: Dataset, diff: RoundDiff) -> Comparison:
    """The comparison a diff (already narrowed) stands for."""
    from tracker.report.options import describe_filters

    return Comparison(
        dataset=dataset,
        diff=diff,
        story=build_story(dataset, diff),
        entries=tuple(diff_entries(dataset, diff, include_unchanged=True)),
        filters=describe_filters(dataset, party=list(diff.parties), topic=list(diff.topics)),
        backwards=backwards(dataset, diff),
    )
