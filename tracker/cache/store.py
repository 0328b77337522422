"""The cache's folder and its files: private to the user, signed, written whole.

Where the cache lives (TRACKER_CACHE_DIR, else $XDG_CACHE_HOME/tracker, else ~/.cache/tracker;
none with TRACKER_NO_CACHE=1), and the rules every entry is read and written by: ssh's rule for
its files (a folder or file that is not the user's own, or that others can write, is not used,
with one warning), a MAC under the user's own key (`key`, 0600, made on first use) so that only
what tracker wrote is believed, atomic writes, and pruning to the most recently used.
"""

from __future__ import annotations

import os
import secrets
import stat
import sys
import time
from pathlib import Path
from typing import Any

try:  # hashlib's own blake2b; importing hashlib first loads OpenSSL's bindings too (3 ms)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - another Python
    from hashlib import blake2b

FORMAT = 6  # 3: the header counts warnings too; 4: JSON, with a MAC; 5: whether sources are checked; 6: events
"""The format of every entry: one made by another is a miss."""
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


def open_trusted(path: Path) -> Any:
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


def user_key(directory: Path, create: bool) -> bytes | None:
    """The user's key for the MACs of this cache folder (made on first use when `create`)."""
    path = directory / "key"
    try:
        with open_trusted(path) as handle:
            key = handle.read(65)
        return key if len(key) == 32 else None
    except FileNotFoundError:
        if not create:
            return None
    except OSError:
        return None
    try:
        make_folder(directory)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except FileExistsError:  # another process made it first
        return user_key(directory, create=False)
    key = secrets.token_bytes(32)
    with os.fdopen(fd, "wb") as handle:
        handle.write(key)
    return key


def mac_of(key: bytes, *parts: bytes) -> str:
    """The MAC of `parts` (each length-prefixed) under the user's key."""
    digest = blake2b(key=key, digest_size=32)
    for part in parts:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def make_folder(directory: Path) -> None:
    """The cache folder, made 0700 if missing; PermissionError when it is not to be trusted."""
    if not directory.is_dir():
        directory.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.mkdir(directory, 0o700)
        except FileExistsError:
            pass
    why = _untrusted(os.stat(directory), folder=True)
    if why:
        raise PermissionError(why)


def name_digest(text: str) -> str:
    """A short digest of `text`, to name an entry's file by."""
    return blake2b(os.fsencode(text), digest_size=10).hexdigest()

def touch(path: Path) -> None:
    """Mark an entry as recently used: pruning keeps it longest."""
    try:
        os.utime(path)
    except OSError:
        pass

def write_atomic(directory: Path, target: Path, *parts: bytes) -> None:
    """`target` written whole or not at all: a temporary file (0600) beside it, then renamed."""
    make_folder(directory)
    fd, temp = _temporary_file(directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            for part in parts:
                handle.write(part)
        os.replace(temp, target)
    except BaseException:
        os.unlink(temp)
        raise


def _temporary_file(directory: Path) -> tuple[int, Path]:
    """A new file of our own in `directory`, 0600, opened to write: what tempfile.mkstemp makes,
    without importing tempfile (and shutil, and the compression modules shutil imports) into
    every run that keeps a result."""
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        temp = directory / f".entry-{secrets.token_hex(8)}.tmp"
        try:
            return os.open(temp, flags, 0o600), temp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free name for a temporary file in {directory}")


def prune(directory: Path, suffix: str, keep: int) -> None:
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
