"""Styled text built without importing Rich.

The text reports are written as runs of (string, style). Piped or redirected, only the plain
string is printed and Rich is never loaded; on a terminal the runs become a `rich.text.Text`
(`Styled` is a Rich renderable through `__rich__`). The strings are never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.text import Text

Part = tuple[str, str]


class Styled:
    __slots__ = ("parts", "end")

    def __init__(self, text: str = "", style: str = "", end: str = "\n") -> None:
        self.parts: list[Part] = [(text, style)] if text else []
        self.end = end

    def append(self, text: str, style: str = "") -> Styled:
        if text:
            self.parts.append((text, style))
        return self

    @property
    def plain(self) -> str:
        return "".join(text for text, _ in self.parts)

    def __str__(self) -> str:
        return self.plain

    def __repr__(self) -> str:
        return f"Styled({self.plain!r})"

    @classmethod
    def join(cls, lines: Iterable[Styled], separator: str = "\n", end: str = "\n") -> Styled:
        joined = cls(end=end)
        for number, line in enumerate(lines):
            if number:
                joined.parts.append((separator, ""))
            joined.parts.extend(line.parts)
        return joined

    def to_rich(self) -> Text:
        from rich.text import Span, Text

        spans, offset = [], 0
        for text, style in self.parts:
            if style:
                spans.append(Span(offset, offset + len(text), style))
            offset += len(text)
        return Text(self.plain, spans=spans, end=self.end)

    __rich__ = to_rich
