"""Drafts: edits not saved (one made in $EDITOR, or one that could not be saved), kept outside
the data directory.

They live in $TRACKER_DRAFTS, else $XDG_STATE_HOME/tracker/drafts (~/.local/state/tracker/drafts):
a failed operation then leaves the data directory exactly as it was, with no stray file for the
loader, a file watcher or `git status` to see, and a draft survives a reboot, which /tmp may not.
Every message that mentions a draft gives its path. Drafts are private: their folders are
created 0700 and used only while they are the user's own and closed to others (else refused,
saying so), files are created 0600 and never written through a link. Each edit session has a
draft of its own: two editors of one file never share one.
"""

from __future__ import annotations

import hashlib
import os
import re
import shlex
import stat
import tempfile
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path

from tracker.problems import display_path
from tracker.staging import held
from tracker.yamltext import EditError


def drafts_dir() -> Path:
    """Where drafts are kept: $TRACKER_DRAFTS, else the XDG state folder."""
    if configured := os.environ.get("TRACKER_DRAFTS"):
        return Path(configured).expanduser()
    state = os.environ.get("XDG_STATE_HOME", "")
    if not os.path.isabs(state):  # the XDG rule: a relative value is to be ignored
        state = os.path.join(os.path.expanduser("~"), ".local", "state")
    return Path(state) / "tracker" / "drafts"


class DraftsNotPrivate(EditError):
    pass


def _private_folder(folder: Path) -> Path:
    """`folder`, created 0700 if missing; refused (DraftsNotPrivate) unless it is a folder (not
    a link) of the user's own that nobody else can read or write. ssh's rule for ~/.ssh: drafts
    are unsaved edits, and a folder someone else can write is one where they can plant a link."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    with suppress(FileExistsError):
        os.mkdir(folder, 0o700)
    info = os.lstat(folder)
    problem = None
    if not stat.S_ISDIR(info.st_mode):
        problem = "it is a link or a file, not a folder"
    elif hasattr(os, "getuid") and info.st_uid != os.getuid():
        problem = f"it belongs to another user (uid {info.st_uid})"
    elif stat.S_IMODE(info.st_mode) & 0o077:
        problem = f"others can use it (mode {stat.S_IMODE(info.st_mode):04o}); make it private: chmod 700 {shlex.quote(str(folder))}"
    if problem:
        raise DraftsNotPrivate(f"drafts are kept only in a private folder, and {display_path(folder)} is not: {problem}; or set TRACKER_DRAFTS to another folder")
    return folder


def write_private(path: Path, data: bytes) -> None:
    """Replace `path` (in a private folder) with `data`, never through a link: a new 0600 file
    (O_EXCL), renamed over it."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


_own_drafts: set[Path] = set()
"""Drafts this process wrote: only these are reused for the same text, never another session's."""


def _draft_name(path: Path) -> tuple[str, str]:
    """(`<round folder>`, `<file stem>.<hash of its full path>`): readable, and no two data files
    (say, the same round in two data directories) share one."""
    full = os.path.abspath(path)
    tag = hashlib.sha256(full.encode("utf-8", "surrogateescape")).hexdigest()[:8]
    return path.parent.name, f"{path.stem}.{tag}"


def drafts_of(path: Path, live: bool = False) -> list[Path]:
    """Drafts of this file kept from earlier edits, oldest first; without `live`, not those a
    session running now is editing (see hold), which are no one's to resume or point to."""
    folder_name, stem = _draft_name(path)
    folder = drafts_dir() / folder_name
    try:
        if not folder.is_dir():
            return []
        _private_folder(drafts_dir())
        _private_folder(folder)
    except (OSError, EditError):
        return []  # a folder that is not private is not read either
    pattern = re.compile(rf"^{re.escape(stem)}(?:-(\d+))?\.yaml$")
    found = [(int(m.group(1) or 1), p) for p in folder.iterdir() if (m := pattern.match(p.name))]
    return [p for _, p in sorted(found) if live or not in_use(p)]


def _live_file(draft: Path) -> Path:
    return draft.with_name(draft.name + ".live")  # not a draft: drafts_of matches *.yaml only


def hold(draft: Path) -> int | None:
    """Mark `draft` as the one a running session edits, for as long as the descriptor returned is
    open: an flock, which the system releases however the process ends. None where there is no
    flock (then every draft counts as kept)."""
    try:
        fd = os.open(_live_file(draft), os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except OSError:
        return None
    return held(fd)


def let_go(fd: int | None) -> None:
    if fd is not None:
        with suppress(OSError):
            os.close(fd)


def in_use(draft: Path) -> bool:
    """Whether a running session (this process's or another's) is editing `draft`."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover
        return False
    try:
        fd = os.open(_live_file(draft), os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)
    return False


def write_draft(path: Path, text: str, base: str | None = None, reuse: bool = True) -> Path:
    """A new draft of `path` holding `text`; an existing draft is never overwritten, and (with
    `reuse`) one this process wrote that already holds exactly this text is reused (saving again
    after a conflict keeps one copy; another session's draft is never taken). `base`: the file's
    text the edit started from, recorded beside the draft (see draft_base_matches). If the drafts
    folder cannot be made (a read-only home), a folder of the user's in the system's temp folder
    is the fallback, private on the same terms. Raises DraftsNotPrivate when a folder is not."""
    payload = text.encode("utf-8", "surrogateescape")
    for existing in reversed(drafts_of(path)) if reuse else ():
        if existing not in _own_drafts:
            continue
        with suppress(OSError):
            if existing.stat().st_size == len(payload) and existing.read_bytes() == payload:
                _record_base(existing, base)
                return existing
    folder_name, stem = _draft_name(path)
    fallback = Path(tempfile.gettempdir()) / f"tracker-drafts-{os.getuid() if hasattr(os, 'getuid') else 'user'}"
    failure: OSError | None = None
    for folder in (drafts_dir(), fallback):
        try:
            draft = _new_draft(_private_folder(_private_folder(folder) / folder_name), stem, text)
        except OSError as exc:
            failure = failure or exc
            continue
        _own_drafts.add(draft)
        _record_base(draft, base)
        return draft
    assert failure is not None
    raise EditError(f"cannot write a draft in {display_path(drafts_dir())}: {failure.strerror or failure}")


def _base_file(draft: Path) -> Path:
    return draft.with_name(draft.name + ".base")  # not a draft: drafts_of matches *.yaml only


def _text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def _record_base(draft: Path, base: str | None) -> None:
    if base is not None:
        with suppress(OSError):
            write_private(_base_file(draft), (_text_digest(base) + "\n").encode("ascii"))


def draft_base_matches(draft: Path, current: str) -> bool | None:
    """Whether the file still holds the text the draft's edit started from; None when that was
    not recorded. A draft made against an older version would undo what changed since."""
    try:
        recorded = _base_file(draft).read_text(encoding="ascii").strip()
    except OSError:
        return None
    return recorded == _text_digest(current)


def latest_draft(drafts: Sequence[Path]) -> Path:
    """The draft written last (numbers are reused once a draft is removed, so not the highest)."""

    def written(draft: Path) -> int:
        try:
            return draft.stat().st_mtime_ns
        except OSError:
            return -1

    return max(drafts, key=written)


def remove_draft(draft: Path) -> None:
    for path in (draft, _base_file(draft), _live_file(draft)):
        with suppress(FileNotFoundError):
            path.unlink()


def _new_draft(folder: Path, stem: str, text: str) -> Path:
    """A draft of a name no other draft has (O_EXCL), in a folder _private_folder checked."""
    for number in range(1, 1000):
        draft = folder / (f"{stem}.yaml" if number == 1 else f"{stem}-{number}.yaml")
        try:
            fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        except FileExistsError:
            continue
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8", "surrogateescape"))
            handle.flush()
            os.fsync(handle.fileno())
        return draft
    raise FileExistsError(17, "too many drafts of this file; remove the old ones", str(folder))  # pragma: no cover


def read_draft(path: Path) -> str:
    # surrogateescape: a draft saved in the wrong encoding still round-trips byte for byte, and
    # the loader then reports the bad byte at its line and column.
    return path.read_bytes().decode("utf-8", "surrogateescape")
