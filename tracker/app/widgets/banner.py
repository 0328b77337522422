"""A line at the top of the browse and compare screens while some files have problems: the
rounds in them are left out, and `!` lists the problems."""

from __future__ import annotations

from rich.text import Text

from tracker.app.render import literal
from tracker.app.widgets.panes import Bar


class ProblemsBanner(Bar):
    """Shows the app's `problem_note`; hidden while it is empty."""

    DEFAULT_CSS = """
    ProblemsBanner { background: $error-muted; color: $text; display: none; }
    ProblemsBanner.-shown { display: block; }
    """

    def __init__(self) -> None:
        super().__init__(classes="problems-banner")

    def on_mount(self) -> None:
        self.watch(self.app, "problem_note", self._show)

    def _show(self, note: str) -> None:
        self.set_class(bool(note), "-shown")
        text = Text()
        if note:
            text.append("⚠ ", "bold")
            text.append_text(literal(note))
        self.set_text(text)
