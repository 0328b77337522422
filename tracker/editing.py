"""Editing data files safely: text edits only, validated in memory, written atomically.

The tool never re-serialises a person's YAML. Every change here is an edit of the file's text, so
comments, key order and layout stay byte-for-byte theirs outside the lines that were edited.
A save is refused unless the whole dataset validates with the new text in place, and unless the
file on disk is still the one that was read; nothing is ever left half-written.

Drafts (an edit in $EDITOR, or one that could not be saved) live outside the data directory, in
$TRACKER_DRAFTS, else $XDG_STATE_HOME/tracker/drafts (~/.local/state/tracker/drafts): a failed
operation then leaves the data directory exactly as it was, with no stray file for the loader, a
file watcher or `git status` to see, and a draft survives a reboot, which /tmp may not.
Every message that mentions a draft gives its path. Drafts are private: their folders are
created 0700 and used only while they are the user's own and closed to others (else refused,
saying so), files are created 0600 and never written through a link. Each edit session has a
draft of its own: two editors of one file never share one.

Two saves of one file (two `tracker edit`s, the app and a `tracker edit`) are serialised: the
check that the file on disk is still the one that was read and the replacement happen together
under a lock (save_lock), so the second save sees the first and keeps its edit as a draft.

Nothing here imports Textual: the app and the command line share this module.
"""

from __future__ import annotations

import datetime as dt
import difflib
import errno
import hashlib
import os
import re
import secrets
import shlex
import shutil
import signal
import stat
import subprocess
import tempfile
import threading
import time
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from tracker.loader import ROUND_FILE, Dataset, load_dataset
from tracker.model import SLUG_MAX, is_slug
from tracker.problems import DataError, Problem, count_problems, display_path, quote
from tracker.yamlread import parse_yaml
from tracker.yamltext import (
    BOM,
    EditError,
    Insertion,
    add_problem_header,
    problem_text,
    remove_template_help,
    same_file,
    set_scalar,
    strip_problem_header,
)

class EditorNotSet(EditError):
    pass


# --- files on disk ----------------------------------------------------------------------------


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


SAVE_LOCK_WAIT = 10.0
"""Seconds a save waits for another one of the same folder (it takes milliseconds)."""


@contextmanager
def save_lock(path: Path) -> Iterator[None]:
    """Held while a save checks the file on disk and replaces it, so that of two saves of one file
    the second sees what the first wrote. An flock on the file's folder (the folder the atomic
    replace happens in): it leaves no lock file in the data directory for the loader, a watcher
    or git to see, and it is released by the system when a process dies holding it."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no flock; the check still runs, unlocked
        yield
        return
    folder = (path.resolve() if path.is_symlink() else path).parent
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError as exc:
        raise EditError(f"cannot lock {display_path(folder)} to save: {exc.strerror or exc}") from None
    try:
        deadline = time.monotonic() + SAVE_LOCK_WAIT
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES) or time.monotonic() > deadline:
                    raise EditError(f"cannot lock {display_path(folder)} to save: another save holds it") from None
                time.sleep(0.01)
        yield
    finally:
        os.close(fd)  # releases the lock


def replace_if_unchanged(loaded: LoadedFile, text: str) -> Fingerprint | None:
    """Write `text` over the file unless it changed on disk since `loaded` was read: None then.
    The check and the replacement are one step under save_lock."""
    with save_lock(loaded.path):
        if loaded.changed_on_disk():
            return None
        return atomic_write(loaded.path, text)


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
    _fsync_folder(target.parent)
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


def _fsync_folder(folder: Path) -> None:
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


# --- drafts -----------------------------------------------------------------------------------


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


def _write_private(path: Path, data: bytes) -> None:
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


def drafts_of(path: Path) -> list[Path]:
    """Drafts of this file kept from earlier edits, oldest first."""
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
    return [p for _, p in sorted(found)]


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
            _write_private(_base_file(draft), (_text_digest(base) + "\n").encode("ascii"))


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
    for path in (draft, _base_file(draft)):
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


def _read_text(path: Path) -> str:
    # surrogateescape: a draft saved in the wrong encoding still round-trips byte for byte, and
    # the loader then reports the bad byte at its line and column.
    return path.read_bytes().decode("utf-8", "surrogateescape")


# --- validation and saving --------------------------------------------------------------------


@dataclass(slots=True)
class Validation:
    dataset: Dataset | None
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems


def validate_text(root: Path, path: Path, text: str) -> Validation:
    """Load the whole dataset with `text` in place of `path`'s content, without writing it."""
    try:
        return Validation(load_dataset(root, overrides={path: text}), [])
    except DataError as exc:
        return Validation(None, exc.problems)


class Outcome(StrEnum):
    SAVED = "saved"
    NO_CHANGES = "no-changes"
    INVALID = "invalid"
    STILL_INVALID = "still-invalid"  # the editor handed back the same invalid text: a cancel
    CONFLICT = "conflict"
    EMPTIED = "emptied"  # the user emptied the draft: a cancel, as in `kubectl edit`


@dataclass(slots=True)
class EditResult:
    outcome: Outcome
    message: str
    """One line for the user, ready to print or notify."""
    problems: list[Problem] = field(default_factory=list)
    dataset: Dataset | None = None
    """After a save: the dataset as validated, i.e. as now on disk."""
    loaded: LoadedFile | None = None
    """After a save: the file as written, the base for the next save."""
    draft: Path | None = None
    """Where the user's edit is kept when it was not saved."""


def save_text(root: Path, loaded: LoadedFile, text: str, template: Insertion | None = None) -> EditResult:
    """The in-app save: validate the dataset with `text` in memory; if valid and the file on disk
    is still the one that was loaded, write it atomically. Never writes invalid data; on a
    conflict the edit is kept in a draft (see drafts_dir). `template`: the new-position template
    inserted into this text, whose help comments are dropped on save."""
    path = loaded.path
    if text == loaded.text:
        return EditResult(Outcome.NO_CHANGES, "no changes made")
    if loaded.changed_on_disk():
        draft = write_draft(path, text, base=loaded.text)
        return EditResult(Outcome.CONFLICT, conflict_message(path, draft), draft=draft)
    check = validate_text(root, path, text)
    if not check.ok:
        count = count_problems(check.problems)
        return EditResult(Outcome.INVALID, f"not saved: {count} problem{'s' * (count != 1)}", check.problems)
    text, check = _without_help(root, path, text, check, template)
    fingerprint = _write_or_keep(loaded, text)
    if fingerprint is None:  # another save came first, while this one was validating
        draft = write_draft(path, text, base=loaded.text)
        return EditResult(Outcome.CONFLICT, conflict_message(path, draft), draft=draft)
    return EditResult(Outcome.SAVED, f"saved {display_path(path)}", dataset=check.dataset, loaded=LoadedFile(path, text, fingerprint))


def _without_help(root: Path, path: Path, text: str, check: Validation, template: Insertion | None) -> tuple[str, Validation]:
    """Drop the template's help before writing. The text was validated with it, so problems
    point at the lines the user sees; the dataset returned must match the file as written."""
    if template is None or (plain := remove_template_help(text, template)) == text:
        return text, check
    plain_check = validate_text(root, path, plain)
    return (plain, plain_check) if plain_check.ok else (text, check)


def _write_or_keep(loaded: LoadedFile, text: str, draft: Path | None = None) -> Fingerprint | None:
    """Save unless the file changed on disk (None); a write that fails keeps the edit in a draft."""
    path = loaded.path
    try:
        return replace_if_unchanged(loaded, text)
    except OSError as exc:
        kept = draft if draft is not None else write_draft(path, text)
        raise EditError(f"cannot write {display_path(path)}: {exc.strerror or exc}; your edit is kept in {kept}") from None


def conflict_message(path: Path, draft: Path) -> str:
    return (
        f"{display_path(path)} changed on disk while you were editing, so your edit was not saved; "
        f"it is kept in {draft} (compare: diff {shlex.quote(display_path(path))} {shlex.quote(str(draft))})"
    )


# --- new rounds -------------------------------------------------------------------------------


@dataclass(slots=True)
class NewRound:
    folder: Path
    files: list[Path]
    source: str
    to_update: list[str]
    """Fields of round.yaml copied from the source round that describe that round, not this one."""
    place: str | None = None
    """The place, when it was taken from the id rather than copied."""


def scaffold_round(dataset: Dataset, round_id: str, date: dt.date, source: str) -> NewRound:
    """Create rounds/<round_id>/ as a text copy of the source round's files (comments and layout
    kept) with `id` and `date` set, so every party's positions carry forward with their ids.

    Refuses an existing round. The files are written into a hidden folder, which is then renamed
    into place, so a crash leaves nothing the loader reads; if the dataset does not validate with
    the new round, it is removed again (DataError).
    """
    if not is_slug(round_id):
        raise EditError(f"{quote(round_id)} is not a valid round id: use at most {SLUG_MAX} lower-case letters, digits and '-', e.g. '2025-07-23-istanbul'")
    if source not in dataset.rounds:
        raise EditError(f"no round {source!r} to copy")
    rounds_dir = dataset.root / "rounds"
    folder = rounds_dir / round_id
    if folder.exists() or folder.is_symlink() or round_id in dataset.rounds:
        raise EditError(f"round {round_id!r} already exists ({display_path(folder)}); nothing was changed")
    source_data = dataset.rounds[source]
    files = sorted(
        p for p in source_data.folder.iterdir() if p.is_file() and p.suffix in (".yaml", ".yml") and not p.name.startswith(".")
    )
    round_text = (source_data.folder / ROUND_FILE).read_bytes().decode("utf-8")
    round_text = set_scalar(round_text, "id", round_id, as_text=True)
    round_text = set_scalar(round_text, "date", date.isoformat(), as_text=False)
    place = _place_from_id(round_id, date)
    if place is not None and source_data.round.date == date and _slug(source_data.round.place) != _slug(place):
        # '2025-06-02-ankara' copied from the Istanbul round of that day: with Istanbul's place
        # it would be that meeting recorded twice. The id names the place. (On another day the
        # id's words may name anything, 'round-3': the place is left to update.)
        round_text = set_scalar(round_text, "place", place, as_text=True)
    else:
        place = None
    round_text = _copy_note(round_text, source)
    if "\r\n" in round_text:  # a CRLF file stays CRLF: the note and any line added get its endings
        round_text = round_text.replace("\r\n", "\n").replace("\n", "\r\n")
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{round_id}.new-", dir=rounds_dir))
        _move_in(staging, folder, files, round_text)
    except OSError as exc:
        raise EditError(f"cannot create {display_path(folder)}: {exc.strerror or exc}; nothing was changed") from None
    try:
        load_dataset(dataset.root)
    except DataError as exc:
        # The data was valid before, so every problem now is the new round's doing, wherever it
        # is reported (a clash of date and place is reported at the other round's file).
        os.rename(folder, staging)  # out of the loader's sight at once, then removed
        shutil.rmtree(staging, ignore_errors=True)
        raise DataError(exc.problems) from None
    described = {"title", "place", "venue", "chair", "delegations", "duration", "outcome", "evidence", "notes"}
    keys = parse_yaml(round_text.removeprefix(BOM)).value
    to_update = [k for k in keys if k in described and not (k == "place" and place is not None)]
    return NewRound(folder, [folder / p.name for p in files], source, to_update, place)


def _place_from_id(round_id: str, date: dt.date) -> str | None:
    """'2025-07-23-abu-dhabi' → 'Abu Dhabi': the place a round id names after its date."""
    prefix = date.isoformat() + "-"
    if not round_id.startswith(prefix) or len(round_id) == len(prefix):
        return None
    return " ".join(word.capitalize() for word in round_id[len(prefix) :].split("-"))


def _slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "-".join(re.findall(r"[a-z0-9]+", folded))


def _copy_note(round_text: str, source: str) -> str:
    """A comment at the top of the copy (after the schema line) saying what it still describes."""
    note = (
        f"# Copied from {source} by `tracker new-round`: the title, place, venue, chair, delegations,\n"
        f"# duration, outcome, agreements and comments still describe {source}. Update them, then delete this note.\n"
    )
    bom = BOM if round_text.startswith(BOM) else ""
    body = round_text.removeprefix(bom)
    # A copy of a copy not reviewed yet: one note, naming the round copied now.
    body = re.sub(r"^# Copied from \S+ by `tracker new-round`:.*\n(?:# .*delete this note\.\n)?", "", body, flags=re.M)
    first, _, rest = body.partition("\n")
    if first.startswith("# yaml-language-server:"):
        return f"{bom}{first}\n{note}{rest}"
    return f"{bom}{note}{body}"


def _move_in(staging: Path, folder: Path, files: list[Path], round_text: str) -> None:
    """Write the round into the hidden staging folder, then rename it into place."""
    try:
        for path in files:
            target = staging / path.name
            target.write_bytes(round_text.encode("utf-8") if path.name == ROUND_FILE else path.read_bytes())
            shutil.copymode(path, target)
            with open(target, "rb") as handle:
                os.fsync(handle.fileno())
        os.chmod(staging, stat.S_IMODE(files[0].parent.stat().st_mode))
        if folder.exists():
            raise FileExistsError(17, "it already exists")
        os.rename(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _fsync_folder(folder.parent)


# --- the external editor ----------------------------------------------------------------------

_PLUS_LINE = {"vi", "vim", "nvim", "gvim", "mvim", "view", "nano", "pico", "emacs", "emacsclient", "kak", "joe", "mg", "ne", "micro"}
_GOTO_FLAG = {"code": "--wait", "code-insiders": "--wait", "codium": "--wait", "cursor": "--wait"}  # code --wait -g f:l
_FILE_COLON_LINE = {"subl": "--wait", "hx": None, "helix": None, "zed": "--wait"}


def editor_command(path: Path, line: int | None = None, env: Mapping[str, str] | None = None) -> list[str]:
    """The command that opens `path` at `line` in $VISUAL or $EDITOR, split like a shell would.

    Editors that would return at once (`code`, `subl`) get their wait flag, or the loop could
    not see the edit.
    """
    env = os.environ if env is None else env
    name, value = next(((n, env[n]) for n in ("VISUAL", "EDITOR") if env.get(n, "").strip()), (None, ""))
    if name is None:
        raise EditorNotSet("no editor set: set $VISUAL or $EDITOR, e.g. `export EDITOR=nano` (or `EDITOR=\"code --wait\"`)")
    try:
        argv = shlex.split(value)
    except ValueError as exc:
        raise EditorNotSet(f"cannot read ${name} ({value!r}): {exc}") from None
    program = Path(argv[0]).name.removesuffix(".exe")
    file = str(path)
    if line is None or line < 1:
        return argv + [file]
    if program in _PLUS_LINE:
        return argv + [f"+{line}", file]
    if program in _GOTO_FLAG:
        wait = [] if {"--wait", "-w"} & set(argv) else [_GOTO_FLAG[program]]
        return argv + wait + ["-g", f"{file}:{line}"]
    if program in _FILE_COLON_LINE:
        flag = _FILE_COLON_LINE[program]
        wait = [] if flag is None or {"--wait", "-w"} & set(argv) else [flag]
        return argv + wait + [f"{file}:{line}"]
    return argv + [file]


def run_editor(argv: Sequence[str]) -> int:
    """Run the editor in this terminal and return its exit status.

    Ctrl+C reaches every process in the terminal's foreground group. In Vim it leaves insert mode,
    so it must not interrupt us, and subprocess.run would kill the editor on KeyboardInterrupt.
    As git does, the interrupt is held off while the editor runs: by a handler, not SIG_IGN,
    because an ignored signal would stay ignored in the editor too.
    """
    hold = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGINT, lambda *_: None) if hold else None
    try:
        return subprocess.run(list(argv), check=False).returncode
    except FileNotFoundError:
        raise EditError(f"editor not found: {argv[0]!r} (from $VISUAL or $EDITOR)") from None
    except PermissionError:
        raise EditError(f"cannot run the editor {argv[0]!r}: permission denied") from None
    finally:
        if hold and previous is not None:
            signal.signal(signal.SIGINT, previous)


# --- the edit loop, shared by `tracker edit`, `tracker new-position` and the app -------------


class EditSession:
    """One file edited in $EDITOR through a draft, as `kubectl edit` does it.

        session = EditSession.start(root, path, line=12)
        while True:
            run_editor(session.editor_command())   # the app: inside App.suspend()
            result = session.apply()
            if result.outcome is not Outcome.INVALID:
                break                              # saved, no changes, conflict, cancelled
            # ask: edit again (loop) / keep draft (session.keep()) / discard (session.discard())

    The draft is the working copy. After an invalid attempt it holds the problems as marked
    comment lines at the top, which apply() strips again; the editor reopens at the first one.
    """

    def __init__(self, root: Path, loaded: LoadedFile, draft: Path, text: str, line: int | None, template: Insertion | None = None):
        self.root = root
        self.template = template
        self.loaded = loaded
        self.draft = draft
        self.line = line
        self.initial = text
        self.presented = text
        """The text the editor was last given, without the header."""
        self.problems: list[Problem] = []
        self.header_lines = 0
        self.earlier_drafts: list[Path] = []

    @classmethod
    def start(
        cls,
        root: Path,
        file: Path | LoadedFile,
        *,
        line: int | None = None,
        text: str | None = None,
        template: Insertion | None = None,
    ) -> EditSession:
        """Write the file's draft and start. `file` is a path, or the file as already read, so that
        `text` or a `template` inserted into that text is saved against that same version."""
        loaded = file if isinstance(file, LoadedFile) else read_for_edit(file)
        earlier = drafts_of(loaded.path)
        if template is not None:
            text, line = template.text, line or template.lines.start
        start = loaded.text if text is None else text
        # A draft of its own, always: two sessions on one file must never share one (one save
        # would remove the draft the other is still editing).
        session = cls(root, loaded, write_draft(loaded.path, start, base=loaded.text, reuse=False), start, line, template)
        session.earlier_drafts = earlier
        return session

    @property
    def path(self) -> Path:
        return self.loaded.path

    def editor_command(self, env: Mapping[str, str] | None = None) -> list[str]:
        return editor_command(self.draft, self.line, env)

    def has_edits(self) -> bool:
        """Whether the draft holds work of the user's: anything but the file or the starting text."""
        try:
            text = strip_problem_header(_read_text(self.draft))
        except FileNotFoundError:
            return False
        return text not in (self.loaded.text, self.initial)

    def apply(self) -> EditResult:
        """Read back the draft after the editor returned: validate, and save if valid."""
        try:
            text = strip_problem_header(_read_text(self.draft))
        except FileNotFoundError:
            raise EditError(f"the draft {display_path(self.draft)} is gone; nothing was saved") from None
        if not text.strip():
            self.discard()
            return EditResult(Outcome.EMPTIED, "the draft was emptied: edit cancelled, nothing saved")
        if text == self.loaded.text or (text == self.initial and not self.problems):
            self.discard()
            return EditResult(Outcome.NO_CHANGES, "no changes made")
        if self.problems and text == self.presented:
            return EditResult(Outcome.STILL_INVALID, self.kept_message("edit cancelled: nothing saved"), self.problems, draft=self.draft)
        if self.loaded.changed_on_disk():
            return self._conflict(text)
        check = validate_text(self.root, self.path, text)
        if not check.ok:
            self.presented, self.problems = text, check.problems
            marked, self.header_lines = add_problem_header(text, check.problems, self.path)
            _write_private(self.draft, marked.encode("utf-8", "surrogateescape"))
            own = [p.line for p in check.problems if same_file(p.file, self.path)]
            self.line = (min(own) + self.header_lines) if own else 1
            count = count_problems(check.problems)
            return EditResult(Outcome.INVALID, f"not saved: {count} problem{'s' * (count != 1)}", check.problems, draft=self.draft)
        text, check = _without_help(self.root, self.path, text, check, self.template)
        fingerprint = _write_or_keep(self.loaded, text, self.draft)
        if fingerprint is None:  # another save came first, while this one was validating
            return self._conflict(text)
        self.loaded = LoadedFile(self.path, text, fingerprint)
        self.discard()
        return EditResult(Outcome.SAVED, f"saved {display_path(self.path)}", dataset=check.dataset, loaded=self.loaded)

    def _conflict(self, text: str) -> EditResult:
        """The file changed on disk: the plain edit stays in the draft, ready to compare."""
        _write_private(self.draft, text.encode("utf-8", "surrogateescape"))
        return EditResult(Outcome.CONFLICT, conflict_message(self.path, self.draft), draft=self.draft)

    def problem_lines(self) -> list[str]:
        """The last problems, with lines of the edited file pointing into the draft as shown."""
        out = []
        for problem in self.problems:
            if same_file(problem.file, self.path):
                where = f"{display_path(self.draft)}:{problem.line + self.header_lines}:{problem.col}"
                out.append(f"{where}: {problem.severity}: {problem_text(problem)}")
            else:
                out.append(problem.format())
        return out

    def keep(self) -> Path:
        return self.draft

    def discard(self) -> None:
        remove_draft(self.draft)

    def kept_message(self, prefix: str = "not saved") -> str:
        return f"{prefix}; your edit is kept in {display_path(self.draft)}"


def suggest(value: str, choices: Sequence[str]) -> str:
    match = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {match[0]!r}?)" if match else ""
