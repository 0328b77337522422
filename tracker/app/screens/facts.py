"""A round's facts (date, venue, chair, delegations) and its joint agreements."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from tracker.app.render import literal, round_facts, round_label
from tracker.app.widgets.panes import DetailPane
from tracker.dataset import Dataset


class RoundFactsScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "close", "Close", id="facts.close"),
        Binding("f", "close", "Close", show=False, id="facts.toggle"),
        Binding("q", "close", "Close", show=False, id="facts.quit"),
    ]

    def __init__(self, dataset: Dataset, round_id: str) -> None:
        super().__init__()
        self.dataset = dataset
        self.round_id = round_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide-dialog"):
            yield Label(literal(f"Round facts · {round_label(self.dataset, self.round_id)}"), classes="dialog-title")
            yield DetailPane(id="facts-body")
            yield Label(literal("esc close · ↑↓ scroll", "dim"), classes="dialog-hint")

    def on_mount(self) -> None:
        pane = self.query_one(DetailPane)
        pane.show(round_facts(self.dataset, self.round_id))
        pane.focus()

    def action_close(self) -> None:
        self.dismiss(None)
