"""Writing an export: the tables as CSV or Parquet, and datapackage.json, into a folder.

The folder appears whole or not at all: everything is written into a hidden folder beside it,
flushed to disk, then renamed into place. A folder that holds anything is never written into;
with `force`, only an earlier export (a datapackage.json of ours and the files it lists, nothing
else) is replaced, so a mistyped path cannot wipe a folder of one's own.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import shutil
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tracker.export.package import FORMATS, PACKAGE_NAME, descriptor, file_name
from tracker.export.tables import TABLES, Row, Table
from tracker.staging import EXPORT, make_staging, release

PACKAGE_FILE = "datapackage.json"


class ExportError(Exception):
    """The export was refused (the folder is not empty, or is a file): nothing was written."""


def write_export(tables: dict[str, list[Row]], target: Path, fmt: str, package: dict[str, Any], force: bool = False) -> Path:
    """Write the tables and their package descriptor into `target` (created, with its parents).
    Returns the folder written. Raises ExportError when the folder may not be written, OSError
    when writing fails; either way nothing is left behind and an earlier export is untouched."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    # Through a link, to the folder it names: replacing the link itself would leave the old
    # export behind it, and a `.X.old` link that cannot be removed.
    target = Path(os.path.realpath(target) if os.path.islink(target) else os.path.abspath(target))
    _check_target(target, force)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging, held = make_staging(target.parent, f".{target.name}.", ".partial", EXPORT)
    try:
        for table in TABLES:
            path = staging / file_name(table, fmt)
            if fmt == "csv":
                write_csv(table, tables[table.name], path)
            else:
                write_parquet(table, tables[table.name], path, package)
            _fsync(path)
        package_path = staging / PACKAGE_FILE
        package_path.write_text(json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        _fsync(package_path)
        os.chmod(staging, 0o777 & ~_umask())
        _swap_into_place(staging, target, force)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        release(held)
    _fsync_dir(target.parent)
    return target


def _check_target(target: Path, force: bool) -> None:
    if not target.exists():
        return
    if not target.is_dir():
        raise ExportError(f"{target.name} is a file: give the name of a new or empty folder")
    entries = sorted(p.name for p in target.iterdir())
    if not entries:
        return
    if not force:
        raise ExportError(
            f"{target.name} is not empty ({_some(entries)}): give a new or empty folder, "
            "or --force to replace an earlier export there"
        )
    others = sorted(set(entries) - _export_files(target))
    if others:
        raise ExportError(
            f"{target.name} holds files that are not an earlier export ({_some(others)}): "
            "--force replaces only a folder that tracker export wrote, so give a new or empty folder"
        )


def _export_files(folder: Path) -> set[str]:
    """The files of an earlier export in `folder`: the names an export writes (never the names
    its datapackage.json lists, which anyone can write), each a regular file; empty if there is
    no datapackage.json of ours."""
    try:
        package = json.loads((folder / PACKAGE_FILE).read_text(encoding="utf-8"))
        if not isinstance(package, dict) or package.get("name") != PACKAGE_NAME or "tracker" not in package:
            return set()
    except (OSError, ValueError):
        return set()
    ours = {PACKAGE_FILE} | {file_name(table, fmt) for table in TABLES for fmt in FORMATS}
    return {name for name in ours if (folder / name).is_file() and not (folder / name).is_symlink()}


def _swap_into_place(staging: Path, target: Path, force: bool) -> None:
    """Rename the finished folder onto the target. An empty target is replaced by the rename
    itself; an earlier export is moved aside first and deleted only once the new one is in place."""
    if not target.exists() or not any(target.iterdir()):
        try:
            os.rename(staging, target)
        except OSError as error:  # a file or folder appeared there meanwhile
            raise ExportError(f"{target.name} changed while the export was written ({error.strerror})") from None
        return
    if not force:  # something appeared there meanwhile
        raise ExportError(f"{target.name} is no longer empty")
    aside = target.parent / f".{target.name}.{uuid.uuid4().hex[:8]}.old"
    os.rename(target, aside)
    try:
        os.rename(staging, target)
    except BaseException:
        os.rename(aside, target)
        raise
    shutil.rmtree(aside, ignore_errors=True)


# --- the formats ------------------------------------------------------------------------------


def csv_cell(value: Any) -> str:
    """A value as the package descriptor reads it back: dates ISO, booleans `true`/`false`,
    empty for a missing value."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (dt.date, int)):
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    return str(value)


def write_csv(table: Table, rows: Sequence[Row], path: Path) -> None:
    """RFC 4180: comma-separated, CRLF line ends, fields with commas, quotes or line breaks quoted,
    quotes doubled; UTF-8 without a byte-order mark; a header row of the column names."""
    names = [c.name for c in table.columns]
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(names)
        for row in rows:
            writer.writerow([csv_cell(row[name]) for name in names])


def arrow_schema(table: Table, package: dict[str, Any] | None = None):
    import pyarrow as pa

    types = {"string": pa.string(), "date": pa.date32(), "number": pa.float64(), "integer": pa.int64(), "boolean": pa.bool_()}
    fields = [
        pa.field(c.name, types[c.type], nullable=not c.required, metadata={"description": c.description})
        for c in table.columns
    ]
    metadata = {"description": table.description}
    if package is not None:
        metadata["datapackage.version"] = str(package.get("version", ""))
    return pa.schema(fields, metadata=metadata)


def write_parquet(table: Table, rows: Sequence[Row], path: Path, package: dict[str, Any] | None = None) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = arrow_schema(table, package)
    columns = {}
    for column in table.columns:
        values = [row[column.name] for row in rows]
        if column.type == "number":
            values = [None if v is None else float(v) for v in values]
        columns[column.name] = pa.array(values, type=schema.field(column.name).type)
    pq.write_table(pa.Table.from_pydict(columns, schema=schema), path)


# --- helpers ----------------------------------------------------------------------------------


def _some(names: Sequence[str]) -> str:
    shown = ", ".join(names[:3])
    return shown + (f" and {len(names) - 3} more" if len(names) > 3 else "")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


__all__ = ["PACKAGE_FILE", "ExportError", "arrow_schema", "csv_cell", "descriptor", "write_csv", "write_export", "write_parquet"]
