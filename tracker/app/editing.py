"""The app's side of editing: the in-app editor and $EDITOR on a position, a new position, a
new round, and quitting without losing an edit.

The rules live in the core (tracker.editing, tracker.yamltext): text edits only, validated in
memory, atomic writes, drafts outside the data directory. `Editing` decides what to edit, runs
the dialogs in order (each a `push_screen_wait` inside a worker, so the flow reads top to bottom)
and hands the data a save validated to the app. The app owns one and routes its edit keys to it;
it is given only what it needs: the app to push screens on and notify through, the data shown,
and ways to show the browse screen, to show saved data and to reload.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import SuspendNotSupported

from tracker.app.data import DataLoaded, build_indexes
from tracker.app.render import answers_index, problems_summary, round_label, visible
from tracker.dataset import Dataset
from tracker.editing.drafts import draft_base_matches, drafts_of, latest_draft, read_draft, remove_draft, write_draft
from tracker.editing.external_editor import editor_command, run_editor
from tracker.editing.files import read_for_edit
from tracker.editing.new_round import scaffold_round
from tracker.editing.saving import EditResult, Outcome
from tracker.editing.session import EditSession
from tracker.loader import load_dataset
from tracker.model import JOINT, Position
from tracker.problems import DataError, display_path
from tracker.yamltext import EditError, insert_position, position_lines, position_template, same_file, strip_problem_header

if TYPE_CHECKING:
    from textual.app import App

    from tracker.app.data import ShownData
    from tracker.app.live_reload import OwnWrites
    from tracker.app.screens.browse import BrowseScreen
    from tracker.app.screens.editor import EditorClosed, EditorScreen
    from tracker.problems import Problem


RESUME = "resume"


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


class Editing:
    """Editing the data from the app."""

    def __init__(
        self,
        app: App[Any],
        *,
        data: ShownData,
        own_writes: OwnWrites,
        read_only: bool,
        show_browse: Callable[[], Awaitable[BrowseScreen]],
        show_data: Callable[[DataLoaded], None],
        reload: Callable[[], object],
    ) -> None:
        self.app = app
        """The app to push screens on, notify through and suspend for $EDITOR."""
        self.data = data
        self.own_writes = own_writes
        self.read_only = read_only
        """Show the data but never write it: the bundled dataset standing in for the user's."""
        self._show_browse = show_browse
        self._show_data = show_data
        self._reload = reload
        self.exit_notes: list[str] = []
        """Lines for the terminal once the app has closed (`tracker tui` prints them)."""

    # -- handing saved data to the app ------------------------------------------------------------

    async def saved(self, result: EditResult) -> None:
        """A save wrote a file: its event on disk is no reason to reload, and the dataset it
        validated is what is on disk now."""
        assert result.loaded is not None and result.dataset is not None
        self.own_writes.note(result.loaded)
        await self.use_saved_data(result.dataset)

    async def use_saved_data(self, dataset: Dataset) -> None:
        """Show the dataset a save validated (it is what is now on disk), keeping every screen's
        round, filters and selection, without loading the files again."""
        started = time.perf_counter()
        indexes, answers = await asyncio.to_thread(lambda: (build_indexes(dataset), answers_index(dataset)))
        self._show_data(DataLoaded(dataset, indexes, answers, time.perf_counter() - started, notice=""))

    async def reveal(self, round_id: str, key: tuple[str, str]) -> bool:
        """Show one position (party, id) of a round on the browse screen, e.g. after it was edited
        or created. False if the data shown has no such position."""
        screen = await self._show_browse()
        return screen.reveal(round_id, key)

    # -- what to edit ------------------------------------------------------------------------------

    def _browse(self) -> BrowseScreen | None:
        from tracker.app.screens.browse import BrowseScreen

        screen = self.app.screen
        return screen if isinstance(screen, BrowseScreen) else None

    def _editor_screens(self) -> list[EditorScreen]:
        from tracker.app.screens.editor import EditorScreen

        found = []
        for mode in self.app.MODES:
            try:
                stack = self.app.get_screen_stack(mode)
            except KeyError:
                continue
            found += [screen for screen in stack if isinstance(screen, EditorScreen)]
        return found

    def refuse_read_only(self) -> bool:
        """The bundled dataset stands in for the user's (no data directory where tracker was
        started): show it, but never change it, as the command-line editing commands refuse to."""
        if self.read_only:
            self.app.notify(
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
            self.app.notify("An edit is open already: finish it first (esc closes it)", severity="warning")
            return True
        return False

    def quit(self) -> None:
        """Quit, but not over an edit that is not saved (ctrl+q works inside the editor)."""
        unsaved = [screen for screen in self._editor_screens() if screen.modified]
        if unsaved:
            self.app.run_worker(partial(self._quit_after_asking, unsaved[0]), group="edit")
        else:
            self.app.exit()

    def keep_unsaved_edits(self) -> None:
        """The terminal closed or tracker was told to stop (SIGHUP, SIGTERM): each edit not saved
        is written to a draft at once, with the text it began from, and `e` on its file offers it
        at the next start. Synchronous: the process is about to end."""
        for editor in self._editor_screens():
            if not editor.modified:
                continue
            try:
                draft = write_draft(editor.path, editor.text_area.text, base=editor.loaded.text)
            except (EditError, OSError) as exc:
                self.exit_notes.append(f"tracker: {display_path(editor.path)} not saved, and no draft could be written: {exc}")
            else:
                self.exit_notes.append(f"tracker: not saved; your edit is kept in {display_path(draft)} (e on it in tracker offers it)")

    async def _quit_after_asking(self, editor: EditorScreen) -> None:
        from tracker.app.screens.confirm import DISCARD, KEEP_DRAFT, Choice, ChoiceScreen

        app = self.app
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
        browse = self._browse()
        if self.data.dataset is None or browse is None:
            return None
        position = browse.selected_position
        if position is None or position.origin is None:
            self.app.notify("No position selected: n adds one", severity="warning")
            return None
        return position

    def _known_problems(self, path: Path) -> list[Problem]:
        return [p for p in self.data.problems if p.file.resolve() == path.resolve()]

    # -- e: the in-app editor ----------------------------------------------------------------------

    def edit_selected(self) -> None:
        """The position selected on the browse screen, in the app's editor."""
        position = self._position_to_edit()
        if position is not None and not self._blocked():
            self.app.run_worker(partial(self._edit_in_app, position), group="edit")

    async def _edit_in_app(self, position: Position) -> None:
        from tracker.app.screens.editor import EditorScreen, editable_as_is

        app = self.app
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
        dataset = self.data.dataset
        subject = f"{position.id} · {dataset.party_name(position.party) if dataset else position.party}"
        resumed = await self._offer_kept_draft(loaded.path, loaded.text)
        text = strip_problem_header(read_draft(resumed)) if resumed is not None else None
        editor = EditorScreen(self.data.data_dir, loaded, text=text, line=line, subject=subject, problems=self._known_problems(loaded.path), saved=self.saved)
        closed = await app.push_screen_wait(editor)
        if resumed is not None and closed.saved:
            await asyncio.to_thread(remove_draft, resumed)
        await self._after_editor(closed)

    async def _offer_kept_draft(self, path: Path, current: str) -> Path | None:
        """The draft to resume, if an edit of this file was kept (the app closed by a signal, a
        quit or a close that kept it) and the user takes it up. One begun on an older version of
        the file is not offered, since saving it would undo what changed since."""
        from tracker.app.screens.confirm import Choice, ChoiceScreen

        kept = await asyncio.to_thread(drafts_of, path)
        if not kept:
            return None
        latest = latest_draft(kept)
        if await asyncio.to_thread(draft_base_matches, latest, current) is False:
            self.app.notify(
                visible(f"An edit of {display_path(path)} is kept in {display_path(latest)}, begun before the file last changed: carry it over by hand"),
                severity="warning", timeout=20, markup=False,
            )  # fmt: skip
            return None
        question = ChoiceScreen(
            f"An edit of {path.name} not saved is kept in {display_path(latest)}",
            [Choice(RESUME, "Resume that edit", "r"), Choice("file", "Edit the file as it is (the draft stays)", "f")],
            cancel="file",
        )
        return latest if await self.app.push_screen_wait(question) == RESUME else None

    async def _after_editor(self, closed: EditorClosed) -> None:
        """After a save, show the position the cursor was in (its id may have changed)."""
        dataset = self.data.dataset
        if closed.saved and dataset is not None:
            position = position_at(dataset, closed.path, closed.line)
            if position is not None:
                await self.reveal(position.round, position.key)

    # -- n: a new position -------------------------------------------------------------------------

    def new_position(self) -> None:
        """A new position in the round browsed, for the party and topic shown or selected."""
        browse = self._browse()
        if self.data.dataset is None or browse is None or self._blocked():
            return
        selected = browse.selected_position
        party = browse.criteria.party or (selected.party if selected else None)
        topic = browse.criteria.topic or (selected.topic if selected else None)
        self.app.run_worker(partial(self._add_position, browse.round_id, party, topic), group="edit")

    async def palette_new_position(self) -> None:
        """New position from the command palette: on the browse screen, as n there."""
        if self.data.dataset is None or self._editor_open():
            return
        await self._show_browse()
        self.new_position()

    async def _add_position(self, round_id: str | None, party: str | None, topic: str | None) -> None:
        """Insert the commented template into the party's file for the round (after the topic's
        last position) and open the editor on it; nothing is written until it is filled in."""
        from tracker.app.screens.editor import EditorScreen, editable_as_is
        from tracker.app.screens.pickers import PickerScreen

        app = self.app
        dataset = self.data.dataset
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
        subject = f"new {what} · {round_label(dataset, data.round.id)} · fill in the placeholders"
        editor = EditorScreen(self.data.data_dir, loaded, text=insertion.text, line=insertion.lines.start, template=insertion, subject=subject, saved=self.saved)
        closed = await app.push_screen_wait(editor)
        if not closed.saved:
            app.notify("No position added", timeout=4)
        await self._after_editor(closed)

    # -- E: $VISUAL / $EDITOR --------------------------------------------------------------------------

    def edit_selected_externally(self) -> None:
        """The position selected on the browse screen, in $VISUAL or $EDITOR."""
        position = self._position_to_edit()
        if position is not None and not self._blocked():
            self.app.run_worker(partial(self._edit_externally, position), group="edit")

    async def _edit_externally(self, position: Position) -> None:
        """The `tracker edit` loop with the app suspended while the editor runs."""
        from tracker.app.screens.confirm import DISCARD, EDIT_AGAIN, invalid_edit_screen

        app = self.app
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
        try:
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
                await self.saved(result)
                app.notify(visible(f"Saved {display_path(session.path)}"), timeout=5, markup=False)
                if not await self.reveal(position.round, position.key):
                    dataset = self.data.dataset
                    new = position_at(dataset, session.path, session.line or 1) if dataset else None
                    if new is not None:
                        await self.reveal(new.round, new.key)
            elif result.outcome is Outcome.CONFLICT:
                app.notify(visible(result.message), title="Not saved", severity="error", timeout=30, markup=False)
            else:  # no changes, or the draft emptied
                app.notify(visible(result.message[:1].upper() + result.message[1:]), timeout=5, markup=False)
        finally:
            session.keep()  # the session is over: a draft left is one to resume now

    def _start_session(self, position: Position) -> EditSession:
        assert position.origin is not None
        loaded = read_for_edit(position.origin.file)
        found = position_lines(loaded.text, position.id, joint=position.party == JOINT)
        return EditSession.start(self.data.data_dir, loaded, line=found.start if found else position.origin.line)

    def run_external_editor(self, argv: list[str]) -> int:
        """Run the editor with the terminal handed over to it. Headless (in tests) there is no
        terminal to hand over, and the editor runs as it is."""
        app = self.app
        try:
            with app.suspend():
                return run_editor(argv)
        except SuspendNotSupported:
            if not app.is_headless:
                raise EditError("this terminal cannot be handed over to an external editor; e edits in the app") from None
            return run_editor(argv)
        finally:
            app.refresh()

    def open_problem(self, problem: Problem) -> None:
        """The user's own editor on a problem's file, at its line: the data is broken already, so
        there is nothing to check a save against; the reload after it shows what is left."""
        if self.refuse_read_only():
            return
        if not problem.file.is_file():
            self.app.notify(f"{display_path(problem.file)} is not a file to open: fix it by hand", severity="warning", markup=False)
            return
        try:
            status = self.run_external_editor(editor_command(problem.file, problem.line))
        except EditError as exc:
            self.app.notify(str(exc), severity="error", timeout=15, markup=False)
            return
        if status != 0:
            self.app.notify(f"The editor exited with status {status}", severity="warning", markup=False)
        self.app.notify("Reloading…", timeout=1)
        self._reload()

    # -- new round ---------------------------------------------------------------------------------

    def new_round(self) -> None:
        """Ask for an id and a date, copy the latest round before it as text, and show it."""
        self.app.run_worker(partial(self._new_round), group="edit")

    async def _new_round(self) -> None:
        from tracker.app.screens.new_round import NewRoundScreen

        app = self.app
        dataset = self.data.dataset
        if self.refuse_read_only():
            return
        if dataset is None or self.data.problems:
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
        self.own_writes.note_folder(new.folder)
        for path in new.files:
            self.own_writes.note(await asyncio.to_thread(read_for_edit, path))
        try:
            fresh = await asyncio.to_thread(load_dataset, self.data.data_dir)
        except DataError:
            self._reload()  # something else broke meanwhile: the app's own path reports it
            return
        await self.use_saved_data(fresh)
        browse = await self._show_browse()
        browse.set_round(round_id)
        update = f"update {', '.join(new.to_update)} in round.yaml, then" if new.to_update else "now update"
        app.notify(
            visible(f"Round {round_id} created as a copy of {source}: {update} each party's positions (e edits one, n adds one)"),
            title="New round",
            timeout=20,
            markup=False,
        )
