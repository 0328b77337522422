"""The timeline: every position across many rounds, side by side, with what happened to it at each.

Pure functions over loaded data, like the comparison of two rounds (tracker.diff), whose rules it
follows: a position is matched by (party, id), its changes from one round to the next are
compare_position's, and a position first on record is new only as is_new_since says. Rendered by
tracker.report.timeline (text), .markdown, .html and .records (JSON).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from tracker.diff import FieldChange, compare_position, is_new_since, sort_key
from tracker.model import JOINT, Position

if TYPE_CHECKING:
    from tracker.dataset import Dataset


class Step(StrEnum):
    """What happened to a position at a round, relative to the round before."""

    new = "new"
    returned = "returned"
    changed = "changed"
    same = "same"
    dropped = "dropped"
    absent = "absent"


@dataclass(frozen=True, slots=True)
class TimelineCell:
    round: str
    step: Step
    position: Position | None
    changes: tuple[FieldChange, ...] = ()
    new: bool = False
    """For a position first on record here: whether the data shows it put forward here (see
    is_new_since), rather than only first reported here."""


@dataclass(frozen=True, slots=True)
class TimelineRow:
    party: str
    id: str
    topic: str
    cells: tuple[TimelineCell, ...]

    @property
    def latest(self) -> Position:
        return next(c.position for c in reversed(self.cells) if c.position is not None)  # type: ignore[return-value]


@dataclass(frozen=True, slots=True)
class Timeline:
    rounds: tuple[str, ...]
    rows: tuple[TimelineRow, ...] = field(default_factory=tuple)


def build_timeline(
    dataset: Dataset,
    rounds: Sequence[str] | None = None,
    parties: Sequence[str] = (),
    topics: Sequence[str] = (),
) -> Timeline:
    """Every position across the given rounds (default: all, in order), side by side."""
    round_ids = tuple(rounds if rounds is not None else dataset.rounds)
    per_round = [{p.key: p for p in dataset.rounds[r].positions} for r in round_ids]
    order: dict[tuple[str, str], Position] = {}
    for positions in per_round:
        for key, position in positions.items():
            if (parties and position.party not in parties) or (topics and position.topic not in topics):
                continue
            order.setdefault(key, position)
    rows = []
    # A round where a position is not on record has the same cell in every row that lacks it:
    # made once per round and step (cells are frozen), not once per row.
    empty = {(r, step): TimelineCell(r, step, None) for r in round_ids for step in (Step.dropped, Step.absent)}
    for key, first in sorted(order.items(), key=lambda item: sort_key(dataset, item[1])):
        cells = []
        previous: Position | None = None
        seen = False  # on record at some earlier round, if not at the last one
        for round_id, positions in zip(round_ids, per_round):
            current = positions.get(key)
            if current is None:
                cells.append(empty[round_id, Step.dropped if previous is not None else Step.absent])
            elif previous is None:
                # Back after a gap: not new, and compared with nothing (the gap is the news).
                at = round_ids.index(round_id)
                if at:
                    new = is_new_since(current, dataset.rounds[round_ids[at - 1]].round.date, dataset)
                else:  # nothing on record before: new only where the data says it was put forward here
                    own = dataset.rounds[round_id].round.date
                    new = current.put_forward >= own if current.put_forward is not None else current.party == JOINT
                cells.append(TimelineCell(round_id, Step.returned if seen else Step.new, current, new=new and not seen))
                seen = True
            else:
                changes = compare_position(previous, current)
                cells.append(TimelineCell(round_id, Step.changed if changes else Step.same, current, changes))
            previous = current
        latest = next(c.position for c in reversed(cells) if c.position is not None)
        assert latest is not None
        rows.append(TimelineRow(key[0], key[1], latest.topic, tuple(cells)))
    return Timeline(round_ids, tuple(rows))
