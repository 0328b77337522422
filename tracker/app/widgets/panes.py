"""The detail pane and the one-line bars above the tables."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static


class DetailPane(VerticalScroll):
    """A scrollable pane holding one Rich Text: never markup, so data shows as typed."""

    DEFAULT_CSS = """
    DetailPane { padding: 0 1; }
    DetailPane > Static { width: 100%; }
    """

    def compose(self) -> ComposeResult:
        yield Static(Text(""), id="detail-body")

    def show(self, text: Text) -> None:
        self.query_one("#detail-body", Static).update(text)
        self.scroll_home(animate=False)

    def show_message(self, message: str) -> None:
        self.show(Text(message, style="italic dim"))

    @property
    def plain(self) -> str:
        """What the pane shows, as plain text (for tests and the clipboard)."""
        body = self.query_one("#detail-body", Static).content
        return body.plain if isinstance(body, Text) else str(body)


class Bar(Static):
    """A one-line bar of Text; it never parses markup."""

    DEFAULT_CSS = """
    Bar { height: 1; width: 100%; padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(Text(""), id=id, classes=classes, markup=False)
        self._text = Text("")

    def set_text(self, text: Text) -> None:
        self._text = text
        self.update(text)

    @property
    def plain(self) -> str:
        return self._text.plain
