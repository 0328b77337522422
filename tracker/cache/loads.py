"""The last valid load of each data directory, kept for the next run.

One file per data directory (named by the directory as it was given: a Dataset's origins keep
the path as given): a header line (the format, the content key, the counts `tracker validate`
prints, the MAC of the rest), then the Dataset as JSON (tracker.cache.codec). `tracker validate`
answers from the header alone (`valid_counts`), without decoding the Dataset, importing the
loader, the models or pydantic_core.

The loader hands a valid load to `write` and asks `read` for one; the cache knows the Dataset,
never the loader.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.cache import codec
from tracker.cache.keys import data_key
from tracker.cache.store import FORMAT, cache_dir, mac_of, name_digest, open_trusted, prune, touch, user_key, write_atomic

if TYPE_CHECKING:
    from tracker.dataset import Dataset

MAX_LOADS = 8
_LOAD_SUFFIX = ".load"


def _entry_path(directory: Path, root: Path) -> Path:
    # Origins keep the path as it was given, so the directory it was given from is part of the key.
    return directory / (name_digest(_where(root)) + _LOAD_SUFFIX)


def _where(root: Path) -> str:
    return os.fspath(root) if root.is_absolute() else os.path.join(os.getcwd(), root)


def counts(dataset: Dataset) -> tuple[int, int, int, int, int, int]:
    """Rounds, parties, positions and warnings: what `tracker validate` reports of a valid load;
    then 1 if its catalogue names a sources folder (validate must then check against it); then
    the events."""
    return len(dataset.rounds), len(dataset.parties), dataset.count_positions(), len(dataset.warnings), int(dataset.texts is not None), len(dataset.events)


def _header(key: str, numbers: Sequence[int]) -> str:
    return f"tracker-load {FORMAT} {key} {' '.join(map(str, numbers))}"


def _read_entry(directory: Path, path: Path, key: str) -> tuple[tuple[int, ...], bytes] | None:
    """The counts and the body of a load entry made under `key`, if tracker wrote it (its MAC
    holds) and it is the user's own; else None."""
    secret = user_key(directory, create=False)
    if secret is None:
        return None
    with open_trusted(path) as handle:
        first = handle.readline(300)
        body = handle.read()
    fields = first.split()
    if len(fields) != 10 or fields[:3] != [b"tracker-load", str(FORMAT).encode(), key.encode()]:
        return None
    header = b" ".join(fields[:9])
    if not secrets.compare_digest(fields[9], mac_of(secret, header, body).encode()):
        return None
    return tuple(map(int, fields[3:9])), body


def read(root: Path, key: str) -> Dataset | None:
    """The load kept for this data directory under `key`, if tracker wrote it; else None."""
    directory = cache_dir()
    if directory is None:
        return None
    try:
        path = _entry_path(directory, root)
        found = _read_entry(directory, path, key)
        if found is None:
            return None
        dataset = codec.decode(found[1])
        from tracker.dataset import Dataset

        if not isinstance(dataset, Dataset):
            return None
    except Exception:  # missing, truncated, from an incompatible version, not ours: a miss
        return None
    touch(path)
    return dataset


def valid_counts(root: Path) -> tuple[int, int, int, int] | None:
    """The counts of the last load of this data directory (rounds, parties, positions, events)
    when it was valid, without warnings,
    its catalogue named no sources folder, and every file is still the same; else None (then
    only a real load can tell, list them, and check the quotes). Whether the sources are checked
    is the parsed catalogue's answer, kept with the load: a cached answer never says less than a
    fresh run."""
    directory = cache_dir()
    key = data_key(root)
    if directory is None or key is None:
        return None
    try:
        path = _entry_path(directory, root)
        entry = _read_entry(directory, path, key)
    except Exception:
        return None
    if entry is None or entry[0][3] or entry[0][4]:
        return None
    touch(path)
    return (*entry[0][:3], entry[0][5])


def write(root: Path, key: str, dataset: Dataset) -> None:
    """Keep a valid load read under `key`, if the files still have that key (one changed while it
    was read: the load may have seen either version, so it is not kept)."""
    directory = cache_dir()
    if directory is None or data_key(root) != key:
        return
    try:
        secret = user_key(directory, create=True)
        if secret is None:
            return
        header = _header(key, counts(dataset)).encode()
        body = json.dumps(codec.encode(dataset), ensure_ascii=True, separators=(",", ":"), allow_nan=False).encode()
        signature = mac_of(secret, header, body).encode()
        write_atomic(directory, _entry_path(directory, root), header + b" " + signature + b"\n", body)
        prune(directory, _LOAD_SUFFIX, MAX_LOADS)
    except Exception:  # a read-only home, a full disk: the next run simply loads again
        return
