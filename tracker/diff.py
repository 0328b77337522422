"""Comparing rounds: what was added, removed, changed or kept between two rounds.

Pure functions over loaded data: no I/O, no terminal. Positions are matched only by what the
curators declared: (party, id) for a party's positions, id for joint agreements (party `joint`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum, StrEnum
from itertools import compress
from operator import itemgetter, ne
from typing import TYPE_CHECKING, Any

from tracker.fields import CLASS_RANK, POSITION_FIELDS, ChangeClass, Said, Shape, spec
from tracker.figures import figures_agree
from tracker.model import JOINT, Event, Position, PositionRef, Quantity, Round, Status
from tracker.plain_model import PlainModel

if TYPE_CHECKING:
    from tracker.dataset import Dataset

# The fields compared, their classes and their order are the field registry's (tracker.fields).
SCALAR_FIELDS = tuple(f.name for f in POSITION_FIELDS if f.shape is Shape.value)
LIST_FIELDS = tuple(f.name for f in POSITION_FIELDS if f.shape is Shape.items)
# Every field compare_fields looks at, in its order: the scalars, the quantities, the lists.
_DIFFERENT_FIELDS = (*SCALAR_FIELDS, "quantities", *LIST_FIELDS)
_read_fields = itemgetter(*_DIFFERENT_FIELDS)


class Bucket(StrEnum):
    added = "added"
    removed = "removed"
    changed = "changed"
    unchanged = "unchanged"


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field's old and new value, as JSON-ready data (None where absent)."""

    field: str
    old: Any
    new: Any
    change_class: ChangeClass = field(default=None, compare=False)  # type: ignore[assignment]
    """Substance, wording or record (see classify_field); worked out when not given."""

    def __post_init__(self) -> None:
        if self.change_class is None:
            object.__setattr__(self, "change_class", classify_field(self))

    def flipped(self) -> FieldChange:
        return FieldChange(self.field, self.new, self.old, self.change_class)  # agreement is symmetric


@dataclass(frozen=True, slots=True)
class PositionChange:
    old: Position
    new: Position
    changes: tuple[FieldChange, ...]

    @property
    def party(self) -> str:
        return self.new.party

    @property
    def id(self) -> str:
        return self.new.id

    @property
    def topic(self) -> str:
        return self.new.topic

    @property
    def key(self) -> tuple[str, str]:
        return self.new.key

    def field(self, name: str) -> FieldChange | None:
        return next((c for c in self.changes if c.field == name), None)

    @property
    def record_only(self) -> bool:
        """True when only its record changed (the JSON's `record_only`): re-sourced, not moved."""
        return self.change_class is ChangeClass.record

    @property
    def change_class(self) -> ChangeClass:
        """Substance, wording or record: the weightiest of its fields' changes."""
        return max((c.change_class for c in self.changes), key=CLASS_RANK.__getitem__, default=ChangeClass.record)

    @property
    def substantive(self) -> bool:
        """True when what the party holds changed: not a rewording, a new source or a note."""
        return self.change_class is ChangeClass.substance

    def flipped(self) -> PositionChange:
        """The same change seen from the other side: old and new swapped."""
        return PositionChange(self.new, self.old, tuple(c.flipped() for c in self.changes))


@dataclass(frozen=True, slots=True)
class RoundDiff:
    from_round: str
    to_round: str
    added: tuple[Position, ...] = ()
    removed: tuple[Position, ...] = ()
    changed: tuple[PositionChange, ...] = ()
    unchanged: tuple[Position, ...] = ()
    """The positions of the second round that are the same in the first."""
    parties: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    """The filters it was narrowed by (see filtered); empty: all."""

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def summary(self) -> dict[str, int]:
        """Counts per bucket, in the order of the JSON output."""
        return {
            "added": len(self.added),
            "removed": len(self.removed),
            "changed": len(self.changed),
            "unchanged": len(self.unchanged),
        }

    def class_counts(self) -> dict[ChangeClass, int]:
        """How many changed positions moved in substance, were reworded, or only re-recorded."""
        counts = dict.fromkeys(ChangeClass, 0)
        for change in self.changed:
            counts[change.change_class] += 1
        return counts

    def buckets(self) -> Iterable[tuple[Bucket, Position, PositionChange | None]]:
        """Every entry with its bucket; a changed entry is given by its new version."""
        for position in self.added:
            yield Bucket.added, position, None
        for position in self.removed:
            yield Bucket.removed, position, None
        for change in self.changed:
            yield Bucket.changed, change.new, change
        for position in self.unchanged:
            yield Bucket.unchanged, position, None

    def filtered(self, parties: Sequence[str] = (), topics: Sequence[str] = ()) -> RoundDiff:
        def keep(p: Position) -> bool:
            return (not parties or p.party in parties) and (not topics or p.topic in topics)

        return RoundDiff(
            self.from_round,
            self.to_round,
            tuple(p for p in self.added if keep(p)),
            tuple(p for p in self.removed if keep(p)),
            tuple(c for c in self.changed if keep(c.new) or keep(c.old)),
            tuple(p for p in self.unchanged if keep(p)),
            tuple(parties),
            tuple(topics),
        )


# --- two rounds --------------------------------------------------------------------------------


def compare_rounds(dataset: Dataset, from_round: str, to_round: str) -> RoundDiff:
    """Compare two rounds of a dataset, by id (see Dataset.resolve_round for names)."""
    first, second = dataset.rounds[from_round], dataset.rounds[to_round]
    old_index, new_index = first.by_key(), second.by_key()
    if len(old_index) != len(first.positions) or len(new_index) != len(second.positions):
        return compare_positions(first.positions, second.positions, from_round, to_round)  # an id twice
    # Each round's index by key (in file order), made once and kept with the round, as the story
    # looks up earlier versions in it too: the keys of 10,000 records are not read again at each
    # comparison (a third of comparing two 5,000-position rounds).
    added, changed, unchanged = _pair(old_index, new_index.items())
    removed = [p for key, p in old_index.items() if key not in new_index]
    return RoundDiff(from_round, to_round, tuple(added), tuple(removed), tuple(changed), tuple(unchanged))


def compare_positions(
    old: Sequence[Position], new: Sequence[Position], from_round: str = "", to_round: str = ""
) -> RoundDiff:
    """Match by (party, id); the order of the result follows the second round, then the first."""
    old_keys, new_keys_in_order = [p.key for p in old], [p.key for p in new]  # each key read once
    added, changed, unchanged = _pair(dict(zip(old_keys, old)), zip(new_keys_in_order, new))
    new_keys = set(new_keys_in_order)
    removed = [p for key, p in zip(old_keys, old) if key not in new_keys]
    return RoundDiff(from_round, to_round, tuple(added), tuple(removed), tuple(changed), tuple(unchanged))


def _pair(
    old_by_key: Mapping[tuple[str, str], Position], new: Iterable[tuple[tuple[str, str], Position]]
) -> tuple[list[Position], list[PositionChange], list[Position]]:
    """The positions of the second round added, changed and unchanged since the first."""
    added: list[Position] = []
    changed: list[PositionChange] = []
    unchanged: list[Position] = []
    earlier = old_by_key.get
    for key, position in new:
        before = earlier(key)
        if before is None:
            added.append(position)
            continue
        if before.has_same_text(position):  # compare_position's first question, asked here once
            unchanged.append(position)
            continue
        changes = compare_fields(before, position)
        if changes:
            changed.append(PositionChange(before, position, changes))
        else:
            unchanged.append(position)
    return added, changed, unchanged


def compare_position(old: Position, new: Position) -> tuple[FieldChange, ...]:
    """Field-level changes between two versions of one position; empty when they are the same."""
    if old.has_same_text(new):
        # Most positions carry over as they were: the same YAML text has no changes to look for.
        return ()
    return compare_fields(old, new)


def compare_fields(old: Position, new: Position) -> tuple[FieldChange, ...]:
    """compare_position for two versions not read from the same text (the timeline has asked)."""
    # Only fields whose values differ are dumped: equal values have equal plain data. The
    # fields are read from the models' own dicts, and told apart in one pass in C (nested models
    # compared by their own __eq__): a timeline compares tens of thousands.
    mine, theirs = old.__dict__, new.__dict__
    differ = list(compress(_DIFFERENT_FIELDS, map(ne, _read_fields(mine), _read_fields(theirs))))
    if not differ:
        return ()
    changes: list[FieldChange] = []
    for name in differ:
        if name == "quantities" or name in LIST_FIELDS:
            continue
        before, after = _plain(mine[name]), _plain(theirs[name])
        if before != after:
            changes.append(FieldChange(name, before, after))
    if "quantities" in differ:
        changes.extend(_compare_quantities(old.quantities, new.quantities))
    for name in LIST_FIELDS:
        if name not in differ:
            continue
        if spec(name).said is Said.references and _targets(old, name) == _targets(new, name):
            continue  # the same positions answered, whichever round's record of them is named
        before = [_plain(item) for item in getattr(old, name)]
        after = [_plain(item) for item in getattr(new, name)]
        if before != after:
            changes.append(FieldChange(name, before, after))
    return tuple(changes)


def classify_field(change: FieldChange) -> ChangeClass:
    """Substance, wording or record, for one field's change. A figure is substance only when its
    old and new values can no longer both be true (`30` → `at least 30` is a source's wording;
    `6,000` → `12,000` is a move). `status_date`
    alone (the status unchanged) is a correction of when, a change in the record. A figure given
    at one round only is new evidence, in the record: moving needs substance on both sides."""
    field = spec(change.field)
    if field.change_class is None:  # a figure: classed by whether its values still agree
        old, new = as_quantity(change.old), as_quantity(change.new)
        if old is None or new is None:
            return ChangeClass.record  # given at one round only: new evidence, not a move from 'none'
        return ChangeClass.record if figures_agree(old, new) else ChangeClass.substance
    return field.change_class


def as_quantity(value: Any) -> Quantity | None:
    """A quantity back from its JSON-ready form (as a FieldChange holds it); None if it is not one."""
    if isinstance(value, Quantity):
        return value
    if not isinstance(value, dict):
        return None
    try:
        return Quantity.model_validate(value)
    except ValueError:
        return None


def _targets(position: Position, name: str) -> list[Any]:
    """A position's conditions or answers, each reference as the position it names: its party
    (the position's own when left out) and its id. A position's id is stable across rounds, so the
    round a reference gives says only which record of it to read: a July rejection that answers
    Ukraine's demand as restated in July, and the US proposal as on record in June, answers the
    same two positions as the June rejection did."""
    return [
        (item.party or position.party, item.position) if isinstance(item, PositionRef) else item
        for item in getattr(position, name)
    ]


def _compare_quantities(old: Sequence[Quantity], new: Sequence[Quantity]) -> list[FieldChange]:
    """Quantities are matched by what they count (`what`), so reordering them is no change."""
    before = _quantities_by_name(old)
    after = _quantities_by_name(new)
    changes = []
    for name in list(after) + [n for n in before if n not in after]:
        a, b = before.get(name), after.get(name)
        if a is None or b is None or a[1] != b[1]:
            # A figure given at one round only is new (or missing) evidence, not a move from or
            # to 'none'; a figure moves only when both rounds give it and the two cannot both be true.
            agree = a is None or b is None or figures_agree(a[0], b[0])
            cls = ChangeClass.record if agree else ChangeClass.substance
            changes.append(FieldChange(f"quantities[{name}]", a and a[1], b and b[1], cls))
    return changes


def _quantities_by_name(quantities: Sequence[Quantity]) -> dict[str, tuple[Quantity, dict[str, Any]]]:
    result: dict[str, tuple[Quantity, dict[str, Any]]] = {}
    for quantity in quantities:
        name, n = quantity.what, 2
        while name in result:  # two quantities counting the same thing: keep them apart by order
            name, n = f"{quantity.what} #{n}", n + 1
        result[name] = (quantity, _plain(quantity))
    return result


def _plain(value: Any) -> Any:
    """JSON-ready data for comparison and output: models dumped, enums and dates as strings."""
    if type(value) is str:  # most of what a timeline dumps: asked first
        return value
    if isinstance(value, Enum):
        return value.value
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, PlainModel):
        return _plain_model(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _plain_model(model: PlainModel) -> dict[str, Any]:
    """What model_dump(mode="json", exclude_none=True, exclude_defaults=True) gives, without
    pydantic's serializer: building it is most of a short command's start-up, and a comparison
    served from the load cache would otherwise pay for it just to print a few changed fields."""
    out: dict[str, Any] = {}
    fields = model.__dict__
    for name, default in _defaults(type(model)):
        value = fields[name]
        if value is None or value == default:
            continue
        out[name] = _plain(value)
    return out


_DEFAULTS: dict[type, tuple[tuple[str, Any], ...]] = {}


def _defaults(model: type[PlainModel]) -> tuple[tuple[str, Any], ...]:
    """Each field's name and default (what its default factory makes, made once: an empty list
    only compared with), read once per class: a timeline dumps tens of thousands of models."""
    found = _DEFAULTS.get(model)
    if found is None:
        found = _DEFAULTS[model] = tuple(
            (name, info.default_factory() if info.default_factory is not None else info.default) for name, info in model.model_fields.items()
        )
    return found


def last_on_record(dataset: Dataset, keys: Iterable[tuple[str, str]], before: str) -> dict[tuple[str, str], str]:
    """For each key, the latest round before `before` (in the dataset's order) that has it on
    record; keys on record at no earlier round are left out. A position 'added' between two
    rounds that was on record before them is one that returned, not a new one."""
    wanted = set(keys)
    found: dict[tuple[str, str], str] = {}
    ids = list(dataset.rounds)
    if not wanted or before not in ids:
        return found
    for round_id in reversed(ids[: ids.index(before)]):
        for key in dataset.rounds[round_id].keys() & wanted:
            found.setdefault(key, round_id)
        if len(found) == len(wanted):
            break
    return found


def returned_positions(dataset: Dataset, diff: RoundDiff) -> dict[tuple[str, str], str]:
    """The added positions of a forward comparison that were on record before its first round:
    back after a gap, not new. Each with the latest earlier round that has it."""
    ids = list(dataset.rounds)
    if diff.from_round not in ids or diff.to_round not in ids or ids.index(diff.from_round) >= ids.index(diff.to_round):
        return {}
    return last_on_record(dataset, (p.key for p in diff.added), diff.from_round)


# --- new or first on record -------------------------------------------------------------------


def is_new_since(position: Position, earlier_date: dt.date, dataset: Dataset | None = None) -> bool:
    """Whether a position not on record at the round of `earlier_date` was put forward after it,
    as the data says: a party's position only when its `put_forward` date is after that round; a
    joint agreement unless its `put_forward` date or `carried_from` round is not after it.
    Otherwise it is only first on record: the earlier round's sources did not report it."""
    if position.carried_from is not None:
        carried = dataset.rounds.get(position.carried_from) if dataset is not None else None
        if carried is None or carried.round.date <= earlier_date:
            return False
    if position.put_forward is not None:
        return position.put_forward > earlier_date
    return position.party == JOINT


def carried_out_between(position: Position, first: dt.date, second: dt.date) -> bool:
    """Whether an outcome was carried out between two rounds' days (either order): its event's
    own day, else the day a report said it was done, after the one and by the other. The story
    tells such a position as carried out, and the matrix as a move, whatever its novelty."""
    if position.status is not Status.implemented:
        return False
    day = position.status_date or position.status_reported
    return day is not None and min(first, second) < day <= max(first, second)


def in_between(day: dt.date, first: Round, second: Round) -> bool:
    """Whether a day falls between two rounds (either order): after the earlier one's last day,
    up to and including the later one's first. So an event is told by exactly one comparison of
    neighbouring rounds: the one of the rounds either side of it (or the one that ends on its day)."""
    earlier, later = (first, second) if (first.date, first.id) <= (second.date, second.id) else (second, first)
    return earlier.days[1] < day <= later.date


def events_between(dataset: Dataset, from_round: str, to_round: str, parties: Collection[str] = (), topics: Collection[str] = ()) -> list[Event]:
    """The events dated between two rounds (in_between, by an event's first day), in date order:
    the story tells them between its rounds, and what became of an agreement no longer on record
    is told by them. Narrowed like a comparison: to events on `topics`, and to those `parties`
    carried out or agreed (`joint`: those under a joint agreement)."""
    first, second = dataset.rounds[from_round].round, dataset.rounds[to_round].round
    return [event for event in dataset.events if in_between(event.date, first, second) and event_matches(event, parties, topics)]


def event_matches(event: Event, parties: Collection[str] = (), topics: Collection[str] = ()) -> bool:
    """Whether filters keep an event, the same in every face: on one of `topics`, and carried
    out or agreed by one of `parties` (`joint`: one under a joint agreement)."""
    return (not topics or event.topic in topics) and (
        not parties or any(p in parties for p in event.parties) or (JOINT in parties and event.under is not None and event.under.party == JOINT)
    )



# --- ordering ----------------------------------------------------------------------------------


def sort_key(dataset: Dataset, position: Position) -> tuple:
    """Topics in the order of topics.yaml, then parties in the order of parties.yaml, joint last."""
    return sort_keys(dataset)(position)


def sort_keys(dataset: Dataset) -> Callable[[Position], tuple]:
    """sort_key, with the ranks of the topics and parties looked up once, for sorting many."""
    topics = {topic: rank for rank, topic in enumerate(dataset.topics)}
    parties = {party: rank for rank, party in enumerate(dataset.parties)}

    def key(position: Position) -> tuple:
        topic_rank = topics.get(position.topic, len(topics))
        party_rank = parties.get(position.party, len(parties) + (position.party == JOINT))
        return (topic_rank, party_rank, position.origin.line if position.origin else 0)

    return key


def condition_text(condition: str | PositionRef) -> str:
    if isinstance(condition, str):
        return condition
    parts = [p for p in (condition.round, condition.party) if p]
    return "see " + "/".join(parts + [condition.position])
