"""`?`: every key of the app, from the same Binding declarations that feed the footer."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from tracker.app.widgets.panes import DetailPane

KeySection = tuple[str, Sequence[tuple[str, Binding]]]
"""A heading and its (key as displayed, binding) pairs."""


def help_text(sections: Sequence[KeySection]) -> Group:
    """Each section a table: key, what it does, the binding id to remap it by."""
    parts: list[RenderableType] = []
    for title, rows in sections:
        parts.append(Text(title, style="bold underline"))
        grid = Table.grid(padding=(0, 2), expand=True)
        grid.add_column(width=10, no_wrap=True, style="bold")
        grid.add_column(ratio=1)
        grid.add_column(width=22, no_wrap=True, style="dim")
        for key, binding in rows:
            what = Text(binding.description or binding.action)
            if binding.tooltip:
                what.append(f" — {binding.tooltip}", style="dim")
            grid.add_row(Text(key), what, Text(binding.id or ""))
        parts += [grid, Text()]
    from tracker.report.terms import TERMS

    parts.append(Text("Words a comparison uses", style="bold underline"))
    words = Table.grid(padding=(0, 2), expand=True)
    words.add_column(width=16, no_wrap=True, style="bold")
    words.add_column(ratio=1)
    for term, meaning in TERMS.items():
        words.add_row(Text(term), Text(meaning))
    parts += [words, Text()]
    parts.append(Text("tab moves between the table and the detail pane; the mouse works too.", style="dim"))
    parts.append(Text("Remap a key by its id, e.g. TRACKER_KEYS='quit=ctrl+q,search=f' tracker", style="dim"))
    return Group(*parts)


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
