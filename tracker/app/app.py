"""The Textual app: browse the positions of a round, compare two rounds, see the matrix.

The app owns the dataset. It loads it in a thread (`reload_data`), builds the search indexes
there too, and tells the screens; each screen keeps its own round, filters and selection and
re-applies them to new data, so a reload (or a live reload after an edit) loses nothing.
It owns the editing (`Editing`) and the watcher of the files on disk (`DataWatcher`) too, and
routes its keys and messages to them; they, and the screens, see the data through `ShownData`.
"""

from __future__ import annotations

import asyncio
import gc
import os
import signal
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable

from tracker.app.data import DataFailed, DataLoaded, ReloadFailed, build_indexes
from tracker.app.editing import Editing
from tracker.app.filtering import SearchIndex
from tracker.app.live_reload import DataWatcher, FilesChanged, OwnWrites
from tracker.app.palette import TrackerCommands
from tracker.app.render import AnswerKey, answers_index, problems_summary, visible
from tracker.app.screens.browse import BrowseScreen
from tracker.app.screens.errors import ErrorsScreen
from tracker.app.screens.facts import RoundFactsScreen
from tracker.app.screens.help import HelpScreen, KeySection
from tracker.app.screens.pickers import PickerScreen
from tracker.app.widgets.virtual_table import VirtualTable
from tracker.dataset import Dataset
from tracker.loader import load_dataset
from tracker.model import Position
from tracker.problems import DataError, Problem, count_problems, display_path

if TYPE_CHECKING:
    from tracker.app.screens.compare import CompareScreen

ScreenT = TypeVar("ScreenT", bound=Screen)
STALE_NOTICE_SECONDS = 60


def compare_screen() -> Screen:
    """The compare screen, imported on first use: the first screen does not wait for it."""
    from tracker.app.screens.compare import CompareScreen

    return CompareScreen()


def problem_note(problems: Sequence[Problem], root: Path) -> str:
    """The banner's line: how many problems, in which files, and that their rounds are left out."""
    if not problems:
        return ""
    files = list(dict.fromkeys(p.file for p in problems))
    named = ", ".join(display_path(f, root) for f in files[:2]) + (f" and {len(files) - 2} more" if len(files) > 2 else "")
    count = len(problems)
    return f"{count} problem{'s' * (count != 1)} in {named}: the rounds in {'them' if len(files) > 1 else 'it'} are left out. ! lists the problems"


def parse_keymap(spec: str) -> dict[str, str]:
    """'quit=ctrl+q,search=f' -> {'quit': 'ctrl+q', 'search': 'f'}; malformed parts are skipped."""
    keymap = {}
    for part in spec.split(","):
        binding_id, _, keys = part.partition("=")
        if binding_id.strip() and keys.strip():
            keymap[binding_id.strip()] = keys.strip()
    return keymap


class TrackerApp(App[None]):
    """Positions in negotiations, round by round."""

    TITLE = "tracker"
    CSS_PATH = "tracker.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (150, "-wide")]
    MODES = {"browse": BrowseScreen, "compare": compare_screen}
    COMMANDS = App.COMMANDS | {TrackerCommands}
    BINDINGS = [
        Binding("b", "browse", "Browse", id="browse"),
        Binding("c", "compare", "Compare", id="compare"),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, priority=True, id="command_palette"),
        Binding("ctrl+r", "reload", "Reload data", show=False, id="reload"),
        Binding("exclamation_mark", "problems", "Problems", tooltip="the problems in the files left out", id="problems"),
        Binding("q", "quit", "Quit", id="quit"),
    ]

    problem_note: reactive[str] = reactive("")
    """One line on the problems in the files left out of the data shown (the banner's); '' when none."""

    def __init__(
        self,
        data_dir: Path | str,
        keymap: dict[str, str] | None = None,
        live_reload: bool | None = None,
        notice: str | None = None,
        read_only: bool = False,
    ) -> None:
        super().__init__()
        self.data_dir = Path(data_dir)
        self._warned: list[str] = []
        """The warnings last shown, so a reload repeats them only when they change."""
        self._compared_from_browse: str | None = None
        """The browsed round the comparison was last set from (see action_compare)."""
        self.start_notice = notice
        """Said once the app is up: e.g. that the bundled dataset stands in for the user's."""
        self.read_only = read_only
        """Show the data but never write it: the bundled dataset standing in for the user's."""
        self.live_reload = live_reload
        """Reload when the files change on disk; None: on in a terminal, off headless (see live_reload.py)."""
        self._data_stale = False
        """A reload after a change on disk failed: the data shown is as last loaded, and a
        notification says so until data is shown again."""
        self.dataset: Dataset | None = None
        self.indexes: dict[str, SearchIndex] = {}
        self.answers: dict[AnswerKey, list[Position]] = {}
        """(round, party, id) -> the positions that respond to that one."""
        self.problems: list[Problem] = []
        self.generation = 0
        """Counts successful loads; a screen that has seen this generation is up to date."""
        self.load_seconds: float | None = None
        self._keymap_overrides = keymap if keymap is not None else parse_keymap(os.environ.get("TRACKER_KEYS", ""))
        # The app is where the data shown is held: both are given it as `data` (see ShownData).
        own_writes = OwnWrites()
        self.watcher = DataWatcher(self, data=self, own_writes=own_writes)
        self._signals: list[int] = []
        """The signals the app handles while it runs (see _stop_on)."""
        self.editing = Editing(
            self,
            data=self,
            own_writes=own_writes,
            read_only=read_only,
            show_browse=self.show_browse,
            show_data=self.on_data_loaded,
            reload=self.reload_data,
        )

    def on_mount(self) -> None:
        if self._keymap_overrides:
            self.set_keymap(self._keymap_overrides)
        self.sub_title = display_path(self.data_dir)
        if self.start_notice:
            self.notify(self.start_notice, timeout=8, markup=False)
        self.switch_mode("browse")
        self.reload_data()
        self.watcher.start(self.live_reload)
        self._stop_on(signal.SIGHUP, signal.SIGTERM)

    def on_unmount(self) -> None:
        self.watcher.stop()
        loop = asyncio.get_running_loop()
        for signum in self._signals:
            loop.remove_signal_handler(signum)

    def _stop_on(self, *signals: int) -> None:
        """The terminal closing (SIGHUP) or a request to stop (SIGTERM) keeps every edit not saved
        in a draft, then ends the app: by default either would end the process and lose it."""
        loop = asyncio.get_running_loop()
        for signum in signals:
            try:
                loop.add_signal_handler(signum, self._stopped_by, signum)
            except (NotImplementedError, RuntimeError, ValueError):  # not the main thread, or no such signal here
                continue
            self._signals.append(signum)

    def _stopped_by(self, signum: int) -> None:
        self.editing.keep_unsaved_edits()
        self.exit(return_code=128 + signum)

    # -- data ----------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def reload_data(self) -> None:
        """Load the data directory off the event loop; the screens keep their selection."""
        started = time.perf_counter()
        try:
            dataset = load_dataset(self.data_dir)
            indexes = build_indexes(dataset)
            answers = answers_index(dataset)
        except DataError as exc:
            partial = exc.partial
            if partial is None or not partial.rounds:
                self.post_message(DataFailed(exc.problems))
                return
            # The rounds that are whole can still be browsed and compared; the banner says which
            # files are left out, and `!` lists their problems.
            message = DataLoaded(partial, build_indexes(partial), answers_index(partial), time.perf_counter() - started, problems=exc.problems)
            self.post_message(message)
        except Exception as exc:  # noqa: BLE001 - shown in the app rather than as a traceback
            self.post_message(DataFailed([Problem(self.data_dir, 1, 1, "", f"cannot load the data: {type(exc).__name__}: {exc}")]))
        else:
            self.post_message(DataLoaded(dataset, indexes, answers, time.perf_counter() - started))

    def on_data_loaded(self, message: DataLoaded) -> None:
        first = self.dataset is None
        if self._data_stale:  # a reload, or a save, after the files were fixed
            self._data_stale = False
            self.clear_notifications()
        self.dataset, self.indexes, self.problems = message.dataset, message.indexes, message.problems
        self.problem_note = problem_note(message.problems, self.data_dir)
        self.answers = message.answers
        # The dataset lives until the next load: keep the collector from walking its hundreds of
        # thousands of objects during a search (a full collection is a 30-40 ms pause at 10,000).
        gc.collect()
        gc.freeze()
        self.load_seconds = message.seconds
        self.generation += 1
        self.call_after_refresh(self._make_search_texts, message.indexes)
        if isinstance(self.screen, ErrorsScreen):
            self.pop_screen()  # with problems left, the banner says so and `!` brings them back
        for screen in self.screen_stack:
            sync = getattr(screen, "sync_with_data", None)
            if sync is not None:
                sync()
        self.refresh_bindings()  # b and c are shown only while there is data
        if message.problems:
            self.notify(self.problem_note, title="Some files have problems", severity="error", timeout=8, markup=False)
        elif message.notice:
            self.notify(message.notice, timeout=3, markup=False)
        elif not first and message.notice is None:
            self.notify(f"Reloaded {message.dataset.count_positions()} positions in {len(message.dataset.rounds)} rounds", timeout=3)
        warnings = message.dataset.warnings
        if warnings and (first or [w.format() for w in warnings] != self._warned):
            count = len(warnings)
            lines = "\n".join(visible(w.format()) for w in warnings[:3]) + ("\n…" if count > 3 else "")
            self.notify(lines, title=f"{count} warning{'s' * (count != 1)}: tracker validate lists {'them' if count != 1 else 'it'}", severity="warning", timeout=12, markup=False)
        self._warned = [w.format() for w in warnings]

    @work(thread=True, group="search-texts", exit_on_error=False)
    def _make_search_texts(self, indexes: dict[str, SearchIndex]) -> None:
        """The search texts of a new load, once its first screen is drawn (DeferredSearchIndex)."""
        for index in indexes.values():
            index.texts  # noqa: B018 - made on first read

    def on_data_failed(self, message: DataFailed) -> None:
        self.problems = message.problems
        self.problem_note = ""  # nothing is shown for a banner to qualify
        for screen in self.screen_stack:
            if isinstance(screen, ErrorsScreen):
                screen.show_problems(message.problems)
                return
        self.push_screen(ErrorsScreen(self.data_dir, message.problems, open_in_editor=self.editing.open_problem))

    def on_files_changed(self, message: FilesChanged) -> None:
        if not self.watcher.files_changed(message.paths):
            self.reload_data()  # the errors screen shows what is left, or goes once it is fixed

    def on_reload_failed(self, message: ReloadFailed) -> None:
        """Keep the data shown, and say that it is stale and why."""
        self.problems = message.problems
        self._data_stale = True
        for screen in self.screen_stack:
            redraw = getattr(screen, "redraw_bars", None)
            if redraw is not None:
                redraw()
        count = count_problems(message.problems)
        self.notify(
            problems_summary(message.problems),
            title=f"{count} problem{'s' * (count != 1)} in the files: showing the data as last loaded",
            severity="error",
            timeout=STALE_NOTICE_SECONDS,
            markup=False,
        )

    def answered_by(self, position: Position) -> list[Position]:
        return self.answers.get((position.round, position.party, position.id), [])

    def history(self, position: Position) -> list[tuple[str, Position | None]]:
        """The same position (party and id) at every round, None where it is not on record: a
        lookup per round in the search indexes, cheap enough for every cursor move."""
        out: list[tuple[str, Position | None]] = []
        for round_id, index in self.indexes.items():
            at = index.index_of.get(position.key)
            out.append((round_id, index.positions[at] if at is not None else None))
        return out

    @property
    def selected_position(self) -> Position | None:
        """The position highlighted on the browse or compare screen (with .origin file and line)."""
        for screen in reversed(self.screen_stack):
            position = getattr(screen, "selected_position", None)
            if position is not None:
                return position
        return None

    # -- navigation ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The key to the screen you are on is left out of the footer, and both while no data loaded.
        if action in ("browse", "compare") and (self.current_mode == action or self.dataset is None):
            return False
        if action == "problems" and (not self.problems or isinstance(self.screen, ErrorsScreen)):
            return False
        return True

    def _data_ready(self) -> bool:
        if self.dataset is None:
            self.notify("No data loaded: fix the problems listed, then ctrl+r reloads", severity="warning")
            return False
        return True

    def action_browse(self) -> None:
        if self._data_ready():
            self.switch_mode("browse")

    async def action_compare(self) -> None:
        """Compare rounds. Coming from browsing a round other than the one last compared from,
        the comparison is that round with the one before it (or after it, for the first)."""
        if not self._data_ready() or self.dataset is None:
            return
        browsed = self.screen.round_id if isinstance(self.screen, BrowseScreen) else None
        compare = await self.show_compare()
        if browsed is None or browsed == self._compared_from_browse or browsed not in self.dataset.rounds:
            return
        self._compared_from_browse = browsed
        ids = self.dataset.round_ids()
        at = ids.index(browsed)
        pair = (ids[at - 1], browsed) if at > 0 else (browsed, ids[at + 1]) if len(ids) > 1 else None
        if pair is not None and pair != (compare.from_round, compare.to_round):
            compare.set_rounds(*pair)

    def action_problems(self) -> None:
        """Every problem in the files left out, as the errors screen lists them."""
        if self.problems and not isinstance(self.screen, ErrorsScreen):
            behind = "the rounds in these files are left out" if self.problem_note else "the data shown is as last loaded"
            self.push_screen(ErrorsScreen(self.data_dir, self.problems, behind=behind, open_in_editor=self.editing.open_problem))

    def action_reload(self) -> None:
        self.notify("Reloading…", timeout=1)
        self.reload_data()

    # -- editing: the keys are the app's, the work is Editing's ------------------------------------

    def action_edit_position(self) -> None:
        self.editing.edit_selected()

    def action_edit_position_externally(self) -> None:
        self.editing.edit_selected_externally()

    def action_new_position(self) -> None:
        self.editing.new_position()

    async def action_quit(self) -> None:
        """Quit, but not over an edit that is not saved (ctrl+q works inside the editor)."""
        self.editing.quit()

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.key_sections()))

    async def show_browse(self) -> BrowseScreen:
        """Switch to the browse screen (mounting it if needed) and return it."""
        await self.switch_mode("browse")
        return self._mode_screen("browse", BrowseScreen)

    async def show_compare(self) -> CompareScreen:
        from tracker.app.screens.compare import CompareScreen

        await self.switch_mode("compare")
        return self._mode_screen("compare", CompareScreen)

    def _mode_screen(self, mode: str, kind: type[ScreenT]) -> ScreenT:
        screen = next(s for s in self.get_screen_stack(mode) if isinstance(s, kind))
        return screen

    def key_sections(self) -> list[KeySection]:
        """Every binding, grouped by where it works, with the key as currently mapped."""
        from tracker.app.screens.compare import CompareScreen
        from tracker.app.screens.editor import EditorScreen

        matrix_keys = [b for b in DataTable.BINDINGS if isinstance(b, Binding) and b.action.startswith("cursor_")]
        groups: list[tuple[str, Sequence[Binding]]] = [
            ("Everywhere", self.BINDINGS),  # type: ignore[arg-type]
            ("Browse", BrowseScreen.BINDINGS),  # type: ignore[arg-type]
            ("Compare and matrix", CompareScreen.BINDINGS),  # type: ignore[arg-type]
            ("Tables (positions, changes)", VirtualTable.BINDINGS),  # type: ignore[arg-type]
            ("Matrix cells (Textual's own keys)", matrix_keys),
            ("Dialogs", PickerScreen.BINDINGS),  # type: ignore[arg-type]
            ("Round facts", RoundFactsScreen.BINDINGS),  # type: ignore[arg-type]
            ("Errors screen", ErrorsScreen.BINDINGS),  # type: ignore[arg-type]
            ("Editor (e, n on a position)", EditorScreen.BINDINGS),  # type: ignore[arg-type]
        ]
        keymap = self._keymap_overrides
        sections: list[KeySection] = []
        for title, bindings in groups:
            rows = []
            for binding in bindings:
                keys = keymap.get(binding.id or "", binding.key)
                display = ", ".join(self.get_key_display(Binding(k.strip(), binding.action)) for k in keys.split(","))
                rows.append((display, binding))
            sections.append((title, rows))
        return sections

    # -- a bug of ours ------------------------------------------------------------------------------

    def _print_error_renderables(self) -> None:
        """An error in the app's own code: one plain line, as the other commands say it; the
        traceback only with TRACKER_DEBUG=1 (Textual prints its full traceback otherwise)."""
        if os.environ.get("TRACKER_DEBUG") or not self._exit_renderables:
            super()._print_error_renderables()
            return
        error = self._exception
        what = f"{type(error).__name__}: {error}" if error is not None else "an unexpected error"
        self._exit_renderables.clear()
        self.error_console.print(f"tracker: internal error: {what}", markup=False, highlight=False)
        self.error_console.print("tracker: this is a bug; run again with TRACKER_DEBUG=1 for the traceback and report it", markup=False, highlight=False)
