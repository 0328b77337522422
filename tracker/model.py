"""The data model as the rest of tracker reads it: one class per record of the format.

The format is defined once, by the pydantic models of tracker.format_definition; the JSON Schema
and the codebook are derived from them, and so are the validators these classes run (pydantic's
core schema of each model, kept in tracker/core_schema.json). The classes here are plain: a
load validates with pydantic_core and never imports pydantic's model machinery, never defines
a pydantic model and never builds a core schema, most of a short command's start-up otherwise.
They hold the behaviour a record has beyond its fields: how a figure reads, a position's party
and round as the loader stamped them. Both refuse the same input with the same messages
(tests/test_core_schema.py).

YAML 1.1 turns `no` into False, `1:30` into 90 and `2025-06-02` into a date. The format is
strict wherever such a coercion would hide a mistake: a string field never accepts a bool or a
number, so `id: no` is an error rather than the id "False"."""

from __future__ import annotations

import datetime as _dt
from typing import Any

from tracker.agreement import claims_differ
from tracker.format_rules import (
    FORMULA_START,
    JOINT,
    EVENT_KIND_MEANINGS,
    KIND_MEANINGS,
    SLUG_MAX,
    SLUG_PATTERN,
    STATUS_MEANINGS,
    TEXT_PATTERN,
    EventKind,
    Kind,
    Origin,
    Role,
    Status,
    is_slug,
)
from tracker.plain_model import PlainModel

# The fields of each class are those of the model of the same name in tracker.format_definition.

# --- catalogues -------------------------------------------------------------------------------


class Party(PlainModel):
    """A party to the talks, a mediator or an observer."""


class PartiesFile(PlainModel):
    """`parties.yaml`."""


class Topic(PlainModel):
    """One area of the negotiation, e.g. prisoners or territory."""


class TopicsFile(PlainModel):
    """`topics.yaml`."""


class Source(PlainModel):
    """A source document the data cites. The text itself is not copied into the project."""


class SourcesFile(PlainModel):
    """The source catalogue: `sources.yaml` in the data directory (or `seeds/sources.yaml` beside it)."""


# --- positions --------------------------------------------------------------------------------


class Evidence(PlainModel):
    """Where a statement is reported. A `quote` is only the exact words of a named speaker."""


class _Amount(PlainModel):
    """An exact value, a range, or `scope: all`."""

    def amount_text(self) -> str:
        if self.scope == "all":
            return "all"
        if self.value is not None:
            return _fmt(self.value)
        if self.min is not None and self.max is not None:
            return f"{_fmt(self.min)}–{_fmt(self.max)}"
        if self.min is not None:
            return f"≥{_fmt(self.min)}"
        if self.max is not None:
            return f"≤{_fmt(self.max)}"
        return self.raw or "?"


def _fmt(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


class Claim(_Amount):
    """One source's version of a figure the sources word differently or disagree on."""


class Quantity(_Amount):
    """A figure in a position: '30 days', '6,000 bodies', 'all-for-all', 'aged 18 to 25'."""

    @property
    def contested(self) -> bool:
        """Whether its sources give figures that cannot all be true (claims_differ: the one
        rule every face follows)."""
        return claims_differ(self)

    def display(self) -> str:
        """'6,000 bodies', or 'contested: 6,000 / 12,000 bodies'."""
        unit = f" {self.unit}" if self.unit else ""
        if self.claims:
            values = " / ".join(dict.fromkeys(c.amount_text() for c in self.claims))
            prefix = "contested: " if self.contested else ""
            return f"{self.what}: {prefix}{values}{unit}"
        per = f" per {self.per}" if self.per == "side" else ""
        return f"{self.what}: {self.amount_text()}{unit}{per}"


class PositionRef(PlainModel):
    """A reference to another position, by default of the same party in the same round."""


Condition = str | PositionRef


class DocumentPoint(PlainModel):
    """A numbered point of a document put to the talks (see a round's `documents`)."""

    def __str__(self) -> str:
        return f"point {self.number} of {self.document}"


class Position(PlainModel):
    """One stated position of a party at a round, or one joint agreement of the round."""

    _private_defaults = {"_party": "", "_round": "", "_origin": None, "_source": None}
    """Set by the loader: its party and round, where it was read (an Origin), and `_source`, a
    digest of the position's YAML text and the fields read from it."""

    # Read straight from the private store, as comparisons, tables and searches read these for
    # every position.
    @property
    def party(self) -> str:
        return self.__pydantic_private__["_party"]

    @property
    def round(self) -> str:
        return self.__pydantic_private__["_round"]

    @property
    def origin(self) -> Origin | None:
        return self.__pydantic_private__["_origin"]

    @property
    def key(self) -> tuple[str, str]:
        return (self.__pydantic_private__["_party"], self.id)

    @property
    def contested(self) -> bool:
        return any(q.contested for q in self.quantities)

    def has_same_text(self, other: Position) -> bool:
        """True when the loader read both from the same YAML text, so their fields are equal: a
        quick answer for the many positions that carry over unchanged. A copy (model_copy with an
        update) has fields of its own, not the ones the digest was taken with, so never matches."""
        mine, theirs = self.__pydantic_private__["_source"], other.__pydantic_private__["_source"]
        return (
            mine is not None
            and theirs is not None
            and mine[1] is self.__dict__
            and theirs[1] is other.__dict__
            and mine[0] == theirs[0]
        )


class PartyRoundFile(PlainModel):
    """`rounds/<round-id>/<party-id>.yaml`: one party's positions at one round."""


# --- rounds -----------------------------------------------------------------------------------


class Delegation(PlainModel):
    """A party's delegation at a round: who led it, how large it was."""


class Chair(PlainModel):
    """Who chaired or presided over a round."""


class Track(PlainModel):
    """A working group or track within a round: the political and the military groups."""


class Point(PlainModel):
    """One numbered point of a document."""


class Document(PlainModel):
    """A plan or framework negotiated point by point, kept with the round it was first put to the
    parties at; positions of any round refer to its points (a position's `point`)."""


class Round(PlainModel):
    """`rounds/<round-id>/round.yaml`: the facts of one round and its joint agreements."""

    _private_defaults = {"_origin": None}

    @property
    def origin(self) -> Origin | None:
        return self.__pydantic_private__["_origin"]

    @property
    def label(self) -> str:
        return f"{self.date.isoformat()} {self.place}"

    @property
    def days(self) -> tuple[_dt.date, _dt.date]:
        """Its first and last day (the same day for a one-day round)."""
        return (self.date, self.end_date or self.date)


# --- events -----------------------------------------------------------------------------------


class AgreementRef(PlainModel):
    """The agreement an event carries out or revives: a position of kind `agreement` of a round."""

    @property
    def key(self) -> tuple[str, str]:
        """The agreement's (party, id) in its round."""
        return (self.party, self.position)


class Event(PlainModel):
    """Something done, agreed or declared between rounds, dated by its own day: an exchange carried out in
    stages after the round that agreed it, an agreement announced on a day with no talks."""

    _private_defaults = {"_origin": None}

    @property
    def origin(self) -> Origin | None:
        return self.__pydantic_private__["_origin"]

    @property
    def days(self) -> tuple[_dt.date, _dt.date]:
        """Its first and last day (the same day for a one-day event)."""
        return (self.date, self.end_date or self.date)


class EventsFile(PlainModel):
    """`events.yaml`: what was done, agreed or declared between rounds (optional: no file, no events)."""


# Re-exported for type hints elsewhere.
__all__ = [  # fmt: skip
    "AgreementRef", "EVENT_KIND_MEANINGS", "Event", "EventKind", "EventsFile",
    "FORMULA_START", "JOINT", "KIND_MEANINGS", "SLUG_MAX", "SLUG_PATTERN", "STATUS_MEANINGS", "TEXT_PATTERN",
    "Chair", "Claim", "Condition", "Delegation", "Document", "DocumentPoint", "Evidence", "Kind",
    "Origin", "PartiesFile", "Party", "PartyRoundFile", "Point", "Position", "PositionRef", "Quantity",
    "Role", "Round", "Source", "SourcesFile", "Status", "Topic", "TopicsFile", "Track", "is_slug",
]
