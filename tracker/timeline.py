"""The timeline: every position across many rounds, side by side, with what happened to it at each.

Pure functions over loaded data, like the comparison of two rounds (tracker.diff), whose rules it
follows: a position is matched by (party, id), its changes from one round to the next are
compare_position's, and a position first on record is new only as is_new_since says. The events
of its span (event_span) are with it: an agreement's row has its dated stages (the events under
it), and the others are listed after the rows. Rendered by tracker.report.timeline (text),
.markdown, .html and .records (JSON).
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Any, NamedTuple

from tracker.dataset import absent_from
from tracker.diff import (
    FieldChange,
    compare_fields,
    event_matches,
    is_new_since,
    sort_keys,
)
from tracker.model import JOINT, Event, Position

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


class TimelineCell(NamedTuple):
    """A position at one round. Immutable, as a frozen dataclass would be, and made several
    times faster: a timeline of 20 rounds of 5,000 positions makes 100,000 of them."""

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
    stages: tuple[Event, ...] = ()
    """The events under this agreement in the timeline's span, in date order: its dated stages."""

    @property
    def latest(self) -> Position:
        return next(c.position for c in reversed(self.cells) if c.position is not None)  # type: ignore[return-value]


@dataclass(frozen=True, slots=True)
class Timeline:
    rounds: tuple[str, ...]
    rows: tuple[TimelineRow, ...] = field(default_factory=tuple)
    events: tuple[Event, ...] = ()
    """The events of its span under no agreement of its rows, in date order."""


def event_span(dataset: Dataset, round_ids: Sequence[str]) -> tuple[dt.date, dt.date | None] | None:
    """The days whose events a timeline of these rounds tells: from its first round's date; when
    its last round is the latest it runs on to the last event (None: no end), so `tracker
    timeline prisoners` reaches the last exchange reported; else to the day before the next round.
    None for a timeline of no rounds."""
    if not round_ids:
        return None
    ids = list(dataset.rounds)
    after = ids.index(round_ids[-1]) + 1
    end = dataset.rounds[ids[after]].round.date - dt.timedelta(days=1) if after < len(ids) else None
    return dataset.rounds[round_ids[0]].round.date, end


def build_timeline(
    dataset: Dataset,
    rounds: Sequence[str] | None = None,
    parties: Sequence[str] = (),
    topics: Sequence[str] = (),
) -> Timeline:
    """Every position across the given rounds (default: all, in order), side by side."""
    # A timeline of many rounds makes a hundred thousand cells that all stay alive with it, so
    # the cyclic collector, which would scan them again and again as they pile up (a fifth of
    # the time at 20 rounds of 5,000 positions), waits until they are made, as in a load.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build(dataset, rounds, parties, topics)
    finally:
        if collecting:
            gc.enable()


def _build(dataset: Dataset, rounds: Sequence[str] | None, parties: Sequence[str], topics: Sequence[str]) -> Timeline:
    round_ids = tuple(rounds if rounds is not None else dataset.rounds)
    # One pass over the rounds' positions, the filters applied as it goes: each (party, id) with
    # the rounds it is on record at, its version at each and that version's digest (see below),
    # as [index, position, digest, index, ...]. No index of a whole round by key is made (a
    # timeline of one topic reads each position once, and keeps only its own), and the walk
    # below finds each version where it left it, with the digest read while the position's
    # private store was at hand: reaching 100,000 scattered records is most of the work.
    where: dict[tuple[str, str], list[Any]] = {}
    for index, round_id in enumerate(round_ids):
        for position in dataset.rounds[round_id].positions:
            if (parties and position.party not in parties) or (topics and position.topic not in topics):
                continue
            key = position.key
            # Read from the same YAML text as the round before: the same (Position.has_same_text,
            # asked in the walk of the digests the loader kept, without a call per cell).
            source = position.__pydantic_private__["_source"]  # type: ignore[index]
            digest = source[0] if source is not None and source[1] is position.__dict__ else None
            found = where.get(key)
            if found is None:
                where[key] = [index, position, digest]
            elif found[-3] == index:  # given twice in a round: the last, as the round's index keeps
                found[-2:] = position, digest
            else:
                found += (index, position, digest)
    # A round where a position is not on record has the same cell in every row that lacks it:
    # made once per round and step (cells are frozen), not once per row. The first round of a gap
    # its parties were at is where the position was dropped; the others, and those before it was
    # first on record, have it absent.
    dropped = tuple(TimelineCell(r, Step.dropped, None) for r in round_ids)
    absent = tuple(TimelineCell(r, Step.absent, None) for r in round_ids)
    dates = [dataset.rounds[r].round.date for r in round_ids]

    def gap(position: Position | None, start: int, end: int) -> list[TimelineCell]:
        """The cells of rounds start..end-1, where a position is not on record: dropped at the
        first its parties were at, absent at the others (missing is not a difference: a party
        that took no part in a round said nothing there)."""
        cells = list(absent[start:end])
        for at in range(start, end):
            if position is None or not absent_from(dataset, round_ids[at], position):
                cells[at - start] = dropped[at]
                break
        return cells

    rows = []
    rank = sort_keys(dataset)
    for key, versions in sorted(where.items(), key=lambda item: rank(item[1][1])):
        cells: list[TimelineCell] = list(absent[: versions[0]])
        previous: Position | None = None
        previous_digest = None
        last = -1
        triples = iter(versions)
        for at, current, digest in zip(triples, triples, triples):
            if at != last + 1 and last >= 0:  # a gap since the last round that had it
                cells.extend(gap(previous, last + 1, at))
                previous = None
            round_id = round_ids[at]
            if previous is not None and digest is not None and digest == previous_digest:
                cells.append(_cell(TimelineCell, (round_id, Step.same, current, (), False)))
            elif previous is None:
                # Back after a gap: not new, and compared with nothing (the gap is the news).
                seen = last >= 0
                if seen:
                    new = False
                elif at:
                    new = is_new_since(current, dates[at - 1], dataset)
                else:  # nothing on record before: new only where the data says it was put forward here
                    new = current.put_forward >= dates[at] if current.put_forward is not None else current.party == JOINT
                cells.append(TimelineCell(round_id, Step.returned if seen else Step.new, current, new=new))
            else:
                # Not read from the same text (asked above): compare_position's own first question.
                changes = compare_fields(previous, current)
                cells.append(_cell(TimelineCell, (round_id, Step.changed if changes else Step.same, current, changes, False)))
            previous, previous_digest, last = current, digest, at
        if last + 1 < len(round_ids):
            cells.extend(gap(previous, last + 1, len(round_ids)))
        rows.append(TimelineRow(key[0], key[1], previous.topic, tuple(cells)))  # type: ignore[union-attr]
    return _with_events(dataset, Timeline(round_ids, tuple(rows)), parties, topics)


_cell = tuple.__new__
"""Makes a TimelineCell from all its fields at once, without the Python-level __new__ a
NamedTuple's call goes through: most of a timeline's cells are made so."""


def _with_events(dataset: Dataset, timeline: Timeline, parties: Sequence[str], topics: Sequence[str]) -> Timeline:
    """The events of the timeline's span: each under an agreement of a row is a stage of that
    row; the others (narrowed by the filters as the rows are) are listed after the rows."""
    span = event_span(dataset, timeline.rounds)
    if span is None or not dataset.events:
        return timeline
    first, last = span
    rows = {(row.party, row.id): row for row in timeline.rows}
    stages: dict[tuple[str, str], list[Event]] = {}
    loose = []
    for event in dataset.events:
        if event.date < first or (last is not None and event.date > last):
            continue
        if event.under is not None and event.under.round in timeline.rounds and event.under.key in rows:
            stages.setdefault(event.under.key, []).append(event)
        elif event_matches(event, parties, topics):
            loose.append(event)
    made = tuple(replace(row, stages=tuple(stages[key])) if key in stages else row for key, row in rows.items())
    return Timeline(timeline.rounds, made, tuple(loose))
