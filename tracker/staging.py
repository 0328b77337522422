"""Hidden staging folders: a write that makes a folder (an export, `init`, a new round) builds it
in a hidden folder beside its target (`.out.x1y2.partial`, `.positions.x1y2.init`,
`.2025-09-01-x.new-x1y2`) and renames it into place, so the folder appears whole or not at all.

A process killed before the rename leaves its staging folder behind. Each is held under an
`flock` while it is in use, which the system releases when its process ends however it ends;
the next run that stages beside it removes every one of its kind that no process holds. A
folder made in the last minute is left alone: its maker may not have taken its lock yet.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from contextlib import suppress
from pathlib import Path

_GRACE_SECONDS = 60


# What each kind of staging folder is named: its target's name, then tempfile's eight characters.
EXPORT = re.compile(r"^\..+\.[a-z0-9_]{8}\.partial$")
INIT = re.compile(r"^\..+\.[a-z0-9_]{8}\.init$")
NEW_ROUND = re.compile(r"^\..+\.new-[a-z0-9_]{8}$")


def make_staging(parent: Path, prefix: str, suffix: str, kind: re.Pattern[str]) -> tuple[Path, int | None]:
    """A new hidden folder in `parent`, and the descriptor that holds its lock (None where the
    system has no flock); `release` it once the folder is renamed into place or removed. The
    abandoned folders of its `kind` there are removed first."""
    remove_abandoned(parent, kind)
    folder = Path(tempfile.mkdtemp(prefix=prefix, suffix=suffix, dir=parent))
    return folder, _hold(folder)


def release(fd: int | None) -> None:
    if fd is not None:
        with suppress(OSError):
            os.close(fd)


def held(fd: int) -> int | None:
    """`fd`, locked for this process (an flock, which the system lets go however the process
    ends); None, and `fd` closed, when another process holds it or there is no flock."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: nothing is held, nothing cleaned up
        os.close(fd)
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


def _hold(folder: Path) -> int | None:
    return held(os.open(folder, os.O_RDONLY))


def remove_abandoned(parent: Path, kind: re.Pattern[str]) -> None:
    """Remove the folders in `parent` named as `kind` names them that no process holds and that
    are older than a minute."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover
        return
    try:
        entries = list(os.scandir(parent))
    except OSError:
        return
    now = time.time()
    for entry in entries:
        if not kind.match(entry.name):
            continue
        try:
            if not entry.is_dir(follow_symlinks=False) or entry.stat(follow_symlinks=False).st_mtime > now - _GRACE_SECONDS:
                continue
            fd = os.open(entry.path, os.O_RDONLY)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            continue  # in use: its process is alive
        try:
            shutil.rmtree(entry.path, ignore_errors=True)
        finally:
            os.close(fd)
