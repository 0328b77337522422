"""Printing the text format: styled through Rich on a terminal, plain text everywhere else.

On a terminal Rich's Console draws the styles (without colour when NO_COLOR is set) and long
lines wrap under their own indentation. Piped or redirected, the plain text is written as it is:
no escape code can slip through, nothing is wrapped (each row stays one line for grep), and the
command does not pay for importing the Console.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.text import Text

    from tracker.report.styled import Styled

_SYMBOLS = ("+ ", "- ", "~ ", "= ", "• ")
_LABELS = ("was: ", "now: ")
MIN_WRAP = 20


def make_console() -> Console:
    """A console on the current sys.stdout, never reading markup or emoji codes from data."""
    from rich.console import Console

    class ReportConsole(Console):
        def on_broken_pipe(self) -> None:
            # Rich would exit 1; the command line treats a reader that left (`| head`) as success.
            self.quiet = True
            raise BrokenPipeError

    return ReportConsole(highlight=False, markup=False, emoji=False)


def is_terminal() -> bool:
    """Whether stdout takes styles, decided as Rich decides it (TTY_COMPATIBLE, FORCE_COLOR,
    then isatty) but without building a Console."""
    tty_compatible = os.environ.get("TTY_COMPATIBLE", "")
    if tty_compatible in ("0", "1"):
        return tty_compatible == "1"
    force_color = os.environ.get("FORCE_COLOR")
    if force_color is not None:
        return force_color != ""
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def print_text(text: Styled | Text, console: Console | None = None) -> None:
    """On a terminal through Rich, wrapped under each line's indentation; elsewhere the plain
    text, one line per row, and not a single escape code."""
    if console is None and not is_terminal():
        from tracker.report.options import write

        write(text.plain + text.end)
        return
    console = console or make_console()
    rich_text = text.to_rich() if hasattr(text, "to_rich") else text
    if console.is_terminal:
        console.print(hang(rich_text, console), soft_wrap=True)
    else:
        console.print(rich_text, soft_wrap=True)


def print_renderable(renderable: RenderableType, console: Console | None = None) -> None:
    (console or make_console()).print(renderable)


def hang(text: Text, console: Console) -> Text:
    """Wrap each line to the console's width, continuing under the line's own indentation
    (past its row symbol or its `was:`/`now:` label)."""
    from rich.cells import cell_len
    from rich.text import Text

    width = console.width
    lines = []
    for line in text.split("\n", allow_blank=True):
        plain = line.plain
        if cell_len(plain) <= width:
            lines.append(line)
            continue
        body = plain.lstrip(" ")
        indent = len(plain) - len(body)
        extra = 2 if body.startswith(_SYMBOLS) else 5 if body.startswith(_LABELS) else 2
        wrapped = line[indent:].wrap(console, max(width - indent - extra, MIN_WRAP))
        for number, part in enumerate(wrapped):
            part.rstrip()
            lines.append(Text(" " * (indent if number == 0 else indent + extra), end="") + part)
    return Text("\n", end=text.end).join(lines)
