"""Small modal dialogs: choose one of a list (a round, a party, …), or type a file name."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from tracker.app.render import literal

ANY = "*any*"
"""The option id of 'no filter'; never a valid slug, so it cannot clash with an id."""


class PickerScreen(ModalScreen[str | None]):
    """A list to choose from; returns the chosen id, or None when dismissed with esc."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="picker.cancel"),
        Binding("q", "cancel", "Cancel", show=False, id="picker.close"),
    ]

    def __init__(self, title: str, options: Sequence[tuple[str, str]], current: str | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.options = list(options)
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.title_text), classes="dialog-title")
            yield OptionList(*(Option(literal(label, one_line=True), id=value) for value, label in self.options), id="picker-options")
            yield Label(Text("enter choose · esc cancel", style="dim"), classes="dialog-hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        ids = [value for value, _ in self.options]
        if self.current in ids:
            options.highlighted = ids.index(self.current)
        elif ids:
            options.highlighted = 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option_id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class PromptScreen(ModalScreen[str | None]):
    """One line of text to type, e.g. a file name; returns it, or None when dismissed."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="prompt.cancel")]

    def __init__(self, title: str, value: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.title_text), classes="dialog-title")
            yield Input(self.value, id="prompt-input", select_on_focus=False)
            yield Label(Text("enter save · esc cancel", style="dim"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = event.value.strip()
        self.dismiss(value or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
