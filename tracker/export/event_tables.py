"""The export's tables of events (events.yaml): what was done, agreed or declared between rounds, one row
per event, with its figures and its evidence in tables of their own, keyed by the event's id (an
event belongs to no round, so the rounds' `figures` and `evidence`, keyed by round, do not hold
them)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tracker.export.columns import AMOUNT, LIST_SEPARATOR, ForeignKey, Row, Table, amount_cells, column, joined
from tracker.model import EventKind

if TYPE_CHECKING:
    from tracker.dataset import Dataset
    from tracker.model import Event

_EVENT = column("event", "string", "The event's id (see `events`).", True)
_EVENT_FK = ForeignKey(("event",), "events", ("id",))

EVENT_TABLES: tuple[Table, ...] = (
    Table(
        "events",
        "Events",
        "One row per event of `events.yaml`: something done (an exchange, a handover of bodies) or agreed outside "
        "the rounds, dated by its own day, with the agreement it carries out or revives.",
        (
            column("id", "string", "The event's id.", True),
            column("date", "date", "The day it happened (not the day it was reported); its first day if it ran over several.", True),
            column("end_date", "date", "Its last day, when it ran over several days."),
            column("announced", "boolean", "True when only the day it was announced is known: `date` is that day, and it happened on or before it.", True),
            column("kind", "string", "`carried_out` (something done) or `agreed` (an agreement reached outside a round).", True, [k.value for k in EventKind]),
            column("topic", "string", "The topic's id.", True),
            column("parties", "string", f"The ids of the parties that carried it out or agreed, separated by `{LIST_SEPARATOR}`.", True),
            column("summary", "string", "What happened, in one or two sentences.", True),
            column("under_round", "string", "The round of the agreement it carries out or revives."),
            column("under_party", "string", "The party of that agreement (`joint` for a round's joint agreement)."),
            column("under_id", "string", "The id of that agreement."),
            column("completes", "boolean", "True on the stage its sources say completed the agreement it carries out.", True),
            column("notes", "string", "The curator's notes."),
            column("file", "string", "The data file it is read from, relative to the data directory.", True),
            column("line", "integer", "The line of that file where it begins.", True),
        ),
        ("id",),
        (ForeignKey(("topic",), "topics", ("id",)), ForeignKey(("under_round",), "rounds", ("round",))),
    ),
    Table(
        "event_figures",
        "Figures of events",
        "One row per figure of an event (a figure its sources give differently has a row per source's claim), as "
        "`figures` for the positions.",
        (
            _EVENT,
            column("figure", "integer", "The figure's place among the event's figures, from 1.", True),
            column("what", "string", "What is counted, e.g. `prisoners`.", True),
            column("unit", "string", "The unit, e.g. `days`."),
            column("per", "string", "`side` or `total`, where the data says.", enum=("side", "total")),
            column("claim", "integer", "The row's place among the figure's versions, from 1.", True),
            column("contested", "boolean", "True when the claims of this figure give different values.", True),
            column("source", "string", "The source that gives this version; for a figure given once, the event's one source (empty when it cites several)."),
            column("sources", "string", f"Every source the figure rests on, separated by `{LIST_SEPARATOR}`."),
            column("speaker", "string", "For a claim: who gave the figure, where the source says."),
            *AMOUNT,
            column("note", "string", "For a claim: the curator's note on it."),
        ),
        (),
        (_EVENT_FK, ForeignKey(("source",), "sources", ("id",))),
    ),
    Table(
        "event_evidence",
        "Evidence of events",
        "One row per citation of an event.",
        (
            _EVENT,
            column("citation", "integer", "The citation's place among the event's evidence, from 1.", True),
            column("source", "string", "The source's id (see `sources`).", True),
            column("speaker", "string", "Who is quoted, as the source names them."),
            column("quote", "string", "The speaker's exact words, as the source prints them."),
            column("note", "string", "What the source says, in the curator's words."),
        ),
        (),
        (_EVENT_FK, ForeignKey(("source",), "sources", ("id",))),
    ),
)


def event_rows(dataset: Dataset, selection: Any) -> dict[str, list[Row]]:
    """The events' tables' rows. A selection of parties or topics keeps the events they carried
    out or agreed, on those topics; one of rounds keeps those of the rounds' span, as the timeline
    of those rounds tells them (tracker.timeline.event_span)."""
    from tracker.diff import event_matches
    from tracker.timeline import event_span

    rows: dict[str, list[Row]] = {t.name: [] for t in EVENT_TABLES}
    span = event_span(dataset, [r for r in dataset.rounds if r in selection.rounds]) if selection.rounds else None
    for event in dataset.events:
        if not event_matches(event, selection.parties, selection.topics):
            continue
        if selection.rounds and (span is None or event.date < span[0] or (span[1] is not None and event.date > span[1])):
            continue
        rows["events"].append(_event_row(dataset, event))
        rows["event_figures"] += _figure_rows(event)
        rows["event_evidence"] += [
            {"event": event.id, "citation": n, "source": e.source, "speaker": e.speaker, "quote": e.quote, "note": e.note}
            for n, e in enumerate(event.evidence, 1)
        ]  # fmt: skip
    return rows


def _event_row(dataset: Dataset, event: Event) -> Row:
    under = event.under
    origin = event.origin
    file = origin.file if origin is not None else dataset.root / "events.yaml"
    try:
        name = file.relative_to(dataset.root).as_posix()
    except ValueError:  # never this machine's own paths in a file meant to be shared
        name = file.name
    return {
        "id": event.id, "date": event.date, "end_date": event.end_date, "announced": bool(event.announced), "kind": event.kind.value, "topic": event.topic,
        "parties": joined(event.parties), "summary": event.summary,
        "under_round": under.round if under else None, "under_party": under.party if under else None,
        "under_id": under.position if under else None, "completes": bool(event.completes), "notes": event.notes,
        "file": name, "line": origin.line if origin is not None else 1,
    }  # fmt: skip


def _figure_rows(event: Event) -> list[Row]:
    cited = list(dict.fromkeys(item.source for item in event.evidence))
    rows = []
    for number, quantity in enumerate(event.quantities, 1):
        base = {"event": event.id, "figure": number, "what": quantity.what, "unit": quantity.unit, "per": quantity.per}
        if not quantity.claims:
            rows.append({
                **base, "claim": 1, "contested": False, "source": cited[0] if len(cited) == 1 else None,
                "sources": joined(cited), "speaker": None, **amount_cells(quantity), "note": None,
            })  # fmt: skip
            continue
        for index, claim in enumerate(quantity.claims, 1):
            rows.append({
                **base, "claim": index, "contested": quantity.contested, "source": claim.source, "sources": claim.source,
                "speaker": claim.speaker, **amount_cells(claim), "note": claim.note,
            })  # fmt: skip
    return rows
