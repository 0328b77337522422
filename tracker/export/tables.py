"""The export's tables: what each one holds, column by column, and the rows built from a dataset.

The table and column definitions here are the one source of truth for the export: the CSV and
Parquet writers, `datapackage.json` and the codebook page (docs/export.md) are all derived from
them. Column names are stable: renaming or retyping one is a new FORMAT_VERSION (major), adding
one a minor version.

Tidy: one row per observation, one value per cell. A cell the data leaves empty is empty (null);
no text field of the data can be the empty string, so the two never mix.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tracker.diff import ChangeClass, PositionChange, compare_position
from tracker.export.columns import AMOUNT as _AMOUNT, LIST_SEPARATOR, Column, ForeignKey, Row, Table, amount_cells as _amount, column as _c, joined as _joined
from tracker.export.event_tables import EVENT_TABLES, event_rows
from tracker.model import JOINT, Evidence, Kind, Position, PositionRef, Quantity, Role, Status
from tracker.report.story import Novelty, novelty_of

if TYPE_CHECKING:
    from tracker.dataset import Dataset

FORMAT_VERSION = "2.1.0"
"""The version of the tables' layout (semantic versioning), written into datapackage.json."""

MOVEMENTS = {
    "new": "put forward after the previous round, as the data says (`put_forward`): what the comparison of the two rounds calls new",
    "first_on_record": "no earlier round of the dataset has this position on record, and the data does not say it was put forward since the previous round: the earlier rounds' sources did not report it",
    "returned": "on record at an earlier round, not at the previous one: back after a gap",
    "changed": "what the party holds changed since the previous round, in substance (see `changed_fields`)",
    "reworded": "only its summary was reworded since the previous round: the position did not move",
    "re_sourced": "only its record changed since the previous round (evidence, notes, a source's compatible figure): the position did not move",
    "unchanged": "the same as at the previous round",
}

ABOUT = {
    "position": "a position or joint agreement: `party` and `id` name it",
    "round": "the round's own facts (its duration, its sources)",
    "chair": "the round's chair: `party` is the chair's",
    "delegation": "a party's delegation at the round: `party` names it",
}


_ROUND = _c("round", "string", "The round's id, e.g. `2025-06-02-istanbul`.", True)
_ROUND_FK = ForeignKey(("round",), "rounds", ("round",))
_SUBJECT = (
    _ROUND,
    _c("about", "string", "What the row is about: see the values below.", True, tuple(ABOUT)),
    _c("party", "string", "The party of the position, delegation or chair; empty for the round's own facts."),
    _c("id", "string", "The position's id, for `about` = `position`; empty otherwise."),
)
TABLES: tuple[Table, ...] = (
    Table(
        "positions",
        "Positions",
        "One row per position per round: every party's positions and the joint agreements (party "
        "`joint`), with where each stands and how it moved since the previous round of the dataset.",
        (
            _ROUND,
            _c("date", "date", "The round's date.", True),
            _c("party", "string", "The party's id (see `parties`); `joint` for a joint agreement of the round.", True),
            _c("id", "string", "The position's id: stable across rounds, so a party's position with the same id in two rounds is the same position.", True),
            _c("topic", "string", "The topic's id (see `topics`).", True),
            _c("kind", "string", "What sort of position: see `kind` in the data codebook.", True, [k.value for k in Kind]),
            _c("status", "string", "Where it stands at this round: see `status` in the data codebook.", True, [s.value for s in Status]),
            _c("status_date", "date", "When the status took effect, where the data says."),
            _c("summary", "string", "The position in one or two sentences, in the curator's words.", True),
            _c("notes", "string", "The curator's context and caveats."),
            _c("put_forward", "date", "When the party first put it forward, where the sources say."),
            _c("carried_from", "string", "The earlier round whose position this one carries over unchanged, where the data says so."),
            _c("contested", "boolean", "True when the sources disagree on one of its figures (see `figures`).", True),
            _c("first_on_record", "boolean", "True when no earlier round of the dataset has this position on record.", True),
            _c(
                "new",
                "boolean",
                "True when the party put it forward after the previous round, as the data says (its `put_forward` "
                "date is later): `movement` is then `new`, and the comparison of the two rounds calls it new. False "
                "otherwise: on record before, put forward earlier, at the first round, or first on record with no "
                "date to tell.",
                True,
            ),
            _c("movement", "string", "What happened to it since the previous round of the dataset: see the values below.", True, tuple(MOVEMENTS)),
            _c("previous_round", "string", "The latest earlier round that has this position on record; empty when none has."),
            _c(
                "changed_fields",
                "string",
                f"For `changed`, `reworded` and `re_sourced`: the fields that differ from the previous round, separated by `{LIST_SEPARATOR}` "
                "(a figure is `quantities[<what>]`).",
            ),
            _c("file", "string", "The data file it is read from, relative to the data directory.", True),
            _c("line", "integer", "The line of that file where it begins.", True),
        ),
        ("round", "party", "id"),
        (_ROUND_FK, ForeignKey(("party",), "parties", ("id",)), ForeignKey(("topic",), "topics", ("id",))),
    ),
    Table(
        "figures",
        "Figures",
        "One row per figure of a position, a round (its duration) or a delegation (its size), with the "
        "sources it rests on; a figure recorded as each source's claim (as one the sources disagree on "
        "is) has one row per claim, so nothing is settled silently.",
        (
            *_SUBJECT,
            _c("figure", "integer", "The figure's place among its subject's figures, from 1.", True),
            _c("what", "string", "What is counted, e.g. `bodies`.", True),
            _c("unit", "string", "The unit, e.g. `days`."),
            _c("per", "string", "`side` or `total`, where the data says.", enum=("side", "total")),
            _c(
                "claim",
                "integer",
                "The row's place among the figure's versions, from 1: a figure given once has one row; one the "
                "sources give differently (`claims` in the data) has a row per source's claim.",
                True,
            ),
            _c("contested", "boolean", "True when the claims of this figure give different values.", True),
            _c(
                "source",
                "string",
                "The source that gives this version: a claim's own source; for a figure given once, the one source its "
                "subject cites, and empty when the subject cites several (they are in `sources`).",
            ),
            _c(
                "sources",
                "string",
                f"Every source the figure rests on, separated by `{LIST_SEPARATOR}`: a claim's source; for a figure given once, "
                "the sources its subject cites (the figure's wording, `raw`, is in one of them; `tracker validate` checks it "
                "where it has their texts); empty when the subject cites none.",
            ),
            _c("speaker", "string", "For a claim: who gave the figure, where the source says."),
            *_AMOUNT,
            _c("note", "string", "For a claim: the curator's note on it."),
        ),
        (),
        (_ROUND_FK, ForeignKey(("source",), "sources", ("id",))),
    ),
    Table(
        "evidence",
        "Evidence",
        "One row per citation: where a position, or a round's facts, are reported.",
        (
            *_SUBJECT,
            _c("citation", "integer", "The citation's place among its subject's evidence, from 1.", True),
            _c("source", "string", "The source's id (see `sources`).", True),
            _c("speaker", "string", "Who is quoted, as the source names them."),
            _c("quote", "string", "The speaker's exact words, as the source prints them."),
            _c("note", "string", "What the source says, in the curator's words."),
        ),
        (),
        (_ROUND_FK, ForeignKey(("source",), "sources", ("id",))),
    ),
    Table(
        "relations",
        "Conditions and answers",
        "One row per condition a position depends on, or per position it answers (`responds_to`).",
        (
            _ROUND,
            _c("party", "string", "The party of the position.", True),
            _c("id", "string", "The position's id.", True),
            _c("relation", "string", "`condition` (what it depends on) or `responds_to` (what it answers).", True, ("condition", "responds_to")),
            _c("text", "string", "A condition given in words."),
            _c("target_round", "string", "The round of the position referred to."),
            _c("target_party", "string", "The party of the position referred to."),
            _c("target_id", "string", "The id of the position referred to."),
        ),
        (),
        (_ROUND_FK,),
    ),
    Table(
        "rounds",
        "Rounds",
        "One row per round: its facts.",
        (
            _ROUND,
            _c("date", "date", "The day it was held.", True),
            _c("title", "string", "Its title."),
            _c("place", "string", "The city.", True),
            _c("venue", "string", "The building."),
            _c("mediators", "string", f"The mediators' party ids, separated by `{LIST_SEPARATOR}`."),
            _c("chair_party", "string", "The chair's party id."),
            _c("chair_person", "string", "Who chaired it."),
            _c("chair_title", "string", "The chair's office."),
            _c("outcome", "string", "The outcome in one line.", True),
            _c("notes", "string", "The curator's notes."),
            _c("file", "string", "The data file it is read from, relative to the data directory.", True),
        ),
        ("round",),
    ),
    Table(
        "delegations",
        "Delegations",
        "One row per party's delegation at a round, with its size and the sources of the size (every "
        "version of the size is in `figures`, the delegation's sources in `evidence`).",
        (
            _ROUND,
            _c("party", "string", "The party's id.", True),
            _c("head", "string", "Who led it.", True),
            _c("head_title", "string", "The head's office."),
            _c("members", "string", f"The other named members (the head is in `head` only), separated by `{LIST_SEPARATOR}`."),
            _c("size", "number", "How many people it had, when the sources give one number; empty when none gives it, or they differ or give a range (see `figures`)."),
            _c("size_raw", "string", f"The size as the sources word it (each version, separated by `{LIST_SEPARATOR}`)."),
            _c("size_sources", "string", f"The sources of the size, separated by `{LIST_SEPARATOR}` (as `sources` in `figures`)."),
        ),
        ("round", "party"),
        (_ROUND_FK, ForeignKey(("party",), "parties", ("id",))),
    ),
    Table(
        "agreements",
        "Joint agreements",
        "One row per joint agreement per round, with the parties to it. The same agreements are in "
        "`positions` (party `joint`), with how they moved.",
        (
            _ROUND,
            _c("date", "date", "The round's date.", True),
            _c("id", "string", "The agreement's id.", True),
            _c("topic", "string", "The topic's id.", True),
            _c("status", "string", "Where it stands at this round.", True, [s.value for s in Status]),
            _c("status_date", "date", "When the status took effect."),
            _c("summary", "string", "The agreement in one or two sentences.", True),
            _c("parties", "string", f"The ids of the parties that agreed, separated by `{LIST_SEPARATOR}`."),
        ),
        ("round", "id"),
        (_ROUND_FK, ForeignKey(("topic",), "topics", ("id",))),
    ),
    Table(
        "sources",
        "Sources",
        "One row per source document in the catalogue.",
        (
            _c("id", "string", "The source's id, as the data cites it.", True),
            _c("outlet", "string", "Who published it.", True),
            _c("title", "string", "Its title.", True),
            _c("published", "date", "When it was published.", True),
            _c("updated", "date", "When it was last updated."),
            _c("url", "string", "Its address."),
            _c("file", "string", "The file name of a local copy of its text."),
            _c("notes", "string", "The curator's notes."),
        ),
        ("id",),
    ),
    Table(
        "parties",
        "Parties",
        "One row per party, mediator or observer, and one for `joint`, the owner of the joint agreements.",
        (
            _c("id", "string", "The party's id.", True),
            _c("name", "string", "Its name.", True),
            _c("short", "string", "Its short name, e.g. `UA`.", True),
            _c("role", "string", "`party`, `mediator` or `observer`; `joint` for the joint agreements.", True, [*(r.value for r in Role), JOINT]),
        ),
        ("id",),
    ),
    Table(
        "topics",
        "Topics",
        "One row per topic.",
        (
            _c("id", "string", "The topic's id.", True),
            _c("title", "string", "Its title.", True),
            _c("scope", "string", "What belongs under it.", True),
        ),
        ("id",),
    ),
    *EVENT_TABLES,
)

TABLES_BY_NAME = {t.name: t for t in TABLES}


@dataclass(frozen=True, slots=True)
class Selection:
    """What to export: empty means everything. Positions are kept by party and topic, the rest of
    a round's rows by round only; the catalogues (sources, parties, topics) are always whole."""

    rounds: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()

    def keeps(self, position: Position) -> bool:
        return (not self.parties or position.party in self.parties) and (not self.topics or position.topic in self.topics)

    def as_dict(self) -> dict[str, list[str]]:
        return {"rounds": list(self.rounds), "parties": list(self.parties), "topics": list(self.topics)}


def build_tables(dataset: Dataset, selection: Selection = Selection()) -> dict[str, list[Row]]:
    """Every table's rows, in the order of TABLES, each row with every column (None where empty)."""
    rows: dict[str, list[Row]] = {t.name: [] for t in TABLES}
    wanted_rounds = set(selection.rounds) if selection.rounds else set(dataset.rounds)
    for round_id, data, position, movement in _positions_with_movement(dataset):
        if round_id not in wanted_rounds or not selection.keeps(position):
            continue
        rows["positions"].append(_position_row(dataset, data.round.date, position, movement))
        subject = (round_id, "position", position.party, position.id)
        rows["figures"] += _figure_rows(subject, position.quantities, position.evidence)
        rows["evidence"] += _evidence_rows(subject, position.evidence)
        rows["relations"] += _relation_rows(position)
        if position.party == JOINT:
            rows["agreements"].append(_agreement_row(data.round.date, position))
    for round_id, data in dataset.rounds.items():
        if round_id not in wanted_rounds:
            continue
        rnd = data.round
        rows["rounds"].append(_round_row(dataset, data))
        if rnd.duration is not None:
            rows["figures"] += _figure_rows((round_id, "round", None, None), [rnd.duration], rnd.evidence)
        rows["evidence"] += _evidence_rows((round_id, "round", None, None), rnd.evidence)
        if rnd.chair is not None:
            rows["evidence"] += _evidence_rows((round_id, "chair", rnd.chair.party, None), rnd.chair.evidence)
        for delegation in rnd.delegations:
            if selection.parties and delegation.party not in selection.parties:
                continue
            subject = (round_id, "delegation", delegation.party, None)
            size_rows = _figure_rows(subject, [delegation.size], delegation.evidence) if delegation.size is not None else []
            values = {row["value"] for row in size_rows}
            rows["delegations"].append({
                "round": round_id,
                "party": delegation.party,
                "head": delegation.head,
                "head_title": delegation.head_title,
                "members": _joined([m for m in delegation.members if m != delegation.head]),
                "size": next(iter(values)) if len(values) == 1 else None,
                "size_raw": _joined(list(dict.fromkeys(r["raw"] for r in size_rows if r["raw"]))),
                "size_sources": _joined(list(dict.fromkeys(s for r in size_rows for s in r["sources"].split(LIST_SEPARATOR)))),
            })  # fmt: skip
            rows["figures"] += size_rows
            rows["evidence"] += _evidence_rows(subject, delegation.evidence)
    for source in dataset.sources.values():
        rows["sources"].append({
            "id": source.id, "outlet": source.outlet, "title": source.title, "published": source.published,
            "updated": source.updated, "url": source.url, "file": source.file, "notes": source.notes,
        })  # fmt: skip
    for party in dataset.parties.values():
        rows["parties"].append({"id": party.id, "name": party.name, "short": party.short, "role": party.role.value})
    if JOINT not in dataset.parties:
        rows["parties"].append({"id": JOINT, "name": "Joint agreements", "short": "Joint", "role": JOINT})
    for topic in dataset.topics.values():
        rows["topics"].append({"id": topic.id, "title": topic.title, "scope": topic.scope})
    rows.update(event_rows(dataset, selection))
    return rows


_CLASS_MOVEMENT = {ChangeClass.substance: "changed", ChangeClass.wording: "reworded", ChangeClass.record: "re_sourced"}


@dataclass(frozen=True, slots=True)
class Movement:
    kind: str
    first_on_record: bool
    new: bool
    previous_round: str | None
    changed_fields: tuple[str, ...] = ()


def _positions_with_movement(dataset: Dataset) -> Iterator[tuple[str, Any, Position, Movement]]:
    """Every position of every round, with how it moved since the round before it in the dataset.
    Measured against the whole dataset, whatever is exported: a round exported alone still says
    what moved since the one before it."""
    last_seen: dict[tuple[str, str], Position] = {}
    previous_date: dt.date | None = None
    previous_id: str | None = None
    for round_id, data in dataset.rounds.items():
        for position in data.positions:
            before = last_seen.get(position.key)
            if before is None:
                new = False
                if previous_date is not None and (position.put_forward is not None or position.carried_from or position.party == JOINT):
                    # As the story tells it (tracker.report.story.novelty_of): new only when the data says so.
                    new = novelty_of(position, previous_date, None, dataset) is Novelty.new
                movement = Movement("new" if new else "first_on_record", True, new, None)
            elif before.round != previous_id:
                movement = Movement("returned", False, False, before.round)
            else:
                changes = compare_position(before, position)
                kind = "unchanged" if not changes else _CLASS_MOVEMENT[PositionChange(before, position, changes).change_class]
                movement = Movement(kind, False, False, before.round, tuple(c.field for c in changes))
            yield round_id, data, position, movement
        for position in data.positions:
            last_seen[position.key] = position
        previous_date, previous_id = data.round.date, round_id


def _position_row(dataset: Dataset, date: dt.date, position: Position, movement: Movement) -> Row:
    return {
        "round": position.round,
        "date": date,
        "party": position.party,
        "id": position.id,
        "topic": position.topic,
        "kind": position.kind.value,
        "status": position.status.value,
        "status_date": position.status_date,
        "summary": position.summary,
        "notes": position.notes,
        "put_forward": position.put_forward,
        "carried_from": position.carried_from,
        "contested": position.contested,
        "first_on_record": movement.first_on_record,
        "new": movement.new,
        "movement": movement.kind,
        "previous_round": movement.previous_round,
        "changed_fields": _joined(movement.changed_fields),
        "file": _relative(dataset, position.origin.file) if position.origin else "",
        "line": position.origin.line if position.origin else 0,
    }


def _agreement_row(date: dt.date, position: Position) -> Row:
    return {
        "round": position.round,
        "date": date,
        "id": position.id,
        "topic": position.topic,
        "status": position.status.value,
        "status_date": position.status_date,
        "summary": position.summary,
        "parties": _joined(position.parties),
    }


def _round_row(dataset: Dataset, data: Any) -> Row:
    rnd = data.round
    chair = rnd.chair
    return {
        "round": rnd.id,
        "date": rnd.date,
        "title": rnd.title,
        "place": rnd.place,
        "venue": rnd.venue,
        "mediators": _joined(rnd.mediators),
        "chair_party": chair.party if chair else None,
        "chair_person": chair.person if chair else None,
        "chair_title": chair.title if chair else None,
        "outcome": rnd.outcome,
        "notes": rnd.notes,
        "file": _relative(dataset, rnd.origin.file if rnd.origin else data.folder / "round.yaml"),
    }


def _figure_rows(subject: tuple, quantities: Sequence[Quantity], evidence: Sequence[Evidence]) -> list[Row]:
    """A figure given once rests on its subject's evidence as a whole (the data ties it to no one
    source of them), so its `sources` are those; its `source` only where that is one."""
    round_id, about, party, position_id = subject
    cited = list(dict.fromkeys(item.source for item in evidence))
    rows = []
    for number, quantity in enumerate(quantities, 1):
        base = {
            "round": round_id, "about": about, "party": party, "id": position_id, "figure": number,
            "what": quantity.what, "unit": quantity.unit, "per": quantity.per,
        }  # fmt: skip
        if not quantity.claims:
            rows.append({
                **base, "claim": 1, "contested": False, "source": cited[0] if len(cited) == 1 else None,
                "sources": _joined(cited), "speaker": None, **_amount(quantity), "note": None,
            })  # fmt: skip
            continue
        contested = quantity.contested
        for index, claim in enumerate(quantity.claims, 1):
            rows.append({
                **base, "claim": index, "contested": contested, "source": claim.source, "sources": claim.source, "speaker": claim.speaker,
                **_amount(claim), "note": claim.note,
            })  # fmt: skip
    return rows


def _evidence_rows(subject: tuple, evidence: Sequence[Evidence]) -> list[Row]:
    round_id, about, party, position_id = subject
    return [
        {
            "round": round_id, "about": about, "party": party, "id": position_id, "citation": number,
            "source": item.source, "speaker": item.speaker, "quote": item.quote, "note": item.note,
        }  # fmt: skip
        for number, item in enumerate(evidence, 1)
    ]


def _relation_rows(position: Position) -> list[Row]:
    rows = []
    for relation, items in (("condition", position.conditions), ("responds_to", position.responds_to)):
        for item in items:
            row: Row = {"round": position.round, "party": position.party, "id": position.id, "relation": relation}
            if isinstance(item, PositionRef):
                # A reference leaves out the round and party it shares with the position: made explicit.
                row.update(text=None, target_round=item.round or position.round, target_party=item.party or position.party, target_id=item.position)
            else:
                row.update(text=item, target_round=None, target_party=None, target_id=None)
            rows.append(row)
    return rows


def _relative(dataset: Dataset, path: Any) -> str:
    try:
        return path.relative_to(dataset.root).as_posix()
    except ValueError:  # never this machine's own paths in a file meant to be shared
        return path.name
