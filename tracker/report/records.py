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

from tracker.diff import RoundDiff, Timeline, position_record, returned_positions
from tracker.model import JOINT, Position

if TYPE_CHECKING:
    from tracker.loader import Dataset

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


def position_records(dataset: Dataset, positions: Sequence[Position]) -> list[dict[str, Any]]:
    return [position_record(p, dataset.root) for p in positions]


def _identity(position: Position) -> dict[str, str]:
    return {"party": position.party, "id": position.id, "topic": position.topic}


def diff_document(dataset: Dataset, diff: RoundDiff) -> dict[str, Any]:
    """`tracker diff --format json`: schema_version 1."""
    return {
        "schema_version": SCHEMA_VERSION,
        "from": round_record(dataset, diff.from_round),
        "to": round_record(dataset, diff.to_round),
        "added": _added_records(dataset, diff),
        "removed": position_records(dataset, diff.removed),
        "changed": [
            {
                **_identity(change.new),
                "changes": [{"field": c.field, "from": c.old, "to": c.new} for c in change.changes],
                "record_only": not change.substantive,
            }
            for change in diff.changed
        ],
        "unchanged": [_identity(p) for p in diff.unchanged],
        "summary": {**diff.summary(), "changed_record_only": sum(not c.substantive for c in diff.changed)},
        **({"filters": {"parties": list(diff.parties), "topics": list(diff.topics)}} if diff.parties or diff.topics else {}),
    }


def _added_records(dataset: Dataset, diff: RoundDiff) -> list[dict[str, Any]]:
    back = returned_positions(dataset, diff)
    records = position_records(dataset, diff.added)
    for position, record in zip(diff.added, records):
        if position.key in back:
            origin = record.pop("origin", None)
            record["returned_from"] = back[position.key]
            if origin is not None:
                record["origin"] = origin  # origin stays last
    return records


def positions_document(dataset: Dataset, round_id: str, positions: Sequence[Position]) -> dict[str, Any]:
    """`tracker show --format json`."""
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


def timeline_document(dataset: Dataset, timeline: Timeline) -> dict[str, Any]:
    """`tracker timeline --format json`: per position, its state at every round."""
    return {
        "schema_version": SCHEMA_VERSION,
        "rounds": [round_record(dataset, r) for r in timeline.rounds],
        "rows": [
            {
                "party": row.party,
                "id": row.id,
                "topic": row.topic,
                "cells": [
                    {
                        "round": cell.round,
                        "step": cell.step.value,
                        "position": position_record(cell.position, dataset.root) if cell.position else None,
                        "changes": [{"field": c.field, "from": c.old, "to": c.new} for c in cell.changes],
                    }
                    for cell in row.cells
                ],
            }
            for row in timeline.rows
        ],
    }
