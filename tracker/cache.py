"""Shortcuts for data that has not changed since the last run, keyed by the content of its files.

`tracker validate` in a pre-commit hook, or `tracker diff` in a script, runs on data that has
not changed since the last run. Parsing it again is cheap; importing pydantic's model machinery
and building the validators to check it again is most of a command's start-up. Three things are
kept, all under one key, a hash of every file's name and bytes (`data_key`):

- the last valid load of each data directory (the checked Dataset), for any command to reuse;
- with it, that the load was valid and its counts: `tracker validate` answers from these alone,
  without importing the loader, the models or pydantic's BaseModel;
- the complete result of a report command (`diff`, `show`, `rounds`, `timeline`): what it wrote
  to stdout and stderr, in order, and its exit code, under the data key plus everything else the
  output depends on (`Result`).

A hit is exactly as trustworthy as doing the work again: any change to any file, a file added or
removed, another version of tracker's code, pydantic, PyYAML or Python, is a miss. Only valid
loads and successful commands are kept; problems are always found by a real load.

Set TRACKER_NO_CACHE=1 to turn it all off; TRACKER_CACHE_DIR moves it (default:
$XDG_CACHE_HOME/tracker, else ~/.cache/tracker). Any failure to read or write the cache is
ignored: it is only a shortcut. The folder holds at most MAX_LOADS loads and MAX_RESULTS results;
the least recently used are removed.
"""

from __future__ import annotations

import os
import stat
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker.paths import find_sources_file

try:  # hashlib's own blake2b; importing hashlib first loads OpenSSL's bindings too (3 ms)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - another Python
    from hashlib import blake2b

if TYPE_CHECKING:
    from tracker.loader import Dataset

_FORMAT = 3  # 3: the header counts warnings too
MAX_LOADS = 8
MAX_RESULTS = 64
_LOAD_SUFFIX = ".load"
_RESULT_SUFFIX = ".result"
_STALE_TEMP_SECONDS = 24 * 3600


def cache_dir() -> Path | None:
    if os.environ.get("TRACKER_NO_CACHE"):
        return None
    explicit = os.environ.get("TRACKER_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "tracker"


def data_key(root: Path) -> str | None:
    """The content key of a data directory and its source catalogue; None when the cache is off
    or a file cannot be read (then nothing is cached for it)."""
    if cache_dir() is None:
        return None
    try:
        return content_key(root, find_sources_file(root))
    except Exception:
        return None


def content_key(root: Path, sources_file: Path | None) -> str:
    """A digest of every file under the data directory (names and bytes), the catalogue, and the
    versions of the code that decides what a load and a report make of them."""
    digest = blake2b(digest_size=20)
    digest.update(_versions().encode())
    entries = _tree(root)
    if sources_file is not None:
        entries.append((os.fsencode(sources_file), b"f"))
    for name, kind in entries:
        digest.update(kind + b" " + name + b"\0")
        if kind == b"f":
            with open(name, "rb") as handle:
                digest.update(blake2b(handle.read(), digest_size=20).digest())
    return digest.hexdigest()


def _tree(root: Path) -> list[tuple[bytes, bytes]]:
    """Every folder and file under root, sorted, following links to folders as the loader does.
    A folder reached a second time (two links to it, a loop) is named but not walked again."""

    def fail(error: OSError) -> None:
        raise error

    entries: list[tuple[bytes, bytes]] = []
    seen: set[tuple[int, int]] = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=fail):
        info = os.stat(dirpath)
        if (info.st_dev, info.st_ino) in seen:
            entries.append((os.fsencode(dirpath), b"again"))
            dirnames[:] = []
            continue
        seen.add((info.st_dev, info.st_ino))
        entries.append((os.fsencode(dirpath), b"d"))
        for name in filenames:
            path = os.path.join(dirpath, name)
            try:
                mode = os.stat(path).st_mode
            except OSError as error:  # a dangling link: named, with why it cannot be read
                entries.append((os.fsencode(path), b"missing %d" % (error.errno or 0)))
                continue
            # Only regular files are read (a FIFO would block); others are named with their type.
            kind = b"f" if stat.S_ISREG(mode) else b"special %d" % stat.S_IFMT(mode)
            entries.append((os.fsencode(path), kind))
    entries.sort()
    return entries


_versions_text: str | None = None


def _versions() -> str:
    global _versions_text
    if _versions_text is None:
        import pydantic
        import yaml

        from tracker import __version__

        _versions_text = f"{_FORMAT}|{__version__}|{pydantic.VERSION}|{yaml.__version__}|{sys.version}|{_code_digest()}"
    return _versions_text


def _code_digest(package: Path | None = None) -> str:
    """Tracker's own code outside the app (the model, the loader, the reports and the commands),
    so a changed rule or report in a development checkout is a miss too."""
    package = package or Path(__file__).resolve().parent
    digest = blake2b(digest_size=12)
    for folder in (package, package / "report", package / "commands"):
        for path in sorted(folder.glob("*.py")):
            digest.update(os.fsencode(path.relative_to(package)) + b"\0")
            digest.update(blake2b(path.read_bytes(), digest_size=20).digest())
    return digest.hexdigest()


# --- the last valid load ----------------------------------------------------------------------
#
# One file per data directory: a header line (the format, the key, the counts `tracker validate`
# prints), then the pickled Dataset. `tracker validate` reads the header line only.


def _entry_path(directory: Path, root: Path) -> Path:
    # Origins keep the path as it was given, so the directory it was given from is part of the key.
    return directory / (_digest(_where(root)) + _LOAD_SUFFIX)


def _where(root: Path) -> str:
    return os.fspath(root) if root.is_absolute() else os.path.join(os.getcwd(), root)


def _digest(text: str) -> str:
    return blake2b(os.fsencode(text), digest_size=10).hexdigest()


def counts(dataset: Dataset) -> tuple[int, int, int, int]:
    """Rounds, parties, positions and warnings: what `tracker validate` reports of a valid load."""
    return len(dataset.rounds), len(dataset.parties), dataset.count_positions(), len(dataset.warnings)


def _header(key: str, numbers: Sequence[int]) -> bytes:
    return f"tracker-load {_FORMAT} {key} {' '.join(map(str, numbers))}\n".encode()


def _read_header(handle: Any, key: str) -> tuple[int, int, int, int] | None:
    fields = handle.readline(200).split()
    if len(fields) != 7 or fields[:3] != [b"tracker-load", str(_FORMAT).encode(), key.encode()]:
        return None
    rounds, parties, positions, warnings = map(int, fields[3:])
    return rounds, parties, positions, warnings


def read(root: Path, key: str) -> Dataset | None:
    directory = cache_dir()
    if directory is None:
        return None
    try:
        path = _entry_path(directory, root)
        with path.open("rb") as handle:
            if _read_header(handle, key) is None:
                return None
            import pickle

            dataset = pickle.load(handle)
    except Exception:  # missing, truncated, from an incompatible version: a miss
        return None
    _touch(path)
    return dataset


def valid_counts(root: Path) -> tuple[int, int, int] | None:
    """The counts of the last load of this data directory when it was valid, without warnings,
    and every file is still the same; else None (then only a real load can tell, and list them)."""
    directory = cache_dir()
    key = data_key(root)
    if directory is None or key is None:
        return None
    try:
        path = _entry_path(directory, root)
        with path.open("rb") as handle:
            found = _read_header(handle, key)
    except Exception:
        return None
    if found is None or found[3]:
        return None
    _touch(path)
    return found[:3]


def _touch(path: Path) -> None:
    """Mark an entry as recently used: pruning keeps it longest."""
    try:
        os.utime(path)
    except OSError:
        pass


def write(root: Path, key: str, dataset: Dataset) -> None:
    """Keep a valid load read under `key`, if the files still have that key (one changed while it
    was read: the load may have seen either version, so it is not kept)."""
    directory = cache_dir()
    if directory is None or data_key(root) != key:
        return
    try:
        import pickle

        header = _header(key, counts(dataset))
        _write_atomic(directory, _entry_path(directory, root), header, pickle.dumps(dataset, protocol=pickle.HIGHEST_PROTOCOL))
        _prune(directory, _LOAD_SUFFIX, MAX_LOADS)
    except Exception:  # a read-only home, a full disk: the next run simply loads again
        return


def _write_atomic(directory: Path, target: Path, *parts: bytes) -> None:
    import tempfile

    directory.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=directory, prefix=".entry-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            for part in parts:
                handle.write(part)
        os.replace(temp, target)
    except BaseException:
        os.unlink(temp)
        raise


def _prune(directory: Path, suffix: str, keep: int) -> None:
    """Remove all but the `keep` most recently used entries, temporary files left behind, and
    entries of an older format."""
    entries, now = [], time.time()
    with os.scandir(directory) as scan:
        for entry in scan:
            try:
                mtime = entry.stat().st_mtime
                if entry.name.endswith(suffix):
                    entries.append((mtime, entry.path))
                elif entry.name.startswith(".entry-") and now - mtime > _STALE_TEMP_SECONDS:
                    os.unlink(entry.path)
                elif entry.name.endswith(".pickle"):  # a load kept by tracker before its format 2
                    os.unlink(entry.path)
            except OSError:
                continue
    for _, path in sorted(entries, reverse=True)[keep:]:
        try:
            os.unlink(path)
        except OSError:
            continue


# --- a command's result -----------------------------------------------------------------------

# What a report's output depends on besides the data and the arguments: how Rich decides colour,
# width and the terminal, and which data directory the default one is.
_OUTPUT_ENVIRON = (
    "NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "TERM", "COLORTERM",
    "COLUMNS", "LINES", "JUPYTER_COLUMNS", "JUPYTER_LINES", "DATABRICKS_RUNTIME_VERSION", "TRACKER_DATA",
)  # fmt: skip


class Result:
    """The memo of one command run: replay it, or record it while it runs and keep it.

    Its file is named by everything the output depends on except the data (the arguments, the
    data directory as given, the current directory, the environment Rich reads, the streams:
    terminal or not, encoding, terminal size, and Rich's own files), so a change to the data
    replaces the entry for the same command; inside it is the data key it was made under.
    """

    def __init__(self, directory: Path, root: Path, key: str, argv: Sequence[str]):
        self.root, self.key = root, key
        self.context = _output_context(root, argv)
        self.path = directory / (_digest(self.context) + _RESULT_SUFFIX)
        self.chunks: list[tuple[int, str]] = []

    @classmethod
    def start(cls, root: Path, argv: Sequence[str]) -> Result | None:
        """None when the cache is off or cannot be used for this run."""
        directory = cache_dir()
        if directory is None or sys.platform == "win32":  # Rich may write to a Windows console directly
            return None
        try:
            if not root.is_dir():
                return None
            key = data_key(root)
            return None if key is None else cls(directory, root, key, argv)
        except Exception:
            return None

    def replay(self) -> int | None:
        """Write the kept output and return its exit code; None on a miss."""
        try:
            import marshal

            stored = marshal.loads(self.path.read_bytes())
            fmt, context, key, code, chunks = stored
            if fmt != _FORMAT or context != self.context or key != self.key or not isinstance(code, int):
                return None
            if not all(number in (1, 2) and isinstance(text, str) for number, text in chunks):
                return None
        except Exception:  # missing, corrupt, from another version: a miss
            return None
        _touch(self.path)
        for number, text in chunks:
            stream = sys.stdout if number == 1 else sys.stderr
            stream.write(text)
            stream.flush()
        return code

    @contextmanager
    def recording(self) -> Iterator[None]:
        """While the command runs, keep what it writes to stdout and stderr, and pass it on."""
        stdout, stderr = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = _Recorder(stdout, 1, self.chunks), _Recorder(stderr, 2, self.chunks)
        try:
            yield
        finally:
            sys.stdout, sys.stderr = stdout, stderr

    def keep(self, code: int) -> None:
        """Keep what was recorded, if the data still has the key it had when the command began."""
        try:
            if data_key(self.root) != self.key:
                return
            import marshal

            chunks: list[tuple[int, str]] = []
            for number, text in self.chunks:  # one chunk per run of writes to the same stream
                if chunks and chunks[-1][0] == number:
                    chunks[-1] = (number, chunks[-1][1] + text)
                else:
                    chunks.append((number, text))
            data = marshal.dumps((_FORMAT, self.context, self.key, code, chunks))
            _write_atomic(self.path.parent, self.path, data)
            _prune(self.path.parent, _RESULT_SUFFIX, MAX_RESULTS)
        except Exception:
            return


class _Recorder:
    """Stands in for sys.stdout or sys.stderr: writes go through, and are kept once written."""

    def __init__(self, stream: Any, number: int, chunks: list[tuple[int, str]]):
        self._stream, self._number, self._chunks = stream, number, chunks

    def write(self, text: str) -> int:
        written = self._stream.write(text)
        self._chunks.append((self._number, text))
        return written

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _output_context(root: Path, argv: Sequence[str]) -> str:
    import rich

    rich_dir = Path(rich.__file__).parent
    parts = [
        f"cwd={os.getcwd()}",
        f"root={os.fspath(root)}",
        f"argv={list(argv)!r}",
        f"platform={sys.platform}",
        f"rich={rich_dir}:" + ",".join(_file_stamp(rich_dir / name) for name in ("__init__.py", "console.py", "text.py")),
    ]
    parts += [f"env {name}={os.environ.get(name)!r}" for name in _OUTPUT_ENVIRON]
    for number, stream in enumerate((sys.stdin, sys.stdout, sys.stderr)):
        parts.append(f"stream {number}: {_stream_facts(stream)}")
        try:
            parts.append(f"size {number}: {tuple(os.get_terminal_size(number))}")
        except (AttributeError, ValueError, OSError):
            parts.append(f"size {number}: none")
    return "\n".join(parts)


def _file_stamp(path: Path) -> str:
    info = os.stat(path)
    return f"{info.st_size}@{info.st_mtime_ns}"


def _stream_facts(stream: Any) -> str:
    try:
        tty = stream.isatty()
    except Exception:
        tty = None
    return f"tty={tty} encoding={getattr(stream, 'encoding', None)} errors={getattr(stream, 'errors', None)}"
