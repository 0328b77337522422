"""Reading a data file's bytes safely, without the YAML machinery: a regular file within the
size limit, opened without blocking. Apart from tracker.yamlread (which re-exports all of it) so
that the cache can hash the files a load would read without importing yaml (tracker.cache.keys).
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

MAX_FILE_BYTES = 1024 * 1024


@dataclass(frozen=True, slots=True)
class YamlProblem(Exception):
    """A problem found while reading a file, before any schema is applied. 1-based positions."""

    line: int
    col: int
    message: str


def read_data_file(path: Path, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """A data file's bytes, if it is a regular file within the size limit (else YamlProblem)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise YamlProblem(1, 1, "a link that loops back on itself: not a data file") from None
        raise
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise YamlProblem(1, 1, f"{file_kind(info.st_mode)}, not a regular file: not read")
        if info.st_size > max_bytes:
            raise YamlProblem(1, 1, f"file is {info.st_size:,} bytes, over the {max_bytes:,}-byte limit for a data file")
        # As much as the file says it has, and one byte more: a read of the whole limit would
        # allocate a mebibyte for every file. Only a file that grew since is read on.
        data = handle.read(min(info.st_size, max_bytes) + 1)
        if data is not None and len(data) > info.st_size and len(data) <= max_bytes:
            data += handle.read(max_bytes + 1 - len(data)) or b""
    if data is None:  # a file of the kernel's (/proc/kmsg) that would wait for data: never waited on
        raise YamlProblem(1, 1, "a file that would wait for data to be read: not read")
    if len(data) > max_bytes:
        raise YamlProblem(1, 1, f"file is over the {max_bytes:,}-byte limit for a data file")
    return data


def file_kind(mode: int) -> str:
    """'a folder', 'a named pipe (FIFO)': what a file that is not a regular file is."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"
