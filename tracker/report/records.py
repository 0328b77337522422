"""The JSON documents: versioned, with a stable key order. The shapes are documented in
docs/json-format.md; a change to them is a new `schema_version`.

Optional fields of a record are left out when the data does not set them (as in the YAML);
everything else is always present.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from tracker.diff import RoundDiff, returned_positions
from tracker.model import JOINT, Event, Position
from tracker.report.between import tell_event
from tracker.report.status_words import milestones
from tracker.report.story import STORY_VERSION, Story, brief_lines, novelty_of
from tracker.timeline import Step, Timeline, TimelineCell, TimelineRow

if TYPE_CHECKING:
    from pathlib import Path

    from tracker.dataset import Dataset
    from tracker.report.comparison import Comparison

SCHEMA_VERSION = 1


# C1 controls (a terminal acts on them as on ESC sequences) and the line and paragraph
# separators (JavaScript before ES2019 ends a string at them): always \u-escaped.
_ESCAPED_ALWAYS = re.compile("[\x80-\x9f\u2028\u2029]")


def dumps(document: dict[str, Any], ascii_only: bool = False) -> str:
    # Names such as Çırağan stay readable; ascii_only escapes them for an output that cannot
    # encode them (the JSON means the same either way). Strict JSON: no NaN or Infinity (the
    # loader never makes one; allow_nan=False makes sure), and JSON escapes controls itself.
    text = json.dumps(document, ensure_ascii=ascii_only, indent=2, allow_nan=False)
    return _ESCAPED_ALWAYS.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


# A round's facts without the evidence for them (that is for `tracker show`, the app and the
# YAML) and without its agreements, which are positions of the party `joint`.
_ROUND_EXCLUDE: Any = {
    "agreements": True,
    "evidence": True,
    "chair": {"evidence"},
    "delegations": {"__all__": {"evidence"}},
}


def round_record(dataset: Dataset, round_id: str) -> dict[str, Any]:
    return dataset.rounds[round_id].round.model_dump(mode="json", exclude_none=True, exclude=_ROUND_EXCLUDE)


def position_record(position: Position, root: Path | None = None) -> dict[str, Any]:
    """A position's full record as JSON-ready data, with where it belongs and comes from.

    With `root` (the data directory) the origin's file is given relative to it, with forward
    slashes, so the record is the same on every machine.
    """
    record: dict[str, Any] = {"party": position.party, "round": position.round}
    record.update(position.model_dump(mode="json", exclude_none=True))
    if not position.status_by:  # given only where the data sets it, as `put_forward` is
        del record["status_by"]
    if position.contested:
        record["contested"] = True
    if position.origin is not None:
        file = position.origin.file
        if root is not None:
            try:
                file = file.relative_to(root)
            except ValueError:
                pass
        record["origin"] = {"file": file.as_posix(), "line": position.origin.line}
    return record


def event_record(dataset: Dataset, event: Event) -> dict[str, Any]:
    """An event's record as JSON-ready data: its fields as the file gives them, the sentence every
    face tells it in (`text`), and where it was written (relative to the data directory)."""
    record: dict[str, Any] = event.model_dump(mode="json", exclude_none=True)
    record["text"] = tell_event(dataset, event).text
    if event.origin is not None:
        file = event.origin.file
        try:
            file = file.relative_to(dataset.root)
        except ValueError:
            pass
        record["origin"] = {"file": file.as_posix(), "line": event.origin.line}
    return record


def events_document(dataset: Dataset, events: Sequence[Event], title: str = "") -> dict[str, Any]:
    """`tracker events --format json`: the events, in date order."""
    return {"schema_version": SCHEMA_VERSION, "events": [event_record(dataset, e) for e in events]}


def position_records(dataset: Dataset, positions: Sequence[Position]) -> list[dict[str, Any]]:
    return [position_record(p, dataset.root) for p in positions]


def _identity(position: Position) -> dict[str, str]:
    return {"party": position.party, "id": position.id, "topic": position.topic}


def diff_document(comparison: Comparison, show_unchanged: bool = True) -> dict[str, Any]:
    """`tracker diff --format json`: schema_version 1, with the story first as `headline`. A
    script gets every position, unchanged ones included, whatever a reader's --all says."""
    dataset, diff, story = comparison.dataset, comparison.diff, comparison.story
    classes = diff.class_counts()
    return {
        "schema_version": SCHEMA_VERSION,
        "from": round_record(dataset, diff.from_round),
        "to": round_record(dataset, diff.to_round),
        "headline": headline_record(story),
        "events": [event_record(dataset, item.event) for item in story.items if item.event is not None],
        "added": _added_records(dataset, diff, story),
        "removed": position_records(dataset, diff.removed),
        "changed": [
            {
                **_identity(change.new),
                "changes": [{"field": c.field, "from": c.old, "to": c.new, "class": c.change_class.value} for c in change.changes],
                "record_only": change.record_only,
                "class": change.change_class.value,
            }
            for change in diff.changed
        ],
        "unchanged": [_identity(p) for p in diff.unchanged],
        "summary": {
            **diff.summary(),
            "changed_record_only": sum(c.record_only for c in diff.changed),
            **{f"changed_{cls.value}": count for cls, count in classes.items()},
        },
        **({"filters": {"parties": list(diff.parties), "topics": list(diff.topics)}} if diff.parties or diff.topics else {}),
    }


TALLY_FIELDS = ("agreed", "carried_out", "between", "moved", "rejected_again", "new", "first_on_record", "returned",
                "not_on_record", "absent", "figures_given", "standing", "substance", "wording", "record", "unchanged")  # fmt: skip


def headline_record(story: Story) -> dict[str, Any]:
    """The story of a comparison as data (see tracker.report.story), with its own `version`."""
    tally = story.tally
    return {
        "version": STORY_VERSION,
        "outcomes": [{"round": o.round, "outcome": o.outcome} for o in story.outcomes],
        "items": [
            {
                "section": item.section.value,
                "party": item.party,
                "id": item.id,
                "topic": item.topic,
                "who": item.who,
                "what": item.what,
                "figures": list(item.figures),
                "detail": item.detail,
                "text": item.text,
            }
            for item in story.items
        ],
        "tally": {name: getattr(tally, name) for name in TALLY_FIELDS},
        "brief": brief_lines(story),
    }


def _added_records(dataset: Dataset, diff: RoundDiff, story: Story) -> list[dict[str, Any]]:
    back = returned_positions(dataset, diff)
    earlier = min(dataset.rounds[diff.from_round].round.date, dataset.rounds[diff.to_round].round.date)
    records = position_records(dataset, diff.added)
    for position, record in zip(diff.added, records):
        origin = record.pop("origin", None)
        if position.key in back:
            record["returned_from"] = back[position.key]
        record["novelty"] = novelty_of(position, earlier, back.get(position.key), dataset).value
        if origin is not None:
            record["origin"] = origin  # origin stays last
    return records


def positions_document(dataset: Dataset, round_id: str, positions: Sequence[Position], filters: str = "") -> dict[str, Any]:
    """`tracker show --format json`. The filters are the positions given: nothing more to say."""
    return {
        "schema_version": SCHEMA_VERSION,
        "round": round_record(dataset, round_id),
        "positions": position_records(dataset, positions),
    }


def position_document(dataset: Dataset, position: Position) -> dict[str, Any]:
    """`tracker show --id ID --format json`: the position and the catalogue entries it cites."""
    cited = [e.source for e in position.evidence]
    for quantity in position.quantities:
        cited += [c.source for c in quantity.claims]
    sources = {
        sid: dataset.sources[sid].model_dump(mode="json", exclude_none=True)
        for sid in dict.fromkeys(cited)
        if dataset.sources.get(sid) is not None
    }
    return {
        "schema_version": SCHEMA_VERSION,
        "round": round_record(dataset, position.round),
        "position": position_record(position, dataset.root),
        "sources": sources,
    }


def rounds_document(dataset: Dataset) -> dict[str, Any]:
    """`tracker rounds --format json`: each round's facts and how many positions each party holds."""
    rounds = []
    for round_id, data in dataset.rounds.items():
        counts: dict[str, int] = {}
        for position in data.positions:
            counts[position.party] = counts.get(position.party, 0) + 1
        order = [p for p in (*dataset.parties, JOINT) if p in counts] + sorted(set(counts) - {*dataset.parties, JOINT})
        rounds.append({
            **round_record(dataset, round_id),
            "positions": {"total": len(data.positions), "by_party": {p: counts[p] for p in order}},
        })  # fmt: skip
    return {"schema_version": SCHEMA_VERSION, "rounds": rounds}


def _timeline_cell(dataset: Dataset, cell: TimelineCell) -> dict[str, Any]:
    record: dict[str, Any] = {
        "round": cell.round,
        "step": cell.step.value,
        "position": position_record(cell.position, dataset.root) if cell.position else None,
        "changes": [{"field": c.field, "from": c.old, "to": c.new} for c in cell.changes],
    }
    # `new` is the step of any position first on record here; whether it was put forward here is
    # what a reader wants to know, told as a diff tells it.
    if cell.step is Step.new:
        record["novelty"] = "new" if cell.new else "first_on_record"
    elif cell.step is Step.returned:
        record["novelty"] = "returned"
    return record


def timeline_document(dataset: Dataset, timeline: Timeline, title: str = "") -> dict[str, Any]:
    """`tracker timeline --format json`: per position, its state at every round."""
    return {
        "schema_version": SCHEMA_VERSION,
        "rounds": [round_record(dataset, r) for r in timeline.rounds],
        "rows": [_timeline_row(dataset, row) for row in timeline.rows],
        "events": [event_record(dataset, event) for event in timeline.events],
    }


def _timeline_row(dataset: Dataset, row: TimelineRow) -> dict[str, Any]:
    record: dict[str, Any] = {"party": row.party, "id": row.id, "topic": row.topic}
    milestone = milestones(dataset, row.cells, row.stages)
    if milestone:  # the line every face prints under the row's name
        record["milestone"] = milestone
    record["cells"] = [_timeline_cell(dataset, cell) for cell in row.cells]
    record["stages"] = [event_record(dataset, event) for event in row.stages]
    return record
