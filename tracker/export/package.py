"""`datapackage.json`: the Frictionless Data Package that describes an export, table by table.

Derived from tracker.export.tables, so the descriptor, the files and the codebook page always
name the same columns with the same types. `frictionless validate datapackage.json` checks the
files against it: types, required cells, allowed values, primary and foreign keys.
"""

from __future__ import annotations

from typing import Any

from tracker import __version__
from tracker.export.tables import FORMAT_VERSION, TABLES, Selection, Table

PACKAGE_NAME = "tracker-export"
FORMATS = ("csv", "parquet")

# How each format is read back; CSV as RFC 4180 writes it.
_CSV_DIALECT = {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": '"', "doubleQuote": True, "header": True}
_MEDIATYPES = {"csv": "text/csv", "parquet": "application/vnd.apache.parquet"}


def file_name(table: Table, fmt: str) -> str:
    return f"{table.name}.{fmt}"


def descriptor(fmt: str, selection: Selection, title: str) -> dict[str, Any]:
    """The package descriptor. It holds no date and no path of this machine, so the same data
    exported twice gives the same file."""
    return {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": title,
        "description": (
            "Stated positions of the parties to a negotiation, round by round, with their figures, "
            "evidence and sources, exported by tracker. The tables and their columns are described in "
            "docs/export.md of tracker."
        ),
        "version": FORMAT_VERSION,
        "tracker": {"version": __version__, "format_version": FORMAT_VERSION, "selection": selection.as_dict()},
        "resources": [_resource(table, fmt) for table in TABLES],
    }


def _resource(table: Table, fmt: str) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "name": table.name,
        "title": table.title,
        "description": table.description,
        "path": file_name(table, fmt),
        "profile": "tabular-data-resource",
        "format": fmt,
        "mediatype": _MEDIATYPES[fmt],
    }
    if fmt == "csv":
        resource["encoding"] = "utf-8"
        resource["dialect"] = dict(_CSV_DIALECT)
    resource["schema"] = table_schema(table)
    return resource


def table_schema(table: Table) -> dict[str, Any]:
    schema: dict[str, Any] = {"fields": [_field(c) for c in table.columns], "missingValues": [""]}
    if table.primary_key:
        schema["primaryKey"] = list(table.primary_key)
    if table.foreign_keys:
        schema["foreignKeys"] = [
            {"fields": list(fk.fields), "reference": {"resource": fk.table, "fields": list(fk.reference)}}
            for fk in table.foreign_keys
        ]
    return schema


def _field(column: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"name": column.name, "type": column.type, "description": column.description}
    if column.type == "boolean":
        out["trueValues"] = ["true"]
        out["falseValues"] = ["false"]
    if column.type == "date":
        out["format"] = "default"  # YYYY-MM-DD
    constraints: dict[str, Any] = {}
    if column.required:
        constraints["required"] = True
    if column.enum:
        constraints["enum"] = list(column.enum)
    if constraints:
        out["constraints"] = constraints
    return out
