"""A cache of the last valid load of each data directory, keyed by the content of its files.

`tracker validate` in a pre-commit hook, or `tracker diff` in a script, runs on data that has
not changed since the last run. Parsing it again is cheap; building pydantic's validators to
check it again is most of a command's start-up. The cache holds the checked Dataset, keyed by a
hash of every file's bytes, so a hit is exactly as trustworthy as a fresh load: any change to
any file, a file added or removed, or another version of tracker or pydantic, is a miss.

Only valid datasets are cached; problems are always found by a real load. Set TRACKER_NO_CACHE=1
to turn it off; TRACKER_CACHE_DIR moves it (default: $XDG_CACHE_HOME/tracker, else
~/.cache/tracker). Any failure to read or write the cache is ignored: it is only a shortcut.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tracker.loader import Dataset

_FORMAT = 1


def cache_dir() -> Path | None:
    if os.environ.get("TRACKER_NO_CACHE"):
        return None
    explicit = os.environ.get("TRACKER_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "tracker"


def content_key(root: Path, sources_file: Path | None) -> str:
    """A digest of every file under the data directory (names and bytes) and the catalogue."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(_versions().encode())
    files = sorted(Path(dirpath, name) for dirpath, _, names in os.walk(root) for name in names)
    if sources_file is not None:
        files.append(sources_file)
    for path in files:
        digest.update(os.fsencode(path) + b"\0")
        with path.open("rb") as handle:
            digest.update(hashlib.blake2b(handle.read(), digest_size=20).digest())
    return digest.hexdigest()


def _entry_path(directory: Path, root: Path) -> Path:
    # Origins keep the path as it was given, so the directory it was given from is part of the key.
    where = os.fspath(root) if root.is_absolute() else os.path.join(os.getcwd(), root)
    return directory / (hashlib.blake2b(os.fsencode(where), digest_size=10).hexdigest() + ".pickle")


def read(root: Path, key: str) -> Dataset | None:
    directory = cache_dir()
    if directory is None:
        return None
    try:
        with _entry_path(directory, root).open("rb") as handle:
            stored: Any = pickle.load(handle)
    except Exception:  # missing, truncated, from an incompatible version: a miss
        return None
    if not (isinstance(stored, tuple) and len(stored) == 3 and stored[0] == _FORMAT and stored[1] == key):
        return None
    return stored[2]


def write(root: Path, key: str, dataset: Dataset) -> None:
    directory = cache_dir()
    if directory is None:
        return
    try:
        directory.mkdir(parents=True, exist_ok=True)
        target = _entry_path(directory, root)
        fd, temp = tempfile.mkstemp(dir=directory, prefix=".entry-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump((_FORMAT, key, dataset), handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temp, target)
        except BaseException:
            os.unlink(temp)
            raise
    except Exception:  # a read-only home, a full disk: the next run simply loads again
        return


def _versions() -> str:
    import pydantic
    import yaml

    from tracker import __version__

    return f"{_FORMAT}|{__version__}|{pydantic.VERSION}|{yaml.__version__}|{_model_source_digest()}"


def _model_source_digest() -> str:
    """The model and loader code, so a changed rule in a development checkout is a miss too."""
    here = Path(__file__).resolve().parent
    digest = hashlib.blake2b(digest_size=12)
    for name in ("model.py", "loader.py", "yamlread.py"):
        digest.update((here / name).read_bytes())
    return digest.hexdigest()
