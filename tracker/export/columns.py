"""What the export's tables are made of: a table, its columns and keys, and the cells every table
writes alike (a figure's amount, a list). Shared by tracker.export.tables (the tables of the
rounds) and tracker.export.event_tables (the events between them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

LIST_SEPARATOR = "; "
"""Between the ids or names of a list cell (`mediators`, `parties`, `members`, `changed_fields`)."""

Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str
    """A Table Schema type: string, integer, number, boolean or date."""
    description: str
    required: bool = False
    enum: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ForeignKey:
    fields: tuple[str, ...]
    table: str
    reference: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = field(default_factory=tuple)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def column(name: str, type_: str, description: str, required: bool = False, enum: Sequence[str] = ()) -> Column:
    return Column(name, type_, description, required, tuple(enum))


AMOUNT = (
    column("value", "number", "The exact figure, when it is a number."),
    column("min", "number", "The lower bound (inclusive), when it is a number."),
    column("max", "number", "The upper bound (inclusive), when it is a number."),
    column("value_date", "date", "The exact figure, when it is a date."),
    column("min_date", "date", "The lower bound (inclusive), when it is a date."),
    column("max_date", "date", "The upper bound (inclusive), when it is a date."),
    column("all", "boolean", "True for an 'all-for-all' style figure (`scope: all`): no number is given.", True),
    column("raw", "string", "The figure as the source words it, e.g. `2 to 3 days`."),
)


def amount_cells(amount: Any) -> Row:
    out: Row = {}
    for name in ("value", "min", "max"):
        value = getattr(amount, name)
        is_date = isinstance(value, dt.date)
        out[name] = None if is_date else value
        out[f"{name}_date"] = value if is_date else None
    out["all"] = amount.scope == "all"
    out["raw"] = amount.raw
    return {k: out[k] for k in ("value", "min", "max", "value_date", "min_date", "max_date", "all", "raw")}


def joined(items: Sequence[str]) -> str | None:
    return LIST_SEPARATOR.join(items) if items else None
