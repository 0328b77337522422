"""Small modal dialogs that ask before something is lost: discard an edit? edit again, keep the
draft or discard it? Each returns the chosen value through dismiss(), so a worker can write
`choice = await app.push_screen_wait(ChoiceScreen(...))` and carry on in straight code."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from tracker.app.render import literal
from tracker.app.widgets.panes import DetailPane


@dataclass(frozen=True, slots=True)
class Choice:
    value: str
    label: str
    key: str
    """One letter that chooses it at once."""


class ChoiceScreen(ModalScreen[str]):
    """A question, an optional body (say, the problems found) and a few choices, each with a key.
    esc returns `cancel`: a value the caller picks so that esc never loses anything."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="choice.cancel")]

    def __init__(self, title: str, choices: Sequence[Choice], *, cancel: str, body: Text | None = None, default: str | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.choices = list(choices)
        self.cancel = cancel
        self.body = body
        self.default = default if default is not None else self.choices[0].value

    def compose(self) -> ComposeResult:
        classes = "dialog choice-dialog" + (" with-body" if self.body is not None else "")
        with Vertical(classes=classes):
            yield Label(literal(self.title_text), classes="dialog-title")
            if self.body is not None:
                yield DetailPane(id="choice-body")
            options = []
            for choice in self.choices:
                label = Text()
                label.append(f"{choice.key}  ", style="bold")
                label.append_text(literal(choice.label, one_line=True))
                options.append(Option(label, id=choice.value))
            yield OptionList(*options, id="choice-options")
            cancel = next((c for c in self.choices if c.value == self.cancel), None)
            hint = "enter or a key chooses · esc " + (cancel.label.lower() if cancel else "cancels")
            yield Label(Text(hint, style="dim"), classes="dialog-hint")

    def on_mount(self) -> None:
        if self.body is not None:
            self.query_one(DetailPane).show(self.body)
        options = self.query_one(OptionList)
        values = [c.value for c in self.choices]
        options.highlighted = values.index(self.default) if self.default in values else 0
        options.focus()

    def on_key(self, event: events.Key) -> None:
        for choice in self.choices:
            if event.character == choice.key:
                event.stop()
                self.dismiss(choice.value)
                return

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_id is not None:
            self.dismiss(event.option_id)

    def action_cancel(self) -> None:
        self.dismiss(self.cancel)


# The questions the editing flows ask, with their answers as constants.

SAVE, DISCARD, KEEP_DRAFT, KEEP_EDITING, EDIT_AGAIN = "save", "discard", "keep-draft", "keep-editing", "edit-again"


def unsaved_changes_screen(file_label: str) -> ChoiceScreen:
    """esc in the editor with changes not saved."""
    return ChoiceScreen(
        f"{file_label} has changes that are not saved",
        [
            Choice(KEEP_EDITING, "Keep editing", "e"),
            Choice(SAVE, "Save (only if the data stays valid), then close", "s"),
            Choice(KEEP_DRAFT, "Close and keep the edit as a draft", "k"),
            Choice(DISCARD, "Close and discard the changes", "d"),
        ],
        cancel=KEEP_EDITING,
    )


def invalid_edit_screen(problem_lines: Sequence[str], draft_label: str) -> ChoiceScreen:
    """After $EDITOR handed back text with problems. There is no 'save anyway'."""
    body = Text()
    for line in problem_lines:
        body.append_text(literal(line))
        body.append("\n")
    body.append("Your edit is in ", style="dim")
    body.append_text(literal(draft_label, "dim"))
    return ChoiceScreen(
        f"Not saved: {len(problem_lines)} problem{'s' * (len(problem_lines) != 1)}",
        [
            Choice(EDIT_AGAIN, "Edit again (the problems are listed at the top of the draft)", "e"),
            Choice(KEEP_DRAFT, "Keep the draft and stop", "k"),
            Choice(DISCARD, "Discard the edit", "d"),
        ],
        cancel=KEEP_DRAFT,
        body=body,
    )
