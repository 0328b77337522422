"""A table that renders only the rows on screen, so replacing 10,000 rows costs next to nothing.

Textual's DataTable measures and stores every cell when rows are added, which takes seconds for
ten thousand positions; a live search replaces the rows on every keystroke. This table keeps a
plain list of row objects and asks a renderer for the cells of the rows being drawn, caching them.
Columns fit the width: one flexible column takes what is left, and low-priority columns are
dropped on narrow terminals rather than scrolling sideways.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

Cells = Sequence[Text] | Text
"""A row's cells in column order, or one Text spanning the whole row (a group heading)."""


@dataclass(frozen=True, slots=True)
class Column:
    label: str
    width: int = 0
    """Fixed width; 0 makes this the flexible column that takes the remaining width."""
    min_width: int = 10
    drop_order: int = 0
    """Columns with a higher number are hidden first when the table is narrow; 0 never."""


class VirtualTable(ScrollView, can_focus=True):
    """Rows of any objects, drawn by a renderer; a cursor row; Highlighted/Selected messages."""

    COMPONENT_CLASSES = {"virtual-table--header", "virtual-table--cursor", "virtual-table--heading"}
    DEFAULT_CSS = """
    VirtualTable {
        background: $surface;
        scrollbar-gutter: stable;
    }
    VirtualTable > .virtual-table--header { background: $panel; color: $text-muted; text-style: bold; }
    VirtualTable > .virtual-table--heading { color: $accent; text-style: bold; }
    VirtualTable > .virtual-table--cursor { background: $block-cursor-blurred-background; }
    VirtualTable:focus > .virtual-table--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
    }
    """
    BINDINGS = [
        Binding("up", "cursor_up", "Up", show=False, id="table.up"),
        Binding("down", "cursor_down", "Down", show=False, id="table.down"),
        Binding("pageup", "page_up", "Page up", show=False, id="table.page_up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="table.page_down"),
        Binding("home", "first", "First row", show=False, id="table.first"),
        Binding("end", "last", "Last row", show=False, id="table.last"),
        Binding("enter", "select", "Open", show=False, tooltip="into the detail pane to scroll it (esc back)", id="table.select"),
    ]

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    class Highlighted(Message):
        def __init__(self, table: VirtualTable, index: int, row: Any) -> None:
            super().__init__()
            self.table, self.index, self.row = table, index, row

        @property
        def control(self) -> VirtualTable:
            return self.table

    class Selected(Highlighted):
        pass

    def __init__(
        self,
        columns: Sequence[Column],
        renderer: Callable[[Any], Cells],
        *,
        empty_text: str = "Nothing to show",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.columns = list(columns)
        self.renderer = renderer
        self.empty_text = empty_text
        self._rows: list[Any] = []
        self._cache: dict[int, tuple[Any, Cells]] = {}

    # -- data ----------------------------------------------------------------------------------

    @property
    def rows(self) -> list[Any]:
        return self._rows

    @property
    def row_count(self) -> int:
        return len(self._rows)

    @property
    def highlighted_row(self) -> Any | None:
        return self._rows[self.cursor] if 0 <= self.cursor < len(self._rows) else None

    def set_rows(
        self,
        rows: Sequence[Any],
        keep: Callable[[Any], Hashable] | None = None,
        clear_cache: bool = False,
        cursor: int | None = None,
    ) -> None:
        """Replace the rows. The cursor goes to `cursor`, or with `keep` stays on the row with
        the same key if there is one, else to the first row."""
        previous = self.highlighted_row
        self._rows = list(rows)
        if clear_cache:
            self._cache.clear()
        target = cursor or 0
        if cursor is None and keep is not None and previous is not None:
            wanted = keep(previous)
            target = next((i for i, row in enumerate(self._rows) if keep(row) == wanted), 0)
        self._update_virtual_size()
        self.refresh()
        self.cursor = target

    def move_to(self, predicate: Callable[[Any], bool]) -> bool:
        index = next((i for i, row in enumerate(self._rows) if predicate(row)), None)
        if index is None:
            return False
        self.cursor = index
        return True

    def clear_cache(self) -> None:
        self._cache.clear()
        self.refresh()

    def _cells(self, row: Any) -> Cells:
        cached = self._cache.get(id(row))
        if cached is not None and cached[0] is row:
            return cached[1]
        cells = self.renderer(row)
        self._cache[id(row)] = (row, cells)
        return cells

    # -- cursor --------------------------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self._rows) - 1)) if self._rows else 0

    def watch_cursor(self, value: int) -> None:
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.Highlighted(self, value, self.highlighted_row))

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _scroll_to_cursor(self) -> None:
        page = self._page()
        top = int(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + page:
            self.scroll_to(y=self.cursor - page + 1, animate=False, immediate=True)

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_page_up(self) -> None:
        self.cursor -= self._page()

    def action_page_down(self) -> None:
        self.cursor += self._page()

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self._rows) - 1

    def action_select(self) -> None:
        if self.highlighted_row is not None:
            self.post_message(self.Selected(self, self.cursor, self.highlighted_row))

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y == 0:
            return
        index = int(self.scroll_y) + offset.y - 1
        if 0 <= index < len(self._rows):
            self.cursor = index
            if event.chain >= 2:
                self.action_select()

    # -- layout and drawing --------------------------------------------------------------------

    def on_resize(self) -> None:
        self._update_virtual_size()
        self._scroll_to_cursor()

    def _update_virtual_size(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self._rows) + 1)

    def layout_columns(self, width: int) -> list[tuple[int, int]]:
        """(column index, width) of the columns shown at this width, one space between them."""
        shown = list(range(len(self.columns)))
        flexible = next((i for i, c in enumerate(self.columns) if c.width == 0), None)
        by_drop = sorted((i for i, c in enumerate(self.columns) if c.drop_order), key=lambda i: -self.columns[i].drop_order)

        def fixed_total(indices: list[int]) -> int:
            return sum(self.columns[i].width for i in indices if i != flexible) + len(indices) - 1

        while by_drop and flexible is not None and width - fixed_total(shown) < self.columns[flexible].min_width:
            shown.remove(by_drop.pop(0))
        widths = []
        for i in shown:
            w = self.columns[i].width if i != flexible else max(1, width - fixed_total(shown))
            widths.append((i, w))
        return widths

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if width <= 0:
            return Strip.blank(0)
        layout = self.layout_columns(width)
        if y == 0:
            line = self._join([Text(self.columns[i].label) for i, _ in layout], layout, width)
            line.stylize(self.get_component_rich_style("virtual-table--header"))
            return self._strip(line, width, base)
        index = int(self.scroll_y) + y - 1
        if index >= len(self._rows):
            if index == 0:
                return self._strip(Text(f" {self.empty_text}", style="italic dim"), width, base)
            return Strip.blank(width, base)
        cells = self._cells(self._rows[index])
        if isinstance(cells, Text):
            line = cells.copy()
            line.truncate(width, overflow="ellipsis", pad=True)
            line.stylize_before(self.get_component_rich_style("virtual-table--heading", partial=True))
        else:
            line = self._join([cells[i] if i < len(cells) else Text() for i, _ in layout], layout, width)
        if index == self.cursor:
            line.stylize(self.get_component_rich_style("virtual-table--cursor"))
        return self._strip(line, width, base)

    def _join(self, cells: list[Text], layout: list[tuple[int, int]], width: int) -> Text:
        line = Text(no_wrap=True, end="")
        for n, (cell, (_, cell_width)) in enumerate(zip(cells, layout)):
            piece = cell.copy()
            piece.no_wrap = True
            piece.truncate(cell_width, overflow="ellipsis", pad=True)
            if n:
                line.append(" ")
            line.append_text(piece)
        line.truncate(width, pad=True)
        return line

    def _strip(self, line: Text, width: int, base: Any) -> Strip:
        line.truncate(width, pad=True)
        segments = list(line.render(self.app.console))
        return Strip(segments, width).apply_style(base).simplify()
