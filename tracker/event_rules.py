"""The events file (`events.yaml`), read and checked: what was done, agreed or declared between rounds.

A round records what was said and agreed at a meeting. Much of what follows happens between
meetings: an exchange carried out in stages after the round that agreed it, an agreement
announced on a day with no talks. Those are events, dated by their own day and tied, when they
carry one out, to the agreement of the round they carry out (`under`).

The file is optional (no file, no events) and always read whole, by every load: a comparison
of two rounds reads it as it reads the catalogues, since what happened between them is part of
what it tells. Its rules, each told as a problem where it is broken, all at once: ids unique
among events, the last day not before the first, names that are in their catalogues (as a
position's, tracker.references), and `under` an agreement of the round it names, with the event
not dated before that round's first day.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from pydantic_core import ValidationError

from tracker.model import JOINT, Event, EventKind, EventsFile, Kind, Origin
from tracker.paths import EVENTS_FILE
from tracker.problems import Problem, dotted, quote, suggest
from tracker.yamlread import YamlDocument

if TYPE_CHECKING:
    from tracker.dataset import RoundData
    from tracker.references import References

# Where an event refers to the catalogues ("*": every item of a list), and where its figures are.
EVENT_REFS = (
    (("topic",), "topic"),
    (("parties", "*"), "party"),
    (("evidence", "*", "source"), "source"),
    (("quantities", "*", "claims", "*", "source"), "source"),
)
EVENT_FIGURES = (("quantities", "*"),)
# Where each problem of an `under` is told (an `under` with no `party` is told at `position`).
_UNDER_MARKS = {
    "party": ("under", "party"), "round": ("under", "round"), "position": ("under", "position"), "date": ("date",),
}  # fmt: skip


class _Reader(Protocol):
    """What the loader lends to read a file as it reads any other."""

    problems: list[Problem]
    references: References

    def _read(self, path: Path) -> YamlDocument | None: ...

    def _validate(self, path: Path, doc: YamlDocument, model: type[EventsFile]) -> EventsFile | None: ...


class EventsRead:
    """The events of one load, and where each `under` was written, for the check across rounds."""

    def __init__(self, path: Path | None, events: list[Event], unders: list[tuple[dict[str, Problem], Event]], failed: bool):
        self.path, self.events, self.unders, self.failed = path, events, unders, failed


def read_events(loader: _Reader, root: Path) -> EventsRead:
    """The events file of `root` read, validated and checked on its own; no file, no events."""
    path = root / EVENTS_FILE
    if not (path.exists() or path.is_symlink()):
        return EventsRead(None, [], [], False)
    doc = loader._read(path)
    if doc is None:
        return EventsRead(path, [], [], True)
    raw = doc.value.get("events")
    for index, item in enumerate(raw if isinstance(raw, list) else []):
        if isinstance(item, dict):
            loader.references.check(path, doc, ("events", index), EVENT_REFS, EVENT_FIGURES, item)
    parsed = loader._validate(path, doc, EventsFile)
    if parsed is not None:
        valid = list(enumerate(parsed.events))
    else:  # the events valid on their own are still checked, so one run reports all
        valid = [(i, event) for i, item in enumerate(raw if isinstance(raw, list) else []) if (event := _valid_event(item))]
    nodes = node.value if (node := doc.node_at(("events",))) is not None else []
    seen: dict[str, int] = {}
    unders: list[tuple[dict[str, Problem], Event]] = []
    for index, event in valid:
        loc = ("events", index)
        mark = nodes[index].start_mark if index < len(nodes) else None
        event.__pydantic_private__["_origin"] = Origin(path, mark.line + 1, mark.column + 1) if mark else Origin(path, 1, 1)

        def report(where: tuple, message: str) -> None:
            line, col = doc.locate(loc + where)
            loader.problems.append(Problem(path, line, col, dotted(loc + where), message))

        if event.id in seen:
            first_line, _ = doc.locate(("events", seen[event.id], "id"))
            report(("id",), f"duplicate id {quote(event.id)} (first used at line {first_line})")
        else:
            seen[event.id] = index
        if event.end_date is not None and event.end_date < event.date:
            report(("end_date",), f"the event's last day ({event.end_date}) is before its first (`date`, {event.date})")
        if event.announced and event.end_date is not None:
            report(("announced",), "`announced` dates an event by the one day it was announced: not with `end_date`")
        if event.kind is EventKind.declared and event.under is not None:
            report(("under",), "a `declared` event is one side's own step: it carries out or revives no agreement (no `under`)")
        if event.completes and (event.kind is not EventKind.carried_out or event.under is None):
            report(("completes",), "`completes` marks the stage that completed the agreement it carries out: only on a `carried_out` event with an `under`")
        if event.under is not None:
            marks = {key: Problem(path, *doc.locate(loc + where), dotted(loc + where), "") for key, where in _UNDER_MARKS.items()}
            unders.append((marks, event))
    if parsed is None:
        return EventsRead(path, [], unders, True)
    events = sorted(parsed.events, key=lambda e: (e.date, e.id))
    return EventsRead(path, events, unders, False)


def _valid_event(raw: Any) -> Event | None:
    try:
        return Event.model_validate(raw)
    except ValidationError:
        return None


def check_unders(read: EventsRead, loaded: list[RoundData], unreadable: set[tuple[str, str | None]], parties: Mapping[str, Any]) -> list[Problem]:
    """Each `under` names an agreement of a round of the data, and the event is not dated before
    that round's first day. Runs once every round's facts are read; of an unread round, only
    the file of a party named in `under` is read (the joint agreements are in round.yaml)."""
    rounds = {data.folder.name: data for data in loaded}
    for data in loaded:
        rounds.setdefault(data.round.id, rounds[data.folder.name])
    problems = []
    for marks, event in read.unders:
        under = event.under
        assert under is not None
        if (under.round, None) in unreadable or (under.round, under.party) in unreadable:
            continue  # that file's own problems are reported already
        message, at = None, "position"
        if under.party != JOINT and under.party not in parties:
            message, at = f"unknown party {quote(under.party)}{suggest(under.party, [*parties, JOINT])}", "party"
        elif under.round not in rounds:
            message, at = f"unknown round {quote(under.round)}{suggest(under.round, rounds)}", "round"
        else:
            data = rounds[under.round]
            found = data.find(under.key)
            if found is None:
                theirs = [pid for p, pid in data.key_order() if p == under.party]
                message = f"no position {quote(under.position)} of {quote(under.party)} in round {quote(under.round)}{suggest(under.position, theirs)}"
            elif found.kind is not Kind.agreement:
                message = f"{quote(under.position)} of {quote(under.party)} in round {quote(under.round)} is a {found.kind.value}, not an agreement: `under` names the agreement an event carries out or revives"
            elif event.date < data.round.date:
                at = "date"
                message = (
                    f"the event ({event.date}) is dated before the round it is under ({quote(under.round)}, {data.round.date}): "
                    "an event carries out or revives an agreement already made"
                )
        if message is not None:
            where = marks[at]
            problems.append(Problem(where.file, where.line, where.col, where.field, message))
    return problems
