"""Refusals: which positions of a round refuse a position (its rejections, and the red lines or
counter-demands set against a refused one), by whom, and which of them a story tells already in
the line of what they refuse."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tracker.model import Kind, Status
from tracker.report.words import party_names

if TYPE_CHECKING:
    from tracker.dataset import Dataset
    from tracker.model import Position


def rejected_again(old: Position, new: Position) -> bool:
    """A standing demand or proposal refused at both rounds, what it asks the same."""
    return old.status is Status.rejected and new.status is Status.rejected and new.kind is not Kind.rejection


REFUSING = (Kind.rejection, Kind.red_line, Kind.demand, Kind.precondition)
"""The kinds of answer (`responds_to`) that refuse a refused position: a rejection, or a red line
or counter-demand set against it (Ukraine's terms of 1 June 2025 against Russia's demand for
recognition). An offer, proposal, concession or commitment meets it part way."""


def rejections(dataset: Dataset, position: Position, answers: dict[str, dict[tuple[str, str], list[Position]]] | None = None) -> list[Position]:
    """The other parties' refusals at the position's round that answer it: their rejections of
    it, and, when it is refused, the other REFUSING positions that answer it. `answers` keeps,
    for each round, the refusals by the (party, id) they answer, made once: scanning the
    round for each refused position made a story of two 5,000-position rounds take a second."""
    data = dataset.rounds.get(position.round)
    if data is None:
        return []
    answers = {} if answers is None else answers
    index = answers.get(position.round)
    if index is None:
        index = answers[position.round] = {}
        for other in data.positions:
            if other.kind not in REFUSING:
                continue
            for ref in other.responds_to:
                if (ref.round or other.round) == position.round:
                    index.setdefault((ref.party or other.party, ref.position), []).append(other)
    refused = position.status is Status.rejected
    return [o for o in index.get((position.party, position.id), ()) if o.party != position.party and (refused or o.kind is Kind.rejection)]


def rejected_by(dataset: Dataset, position: Position, answers: dict[str, dict[tuple[str, str], list[Position]]]) -> str:
    """'by Russia': the parties whose rejection at the round answers it."""
    who = list(dict.fromkeys(other.party for other in rejections(dataset, position, answers)))
    return f"by {party_names(dataset, who)}" if who else ""


def folded_refusals(dataset: Dataset, refused: list[Position], answers: dict[str, dict[tuple[str, str], list[Position]]]) -> set[tuple[str, str]]:
    """The (party, id) of the rejections of `refused`, positions a story tells as refused in their
    own line ('Russia's demand rejected again by Ukraine'): told again as Ukraine's own
    rejection ('Back on record from Ukraine (rejection)'), one act would read as two."""
    return {(r.party, r.id) for position in refused for r in rejections(dataset, position, answers) if r.kind is Kind.rejection}
