"""Filtering positions by party, topic, kind, status and free text, fast enough per keystroke.

The search text of every position is built once per load (off the event loop), lower-cased, so a
keystroke costs one substring test per position and no allocation per row.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from tracker.model import Position

# A thousands separator between digits: comma, space, no-break or thin space ("6,000", "6 000").
_GROUPED = re.compile(r"(?<!\d)\d{1,3}(?:[,\u00a0\u2009\u202f ]\d{3})+(?!\d)")
_SEPARATOR = re.compile(r"[,\u00a0\u2009\u202f ]")


def ungrouped(text: str) -> str:
    """Numbers written with thousands separators, written without: '6,000 and 6 000' → '6000 and 6000'."""
    return _GROUPED.sub(lambda m: _SEPARATOR.sub("", m.group()), text)


def query_words(query: str) -> list[str]:
    """The words a search looks for, in any case, a grouped number as one: `6 000` is `6000`,
    which the search text holds for every number however the data writes it."""
    return ungrouped(query.casefold()).split()


@dataclass(frozen=True, slots=True)
class PositionFilter:
    """What the browse table shows; an empty field means 'any'."""

    party: str = ""
    topic: str = ""
    kind: str = ""
    status: str = ""
    query: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.party or self.topic or self.kind or self.status or self.query.strip())

    def with_(self, **changes: str) -> PositionFilter:
        return replace(self, **changes)

    def matches_fields(self, position: Position) -> bool:
        return (
            (not self.party or position.party == self.party)
            and (not self.topic or position.topic == self.topic)
            and (not self.kind or position.kind.value == self.kind)
            and (not self.status or position.status.value == self.status)
        )


def search_text(position: Position, party_name: str = "") -> str:
    """What `/` searches: the summary, every quote and note, the figures and their source
    wording; the position's id, its party's id and name ('turkey' finds Türkiye's positions);
    and every grouped number once more without its separators (see `query_words`)."""
    parts = [position.summary, position.notes or "", position.id, position.party, party_name]
    for evidence in position.evidence:
        parts += [evidence.quote or "", evidence.note or "", evidence.speaker or ""]
    for quantity in position.quantities:
        parts.append(quantity.raw or "")
        for claim in quantity.claims:
            parts += [claim.raw or "", claim.note or ""]
        parts.append(quantity.amount_text() if not quantity.claims else "")
        parts += [claim.amount_text() for claim in quantity.claims]
    parts += [c for c in position.conditions if isinstance(c, str)]
    text = "\n".join(p for p in parts if p).casefold()
    numbers = [ungrouped(m.group()) for m in _GROUPED.finditer(text)]
    return "\n".join([text, *numbers]) if numbers else text


class SearchIndex:
    """Positions with their search text, in display order."""

    def __init__(self, positions: Sequence[Position], party_names: Mapping[str, str] | None = None):
        self.positions = list(positions)
        names = party_names or {}
        self.texts = [search_text(p, names.get(p.party, "")) for p in self.positions]
        # Position.key reads pydantic private attributes, slow in a per-keystroke loop.
        self.index_of = {p.key: i for i, p in enumerate(self.positions)}

    def __len__(self) -> int:
        return len(self.positions)

    def select(self, criteria: PositionFilter) -> list[Position]:
        """The positions that match, in index order. Every word of the query must occur."""
        return [self.positions[i] for i in self.select_indices(criteria)]

    def select_indices(self, criteria: PositionFilter, within: Sequence[int] | None = None) -> list[int]:
        """Indices of the matches; `within` limits the test to an earlier, wider result."""
        candidates = range(len(self.positions)) if within is None else within
        words = query_words(criteria.query)
        fields = bool(criteria.party or criteria.topic or criteria.kind or criteria.status)
        if not words and not fields:
            return list(candidates)
        positions, texts = self.positions, self.texts
        return [
            i
            for i in candidates
            if (not fields or criteria.matches_fields(positions[i])) and all(word in texts[i] for word in words)
        ]


def narrows(before: PositionFilter, after: PositionFilter) -> bool:
    """True when every match of `after` is a match of `before`: typing on at the end of the query.

    The words of a longer query that starts with the shorter one are the same words, the last
    one possibly longer, and maybe more words: each must occur, so the matches can only shrink.
    The queries are compared as searched: `6,00` then `6,000` (searched as `6000`) is not typing on.
    """
    return (
        (before.party, before.topic, before.kind, before.status) == (after.party, after.topic, after.kind, after.status)
        and " ".join(query_words(after.query)).startswith(" ".join(query_words(before.query)))
    )
