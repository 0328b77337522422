"""The topic × party matrix of two rounds: who moved where, and where the parties stand apart.

Pure logic over a loaded dataset, shared by the app's matrix view and anything that prints one.
Each row is a topic; for every party (joint agreements last) it holds the party's positions on
that topic at the first and at the second round, and what happened between the two.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from tracker.diff import carried_out_between, compare_positions, last_on_record, sort_key
from tracker.model import JOINT, Position, Role, Status

if TYPE_CHECKING:
    from tracker.dataset import Dataset


class Movement(StrEnum):
    """What a party's stance on a topic did between the two rounds."""

    moved = "moved"  # moved in substance (see MatrixCell.moved): put forward or changed something
    held = "held"  # no move: the same positions (reworded, re-sourced), or some no longer on record
    new = "new"  # nothing at the first round, something at the second
    dropped = "dropped"  # something at the first round, nothing at the second
    absent = "absent"  # nothing at either round


class Standing(StrEnum):
    """Where a topic stands at the second round."""

    agreed = "agreed"  # a joint agreement on the topic is in force (see is_agreement_on_topic)
    apart = "apart"  # two or more parties state positions, with no agreement in force
    one_sided = "one-sided"  # only one party states a position
    open = "open"  # joint agreements on record, none agreed or implemented
    silent = "silent"  # nobody states anything at the second round


AGREEMENT_IN_FORCE = (Status.agreed, Status.implemented)


class Step(StrEnum):
    """What happened to one position of the second round."""

    new = "new"  # put forward since the first round, as the data says (see diff.is_new_since)
    first_on_record = "first_on_record"  # not reported at the first round; not shown to be new
    returned = "returned"  # new since the first round, but on record at an earlier one
    changed = "changed"  # what the party holds changed in substance
    same = "same"  # the same, reworded, or only its evidence or notes updated


@dataclass(frozen=True, slots=True)
class MatrixCell:
    party: str
    before: tuple[Position, ...]
    after: tuple[Position, ...]
    """The second round's positions, new and changed ones first."""
    movement: Movement
    steps: tuple[Step, ...] = ()
    """One per position in `after`."""
    dropped: tuple[Position, ...] = ()
    """Positions of the first round not stated at the second."""
    moved: bool = False
    """The party moved on the topic in substance, as the comparison's story tells it: agreed,
    carried out, moved or put forward something new. A position first on record, back on record
    or no longer on record is not a move."""


@dataclass(frozen=True, slots=True)
class MatrixRow:
    topic: str
    cells: tuple[MatrixCell, ...]
    standing: Standing

    def cell(self, party: str) -> MatrixCell:
        return next(c for c in self.cells if c.party == party)

    @property
    def movers(self) -> tuple[str, ...]:
        """The parties that moved on this topic in substance between the rounds (see
        MatrixCell.moved)."""
        return tuple(c.party for c in self.cells if c.moved)


@dataclass(frozen=True, slots=True)
class Matrix:
    from_round: str
    to_round: str
    parties: tuple[str, ...]
    """Column order: parties in the order of parties.yaml, the joint agreements last."""
    rows: tuple[MatrixRow, ...]


def build_matrix(
    dataset: Dataset,
    from_round: str,
    to_round: str,
    parties: Sequence[str] = (),
    topics: Sequence[str] = (),
    moves: Collection[tuple[str, str]] | None = None,
    first_on_record: Collection[tuple[str, str]] = (),
) -> Matrix:
    """The matrix of two rounds; only parties and topics that have a position in either round.

    `moves` are the (party, topic) pairs the comparison's story tells as moves, and
    `first_on_record` the positions (party, id) it tells as only first on record (see
    report.comparison, which passes both); without `moves`, a cell's steps say whether the party
    moved, by the story's rule (MOVES): given the same `first_on_record`, the same cells."""
    positions = list(dataset.rounds[from_round].positions) + list(dataset.rounds[to_round].positions)
    present_parties = {p.party for p in positions}
    party_order = [p for p in dataset.parties if p in present_parties]
    party_order += sorted(p for p in present_parties if p not in dataset.parties and p != JOINT)
    if JOINT in present_parties:
        party_order.append(JOINT)
    if parties:
        party_order = [p for p in party_order if p in parties]
    present_topics = {p.topic for p in positions}
    topic_order = [t for t in dataset.topics if t in present_topics]
    topic_order += sorted(t for t in present_topics if t not in dataset.topics)
    if topics:
        topic_order = [t for t in topic_order if t in topics]

    grouped: dict[tuple[str, str, str], list[Position]] = {}
    for round_id in (from_round, to_round):
        for position in dataset.rounds[round_id].positions:
            grouped.setdefault((position.topic, position.party, round_id), []).append(position)

    def ordered(items: list[Position] | None) -> tuple[Position, ...]:
        return tuple(sorted(items or (), key=lambda p: sort_key(dataset, p)))

    pairs = [
        (topic, party, ordered(grouped.get((topic, party, from_round))), ordered(grouped.get((topic, party, to_round))))
        for topic in topic_order
        for party in party_order
    ]  # fmt: skip
    # New since the first round but on record before it: back after a gap. One pass over the
    # earlier rounds for every position a cell gains.
    ids = list(dataset.rounds)
    back: Collection[tuple[str, str]] = ()
    if ids.index(from_round) < ids.index(to_round):
        gained = [p.key for _, _, before, after in pairs for p in after if p.key not in {b.key for b in before}]
        back = last_on_record(dataset, gained, from_round)
    first_day, second_day = dataset.rounds[from_round].round.date, dataset.rounds[to_round].round.date
    carried = {p.key for _, _, _, after in pairs for p in after if carried_out_between(p, first_day, second_day)}
    rows = []
    for topic in topic_order:
        cells = [
            make_cell(party, before, after, first_on_record, back, None if moves is None else (party, topic) in moves, carried)
            for t, party, before, after in pairs
            if t == topic
        ]  # fmt: skip
        if not any(c.before or c.after for c in cells):
            continue
        rows.append(MatrixRow(topic, tuple(cells), standing_of(dataset, cells)))
    return Matrix(from_round, to_round, tuple(party_order), tuple(rows))


STEP_ORDER = {Step.new: 0, Step.first_on_record: 0, Step.returned: 0, Step.changed: 1, Step.same: 2}
MOVES = frozenset({Step.new, Step.changed})
"""The steps that are a move, as the comparison's story tells them (report.story): a position
put forward, or changed in substance (carried out or agreed since included). A position first on
record, back after a gap or no longer on record is no move, nor one reworded or re-sourced."""


def make_cell(
    party: str,
    before: tuple[Position, ...],
    after: tuple[Position, ...],
    first_on_record: Collection[tuple[str, str]] = (),
    returned: Collection[tuple[str, str]] = (),
    moved: bool | None = None,
    carried_out: Collection[tuple[str, str]] = (),
) -> MatrixCell:
    """A party on a topic at both rounds. `returned`: positions on record before the first round
    (back after a gap); `moved`: whether the story tells a move here, else its steps say (MOVES).
    A party with positions at both rounds moved or held as that says; none at either round is
    new, dropped or absent, whether or not it moved."""
    diff = compare_positions(before, after)
    new = {p.key for p in diff.added}
    changed = {c.key for c in diff.changed if c.substantive}

    def step(p: Position) -> Step:
        if p.key in new:
            return Step.returned if p.key in returned else Step.first_on_record if p.key in first_on_record else Step.new
        return Step.changed if p.key in changed else Step.same

    steps = [step(p) for p in after]
    # Stable sort: within each step the file order is kept.
    order = sorted(range(len(after)), key=lambda i: STEP_ORDER[steps[i]])
    if moved is None:  # a position carried out between the rounds is a move, however it is on record
        moved = not MOVES.isdisjoint(steps) or any(p.key in carried_out for p in after)
    if not before and not after:
        movement = Movement.absent
    elif not before:
        movement = Movement.new
    elif not after:
        movement = Movement.dropped
    else:
        movement = Movement.moved if moved else Movement.held
    return MatrixCell(party, before, tuple(after[i] for i in order), movement, tuple(steps[i] for i in order), diff.removed, moved)


def movement_of(before: Sequence[Position], after: Sequence[Position]) -> Movement:
    return make_cell("", tuple(before), tuple(after)).movement



def is_agreement_on_topic(dataset: Dataset, position: Position) -> bool:
    """A joint agreement that settles something on its topic: agreed, or agreed and carried out
    since. One carried out on the day of the round that records it (memoranda exchanged at the
    table) is an event of the round, not an agreement the topic stands on."""
    if position.status is Status.agreed:
        return True
    if position.status is not Status.implemented:
        return False
    data = dataset.rounds.get(position.round)
    return not (data is not None and position.status_date == data.round.date)


def standing_of(dataset: Dataset, cells: Sequence[MatrixCell]) -> Standing:
    joint = [p for c in cells if c.party == JOINT for p in c.after]
    if any(is_agreement_on_topic(dataset, p) for p in joint):
        return Standing.agreed
    # Mediators and observers do not make a topic contested; the parties to the talks do.
    speaking = [
        c.party
        for c in cells
        if c.party != JOINT and c.after and (c.party not in dataset.parties or dataset.parties[c.party].role is Role.party)
    ]
    if len(speaking) >= 2:
        return Standing.apart
    if joint:
        return Standing.open
    if speaking or any(c.after for c in cells):
        return Standing.one_sided
    return Standing.silent
