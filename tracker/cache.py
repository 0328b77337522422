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

A hit is exactly as trustworthy as doing the work again: any change to a file the loader reads,
a file added or removed, another version of tracker's code, pydantic, PyYAML or Python, is a
miss. Only valid loads and successful commands are kept; problems are always found by a real
load.

Nothing in the cache is ever executed, and nothing in it is believed unless tracker wrote it:
- entries are plain data (JSON; a load names its classes, which are looked up in a fixed list of
  the model's, and built without running any code of the file's choosing), never a pickle;
- each entry carries a MAC under a key of the user's own (`key`, 0600, made on first use), so a
  file tracker did not write, or one changed since, is a miss;
- ssh's rule for its files: a cache folder or file that is not the user's own, or that others
  can write, is not used at all, with one warning. Folders are created 0700, files 0600.

Set TRACKER_NO_CACHE=1 to turn it all off; TRACKER_CACHE_DIR moves it (default:
$XDG_CACHE_HOME/tracker, else ~/.cache/tracker). Any failure to read or write the cache is
ignored: it is only a shortcut. The folder holds at most MAX_LOADS loads and MAX_RESULTS results;
the least recently used are removed.
"""

from __future__ import annotations

import json
import os
import secrets
import stat
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker.paths import FOLLOW_LINKS_ENV, find_sources_file

try:  # hashlib's own blake2b; importing hashlib first loads OpenSSL's bindings too (3 ms)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - another Python
    from hashlib import blake2b

if TYPE_CHECKING:
    from tracker.loader import Dataset

_FORMAT = 4  # 3: the header counts warnings too; 4: JSON, with a MAC
MAX_LOADS = 8
MAX_RESULTS = 64
_LOAD_SUFFIX = ".load"
_RESULT_SUFFIX = ".result"
_STALE_TEMP_SECONDS = 24 * 3600


def cache_dir() -> Path | None:
    """The cache folder; None when the cache is off, or when the folder exists and is not
    private enough to trust (see _untrusted: one warning, then the cache is off)."""
    if os.environ.get("TRACKER_NO_CACHE"):
        return None
    explicit = os.environ.get("TRACKER_CACHE_DIR")
    if explicit:
        folder = Path(explicit)
    else:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        folder = Path(base) / "tracker"
    try:
        info = os.stat(folder)
    except OSError:
        return folder  # made 0700 when first written
    why = _untrusted(info, folder=True)
    if why:
        _warn_once(folder, why)
        return None
    return folder


def _untrusted(info: os.stat_result, folder: bool = False) -> str | None:
    """Why a cache folder or file is not to be trusted, as ssh judges its own: not the user's
    own, or writable by others. None when it is fine."""
    if folder and not stat.S_ISDIR(info.st_mode):
        return "it is not a folder"
    if not folder and not stat.S_ISREG(info.st_mode):
        return "it is not a regular file"
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return f"it belongs to another user (uid {info.st_uid})"
    if stat.S_IMODE(info.st_mode) & 0o022:
        return f"others can write to it (mode {stat.S_IMODE(info.st_mode):04o})"
    return None


_warned = False


def _warn_once(path: Path, why: str) -> None:
    """A cache that cannot be trusted is a shortcut not taken: said once, never an error."""
    global _warned
    if _warned:
        return
    _warned = True
    from tracker.problems import display_path

    print(f"tracker: warning: not using the cache {display_path(path)}: {why}; everything is loaded afresh", file=sys.stderr)


def _open_trusted(path: Path) -> Any:
    """A cache file opened for reading, if it is a regular file of the user's that others cannot
    write (else OSError, and one warning when it is there but not trusted). No link is followed."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | os.O_NONBLOCK)
    handle = os.fdopen(fd, "rb")
    why = _untrusted(os.fstat(fd))
    if why:
        handle.close()
        _warn_once(path, why)
        raise PermissionError(why)
    return handle


def _secret(directory: Path, create: bool) -> bytes | None:
    """The user's key for the MACs of this cache folder (made on first use when `create`)."""
    path = directory / "key"
    try:
        with _open_trusted(path) as handle:
            key = handle.read(65)
        return key if len(key) == 32 else None
    except FileNotFoundError:
        if not create:
            return None
    except OSError:
        return None
    try:
        _make_folder(directory)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except FileExistsError:  # another process made it first
        return _secret(directory, create=False)
    key = secrets.token_bytes(32)
    with os.fdopen(fd, "wb") as handle:
        handle.write(key)
    return key


def _mac(key: bytes, *parts: bytes) -> str:
    digest = blake2b(key=key, digest_size=32)
    for part in parts:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def _make_folder(directory: Path) -> None:
    if not directory.is_dir():
        directory.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.mkdir(directory, 0o700)
        except FileExistsError:
            pass
    why = _untrusted(os.stat(directory), folder=True)
    if why:
        raise PermissionError(why)


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
    """A digest of what the loader reads (see _read_by_loader: the names and kinds of the entries
    it looks at, the bytes of the files it would read), the catalogue, and the versions of the
    code that decides what a load and a report make of them. Nothing else under the data
    directory is read: not .git, not a dot-folder, not what a link out of it points to."""
    digest = blake2b(digest_size=20)
    digest.update(_versions().encode())
    digest.update(f"{FOLLOW_LINKS_ENV}={os.environ.get(FOLLOW_LINKS_ENV, '')}\0".encode())
    for name, kind in _read_by_loader(root, sources_file):
        digest.update(kind + b" " + name + b"\0")
        if kind == b"f":
            from tracker.yamlread import read_data_file

            digest.update(blake2b(read_data_file(Path(os.fsdecode(name))), digest_size=20).digest())
    return digest.hexdigest()


def _read_by_loader(root: Path, sources_file: Path | None) -> list[tuple[bytes, bytes]]:
    """The entries the loader looks at, each with its kind: the catalogues, every entry of
    rounds/ and of each round's folder (a file it would read is `f`; one it reports by name
    only, a folder, a link out of the data directory or a file over its size limit, is named
    with what it is). Mirrors tracker.loader: what it skips (dot-files) is skipped here."""
    from tracker.paths import link_out_of
    from tracker.yamlread import MAX_FILE_BYTES

    entries: list[tuple[bytes, bytes]] = []

    def add(path: Path, base: Path) -> None:
        name = os.fsencode(path)
        try:
            info = os.stat(path)
        except OSError as error:  # missing, a dangling or looping link: named, with why
            entries.append((name, b"missing %d" % (error.errno or 0)))
            return
        if not stat.S_ISREG(info.st_mode):
            entries.append((name, b"special %d" % stat.S_IFMT(info.st_mode)))
        elif link_out_of(path, base):
            entries.append((name, b"outside"))
        elif info.st_size > MAX_FILE_BYTES or path.suffix not in (".yaml", ".yml"):
            entries.append((name, b"unread %d" % info.st_size))
        else:
            entries.append((name, b"f"))

    for name in ("parties.yaml", "topics.yaml"):
        add(root / name, root)
    if sources_file is not None:
        add(sources_file, root if sources_file.is_relative_to(root) else sources_file.parent)
    rounds = root / "rounds"
    if rounds.is_dir():
        for folder in sorted(rounds.iterdir()):
            if folder.name.startswith("."):
                continue
            if not folder.is_dir():
                add(folder, root)
                continue
            entries.append((os.fsencode(folder), b"d"))
            for entry in sorted(folder.iterdir()):
                if not entry.name.startswith("."):
                    add(entry, root)
    else:
        entries.append((os.fsencode(rounds), b"no rounds"))
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
# prints, the MAC of the rest), then the Dataset as JSON (see _encode).


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


def _header(key: str, numbers: Sequence[int]) -> str:
    return f"tracker-load {_FORMAT} {key} {' '.join(map(str, numbers))}"


def _read_entry(directory: Path, path: Path, key: str) -> tuple[tuple[int, int, int, int], bytes] | None:
    """The counts and the body of a load entry made under `key`, if tracker wrote it (its MAC
    holds) and it is the user's own; else None."""
    secret = _secret(directory, create=False)
    if secret is None:
        return None
    with _open_trusted(path) as handle:
        first = handle.readline(300)
        body = handle.read()
    fields = first.split()
    if len(fields) != 8 or fields[:3] != [b"tracker-load", str(_FORMAT).encode(), key.encode()]:
        return None
    header = b" ".join(fields[:7])
    if not secrets.compare_digest(fields[7], _mac(secret, header, body).encode()):
        return None
    rounds, parties, positions, warnings = map(int, fields[3:7])
    return (rounds, parties, positions, warnings), body


def read(root: Path, key: str) -> Dataset | None:
    directory = cache_dir()
    if directory is None:
        return None
    try:
        path = _entry_path(directory, root)
        found = _read_entry(directory, path, key)
        if found is None:
            return None
        dataset = _decode(json.loads(found[1]))
        from tracker.loader import Dataset

        if not isinstance(dataset, Dataset):
            return None
    except Exception:  # missing, truncated, from an incompatible version, not ours: a miss
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
        entry = _read_entry(directory, path, key)
    except Exception:
        return None
    if entry is None or entry[0][3]:
        return None
    _touch(path)
    return entry[0][:3]


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
        secret = _secret(directory, create=True)
        if secret is None:
            return
        header = _header(key, counts(dataset)).encode()
        body = json.dumps(_encode(dataset), ensure_ascii=True, separators=(",", ":"), allow_nan=False).encode()
        mac = _mac(secret, header, body).encode()
        _write_atomic(directory, _entry_path(directory, root), header + b" " + mac + b"\n", body)
        _prune(directory, _LOAD_SUFFIX, MAX_LOADS)
    except Exception:  # a read-only home, a full disk: the next run simply loads again
        return


def _write_atomic(directory: Path, target: Path, *parts: bytes) -> None:
    import tempfile

    _make_folder(directory)
    fd, temp = tempfile.mkstemp(dir=directory, prefix=".entry-", suffix=".tmp")  # 0600
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
            secret = _secret(self.path.parent, create=False)
            if secret is None:
                return None
            with _open_trusted(self.path) as handle:
                mac, _, body = handle.read().partition(b"\n")
            if not secrets.compare_digest(mac, _mac(secret, body).encode()):
                return None  # not written by tracker, or changed since
            fmt, context, key, code, chunks = json.loads(body)
            if fmt != _FORMAT or context != self.context or key != self.key or not isinstance(code, int):
                return None
            if not all(number in (1, 2) and isinstance(text, str) for number, text in chunks) or isinstance(code, bool):
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
            secret = _secret(self.path.parent, create=True)
            if secret is None:
                return
            chunks: list[tuple[int, str]] = []
            for number, text in self.chunks:  # one chunk per run of writes to the same stream
                if chunks and chunks[-1][0] == number:
                    chunks[-1] = (number, chunks[-1][1] + text)
                else:
                    chunks.append((number, text))
            body = json.dumps([_FORMAT, self.context, self.key, code, chunks], ensure_ascii=True).encode()
            _write_atomic(self.path.parent, self.path, _mac(secret, body).encode() + b"\n", body)
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


# --- plain data for a Dataset -------------------------------------------------------------------
#
# JSON with tagged objects: {"$": "Position", "f": {fields}, "p": {private attributes}}. Decoding
# builds only the classes named in _classes() (the model's, the loader's two dataclasses), with
# model_construct: the values were validated when the load was made, and the MAC says this is
# that load; no code of the file's choosing runs, whatever it says.


def _classes() -> dict[str, Any]:
    from dataclasses import is_dataclass

    from pydantic import BaseModel

    from tracker import loader, model
    from tracker.problems import Problem

    found: dict[str, Any] = {"Dataset": loader.Dataset, "RoundData": loader.RoundData, "Problem": Problem, "Origin": model.Origin}
    for name in dir(model):
        obj = getattr(model, name)
        if isinstance(obj, type) and obj.__module__ == model.__name__:
            if issubclass(obj, BaseModel) or issubclass(obj, model.StrEnum) or is_dataclass(obj):
                found[name] = obj
    return found


def _encode(value: Any) -> Any:
    import dataclasses
    import datetime as dt
    from enum import Enum

    from pydantic import BaseModel

    if isinstance(value, Enum):  # before str: the model's enums are StrEnums
        return {"$": type(value).__name__, "v": value.value}
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value  # never NaN: allow_nan=False refuses it, and the load is not kept
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, BaseModel):
        private = dict(value.__pydantic_private__ or {})
        source = private.pop("_source", None)
        out = {"$": type(value).__name__, "f": {k: _encode(v) for k, v in value.__dict__.items()}}
        out["set"] = sorted(value.model_fields_set)
        out["p"] = {k: _encode(v) for k, v in private.items()}
        if source is not None:
            out["src"] = source[0].hex()
        return out
    if isinstance(value, tuple) and hasattr(value, "_fields"):  # Origin
        return {"$": type(value).__name__, "t": [_encode(v) for v in value]}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value) if f.name != "key_set"}
        return {"$": type(value).__name__, "d": fields}
    if isinstance(value, dict):
        return {"$": "dict", "items": [[_encode(k), _encode(v)] for k, v in value.items()]}
    if isinstance(value, tuple):
        return {"$": "tuple", "t": [_encode(v) for v in value]}
    if isinstance(value, Path):
        return {"$": "path", "v": os.fsdecode(value)}
    if isinstance(value, dt.datetime):
        raise TypeError("a date and time in a valid load")  # the model refuses them
    if isinstance(value, dt.date):
        return {"$": "date", "v": value.isoformat()}
    raise TypeError(f"cannot keep a {type(value).__name__} in the cache")


def _decode(value: Any, classes: dict[str, Any] | None = None) -> Any:
    import datetime as dt

    classes = classes if classes is not None else _classes()
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, list):
        return [_decode(v, classes) for v in value]
    if not isinstance(value, dict):
        raise ValueError("not plain data")
    tag = value["$"]
    if tag == "dict":
        return {_decode(k, classes): _decode(v, classes) for k, v in value["items"]}
    if tag == "tuple":
        return tuple(_decode(v, classes) for v in value["t"])
    if tag == "path":
        return Path(value["v"])
    if tag == "date":
        return dt.date.fromisoformat(value["v"])
    cls = classes[tag]  # a KeyError for any name not on the list: a miss
    if "v" in value:
        return cls(value["v"])
    if "t" in value:
        return cls(*(_decode(v, classes) for v in value["t"]))
    if "d" in value:
        return cls(**{str(k): _decode(v, classes) for k, v in value["d"].items()})
    fields = {str(k): _decode(v, classes) for k, v in value["f"].items()}
    obj = cls.model_construct(_fields_set=set(value["set"]), **fields)
    private = {str(k): _decode(v, classes) for k, v in value["p"].items()}
    if "src" in value:
        private["_source"] = (bytes.fromhex(value["src"]), obj.__dict__)
    if private:
        obj.__pydantic_private__.update(private)
    return obj
