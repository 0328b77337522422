"""A position's change in words: one field's old and new value, the items gained and lost, what
changed about a figure or its evidence, and the change on one line.

Every face that tells a change (the text, Markdown and HTML reports, the story's 'what moved',
the timeline, the app's list and detail) words it here, by how the field registry
(tracker.fields) says each field's values are said.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from tracker import fields
from tracker.diff import ChangeClass, FieldChange, PositionChange, as_quantity
from tracker.fields import Said
from tracker.figures import figure_words
from tracker.report.status_words import status_label
from tracker.report.words import (
    NONE,
    human_date,
    kind_label,
    one_line,
    party_names,
    plural,
    reference,
    round_place,
    source_name,
    visible,
)

if TYPE_CHECKING:
    from tracker.dataset import Dataset


class FieldLine(NamedTuple):
    """One field's change, in words. Either `old` → `new`, a list of items gained and lost,
    or a single remark (`text`)."""

    field: str
    label: str
    old: str | None = None
    new: str | None = None
    gained: tuple[str, ...] = ()
    lost: tuple[str, ...] = ()
    text: str | None = None
    long: bool = False
    """Old and new are long texts: print them one under the other."""
    record: bool = False
    """A change in the record (evidence, notes), not in what the party holds."""
    contested: bool = False
    """The new figure is one the sources disagree on (who gives which is in `new` already)."""
    settled: bool = False
    """The old figure was contested and the new one is not."""


LONG_TEXT = 60

QUANTITY_PARTS = {"raw": "wording as reported", "per": "per side or in total", "claims": "sources", "value": "value", "min": "lower bound", "max": "upper bound"}


def field_label(name: str) -> str:
    """A changed field as a reader calls it (see tracker.fields.label), made visible."""
    return one_line(fields.label(name))


def field_lines(dataset: Dataset, change: PositionChange) -> list[FieldLine]:
    """A change's fields in words: what the party holds first, then its evidence and notes."""
    lines: list[FieldLine] = []
    status = change.field("status")
    for fc in change.changes:
        if fc.field == "status_date" and status is not None:
            continue  # told with the status: 'agreed → implemented (2025-05-25)'
        line = field_line(dataset, change, fc)
        lines.append(line._replace(record=fc.change_class is ChangeClass.record))
    return [line for line in lines if not line.record] + [line for line in lines if line.record]


NAMED_FIGURES = 3


def also_updated(lines: Sequence[FieldLine]) -> list[str]:
    """What a change also updated in the record, as every face folds it ('also updated: notes,
    bodies, evidence'): each field named once; where more than NAMED_FIGURES figures changed,
    their number instead of their names ('notes, 13 figures, evidence')."""
    record = [line for line in lines if line.record]
    figures = sum(1 for line in record if fields.spec(line.field).said is Said.figures)
    names: list[str] = []
    for line in record:
        many = figures > NAMED_FIGURES and fields.spec(line.field).said is Said.figures
        name = f"{figures} figures" if many else line.label
        if name not in names:
            names.append(name)
    return names


def field_line(dataset: Dataset, change: PositionChange, fc: FieldChange) -> FieldLine:
    """One field's change in words, by how the field registry says its values are said."""
    name, said = fc.field, fields.spec(fc.field).said
    label = field_label(name)
    if said is Said.figures:
        return _figure_line(dataset, fc, label)
    if said is Said.status:
        date_change = change.field("status_date")
        old_date = date_change.old if date_change else change.old.status_date
        new_date = date_change.new if date_change else change.new.status_date
        return FieldLine(
            name, label,
            status_label(fc.old, old_date, change.old.status_reported),
            status_label(fc.new, new_date, change.new.status_reported),
        )  # fmt: skip
    if said is Said.references:
        old_items = [reference(dataset, change.old, item) for item in fc.old]
        new_items = [reference(dataset, change.new, item) for item in fc.new]
        gained = tuple(i for i in new_items if i not in old_items)
        lost = tuple(i for i in old_items if i not in new_items)
        if not gained and not lost:
            return FieldLine(name, label, text="reordered")
        return FieldLine(name, label, gained=gained, lost=lost)
    if said is Said.evidence:
        return FieldLine(name, label, text=evidence_change(dataset, fc.old, fc.new), record=True)
    old, new = value_words(dataset, said, fc.old), value_words(dataset, said, fc.new)
    long = said is Said.text and len(old) + len(new) > LONG_TEXT
    return FieldLine(name, label, old, new, long=long, record=fields.is_record(name))


def value_words(dataset: Dataset, said: Said, value: Any) -> str:
    """One value of a field, as JSON-ready data holds it, in words ('none' where absent)."""
    if value is None or value == []:
        return NONE
    if said is Said.date:
        return human_date(value)
    if said is Said.status:
        return status_label(value)
    if said is Said.kind:
        return kind_label(value)
    if said is Said.topic:
        return one_line(dataset.topic_title(value))
    if said is Said.round:
        return round_place(dataset, value)
    if said is Said.parties:
        return party_names(dataset, value, in_text=False) or NONE
    if said is Said.point:
        return one_line(point_words(dataset, value))
    return one_line(value)


def point_words(dataset: Dataset, value: Any) -> str:
    """'point 7 of Trump's 28-point plan': a position's document point, by the document's title."""
    number, name = (value.number, value.document) if hasattr(value, "number") else (value["number"], value["document"])
    titles = {d.id: d.title for data in dataset.rounds.values() for d in data.round.documents}
    return f"point {number} of {titles.get(name, name)}"


def _figure_line(dataset: Dataset, fc: FieldChange, label: str) -> FieldLine:
    """A figure's change in its sources' words (the figure rule is tracker.figures')."""
    old, new = as_quantity(fc.old), as_quantity(fc.new)
    old_words = figure_words(old, lambda source: source_name(dataset, source), noun=False) if old else NONE
    new_words = figure_words(new, lambda source: source_name(dataset, source), noun=False) if new else NONE
    if new is None or old is None:  # at one round only: not a move from or to 'none'
        return FieldLine(fc.field, label, text=f"first on record: {one_line(new_words)}" if new else f"no longer on record (was {one_line(old_words)})")
    if old_words == new_words:
        # The same figure said twice says nothing: say what about it changed.
        keys = [k for k in dict.fromkeys([*fc.old, *fc.new]) if fc.old.get(k) != fc.new.get(k)]
        named = ", ".join(QUANTITY_PARTS.get(k, k) for k in keys)
        return FieldLine(fc.field, label, text=f"{one_line(new_words)} (only its {named} changed)")
    return FieldLine(
        fc.field,
        label,
        one_line(old_words),
        one_line(new_words),
        contested=bool(new and new.contested),  # who gives which is in the words already
        settled=bool(old and old.contested and new and not new.contested),
    )


def evidence_change(dataset: Dataset, old: list[dict], new: list[dict]) -> str:
    """'2 → 4 citations; new: DW, NPR; new quote: Vladimir Medinsky'."""
    # By source document, not by citation: a source cited twice and now once is still cited.
    before = Counter(e.get("source") for e in old)
    after = Counter(e.get("source") for e in new)
    parts = [f"{len(old)} → {plural(len(new), 'citation')}" if len(old) != len(new) else plural(len(new), "citation")]
    named = _source_names(dataset, list(before) + [s for s in after if s not in before])
    for label, sources in (
        ("new", [s for s in after if s not in before]),
        ("dropped", [s for s in before if s not in after]),
        ("cited more", [s for s in after if 0 < before[s] < after[s]]),
        ("cited less", [s for s in before if 0 < after[s] < before[s]]),
    ):
        if sources:
            parts.append(f"{label}: " + ", ".join(named[s] for s in sources))
    for label, first, second in (("new quote", new, old), ("quote dropped", old, new)):
        others = {(e.get("speaker"), e.get("quote")) for e in second if e.get("quote")}
        speakers = [one_line(e.get("speaker") or "?") for e in first if e.get("quote") and (e.get("speaker"), e.get("quote")) not in others]
        if speakers:
            parts.append(f"{label}: " + ", ".join(dict.fromkeys(speakers)))
    if len(parts) == 1:
        # Same documents, as often cited, same quotes: a note or a location changed. Say whose.
        def by_source(items: list[dict]) -> dict[Any, list[str]]:
            grouped: dict[Any, list[str]] = {}
            for item in items:
                grouped.setdefault(item.get("source"), []).append(repr(sorted(item.items())))
            return {source: sorted(texts) for source, texts in grouped.items()}

        old_by, new_by = by_source(old), by_source(new)
        revised = [named[s] for s in after if s in before and old_by.get(s) != new_by.get(s)]
        parts.append("revised: " + ", ".join(revised) if revised else "reordered")
    return "; ".join(parts)


def _source_names(dataset: Dataset, source_ids: Sequence[str]) -> dict[str, str]:
    """Each source by its outlet; where two of them share an outlet, with its date as well
    ('DW, 16 May 2025'), and its id if that is not enough."""
    outlets = Counter(source_name(dataset, s) for s in source_ids)
    names = {}
    for source_id in source_ids:
        name = source_name(dataset, source_id)
        source = dataset.sources.get(source_id)
        if outlets[name] > 1 and source is not None:
            name = f"{name}, {human_date(source.published)}"
        names[source_id] = name
    dated = Counter(names.values())
    return {s: f"{n} ({visible(s)})" if dated[n] > 1 else n for s, n in names.items()}


ITEM_WORDS = {"conditions": ("new condition: {}", "dropped condition: {}"), "responds_to": ("now answers {}", "no longer answers {}")}


def line_words(line: FieldLine) -> str:
    """A field's change on one line, as the story, the timeline and the app's list say it:
    'ceasefire length: two to three days → 1 to 2 days', 'new condition: …', 'summary reworded'."""
    if line.text is not None:
        return f"{line.label}: {line.text}"
    if line.gained or line.lost:
        gained, lost = ITEM_WORDS.get(line.field, (f"{line.label}: added {{}}", f"{line.label}: dropped {{}}"))
        items = [(gained, i) for i in line.gained] + [(lost, i) for i in line.lost]
        return "; ".join(words.format(i[:-1] if i.endswith(".") and not i.endswith("..") else i) for words, i in items)  # a sentence's stop would close the line
    if line.long:
        return f"{line.label} reworded"
    return f"{line.label}: {line.old} → {line.new}"


def change_words(dataset: Dataset, change: PositionChange, classes: Sequence[ChangeClass] = tuple(ChangeClass)) -> str:
    """A change's fields of the given classes on one line, in the registry's order."""
    wanted = set(classes)
    status = change.field("status")
    parts = [
        line_words(field_line(dataset, change, fc))
        for fc in change.changes
        if fc.change_class in wanted and not (fc.field == "status_date" and status is not None)
    ]
    return "; ".join(p for p in parts if p)


def compact_changes(dataset: Dataset, change: PositionChange) -> str:
    """A change on one line for a timeline cell: 'ceasefire length: 30 days → at least 30 days;
    summary reworded; evidence, notes updated'."""
    parts, record = [], []
    for line in field_lines(dataset, change):
        if line.record:
            record.append(line.label)
        else:
            parts.append(line_words(line))
    if record:
        parts.append(f"{', '.join(record)} updated")
    return "; ".join(parts)
