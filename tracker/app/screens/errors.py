"""Every problem in the data, as file:line:col: shown instead of the data when none of it can be
loaded, and a key (`!`) away from the rounds that could be, when only some files have problems."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static

from tracker.app.render import literal
from tracker.app.widgets.panes import Bar, DetailPane
from tracker.problems import Problem, count_problems, display_path


def problems_text(problems: Sequence[Problem]) -> Text:
    out = Text(end="")
    for problem in problems:
        where = f"{display_path(problem.file)}:{problem.line}:{problem.col}"
        out.append_text(literal(where, "bold"))
        out.append(": ")
        out.append(f"{problem.severity}: ", "bold red")
        if problem.field:
            out.append_text(literal(f"{problem.field}: ", "yellow"))
        out.append_text(literal(problem.message))
        out.append("\n")
    return out


class ErrorsScreen(Screen[None]):
    """The data could not be loaded. Fix the files, then reload (ctrl+r) or quit."""

    BINDINGS = [
        Binding("E", "open_in_editor", "Open in $EDITOR", tooltip="the file of the first problem, at its line", id="errors.open_in_editor"),
        Binding("ctrl+r", "app.reload", "Reload", id="errors.reload"),
        Binding("escape", "back", "Back to the data", id="errors.back"),
        Binding("q", "app.quit", "Quit", id="errors.quit"),
    ]

    def __init__(
        self,
        root: Path,
        problems: Sequence[Problem],
        behind: str | None = None,
        open_in_editor: Callable[[Problem], None] | None = None,
    ) -> None:
        super().__init__()
        self.root = root
        self.problems = list(problems)
        self.behind = behind
        """What the data under this screen is, when it was opened over it (`!`); esc goes back."""
        self.open_in_editor = open_in_editor
        """Opens a problem's file in the user's editor, at its line (E)."""

    def compose(self) -> ComposeResult:
        yield Bar(id="errors-title", classes="title-bar")
        yield DetailPane(id="errors-body")
        yield Static(
            Text(
                "Fix the files above (E opens the first in $EDITOR), then ctrl+r reloads. "
                "`tracker validate` prints the same list.",
                style="dim",
            ),
            id="errors-hint",
        )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.show_problems(self.problems)

    def show_problems(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        files = len({p.file for p in problems})
        title = Text()
        title.append(f" {count_problems(problems)} problem(s) in {files} file(s) — the data in ", style="bold")
        title.append_text(literal(display_path(self.root), "bold"))
        if self.behind:
            title.append_text(literal(f": {self.behind} (esc: back)", "bold"))
        else:
            title.append(" cannot be shown", style="bold")
        self.query_one("#errors-title", Bar).set_text(title)
        pane = self.query_one("#errors-body", DetailPane)
        pane.show(problems_text(problems))
        pane.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.behind is not None if action == "back" else True

    def action_back(self) -> None:
        if self.behind is not None:
            self.dismiss()

    def action_open_in_editor(self) -> None:
        if self.problems and self.open_in_editor is not None:
            self.open_in_editor(self.problems[0])
