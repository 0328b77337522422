"""A data file as read for editing, and the atomic write every save and export goes through.

A file is read with its fingerprint (size, mtime, sha256), so a save can tell whether it changed on
disk since. It is written atomically: readers see the old file or the new one, never a mix, and a
kill at any moment leaves the original intact.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import stat
import tempfile
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from tracker.problems import display_path
from tracker.yamltext import EditError


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What a file looked like when it was read: the save refuses if its content has changed.

    Content decides (size, then sha256): a `touch` or a checkout that rewrites the same bytes
    loses nobody's work, so it is not a conflict.
    """

    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def of(cls, data: bytes, mtime_ns: int) -> Fingerprint:
        return cls(len(data), mtime_ns, hashlib.sha256(data).hexdigest())

    def matches(self, data: bytes) -> bool:
        return len(data) == self.size and hashlib.sha256(data).hexdigest() == self.sha256


@dataclass(frozen=True, slots=True)
class LoadedFile:
    """A data file's text as read for editing. `fingerprint` is None for a file not yet created."""

    path: Path
    text: str
    fingerprint: Fingerprint | None

    def changed_on_disk(self) -> bool:
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return self.fingerprint is not None
        return self.fingerprint is None or not self.fingerprint.matches(data)


def read_for_edit(path: Path) -> LoadedFile:
    """The file's text (line endings and a BOM kept) and its fingerprint; a missing file reads as
    empty, to be created on save."""
    try:
        with path.open("rb") as handle:
            data = handle.read()
            mtime_ns = os.fstat(handle.fileno()).st_mtime_ns
    except FileNotFoundError:
        return LoadedFile(path, "", None)
    except OSError as exc:
        raise EditError(f"cannot read {display_path(path)}: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise EditError(f"{display_path(path)} is not UTF-8 text (byte {exc.start}); save it as UTF-8 first") from None
    return LoadedFile(path, text, Fingerprint.of(data, mtime_ns))


def atomic_write(path: Path, data: str | bytes) -> Fingerprint:
    """Replace `path` with `data` so that readers see the old file or the new one, never a mix.

    Temp file in the same folder (a rename is only atomic within one file system), flush, fsync,
    the old file's mode, os.replace, then fsync the folder so the rename itself survives a crash.
    A symlink is written through, not replaced. If anything fails, the temp file is removed and
    the original is untouched. Where Linux allows, the temp file has no name until it is complete
    (O_TMPFILE), so a kill while writing leaves nothing behind; only a kill in the instant
    between naming and renaming leaves a `.<name>.<random>.tmp`, which the loader never reads.
    """
    payload = data.encode("utf-8", "surrogateescape") if isinstance(data, str) else data
    target = path.resolve() if path.is_symlink() else path
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    fd, tmp = _open_temp(target)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
            os.fchmod(handle.fileno(), mode)
            if tmp is None:
                tmp = _name_temp(handle.fileno(), target)
        os.replace(tmp, target)
    except BaseException:
        if tmp is not None:
            with suppress(FileNotFoundError):
                os.unlink(tmp)
        raise
    fsync_folder(target.parent)
    return Fingerprint.of(payload, target.stat().st_mtime_ns)


def _open_temp(target: Path) -> tuple[int, str | None]:
    """An unnamed file in the target's folder where possible (name None), else a named one."""
    if hasattr(os, "O_TMPFILE") and os.path.isdir("/proc/self/fd"):
        with suppress(OSError):  # e.g. a file system without O_TMPFILE support
            return os.open(target.parent, os.O_TMPFILE | os.O_WRONLY, 0o600), None
    return tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)


def _name_temp(fd: int, target: Path) -> str:
    # linkat(AT_SYMLINK_FOLLOW) on /proc/self/fd/N names an O_TMPFILE file; the dir fd makes
    # os.link call linkat rather than link(), which would try to link the /proc entry itself.
    proc = os.open("/proc/self/fd", os.O_RDONLY)
    try:
        for _ in range(100):
            name = str(target.parent / f".{target.name}.{secrets.token_hex(4)}.tmp")
            try:
                os.link(str(fd), name, src_dir_fd=proc, follow_symlinks=True)
            except FileExistsError:
                continue
            return name
    finally:
        os.close(proc)
    raise FileExistsError(17, "no free name for a temporary file", str(target.parent))  # pragma: no cover


def fsync_folder(folder: Path) -> None:
    with suppress(OSError):  # not every platform or file system can open a folder
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _umask() -> int:
    try:  # Linux reports it without changing it, which is safe with threads
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
