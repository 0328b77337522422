"""The detail pane and the one-line bars above the tables."""

from __future__ import annotations

import io

from rich.console import Console, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from tracker.problems import count_problems


class DetailPane(VerticalScroll):
    """A scrollable pane holding one Rich renderable built from Text, never from markup."""

    DEFAULT_CSS = """
    DetailPane { padding: 0 1; }
    DetailPane > Static { width: 100%; }
    """

    def compose(self) -> ComposeResult:
        yield Static(Text(""), id="detail-body")

    def show(self, content: RenderableType) -> None:
        self.query_one("#detail-body", Static).update(content)
        self.scroll_home(animate=False)

    def show_message(self, message: str) -> None:
        self.show(Text(message, style="italic dim"))

    @property
    def plain(self) -> str:
        """What the pane shows, as plain text (for tests and the clipboard)."""
        body = self.query_one("#detail-body", Static).content
        if isinstance(body, Text):
            return body.plain
        console = Console(file=io.StringIO(), width=400, record=True, color_system=None)
        console.print(body)
        return console.export_text()


def stale_mark(widget: Widget) -> Text:
    """After a live reload found problems, a lasting mark in the title bars that the data shown is
    the last good load (the notice about it goes after a while)."""
    app = widget.app
    problems = getattr(app, "problems", None)
    if getattr(app, "dataset", None) is None or not problems:
        return Text("")
    count = count_problems(problems)
    return Text(f"   ⚠ {count} problem{'s' * (count != 1)} in the files: showing the last good data", style="bold red")


def theme_style(widget: Widget, background: str = "primary", foreground: str = "#ffffff", bold: bool = True) -> str:
    """A Rich style from the theme's colours, for Text drawn by hand (Rich cannot read $primary)."""
    variables = widget.app.get_css_variables()
    colour = variables.get(background, "#0178D4")
    return f"{'bold ' if bold else ''}{foreground} on {colour}"


def text_colour(widget: Widget, name: str = "text-accent") -> str:
    return widget.app.get_css_variables().get(name, "#FFC473")


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
