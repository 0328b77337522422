"""`?`: every key of the app, from the same Binding declarations that feed the footer."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from tracker.app.widgets.panes import DetailPane

KeySection = tuple[str, Sequence[tuple[str, Binding]]]
"""A heading and its (key as displayed, binding) pairs."""


def help_text(sections: Sequence[KeySection]) -> Text:
    out = Text(end="")
    width = max((len(key) for _, rows in sections for key, _ in rows), default=8) + 2
    for number, (title, rows) in enumerate(sections):
        if number:
            out.append("\n")
        out.append(f"{title}\n", "bold underline")
        for key, binding in rows:
            out.append(f"  {key:<{width}}", "bold")
            out.append(binding.description or binding.action)
            if binding.id:
                out.append(f"  {binding.id}", "dim")
            out.append("\n")
    out.append("\nRemap a key by its id: TRACKER_KEYS='quit=ctrl+q,search=f' tracker", style="dim")
    return out


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "close", "Close", id="help.close"),
        Binding("question_mark", "close", "Close", show=False, id="help.toggle"),
        Binding("q", "close", "Close", show=False, id="help.quit"),
    ]

    def __init__(self, sections: Sequence[KeySection]) -> None:
        super().__init__()
        self.sections = list(sections)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide-dialog"):
            yield Label(Text("Keys"), classes="dialog-title")
            yield DetailPane(id="help-body")
            yield Label(Text("esc close · ↑↓ scroll · ctrl+p commands", style="dim"), classes="dialog-hint")

    def on_mount(self) -> None:
        pane = self.query_one(DetailPane)
        pane.show(help_text(self.sections))
        pane.focus()

    def action_close(self) -> None:
        self.dismiss(None)
