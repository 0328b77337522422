"""The app's side of editing: the in-app editor and $EDITOR on a position, a new position, a
new round, and live reload when the data changes on disk.

The rules live in the core (tracker.editing, tracker.yamltext): text edits only, validated in
memory, atomic writes, drafts outside the data directory. This module decides what to edit, runs
the dialogs in order (each a `push_screen_wait` inside a worker, so the flow reads top to bottom)
and hands the new data to the app. It is mixed into TrackerApp.

Live reload: a thread watches the data directory (and the source catalogue, which may live
beside it) with watchfiles; a burst of changes, such as a `git pull`, arrives as one set. The
data is loaded again in a worker; if it is invalid, the app keeps the last good data and says
what is wrong. Files the app wrote itself are recognised by their content and cause no reload.
"""

from __future__ import annotations

import asyncio
import os
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import SuspendNotSupported
from textual.message import Message
from textual.worker import get_current_worker

from tracker.app.render import visible
from tracker.editing import (
    EditError,
    EditSession,
    Fingerprint,
    LoadedFile,
    Outcome,
    editor_command,
    read_for_edit,
    run_editor,
    scaffold_round,
    write_draft,
)
from tracker.loader import Dataset, find_sources_file, load_dataset
from tracker.model import JOINT, Position
from tracker.problems import DataError, Problem, count_problems, display_path
from tracker.yamltext import insert_position, position_lines, position_template, same_file

if TYPE_CHECKING:
    from tracker.app.app import TrackerApp
    from tracker.app.screens.browse import BrowseScreen
    from tracker.app.screens.editor import EditorClosed, EditorScreen

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
PROBLEMS_SHOWN = 2  # in a notification, which must not cover the screen at 80x24
STALE_NOTICE_SECONDS = 60


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


def position_at(dataset: Dataset, path: Path, line: int) -> Position | None:
    """The position of `path` that the 1-based `line` is in (the last one starting at or before
    it), e.g. where the editor's cursor was."""
    found: Position | None = None
    for data in dataset.rounds.values():
        if not same_file(data.folder, path.parent):
            continue
        for position in data.positions:
            origin = position.origin
            if origin is not None and same_file(origin.file, path) and origin.line <= line:
                if found is None or found.origin is None or origin.line > found.origin.line:
                    found = position
    return found


def problems_summary(problems: list[Problem]) -> str:
    """The first problems as file:line:col lines, and how many more. Paths are from the current
    directory, as `tracker validate`, the errors screen and the editor give them."""
    lines = [p.format() for p in problems[:PROBLEMS_SHOWN]]
    if len(problems) > PROBLEMS_SHOWN:
        lines.append(f"… and {len(problems) - PROBLEMS_SHOWN} more (tracker validate lists them all)")
    return visible("\n".join(lines))


class FilesChanged(Message):
    """Data files changed on disk (posted from the watcher thread)."""

    def __init__(self, paths: set[Path]) -> None:
        super().__init__()
        self.paths = paths


class LiveReloadFailed(Message):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__()
        self.problems = problems


class EditingMixin:
    """Editing and live reload for TrackerApp (which supplies data_dir, dataset, reload_data,
    reveal, show_browse, and the DataLoaded message)."""

    live_reload: bool | None = None
    """None: decided by live_reload_wanted when the app starts."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._own_writes: dict[str, Fingerprint | None] = {}
        """Files (and folders: None) the app wrote, by absolute path, with what it wrote."""
        self._watch_stop = threading.Event()
        self.watching = False
        self.watch_ready = threading.Event()
        """Set while the watcher is watching: a change made from then on is seen. Cleared while a
        watched folder is gone. (Tests wait for it rather than for a fixed time.)"""
        self.changes_seen: list[set[Path]] = []
        """The last bursts of changes the watcher reported, latest last (a few only)."""
        self._data_stale = False
        self.exit_notes: list[str] = []
        """Lines for the terminal once the app has closed (`tracker tui` prints them)."""

    @property
    def _tracker(self) -> TrackerApp:
        return self  # type: ignore[return-value]

    # -- handing saved data to the app ------------------------------------------------------------

    def note_own_write(self, written: LoadedFile) -> None:
        """The app wrote this file: the watcher's event for it is no reason to reload."""
        self._own_writes[os.path.abspath(written.path)] = written.fingerprint

    def _is_own_write(self, path: Path) -> bool:
        key = os.path.abspath(path)
        if key not in self._own_writes:
            return False
        fingerprint = self._own_writes[key]
        if fingerprint is None:
            return path.is_dir()
        try:
            return fingerprint.matches(path.read_bytes())
        except OSError:
            return False

    async def use_saved_data(self, dataset: Dataset) -> None:
        """Show the dataset a save validated (it is what is now on disk), keeping every screen's
        round, filters and selection, without loading the files again."""
        from tracker.app.app import DataLoaded, build_indexes
        from tracker.app.render import answers_index

        started = time.perf_counter()
        indexes, answers = await asyncio.to_thread(lambda: (build_indexes(dataset), answers_index(dataset)))
        if self._data_stale:  # the save fixed what the last reload found: its warning is over
            self._data_stale = False
            self._tracker.clear_notifications()
        self._tracker.on_data_loaded(DataLoaded(dataset, indexes, answers, time.perf_counter() - started, notice=""))

    # -- what to edit ------------------------------------------------------------------------------

    def _browse(self) -> BrowseScreen | None:
        from tracker.app.screens.browse import BrowseScreen

        screen = self._tracker.screen
        return screen if isinstance(screen, BrowseScreen) else None

    def _editor_screens(self) -> list[EditorScreen]:
        from tracker.app.screens.editor import EditorScreen

        app = self._tracker
        found = []
        for mode in app.MODES:
            try:
                stack = app.get_screen_stack(mode)
            except KeyError:
                continue
            found += [screen for screen in stack if isinstance(screen, EditorScreen)]
        return found

    def refuse_read_only(self) -> bool:
        """The bundled dataset stands in for the user's (no data directory where tracker was
        started): show it, but never change it, as the command-line editing commands refuse to."""
        if getattr(self._tracker, "read_only", False):
            self._tracker.notify(
                "This is the dataset bundled with tracker, shown because there is no data directory "
                "here: it is not edited. Start tracker in your data's folder, or with --data DIR.",
                severity="warning",
                timeout=10,
                markup=False,
            )
            return True
        return False

    def _blocked(self) -> bool:
        return self.refuse_read_only() or self._editor_open()

    def _editor_open(self) -> bool:
        if self._editor_screens():
            self._tracker.notify("An edit is open already: finish it first (esc closes it)", severity="warning")
            return True
        return False

    async def action_quit(self) -> None:
        """Quit, but not over an edit that is not saved (ctrl+q works inside the editor)."""
        unsaved = [screen for screen in self._editor_screens() if screen.modified]
        if unsaved:
            self._quit_after_asking(unsaved[0])
        else:
            self._tracker.exit()

    @work(group="edit")
    async def _quit_after_asking(self, editor: EditorScreen) -> None:
        from tracker.app.screens.confirm import DISCARD, KEEP_DRAFT, Choice, ChoiceScreen

        app = self._tracker
        question = ChoiceScreen(
            f"{editor.path.name} has changes that are not saved",
            [
                Choice("stay", "Don't quit", "e"),
                Choice(KEEP_DRAFT, "Keep the edit as a draft and quit", "k"),
                Choice(DISCARD, "Discard the changes and quit", "d"),
            ],
            cancel="stay",
        )
        choice = await app.push_screen_wait(question)
        if choice == KEEP_DRAFT:
            try:
                draft = await asyncio.to_thread(write_draft, editor.path, editor.text_area.text)
            except EditError as exc:
                app.notify(visible(str(exc)), severity="error", timeout=20, markup=False)
                return
            self.exit_notes.append(f"tracker: not saved; your edit is kept in {display_path(draft)}")
            app.exit()
        elif choice == DISCARD:
            app.exit()

    def _position_to_edit(self) -> Position | None:
        app = self._tracker
        browse = self._browse()
        if app.dataset is None or browse is None:
            return None
        position = browse.selected_position
        if position is None or position.origin is None:
            app.notify("No position selected: n adds one", severity="warning")
            return None
        return position

    # -- e: the in-app editor ----------------------------------------------------------------------

    def action_edit_position(self) -> None:
        position = self._position_to_edit()
        if position is not None and not self._blocked():
            self.edit_in_app(position)

    @work(group="edit")
    async def edit_in_app(self, position: Position) -> None:
        from tracker.app.screens.editor import EditorScreen, editable_as_is

        app = self._tracker
        assert position.origin is not None
        try:
            loaded = await asyncio.to_thread(read_for_edit, position.origin.file)
        except EditError as exc:
            app.notify(visible(str(exc)), severity="error", timeout=15, markup=False)
            return
        if not editable_as_is(loaded.text):
            app.notify(
                visible(f"{display_path(loaded.path)} mixes line endings, which the editor here would change: E edits it in $EDITOR"),
                severity="warning",
                timeout=15,
                markup=False,
            )
            return
        found = position_lines(loaded.text, position.id, joint=position.party == JOINT)
        line = found.start if found else position.origin.line
        subject = f"{position.id} · {app.dataset.party_name(position.party) if app.dataset else position.party}"
        known = [p for p in app.problems if p.file.resolve() == loaded.path.resolve()]
        closed = await app.push_screen_wait(EditorScreen(app.data_dir, loaded, line=line, subject=subject, problems=known))
        await self._after_editor(closed)

    async def _after_editor(self, closed: EditorClosed) -> None:
        """After a save, show the position the cursor was in (its id may have changed)."""
        app = self._tracker
        if closed.saved and app.dataset is not None:
            position = position_at(app.dataset, closed.path, closed.line)
            if position is not None:
                await app.reveal(position.round, position.key)

    # -- n: a new position -------------------------------------------------------------------------

    def action_new_position(self) -> None:
        app = self._tracker
        browse = self._browse()
        if app.dataset is None or browse is None or self._blocked():
            return
        selected = browse.selected_position
        party = browse.criteria.party or (selected.party if selected else None)
        topic = browse.criteria.topic or (selected.topic if selected else None)
        self.add_position(browse.round_id, party, topic)

    async def palette_new_position(self) -> None:
        if self._tracker.dataset is None or self._editor_open():
            return
        await self._tracker.show_browse()
        self.action_new_position()

    @work(group="edit")
    async def add_position(self, round_id: str | None, party: str | None, topic: str | None) -> None:
        """Insert the commented template into the party's file for the round (after the topic's
        last position) and open the editor on it; nothing is written until it is filled in."""
        from tracker.app.screens.editor import EditorScreen, editable_as_is
        from tracker.app.screens.pickers import PickerScreen

        app = self._tracker
        dataset = app.dataset
        if dataset is None or not dataset.rounds:
            app.notify("There are no rounds yet: ctrl+p, New round… creates one", severity="warning")
            return
        if round_id not in dataset.rounds:
            round_id = dataset.latest()[0]
        if party is None:
            choices = [(p, dataset.party_name(p)) for p in [*dataset.parties, JOINT]]
            party = await app.push_screen_wait(PickerScreen("New position: whose?", choices))
            if party is None:
                return
        data = dataset.rounds[round_id]
        path = data.files.get(party) or data.folder / f"{party}.yaml"
        template = position_template(topic=topic, topics=list(dataset.topics), joint=party == JOINT, parties=dataset.agreement_parties(round_id))
        try:
            loaded = await asyncio.to_thread(read_for_edit, path)
            insertion = insert_position(loaded.text, template, joint=party == JOINT, after_topic=topic)
        except EditError as exc:
            app.notify(visible(str(exc)), severity="error", timeout=15, markup=False)
            return
        if not editable_as_is(loaded.text):
            app.notify(
                visible(f"{display_path(path)} mixes line endings, which the editor here would change: use tracker new-position"),
                severity="warning",
                timeout=15,
                markup=False,
            )
            return
        what = "joint agreement" if party == JOINT else f"position of {dataset.party_name(party)}"
        subject = f"new {what} · {data.round.label} · fill in the placeholders"
        editor = EditorScreen(app.data_dir, loaded, text=insertion.text, line=insertion.lines.start, template=insertion, subject=subject)
        closed = await app.push_screen_wait(editor)
        if not closed.saved:
            app.notify("No position added", timeout=4)
        await self._after_editor(closed)

    # -- E: $VISUAL / $EDITOR --------------------------------------------------------------------------

    def action_edit_position_externally(self) -> None:
        position = self._position_to_edit()
        if position is not None and not self._blocked():
            self.edit_externally(position)

    @work(group="edit")
    async def edit_externally(self, position: Position) -> None:
        """The `tracker edit` loop with the app suspended while the editor runs."""
        from tracker.app.screens.confirm import DISCARD, EDIT_AGAIN, invalid_edit_screen

        app = self._tracker
        assert position.origin is not None
        try:
            editor_command(Path("-"))  # before any draft is written
        except EditError as exc:
            app.notify(visible(f"{exc}. Or press e to edit here in the app."), title="No external editor", severity="warning", timeout=15, markup=False)
            return
        try:
            session = await asyncio.to_thread(self._start_session, position)
        except EditError as exc:
            app.notify(visible(str(exc)), severity="error", timeout=15, markup=False)
            return
        while True:
            try:
                status = self.run_external_editor(session.editor_command())
            except EditError as exc:
                if session.has_edits():
                    app.notify(visible(f"{exc}; {session.kept_message('nothing saved')}"), severity="error", timeout=30, markup=False)
                else:
                    session.discard()
                    app.notify(visible(str(exc)), severity="error", timeout=15, markup=False)
                return
            if status != 0:
                if session.has_edits():
                    message = session.kept_message(f"the editor exited with status {status}: nothing saved")
                else:
                    session.discard()
                    message = f"The editor exited with status {status}: nothing saved"
                app.notify(visible(message), severity="warning", timeout=20, markup=False)
                return
            try:
                result = await asyncio.to_thread(session.apply)
            except EditError as exc:
                app.notify(visible(str(exc)), severity="error", timeout=30, markup=False)
                return
            if result.outcome not in (Outcome.INVALID, Outcome.STILL_INVALID):
                break
            choice = await app.push_screen_wait(invalid_edit_screen(session.problem_lines(), display_path(session.draft)))
            if choice == EDIT_AGAIN:
                continue
            if choice == DISCARD:
                session.discard()
                app.notify("Edit discarded: nothing was saved", timeout=6)
            else:
                app.notify(visible(session.kept_message("Not saved")), severity="warning", timeout=30, markup=False)
            return
        if result.outcome is Outcome.SAVED:
            assert result.loaded is not None and result.dataset is not None
            self.note_own_write(result.loaded)
            await self.use_saved_data(result.dataset)
            app.notify(visible(f"Saved {display_path(session.path)}"), timeout=5, markup=False)
            if not await app.reveal(position.round, position.key):
                new = position_at(app.dataset, session.path, session.line or 1) if app.dataset else None
                if new is not None:
                    await app.reveal(new.round, new.key)
        elif result.outcome is Outcome.CONFLICT:
            app.notify(visible(result.message), title="Not saved", severity="error", timeout=30, markup=False)
        else:  # no changes, or the draft emptied
            app.notify(visible(result.message[:1].upper() + result.message[1:]), timeout=5, markup=False)

    def _start_session(self, position: Position) -> EditSession:
        assert position.origin is not None
        loaded = read_for_edit(position.origin.file)
        found = position_lines(loaded.text, position.id, joint=position.party == JOINT)
        return EditSession.start(self._tracker.data_dir, loaded, line=found.start if found else position.origin.line)

    def run_external_editor(self, argv: list[str]) -> int:
        """Run the editor with the terminal handed over to it. Headless (in tests) there is no
        terminal to hand over, and the editor runs as it is."""
        app = self._tracker
        try:
            with app.suspend():
                return run_editor(argv)
        except SuspendNotSupported:
            if not app.is_headless:
                raise EditError("this terminal cannot be handed over to an external editor; e edits in the app") from None
            return run_editor(argv)
        finally:
            app.refresh()

    # -- new round ---------------------------------------------------------------------------------

    @work(group="edit")
    async def new_round(self) -> None:
        """Ask for an id and a date, copy the latest round before it as text, and show it."""
        from tracker.app.screens.new_round import NewRoundScreen

        app = self._tracker
        dataset = app.dataset
        if self.refuse_read_only():
            return
        if dataset is None or app.problems:
            # With problems on disk the data shown is the last good load: a new round checked
            # against it could be blamed for problems that are not its own.
            app.notify("The data has problems: fix them first (ctrl+r reloads)", severity="warning")
            return
        answer = await app.push_screen_wait(NewRoundScreen([(rid, data.round.date) for rid, data in dataset.rounds.items()]))
        if answer is None:
            return
        round_id, date, source = answer
        try:
            new = await asyncio.to_thread(scaffold_round, dataset, round_id, date, source)
        except EditError as exc:
            app.notify(visible(str(exc)), title="No round created", severity="error", timeout=20, markup=False)
            return
        except DataError as exc:
            app.notify(
                problems_summary(exc.problems) + "\nThe new round did not validate, so it was removed again.",
                title="No round created",
                severity="error",
                timeout=30,
                markup=False,
            )
            return
        self._own_writes[os.path.abspath(new.folder)] = None
        for path in new.files:
            self.note_own_write(await asyncio.to_thread(read_for_edit, path))
        try:
            fresh = await asyncio.to_thread(load_dataset, app.data_dir)
        except DataError:
            app.reload_data()  # something else broke meanwhile: the app's own path reports it
            return
        await self.use_saved_data(fresh)
        browse = await app.show_browse()
        browse.set_round(round_id)
        update = f"update {', '.join(new.to_update)} in round.yaml, then" if new.to_update else "now update"
        app.notify(
            visible(f"Round {round_id} created as a copy of {source}: {update} each party's positions (e edits one, n adds one)"),
            title="New round",
            timeout=20,
            markup=False,
        )

    # -- live reload ---------------------------------------------------------------------------------

    def start_live_reload(self) -> None:
        app = self._tracker
        if not live_reload_wanted(self.live_reload, app.is_headless):
            return
        self._watch_stop.clear()
        self.watching = True
        self._watch_files()

    def stop_live_reload(self) -> None:
        self._watch_stop.set()
        self.watching = False
        self.watch_ready.clear()

    def on_unmount(self) -> None:
        self.stop_live_reload()

    def watched_paths(self) -> tuple[Path, Path | None, list[Path]]:
        """(data directory, source catalogue, the folders to watch)."""
        root = self._tracker.data_dir.resolve()
        sources = find_sources_file(root)
        sources = sources.resolve() if sources is not None else None
        folders = [root]
        if sources is not None and root not in sources.parents:
            folders.append(sources.parent)
        return root, sources, folders

    @work(thread=True, group="live-reload-watch", exit_on_error=False, name="data file watcher")
    def _watch_files(self) -> None:
        app = self._tracker
        root, _sources, folders = self.watched_paths()
        try:
            while not self._watch_stop.is_set():
                # A watched folder deleted and made again (a restore, a checkout replacing it)
                # is not watched any more: wait for it to be back, reload, and watch it anew.
                if not all(folder.is_dir() for folder in folders):
                    self.watch_ready.clear()
                    if self._watch_stop.wait(FOLDER_POLL_SECONDS):
                        return
                    if all(folder.is_dir() for folder in folders):
                        app.post_message(FilesChanged(set(folders)))
                    continue
                self._watch_until_folder_gone()
        except Exception as exc:  # noqa: BLE001 - e.g. out of inotify watches: say so, keep working
            if not self._watch_stop.is_set():
                self.watching = False
                app.notify(
                    visible(f"Live reload is off: cannot watch {display_path(root)} ({exc}); ctrl+r reloads by hand"),
                    severity="warning",
                    timeout=15,
                    markup=False,
                )

    def _watch_until_folder_gone(self) -> None:
        """Post each burst of changes to the app; return when stopped or a watched folder goes."""
        from watchfiles import watch

        app = self._tracker
        root, sources, folders = self.watched_paths()
        for changes in watch(
            *folders,
            watch_filter=lambda _change, path: is_data_change(root, sources, path) or Path(path) in folders,
            debounce=DEBOUNCE_MS,
            step=STEP_MS,
            rust_timeout=WATCH_TIMEOUT_MS,
            stop_event=self._watch_stop,
            raise_interrupt=False,
            yield_on_timeout=True,  # an empty set the first time: the folders are watched now
        ):
            self.watch_ready.set()
            if not changes:
                continue
            app.post_message(FilesChanged({Path(path) for _change, path in changes}))
            if not all(folder.is_dir() for folder in folders):
                self.watch_ready.clear()
                return

    def on_files_changed(self, message: FilesChanged) -> None:
        app = self._tracker
        self.changes_seen = [*self.changes_seen[-4:], message.paths]
        for mode in app.MODES:
            try:
                stack = app.get_screen_stack(mode)
            except KeyError:
                continue
            for screen in stack:
                path = getattr(screen, "path", None)
                if isinstance(path, Path) and any(same_file(path, changed) for changed in message.paths):
                    screen.file_changed_on_disk()  # type: ignore[attr-defined]
        if app.dataset is None:
            app.reload_data()  # the errors screen shows what is left, or goes once it is fixed
            return
        self._reload_after_change(message.paths)

    @work(thread=True, exclusive=True, group="live-reload", exit_on_error=False)
    def _reload_after_change(self, paths: set[Path]) -> None:
        from tracker.app.app import DataLoaded, build_indexes
        from tracker.app.render import answers_index

        app = self._tracker
        if all(self._is_own_write(path) for path in paths):
            return
        worker = get_current_worker()
        started = time.perf_counter()
        try:
            dataset = load_dataset(app.data_dir)
            indexes, answers = build_indexes(dataset), answers_index(dataset)
        except DataError as exc:
            if not worker.is_cancelled:
                app.post_message(LiveReloadFailed(exc.problems))
            return
        except Exception as exc:  # noqa: BLE001 - shown in the app rather than as a traceback
            if not worker.is_cancelled:
                app.post_message(LiveReloadFailed([Problem(app.data_dir, 1, 1, "", f"cannot load the data: {type(exc).__name__}: {exc}")]))
            return
        if worker.is_cancelled:
            return
        if self._data_stale:
            self._data_stale = False
            app.call_from_thread(app.clear_notifications)
        notice = visible(f"Reloaded after a change to {changed_files(paths)}: {dataset.count_positions()} positions in {len(dataset.rounds)} rounds")
        app.post_message(DataLoaded(dataset, indexes, answers, time.perf_counter() - started, notice=notice))

    def on_live_reload_failed(self, message: LiveReloadFailed) -> None:
        app = self._tracker
        app.problems = message.problems
        self._data_stale = True
        for screen in app.screen_stack:
            redraw = getattr(screen, "redraw_bars", None)
            if redraw is not None:
                redraw()
        count = count_problems(message.problems)
        app.notify(
            problems_summary(message.problems),
            title=f"{count} problem{'s' * (count != 1)} in the files: showing the data as last loaded",
            severity="error",
            timeout=STALE_NOTICE_SECONDS,
            markup=False,
        )

