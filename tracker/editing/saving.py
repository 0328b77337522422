"""Saving an edit: validated with the whole dataset in memory, then written only if the file on
disk is still the one that was read.

Two saves of one file (two `tracker edit`s, the app and a `tracker edit`) are serialised: the
check that the file on disk is still the one that was read and the replacement happen together
under a lock (save_lock), so the second save sees the first and keeps its edit as a draft.
"""

from __future__ import annotations

import errno
import os
import shlex
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from tracker.dataset import Dataset
from tracker.editing.drafts import write_draft
from tracker.editing.files import Fingerprint, LoadedFile, atomic_write
from tracker.loader import load_dataset
from tracker.problems import DataError, Problem, count_problems, display_path
from tracker.yamltext import EditError, Insertion, remove_template_help

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
    text, check = without_template_help(root, path, text, check, template)
    fingerprint = write_or_keep_draft(loaded, text)
    if fingerprint is None:  # another save came first, while this one was validating
        draft = write_draft(path, text, base=loaded.text)
        return EditResult(Outcome.CONFLICT, conflict_message(path, draft), draft=draft)
    return EditResult(Outcome.SAVED, f"saved {display_path(path)}", dataset=check.dataset, loaded=LoadedFile(path, text, fingerprint))


def without_template_help(root: Path, path: Path, text: str, check: Validation, template: Insertion | None) -> tuple[str, Validation]:
    """Drop the template's help before writing. The text was validated with it, so problems
    point at the lines the user sees; the dataset returned must match the file as written."""
    if template is None or (plain := remove_template_help(text, template)) == text:
        return text, check
    plain_check = validate_text(root, path, plain)
    return (plain, plain_check) if plain_check.ok else (text, check)


def write_or_keep_draft(loaded: LoadedFile, text: str, draft: Path | None = None) -> Fingerprint | None:
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
