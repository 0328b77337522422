"""A report command's result, kept whole and replayed: `tracker diff` in a script, run again.

What `diff`, `show`, `rounds` and `timeline` wrote to stdout and stderr, in order, and their exit
code, under the data's content key plus everything else the output depends on (the arguments,
the folders, the environment Rich reads, the terminal). Only successful commands are kept.
"""

from __future__ import annotations

import json
import os
import secrets
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tracker.cache.keys import data_key, hand_over
from tracker.cache.store import FORMAT, cache_dir, mac_of, name_digest, open_trusted, prune, touch, user_key, write_atomic

MAX_RESULTS = 64
_RESULT_SUFFIX = ".result"

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
        self.path = directory / (name_digest(self.context) + _RESULT_SUFFIX)
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
            secret = user_key(self.path.parent, create=False)
            if secret is None:
                return None
            with open_trusted(self.path) as handle:
                mac, _, body = handle.read().partition(b"\n")
            if not secrets.compare_digest(mac, mac_of(secret, body).encode()):
                return None  # not written by tracker, or changed since
            fmt, context, key, code, chunks = json.loads(body)
            if fmt != FORMAT or context != self.context or key != self.key or not isinstance(code, int):
                return None
            if not all(number in (1, 2) and isinstance(text, str) for number, text in chunks) or isinstance(code, bool):
                return None
        except Exception:  # missing, corrupt, from another version: a miss
            return None
        touch(self.path)
        for number, text in chunks:
            stream = sys.stdout if number == 1 else sys.stderr
            stream.write(text)
            stream.flush()
        return code

    @contextmanager
    def recording(self) -> Iterator[None]:
        """While the command runs, keep what it writes to stdout and stderr, and pass it on.
        The load the command makes looks its dataset up under the key taken as the run began
        (keys.hand_over), instead of hashing every file again."""
        stdout, stderr = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = _Recorder(stdout, 1, self.chunks), _Recorder(stderr, 2, self.chunks)
        hand_over(self.root, self.key)
        try:
            yield
        finally:
            hand_over(None, None)
            sys.stdout, sys.stderr = stdout, stderr

    def keep(self, code: int) -> None:
        """Keep what was recorded, if the data still has the key it had when the command began."""
        try:
            if data_key(self.root) != self.key:
                return
            secret = user_key(self.path.parent, create=True)
            if secret is None:
                return
            chunks: list[tuple[int, str]] = []
            for number, text in self.chunks:  # one chunk per run of writes to the same stream
                if chunks and chunks[-1][0] == number:
                    chunks[-1] = (number, chunks[-1][1] + text)
                else:
                    chunks.append((number, text))
            body = json.dumps([FORMAT, self.context, self.key, code, chunks], ensure_ascii=True).encode()
            write_atomic(self.path.parent, self.path, mac_of(secret, body).encode() + b"\n", body)
            prune(self.path.parent, _RESULT_SUFFIX, MAX_RESULTS)
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
    import importlib.util

    # Found, not imported: a replayed answer prints no Rich, and importing it costs more than the replay.
    spec = importlib.util.find_spec("rich")
    rich_dir = Path(spec.origin).parent if spec is not None and spec.origin else Path("rich?")
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
