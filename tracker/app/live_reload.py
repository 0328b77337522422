"""Live reload: the app follows the data on disk.

A thread watches the data directory (and the source catalogue, which may live beside it) with
watchfiles; a burst of changes, such as a `git pull`, arrives as one set. The data is loaded
again in a worker and handed to the app (`DataLoaded`); if it is invalid, the app keeps the last
good data and says what is wrong (`ReloadFailed`). Files the app wrote itself (`OwnWrites`) are
recognised by their content and cause no reload.
"""

from __future__ import annotations

import os
import threading
import time
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.message import Message
from textual.worker import get_current_worker

from tracker.app.data import DataLoaded, ReloadFailed, build_indexes
from tracker.app.render import answers_index, visible
from tracker.loader import load_dataset
from tracker.paths import find_sources_file
from tracker.problems import DataError, Problem, display_path
from tracker.yamltext import same_file

if TYPE_CHECKING:
    from textual.app import App

    from tracker.app.data import ShownData
    from tracker.editing.files import Fingerprint, LoadedFile

LIVE_RELOAD_ENV = "TRACKER_LIVE_RELOAD"
"""Set to 0 to turn live reload off."""
FOLDER_POLL_SECONDS = 0.25
"""How often to look for a watched folder that was deleted, to watch it again once it is back."""
# watchfiles groups changes until none has come for STEP ms, or for at most DEBOUNCE ms: an
# editor's save (write, rename) or a checkout arrives as one reload, well within a second.
DEBOUNCE_MS = 400
STEP_MS = 100
# How long watchfiles waits for a change before coming back with none; its first return says the
# folders are watched (watch_ready).
WATCH_TIMEOUT_MS = 250


def is_data_change(root: Path, sources_file: Path | None, path: str | Path) -> bool:
    """Whether a change to `path` can change what the loader reads: a YAML file in the data
    directory, a round folder, or the source catalogue. Dot-files (editors' swap files, a
    leftover temp file of an interrupted save) and other files are not data."""
    changed = Path(path)
    if sources_file is not None and changed == sources_file:
        return True
    try:
        parts = changed.relative_to(root).parts
    except ValueError:
        return False
    if not parts or any(part.startswith(".") for part in parts):
        return False
    if changed.suffix in (".yaml", ".yml"):
        return True
    # A round folder added, renamed or removed (moved in whole, its files raise no event).
    return parts[0] == "rounds" and len(parts) <= 2


def changed_files(paths: set[Path], shown: int = 3) -> str:
    """The changed files by name, a few of them: `russia.yaml, ukraine.yaml and 4 more`. Folders
    that changed with them (a round copied in, a `git pull`) are not named."""
    names = sorted({p.name for p in paths if p.suffix in (".yaml", ".yml")}) or sorted({p.name for p in paths})
    if len(names) <= shown:
        return ", ".join(names)
    return f"{', '.join(names[:shown])} and {len(names) - shown} more"


def live_reload_wanted(setting: bool | None, headless: bool, environ: dict[str, str] | os._Environ[str] = os.environ) -> bool:
    """Explicit True/False wins; by default on in a terminal and off when headless (tests,
    benchmarks: a watcher thread would make them depend on timing), and off with
    TRACKER_LIVE_RELOAD=0."""
    if setting is not None:
        return setting
    if environ.get(LIVE_RELOAD_ENV, "").strip().lower() in ("0", "no", "off", "false"):
        return False
    return not headless


class FilesChanged(Message):
    """Data files changed on disk (posted from the watcher thread)."""

    def __init__(self, paths: set[Path]) -> None:
        super().__init__()
        self.paths = paths


class OwnWrites:
    """Files (and folders) the app wrote itself, by absolute path, with what it wrote: the
    watcher's event for them is no reason to reload."""

    def __init__(self) -> None:
        self._written: dict[str, Fingerprint | None] = {}

    def note(self, written: LoadedFile) -> None:
        self._written[os.path.abspath(written.path)] = written.fingerprint

    def note_folder(self, folder: Path) -> None:
        self._written[os.path.abspath(folder)] = None

    def __contains__(self, path: Path) -> bool:
        key = os.path.abspath(path)
        if key not in self._written:
            return False
        fingerprint = self._written[key]
        if fingerprint is None:
            return path.is_dir()
        try:
            return fingerprint.matches(path.read_bytes())
        except OSError:
            return False


class DataWatcher:
    """Watches the data on disk for the app and loads it again when it changes.

    `app` is the Textual app to post to and run workers on; `data` is what it shows."""

    def __init__(self, app: App[Any], *, data: ShownData, own_writes: OwnWrites) -> None:
        self.app = app
        self.data = data
        self.own_writes = own_writes
        self._stop = threading.Event()
        self.watching = False
        self.watch_ready = threading.Event()
        """Set while the watcher is watching: a change made from then on is seen. Cleared while a
        watched folder is gone. (Tests wait for it rather than for a fixed time.)"""
        self.changes_seen: list[set[Path]] = []
        """The last bursts of changes the watcher reported, latest last (a few only)."""

    def start(self, setting: bool | None) -> None:
        """Start watching if `setting` (or, when None, live_reload_wanted) says so."""
        if not live_reload_wanted(setting, self.app.is_headless):
            return
        self._stop.clear()
        self.watching = True
        self.app.run_worker(self._watch_files, thread=True, group="live-reload-watch", exit_on_error=False, name="data file watcher")

    def stop(self) -> None:
        self._stop.set()
        self.watching = False
        self.watch_ready.clear()

    def watched_paths(self) -> tuple[Path, Path | None, list[Path]]:
        """(data directory, source catalogue, the folders to watch)."""
        root = self.data.data_dir.resolve()
        sources = find_sources_file(root)
        sources = sources.resolve() if sources is not None else None
        folders = [root]
        if sources is not None and root not in sources.parents:
            folders.append(sources.parent)
        return root, sources, folders

    def _watch_files(self) -> None:
        root, _sources, folders = self.watched_paths()
        try:
            while not self._stop.is_set():
                # A watched folder deleted and made again (a restore, a checkout replacing it)
                # is not watched any more: wait for it to be back, reload, and watch it anew.
                if not all(folder.is_dir() for folder in folders):
                    self.watch_ready.clear()
                    if self._stop.wait(FOLDER_POLL_SECONDS):
                        return
                    if all(folder.is_dir() for folder in folders):
                        self.app.post_message(FilesChanged(set(folders)))
                    continue
                self._watch_until_folder_gone()
        except Exception as exc:  # noqa: BLE001 - e.g. out of inotify watches: say so, keep working
            if not self._stop.is_set():
                self.watching = False
                self.app.notify(
                    visible(f"Live reload is off: cannot watch {display_path(root)} ({exc}); ctrl+r reloads by hand"),
                    severity="warning",
                    timeout=15,
                    markup=False,
                )

    def _watch_until_folder_gone(self) -> None:
        """Post each burst of changes to the app; return when stopped or a watched folder goes."""
        from watchfiles import watch

        root, sources, folders = self.watched_paths()
        for changes in watch(
            *folders,
            watch_filter=lambda _change, path: is_data_change(root, sources, path) or Path(path) in folders,
            debounce=DEBOUNCE_MS,
            step=STEP_MS,
            rust_timeout=WATCH_TIMEOUT_MS,
            stop_event=self._stop,
            raise_interrupt=False,
            yield_on_timeout=True,  # an empty set the first time: the folders are watched now
        ):
            self.watch_ready.set()
            if not changes:
                continue
            self.app.post_message(FilesChanged({Path(path) for _change, path in changes}))
            if not all(folder.is_dir() for folder in folders):
                self.watch_ready.clear()
                return

    def files_changed(self, paths: set[Path]) -> bool:
        """Tell the screens showing a changed file, and load the data again. False when nothing
        was loaded yet: then the app's own reload is the one to run (its errors screen says
        what is left, or goes once it is fixed)."""
        self.changes_seen = [*self.changes_seen[-4:], paths]
        for mode in self.app.MODES:
            try:
                stack = self.app.get_screen_stack(mode)
            except KeyError:
                continue
            for screen in stack:
                path = getattr(screen, "path", None)
                if isinstance(path, Path) and any(same_file(path, changed) for changed in paths):
                    screen.file_changed_on_disk()  # type: ignore[attr-defined]
        if self.data.dataset is None:
            return False
        self.app.run_worker(partial(self._reload_after_change, paths), thread=True, exclusive=True, group="live-reload", exit_on_error=False)
        return True

    def _reload_after_change(self, paths: set[Path]) -> None:
        if all(path in self.own_writes for path in paths):
            return
        worker = get_current_worker()
        started = time.perf_counter()
        data_dir = self.data.data_dir
        try:
            dataset = load_dataset(data_dir)
            indexes, answers = build_indexes(dataset), answers_index(dataset)
        except DataError as exc:
            if not worker.is_cancelled:
                self.app.post_message(ReloadFailed(exc.problems))
            return
        except Exception as exc:  # noqa: BLE001 - shown in the app rather than as a traceback
            if not worker.is_cancelled:
                self.app.post_message(ReloadFailed([Problem(data_dir, 1, 1, "", f"cannot load the data: {type(exc).__name__}: {exc}")]))
            return
        if worker.is_cancelled:
            return
        notice = visible(f"Reloaded after a change to {changed_files(paths)}: {dataset.count_positions()} positions in {len(dataset.rounds)} rounds")
        self.app.post_message(DataLoaded(dataset, indexes, answers, time.perf_counter() - started, notice=notice))
