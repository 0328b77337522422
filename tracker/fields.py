"""The fields of a position: the single home of what each one is called, how a change of it is
classed, and how its value is said.

The comparison (`tracker.diff`), the story, every report and the app read this table; none of them
names a field of its own. A field the model gains is compared, classed and said once it has a line
here, and a test fails while a model field is neither here nor in `NOT_COMPARED`, so a new field
can never be dropped from every comparison without a word.

A change is one of three classes, and only substance is a move:

- **substance**: what the party holds: status, kind, who agreed, conditions, what it answers, and a
  figure whose old and new values can no longer both be true (decided per figure by
  `tracker.figures.figures_agree`, so a figure's class is not fixed here);
- **wording**: the summary reworded;
- **record**: where and how it is recorded: evidence, notes, the topic it is filed under, the
  date of its status alone, when it was first put forward, the round it is carried from.
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple


class ChangeClass(StrEnum):
    """What kind of change a field's change, or a position's, is. Only substance is a move."""

    substance = "substance"
    """What the party holds: status, kind, a figure no longer compatible, conditions, parties,
    what it answers."""
    wording = "wording"
    """The summary reworded, nothing else of substance."""
    record = "record"
    """Where and how it is recorded: evidence, notes, a source giving a compatible figure, the
    topic it is filed under, when it was first put forward."""


# Ranked: a position's class is that of its weightiest field change.
CLASS_RANK = {ChangeClass.record: 0, ChangeClass.wording: 1, ChangeClass.substance: 2}


class Shape(StrEnum):
    """How a field's value is held, and so how two values of it are compared."""

    value = "value"
    """One value: compared as it is."""
    figures = "figures"
    """The position's figures, matched by what each counts."""
    items = "items"
    """A list whose items come and go: compared as a list, told as gained and lost."""


class Said(StrEnum):
    """How a value of the field, and a change of it, is said in words (see report.words)."""

    text = "text"
    """As written, on one line; a long text told as reworded."""
    date = "date"
    """A date in words: '2 June 2025'."""
    status = "status"
    """The status, with its date: 'implemented (25 May 2025)'."""
    kind = "kind"
    """The kind in words: 'red line'."""
    topic = "topic"
    """The topic's title."""
    round = "round"
    """A round by its date and place."""
    parties = "parties"
    """Party names: 'Ukraine and Russia'."""
    figures = "figures"
    """Each figure in its sources' words."""
    references = "references"
    """Conditions and answers: each the position it names, or the condition's text."""
    evidence = "evidence"
    """Citations: which sources came and went, which quotes."""
    point = "point"
    """A document's point: 'point 7 of the US plan of November 2025'."""


class FieldSpec(NamedTuple):
    name: str
    label: str
    """What a reader calls it: 'status date', 'agreed by'."""
    shape: Shape
    said: Said
    change_class: ChangeClass | None
    """The class of any change of it; None for the figures, classed one by one."""


# In the order a comparison lists a position's changes.
POSITION_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("topic", "topic", Shape.value, Said.topic, ChangeClass.record),
    FieldSpec("kind", "kind", Shape.value, Said.kind, ChangeClass.substance),
    FieldSpec("summary", "summary", Shape.value, Said.text, ChangeClass.wording),
    FieldSpec("status", "status", Shape.value, Said.status, ChangeClass.substance),
    FieldSpec("status_date", "status date", Shape.value, Said.date, ChangeClass.record),
    FieldSpec("status_since", "in stages since", Shape.value, Said.date, ChangeClass.record),
    FieldSpec("status_reported", "reported as reached on", Shape.value, Said.date, ChangeClass.record),
    FieldSpec("parties", "agreed by", Shape.value, Said.parties, ChangeClass.substance),
    FieldSpec("status_by", "reported reached by", Shape.value, Said.parties, ChangeClass.record),
    FieldSpec("notes", "notes", Shape.value, Said.text, ChangeClass.record),
    FieldSpec("put_forward", "put forward", Shape.value, Said.date, ChangeClass.record),
    FieldSpec("carried_from", "carried from", Shape.value, Said.round, ChangeClass.record),
    FieldSpec("track", "track", Shape.value, Said.text, ChangeClass.record),
    FieldSpec("point", "document point", Shape.value, Said.point, ChangeClass.record),
    FieldSpec("quantities", "figures", Shape.figures, Said.figures, None),
    FieldSpec("conditions", "conditions", Shape.items, Said.references, ChangeClass.substance),
    FieldSpec("responds_to", "responds to", Shape.items, Said.references, ChangeClass.substance),
    FieldSpec("evidence", "evidence", Shape.items, Said.evidence, ChangeClass.record),
)

NOT_COMPARED = {"id": "what a position is matched by across rounds: the same id is the same position"}
"""Model fields no comparison looks at, and why."""

FIELDS = {spec.name: spec for spec in POSITION_FIELDS}

FIGURE_PREFIX = "quantities["


def spec(name: str) -> FieldSpec:
    """The field a change names: 'quantities[bodies]' is one of the figures."""
    return FIELDS["quantities" if name.startswith(FIGURE_PREFIX) else name]


def label(name: str) -> str:
    """A changed field as a reader calls it: 'quantities[ceasefire length]' is 'ceasefire
    length', 'status_date' 'status date'."""
    if name.startswith(FIGURE_PREFIX) and name.endswith("]"):
        return name[len(FIGURE_PREFIX) : -1]
    found = FIELDS.get(name)
    return found.label if found is not None else name.replace("_", " ")


def is_record(name: str) -> bool:
    """Whether any change of this field is in the record only (never a figure: a figure's
    class depends on its values)."""
    found = FIELDS.get(name)
    return found is not None and found.change_class is ChangeClass.record
