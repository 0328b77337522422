"""The dataset as tidy tables for researchers: CSV or Parquet, described by a Frictionless Data
Package (datapackage.json), one row per observation.

    columns   what a table is made of: its columns and keys, and the cells every table writes alike
    tables    what each table holds, column by column, and its rows built from a dataset
    event_tables  the tables of the events between rounds (events.yaml), their figures and evidence
    package   datapackage.json, derived from the tables' definitions
    write     the CSV and Parquet files, written into a new folder all at once
    codebook  docs/export.md, the tables' codebook, derived from the same definitions

No Textual here, and no pyarrow until a Parquet file is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from tracker.export.package import FORMATS, descriptor
from tracker.export.tables import FORMAT_VERSION, TABLES, Selection, build_tables
from tracker.export.write import PACKAGE_FILE, ExportError, write_export

if TYPE_CHECKING:
    from tracker.dataset import Dataset


class Exported(NamedTuple):
    folder: Path
    """The folder written, in full."""
    rows: dict[str, int]
    """How many rows each table has, in the order of TABLES."""


def export_dataset(dataset: Dataset, target: Path, fmt: str = "csv", selection: Selection = Selection(), force: bool = False) -> Exported:
    """Export the dataset (narrowed by `selection`) into the folder `target`; see write_export."""
    tables = build_tables(dataset, selection)
    package = descriptor(fmt, selection, _title(dataset))
    folder = write_export(tables, target, fmt, package, force)
    return Exported(folder, {name: len(rows) for name, rows in tables.items()})


def _title(dataset: Dataset) -> str:
    rounds = [data.round for data in dataset.rounds.values()]
    if not rounds:
        return "Positions by round"
    first, last = rounds[0].date.isoformat(), rounds[-1].date.isoformat()
    span = first if first == last else f"{first} to {last}"
    return f"Positions by round, {span}"


__all__ = ["FORMATS", "FORMAT_VERSION", "PACKAGE_FILE", "TABLES", "ExportError", "Exported", "Selection", "build_tables", "export_dataset"]
