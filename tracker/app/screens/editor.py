"""The in-app editor: one data file's YAML text, written only when the whole dataset stays valid.

The buffer is the file's text, nothing re-serialised. ctrl+s hands it to the core's save_text,
which validates the dataset with the buffer in memory and writes the file atomically if it is
valid and unchanged on disk. When it is not valid, the problems are listed under the text and
nothing is written; the buffer stays as it is.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets.text_area import Document
from textual.screen import Screen
from textual.widgets import Footer, OptionList, TextArea
from textual.widgets.option_list import Option

from tracker.app.render import literal, visible
from tracker.app.screens.confirm import DISCARD, KEEP_DRAFT, KEEP_EDITING, SAVE, unsaved_changes_screen
from tracker.app.widgets.panes import Bar
from tracker.editing.drafts import write_draft
from tracker.editing.files import LoadedFile, read_for_edit
from tracker.editing.saving import EditResult, Outcome, save_text
from tracker.yamltext import EditError
from tracker.problems import Problem, count_problems, display_path
from tracker.yamltext import Insertion, problem_text, same_file, split_lines


@dataclass(frozen=True, slots=True)
class EditorClosed:
    """What the editor hands back when it closes."""

    path: Path
    saved: bool
    """Whether anything was saved while it was open."""
    line: int
    """The cursor's line (1-based) when it closed: the position worked on."""


def editable_as_is(text: str) -> bool:
    """Whether the editor widget hands this text back unchanged when it is not edited. It keeps one
    kind of line ending per file: a file that mixes them would have its other lines rewritten."""
    return Document(text).text == text


class EditorScreen(Screen[EditorClosed]):
    """Edit a file's text; ctrl+s validates and saves, esc closes (asking if there are changes)."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", tooltip="check the whole dataset, then write the file", priority=True, id="editor.save"),
        Binding("escape", "close", "Close", tooltip="asks first if there are changes not saved", priority=True, id="editor.close"),
        Binding("f8", "next_problem(1)", "Next problem", tooltip="after a save that found problems", id="editor.next_problem"),
        Binding("shift+f8", "next_problem(-1)", "Previous problem", show=False, id="editor.previous_problem"),
    ]

    def __init__(
        self,
        root: Path,
        loaded: LoadedFile,
        *,
        text: str | None = None,
        line: int | None = None,
        template: Insertion | None = None,
        subject: str = "",
        problems: list[Problem] | None = None,
        saved: Callable[[EditResult], Awaitable[None]] | None = None,
    ) -> None:
        super().__init__()
        self._on_saved = saved
        """Hands a save's result on (its dataset is what is now on disk) to be shown."""
        self._known_problems = list(problems or [])
        """Problems the last load found in this file, listed from the start."""
        self.root = root
        self.loaded = loaded
        """The file as last read or written: the base the next save is checked against."""
        self.initial = loaded.text if text is None else text
        """What the buffer started with (a new position's template, inserted): closing with just
        that loses nothing of the user's."""
        self.kept: str | None = None
        """The text last kept in a draft (after a conflict), so closing need not ask about it."""
        self.start_line = line
        self.template = template
        self.subject = subject
        self.problems: list[Problem] = []
        self.saved = False
        self._problem_index = -1

    @property
    def text_area(self) -> TextArea:
        return self.query_one("#editor-text", TextArea)

    @property
    def path(self) -> Path:
        return self.loaded.path

    def compose(self) -> ComposeResult:
        yield Bar(id="editor-title", classes="title-bar")
        text_area = TextArea.code_editor(self.initial, soft_wrap=True, id="editor-text")
        try:
            text_area.language = "yaml"
        except Exception:  # noqa: BLE001 - no YAML grammar installed: plain text still edits fine
            text_area.language = None
        yield text_area
        yield OptionList(id="editor-problems", classes="hidden")
        yield Bar(id="editor-status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        text_area = self.text_area
        text_area.theme = "css" if self.app.current_theme.dark else "github_light"
        self._update_title()
        self.set_status("ctrl+s checks the whole dataset with your edit and saves only if it is valid; esc closes")
        if self.start_line:
            row = max(0, min(self.start_line - 1, text_area.document.line_count - 1))
            text_area.move_cursor((row, 0), record_width=True)
            self.call_after_refresh(self._scroll_to_row, row)
        text_area.focus()
        if self._known_problems:
            self.show_problems(self._known_problems)
            self.set_status("The file has the problems listed below (f8 goes to each); ctrl+s saves only once the data is valid")

    def _scroll_to_row(self, row: int) -> None:
        """The position's first line near the top, so as much of it as fits is in view."""
        text_area = self.text_area
        y = text_area.wrapped_document.location_to_offset((row, 0)).y
        text_area.scroll_to(y=max(0, y - 1), animate=False, force=True)

    # -- state shown -------------------------------------------------------------------------------

    @property
    def modified(self) -> bool:
        """Whether closing now would lose an edit of the user's."""
        return self.text_area.text not in (self.loaded.text, self.initial, self.kept)

    def _update_title(self) -> None:
        title = Text(overflow="ellipsis")
        if self.text_area.text != self.loaded.text:
            title.append("● not saved ", style="bold yellow")
        else:
            title.append("Edit ", style="bold")
        title.append_text(literal(display_path(self.path), "bold", one_line=True))
        if self.subject:
            title.append("  ")
            title.append_text(literal(self.subject, "dim", one_line=True))
        self.query_one("#editor-title", Bar).set_text(title)

    def set_status(self, message: str, severity: str = "") -> None:
        style = {"error": "bold red", "warning": "yellow", "ok": "green"}.get(severity, "dim")
        self.query_one("#editor-status", Bar).set_text(literal(message, style, one_line=True))

    @on(TextArea.Changed, "#editor-text")
    def _changed(self) -> None:
        self._update_title()

    # -- problems ----------------------------------------------------------------------------------

    def show_problems(self, problems: list[Problem]) -> None:
        self.problems = problems
        self._problem_index = -1
        options = self.query_one("#editor-problems", OptionList)
        options.clear_options()
        options.add_options([Option(self._problem_label(p), id=str(i)) for i, p in enumerate(problems)])
        options.set_class(not problems, "hidden")
        if problems:
            options.highlighted = 0

    def _problem_label(self, problem: Problem) -> Text:
        label = Text(no_wrap=True, overflow="ellipsis")
        if same_file(problem.file, self.path):
            label.append(f"line {problem.line}:{problem.col}  ", style="bold")
            label.append_text(literal(problem_text(problem), one_line=True))
        else:
            label.append_text(literal(problem.format(), one_line=True))
        return label

    @on(OptionList.OptionSelected, "#editor-problems")
    def _problem_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_id is not None:
            self.jump_to(int(event.option_id))

    def jump_to(self, index: int) -> None:
        problem = self.problems[index]
        self._problem_index = index
        self.query_one("#editor-problems", OptionList).highlighted = index
        if not same_file(problem.file, self.path):
            self.set_status(f"That problem is in another file: {problem.format()}", "warning")
            return
        text_area = self.text_area
        row = max(0, min(problem.line - 1, text_area.document.line_count - 1))
        column = max(0, min(problem.col - 1, len(text_area.document.get_line(row))))
        text_area.move_cursor((row, column), center=True)
        text_area.focus()
        self.set_status(f"line {problem.line}:{problem.col}: {problem_text(problem)}", "error")

    def action_next_problem(self, step: int) -> None:
        if not self.problems:
            self.set_status("No problems listed: ctrl+s checks the data")
            return
        self.jump_to((self._problem_index + step) % len(self.problems))

    # -- saving ------------------------------------------------------------------------------------

    def action_save(self) -> None:
        self.save()

    @work(exclusive=True, group="editor-save")
    async def save(self) -> None:
        await self.save_now()

    async def save_now(self) -> EditResult | None:
        """Validate and save the buffer; show what happened. None when the save failed outright."""
        text = self.text_area.text
        self.set_status("Checking the whole dataset with your edit…")
        try:
            result = await asyncio.to_thread(save_text, self.root, self.loaded, text, self.template)
        except EditError as exc:
            self.set_status(str(exc), "error")
            self.app.notify(visible(str(exc)), severity="error", timeout=20, markup=False)
            return None
        if result.outcome is Outcome.SAVED:
            assert result.loaded is not None and result.dataset is not None
            self._saved(text, result.loaded)
            self.show_problems([])
            if self._on_saved is not None:
                await self._on_saved(result)
            self.set_status(f"Saved {display_path(self.path)}; the data is reloaded", "ok")
        elif result.outcome is Outcome.INVALID:
            self.show_problems(result.problems)
            count = count_problems(result.problems)
            self.set_status(f"Not saved, nothing written: {count} problem{'s' * (count != 1)} · f8 jumps to {'each' if count > 1 else 'it'}", "error")
        elif result.outcome is Outcome.CONFLICT:
            self.kept = text
            self.set_status(result.message, "error")
            self.app.notify(visible(result.message), title="Not saved", severity="error", timeout=30, markup=False)
        else:
            self.show_problems([])  # the file as it is on disk, which loaded
            self.set_status("No changes to save")
        return result

    def _saved(self, text: str, written: LoadedFile) -> None:
        """The file now holds `written`: it is the base for the next save. If the save dropped the
        new-position template's help comments, the buffer drops them too, cursor kept in place."""
        self.loaded, self.saved, self.kept = written, True, None
        text_area = self.text_area
        if written.text != text and text_area.text == text:
            row = text_area.cursor_location[0]
            removed_above = 0
            if self.template is not None:
                help_lines = self.template.help_lines
                removed_above = sum(1 for line in split_lines(text)[:row] if line.rstrip("\r\n") in help_lines)
            self._replace_buffer(written.text, removed_above)
        self.initial = written.text
        self.template = None
        self._update_title()

    def _replace_buffer(self, text: str, lines_removed_above: int) -> None:
        """New text in the buffer with the cursor and the view where they were (less the lines
        removed above the cursor)."""
        text_area = self.text_area
        (row, column), scroll_y = text_area.cursor_location, text_area.scroll_y
        text_area.load_text(text)
        row = max(0, min(row - lines_removed_above, text_area.document.line_count - 1))
        text_area.move_cursor((row, min(column, len(text_area.document.get_line(row)))))
        self.call_after_refresh(text_area.scroll_to, y=max(0, scroll_y - lines_removed_above), animate=False, force=True)

    # -- the file changing under us -----------------------------------------------------------------

    @work(exclusive=True, group="editor-disk")
    async def file_changed_on_disk(self) -> None:
        """The file watcher saw this file change. Unedited, the buffer follows the file; edited, the
        user is told now rather than at ctrl+s."""
        if not await asyncio.to_thread(self.loaded.changed_on_disk):
            return  # our own save, or a rewrite of the same bytes
        if self.text_area.text == self.loaded.text:
            try:
                fresh = await asyncio.to_thread(read_for_edit, self.path)
            except EditError as exc:
                self.set_status(str(exc), "error")
                return
            if editable_as_is(fresh.text):
                self.loaded = fresh
                self.initial = fresh.text
                self._replace_buffer(fresh.text, 0)
                self._update_title()
                self.set_status("The file changed on disk and was read again (you had not changed it here)", "warning")
                return
        self.set_status(
            "The file changed on disk since you opened it: ctrl+s will not overwrite it but keep your edit as a draft", "warning"
        )

    # -- closing -----------------------------------------------------------------------------------

    def action_close(self) -> None:
        self.close_editor()

    @work(exclusive=True, group="editor-close")
    async def close_editor(self) -> None:
        if self.modified:
            choice = await self.app.push_screen_wait(unsaved_changes_screen(self.path.name))
            if choice == KEEP_EDITING:
                return
            if choice == SAVE:
                result = await self.save_now()
                if result is None or result.outcome not in (Outcome.SAVED, Outcome.NO_CHANGES, Outcome.CONFLICT):
                    return  # the problems are listed; the edit stays open
            elif choice == KEEP_DRAFT:
                try:
                    draft = await asyncio.to_thread(write_draft, self.path, self.text_area.text)
                except EditError as exc:
                    self.set_status(str(exc), "error")
                    self.app.notify(visible(str(exc)), severity="error", timeout=20, markup=False)
                    return
                self.app.notify(visible(f"Not saved; your edit is kept in {display_path(draft)}"), timeout=20, markup=False)
            elif choice == DISCARD:
                self.app.notify(visible(f"Changes to {display_path(self.path)} discarded"), timeout=4, markup=False)
        self.dismiss(EditorClosed(self.path, self.saved, self.text_area.cursor_location[0] + 1))
