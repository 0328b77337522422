"""The references and figures of a data directory, checked on the YAML's values as read.

A position names a topic, sources, the parties of an agreement, and other positions (its
conditions, what it responds to, the round it is carried from); a round names its mediators,
chair and delegations. Each name must be in its catalogue, and each figure must agree with its
own words (tracker.figure_check). The checks run on the values as read rather than on the
models, so that a file (or a position) with a schema error still has its references and figures
checked in the same run: every problem at once.

References to positions may point to any round, so they are noted while the rounds are read and
checked once all are (`References.check_across_rounds`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic_core import ValidationError

from tracker import figure_check
from tracker.model import JOINT, Position, PositionRef, is_slug
from tracker.problems import Problem, dotted, quote, suggest
from tracker.yamlread import YamlDocument

if TYPE_CHECKING:
    from tracker.dataset import RoundData

# Where a file refers to the catalogues: paths into its values ("*": every item of a list).
_POSITION_REFS = (
    (("topic",), "topic"),
    (("parties", "*"), "party"),
    (("status_by", "*"), "party"),
    (("evidence", "*", "source"), "source"),
    (("quantities", "*", "claims", "*", "source"), "source"),
)
_ROUND_REFS = (
    (("mediators", "*"), "party"),
    (("host",), "party"),  # only a value written like an id: a name in words is no reference
    (("documents", "*", "author"), "party"),
    (("documents", "*", "evidence", "*", "source"), "source"),
    (("documents", "*", "points", "*", "evidence", "*", "source"), "source"),
    (("tracks", "*", "evidence", "*", "source"), "source"),
    (("chair", "party"), "party"),
    (("chair", "evidence", "*", "source"), "source"),
    (("delegations", "*", "party"), "party"),
    (("delegations", "*", "evidence", "*", "source"), "source"),
    (("delegations", "*", "size", "claims", "*", "source"), "source"),
    (("duration", "claims", "*", "source"), "source"),
    (("evidence", "*", "source"), "source"),
)
# Where the figures are, each checked against its own words, with its claims.
_POSITION_FIGURES = (("quantities", "*"),)
_ROUND_FIGURES = (("delegations", "*", "size"), ("duration",))


class References:
    """What the files of one load refer to, checked against its catalogues. Problems are added
    to the loader's own list, in the order they are found."""

    def __init__(self, parties: Mapping[str, Any], topics: Mapping[str, Any], sources: Mapping[str, Any], problems: list[Problem]):
        self.catalogues = {"party": parties, "topic": topics, "source": sources}
        self.problems = problems
        # References to positions, checked once every round is loaded: (where, the referring
        # position's party and round, the reference).
        self.position_refs: list[tuple[Problem, str, str, PositionRef]] = []
        # Positions that say they carry over an earlier round's: (where, position).
        self.carried: list[tuple[Problem, Position]] = []
        # A position's track and document point: (where, its round, the value as read).
        self.tracks: list[tuple[Problem, str, Any]] = []
        self.points: list[tuple[Problem, str, Any]] = []
        # Each round's documents as read: (where its id and `revises` are, its round, the document).
        self.documents: list[tuple[dict[str, Problem], str, dict]] = []

    def check_round_file(self, path: Path, doc: YamlDocument) -> None:
        """A round.yaml's own names and figures (its agreements are positions: see check_position)."""
        self.check(path, doc, (), _ROUND_REFS, _ROUND_FIGURES)
        documents = doc.value.get("documents") if isinstance(doc.value, dict) else None
        for index, item in enumerate(documents if isinstance(documents, list) else []):
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                marks = {key: Problem(path, *doc.locate(("documents", index, key)), dotted(("documents", index, key)), "") for key in ("id", "revises") if key in item}
                self.documents.append((marks, path.parent.name, item))

    def check_position(self, path: Path, doc: YamlDocument, loc: tuple, raw: dict, party: str, round_id: str) -> None:
        """A position's names and figures, and its references to positions, noted for later."""
        self.check(path, doc, loc, _POSITION_REFS, _POSITION_FIGURES, raw)
        for key in ("conditions", "responds_to"):
            items = raw.get(key)
            for i, item in enumerate(items if isinstance(items, list) else []):
                if not isinstance(item, dict):
                    continue  # a condition in words
                try:
                    ref = PositionRef.model_validate(item)
                except ValidationError:
                    continue  # reported as a schema error; the reference is not clear enough to look up
                line, col = doc.locate(loc + (key, i))
                self.position_refs.append((Problem(path, line, col, dotted(loc + (key, i)), ""), party, round_id, ref))
        for key, noted in (("track", self.tracks), ("point", self.points)):
            if key in raw:
                line, col = doc.locate(loc + (key,))
                noted.append((Problem(path, line, col, dotted(loc + (key,)), ""), round_id, raw[key]))

    def note_carried(self, where: Problem, position: Position) -> None:
        """A position with `carried_from`, at `where` (its problem's place): checked across rounds."""
        self.carried.append((where, position))

    def check(self, path: Path, doc: YamlDocument, base: tuple, refs: tuple, amounts: tuple, value: Any = None) -> None:
        value = doc.value if value is None else value
        for pattern, catalogue in refs:
            for loc, ref in _walk(value, pattern):
                if not isinstance(ref, str) or not is_slug(ref):
                    continue  # not an id: a schema error says so
                known = self.catalogues[catalogue]
                if ref in known:
                    continue
                line, col = doc.locate(base + loc)
                if catalogue == "source":
                    message = f"unknown source {quote(ref)}: add it to the source catalogue{suggest(ref, known)}"
                else:
                    message = f"unknown {catalogue} {quote(ref)}{suggest(ref, known)}"
                self.problems.append(Problem(path, line, col, dotted(base + loc), message))
        for pattern in amounts:
            for loc, quantity in _walk(value, pattern):
                if not isinstance(quantity, dict):
                    continue
                unit = quantity.get("unit") if isinstance(quantity.get("unit"), str) else None
                claims = quantity.get("claims")
                figures = [(loc, quantity)] + [(loc + ("claims", i), c) for i, c in enumerate(claims if isinstance(claims, list) else [])]
                for where, figure in figures:
                    if isinstance(figure, dict) and (found := figure_check.mismatch(figure, unit)):
                        field, message = found
                        line, col = doc.locate(base + where + (field,))
                        self.problems.append(Problem(path, line, col, dotted(base + where + (field,)), message))

    def check_across_rounds(self, loaded: list[RoundData], unreadable: set[tuple[str, str | None]]) -> None:
        """Runs last, once every round is read: the references to positions and the rounds
        positions are carried from. `unreadable`: the (round, party) files that failed, and
        (round, None) for rounds whose round.yaml did; what refers into them is not reported."""
        self._check_position_refs(loaded, unreadable)
        self._check_carried_from(loaded)
        self._check_tracks_and_documents(loaded, unreadable)

    def _check_position_refs(self, loaded: list[RoundData], unreadable: set[tuple[str, str | None]]) -> None:
        """A condition may refer to a position in any round.

        Rounds are found by folder name, which is what a party file's positions take as their
        round. A round.yaml whose `id` is not its folder name is reported once, there; its
        declared id finds the round too, so the references that follow from it are not errors.
        """
        rounds = {data.folder.name: data for data in loaded}
        for data in loaded:
            rounds.setdefault(data.round.id, rounds[data.folder.name])
        parties = self.catalogues["party"]
        for where, own_party, own_round, condition in self.position_refs:
            round_id = condition.round or own_round
            party = condition.party or own_party
            if (round_id, None) in unreadable or (round_id, party) in unreadable:
                continue  # that file's own problems are reported already
            if condition.party and party != JOINT and party not in parties:
                message = f"unknown party {quote(party)}{suggest(party, [*parties, JOINT])}"
            elif round_id not in rounds:
                message = f"unknown round {quote(round_id)}{suggest(round_id, rounds)}"
            elif (party, condition.position) not in (keys := rounds[round_id].key_order()):  # an unread round's, from its files
                theirs = [pid for p, pid in keys if p == party]
                message = f"no position {quote(condition.position)} of {quote(party)} in round {quote(round_id)}{suggest(condition.position, theirs)}"
            else:
                continue
            self.problems.append(Problem(where.file, where.line, where.col, where.field, message))

    def _check_carried_from(self, loaded: list[RoundData]) -> None:
        """`carried_from` names a round of the data held before the position's own: a position
        carries over what was said earlier, never what is said later."""
        dates = {data.folder.name: data.round.date for data in loaded}
        for data in loaded:
            dates.setdefault(data.round.id, data.round.date)
        for where, position in self.carried:
            earlier, own = position.carried_from, dates.get(position.round)
            if earlier not in dates:
                message = f"unknown round {quote(earlier)}{suggest(earlier or '', dates)}"
            elif own is not None and dates[earlier] >= own:
                message = f"round {quote(earlier)} ({dates[earlier]}) is not earlier than this round ({own}): `carried_from` names an earlier round"
            else:
                continue
            self.problems.append(Problem(where.file, where.line, where.col, where.field, message))


    def _check_tracks_and_documents(self, loaded: list[RoundData], unreadable: set[tuple[str, str | None]]) -> None:
        """A position's track is one of its own round's; a document's id is one across all rounds,
        a revision names a document of the data, and a position's point is a point of one."""
        tracks = {data.folder.name: [t.id for t in data.round.tracks] for data in loaded}
        documents: dict[str, tuple[set[int], str]] = {}
        for marks, round_id, item in self.documents:
            if item["id"] in documents:
                if documents[item["id"]][1] == round_id:
                    continue  # twice in one round: round_rules.round_shape says so
                where = marks["id"]
                message = f"document {quote(item['id'])} is also given in round {quote(documents[item['id']][1])}: a document's id names one document in all rounds"
                self.problems.append(Problem(where.file, where.line, where.col, where.field, message))
                continue
            points = item.get("points")
            numbers = {p.get("number") for p in points if isinstance(p, dict)} if isinstance(points, list) else set()
            documents[item["id"]] = (numbers, round_id)
        for marks, _round_id, item in self.documents:
            revises = item.get("revises")
            if isinstance(revises, str) and revises not in documents:
                where = marks["revises"]
                self.problems.append(Problem(where.file, where.line, where.col, where.field, f"unknown document {quote(revises)}{suggest(revises, documents)}"))
        for where, round_id, track in self.tracks:
            if not isinstance(track, str) or (round_id, None) in unreadable or round_id not in tracks:
                continue  # a schema error, or a round whose round.yaml is reported already
            if track not in tracks[round_id]:
                known = tracks[round_id]
                hint = suggest(track, known) if known else ": the round names no `tracks`; add them to its round.yaml"
                self.problems.append(Problem(where.file, where.line, where.col, where.field, f"unknown track {quote(track)} of round {quote(round_id)}{hint}"))
        for where, _round_id, point in self.points:
            if not isinstance(point, dict) or not isinstance(point.get("document"), str) or not isinstance(point.get("number"), int):
                continue  # a schema error says so
            name, number = point["document"], point["number"]
            if name not in documents:
                message = f"unknown document {quote(name)}{suggest(name, documents)}"
            elif number not in documents[name][0]:
                given = ", ".join(str(n) for n in sorted(n for n in documents[name][0] if isinstance(n, int))) or "none"
                message = f"document {quote(name)} has no point {number} on record (points given: {given})"
            else:
                continue
            self.problems.append(Problem(where.file, where.line, where.col, where.field, message))


def _walk(value: Any, pattern: tuple, loc: tuple = ()) -> Iterable[tuple[tuple, Any]]:
    """(loc, value) of every place in `value` that `pattern` names."""
    if not pattern:
        yield loc, value
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        if isinstance(value, list):
            for i, item in enumerate(value):
                yield from _walk(item, rest, loc + (i,))
    elif isinstance(value, dict) and head in value:
        yield from _walk(value[head], rest, loc + (head,))
