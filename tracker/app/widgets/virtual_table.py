"""A table that renders only the rows on screen, so replacing 10,000 rows costs next to nothing.

Textual's DataTable measures and stores every cell when rows are added, which takes seconds for
ten thousand positions; a live search replaces the rows on every keystroke. This table keeps a
plain list of row objects and asks a renderer for the cells of the rows being drawn, caching them.
Columns fit the width: a column sized from its content (`fit_columns`) takes what its longest
cell needs, one flexible column takes what is left, and when the width is short the content-sized
columns give up their excess first (a cell may offer a shorter form, see `Alternatives`), then
low-priority columns are dropped rather than scrolling sideways.
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

class Alternatives(tuple):
    """One cell in several forms, fullest first: the table draws the first that fits its column
    (a figure in words, else its symbols), and the last one cut with an ellipsis."""

    @property
    def plain(self) -> str:
        return self[0].plain if self else ""


MOSTLY_BLANK = 0.5
"""A column with something in at most this share of its rows gives way to the flexible one."""

Cell = Text | Alternatives
Cells = Sequence[Cell] | Text
"""A row's cells in column order, or one Text spanning the whole row (a group heading)."""


@dataclass(frozen=True, slots=True)
class Column:
    label: str
    width: int = 0
    """Width until the content is measured; 0 makes this the flexible column that takes the
    remaining width."""
    min_width: int = 10
    """The flexible column: the least it gets before other columns shrink or go. A column sized
    from its content: the least it shrinks to."""
    drop_order: int = 0
    """Columns with a higher number are hidden first when the table is narrow; 0 never."""
    max_width: int = 0
    """Above 0, the column is sized from its content (see `fit_columns`), up to this width."""
    min_table: int = 0
    """Shown only when the table is at least this wide: on a narrow table it leaves the room to
    the columns a row is read by (its content is in the detail pane)."""

    @property
    def fits_content(self) -> bool:
        return self.max_width > 0


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
        self._content_widths: dict[str, int | tuple[int, int]] = {}
        self._fill: dict[str, float] = {}
        self._layout: tuple[int, list[tuple[int, int]]] | None = None

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

    def fit_columns(self, widths: dict[str, int | tuple[int, int]], fill: dict[str, float] | None = None) -> None:
        """The widths the content of the columns needs, by label: the longest cell of each in
        its fullest form, or (that, the longest in its shortest form), which the column then
        does not shrink below while others can give way. The screen measures them over all its
        data, not the rows shown, so the columns hold still while a search narrows the rows.

        `fill` is the share of rows with something in a column (1 when every row has): while the
        flexible column (whose longest cell `widths` may give too) lacks room, a column mostly
        blank (MOSTLY_BLANK) gives up its width down to its longest cell times its fill, so the room goes to
        what the rows hold, not to a column that is wide for a few of them."""
        fill = dict(fill or {})
        if widths != self._content_widths or fill != self._fill:
            self._content_widths, self._fill = dict(widths), fill
            self._layout = None
            self.refresh()

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

    def natural_width(self, column: Column) -> int:
        if not column.fits_content:
            return column.width
        wanted = self._content_widths.get(column.label, column.width)
        full = wanted[0] if isinstance(wanted, tuple) else wanted
        return max(self.least_width(column), min(column.max_width, full))

    def least_width(self, column: Column) -> int:
        wanted = self._content_widths.get(column.label)
        least = min(wanted[1], column.max_width) if isinstance(wanted, tuple) else 0
        return max(column.min_width, len(column.label), least)

    def layout_columns(self, width: int) -> list[tuple[int, int]]:
        """(column index, width) of the columns shown at this width, one space between them.

        Every column starts at its natural width and the flexible one takes the rest. Short of
        room, the columns sized from their content shrink towards their least width (the widest
        first), then the column with the highest drop order goes and the sizing starts again."""
        if self._layout is not None and self._layout[0] == width:
            return self._layout[1]
        columns = self.columns
        shown = [i for i, c in enumerate(columns) if width >= c.min_table]
        flexible = next((i for i, c in enumerate(columns) if c.width == 0 and not c.fits_content), None)
        by_drop = sorted((i for i in shown if columns[i].drop_order), key=lambda i: -columns[i].drop_order)
        while True:
            widths = {i: self.natural_width(columns[i]) for i in shown if i != flexible}
            if flexible is not None:  # a mostly blank column gives way before any other shrinks
                self._give_to_flexible(widths, width - sum(widths.values()) - (len(shown) - 1), columns[flexible])
            wanted = columns[flexible].min_width if flexible is not None else 0
            short = sum(widths.values()) + len(shown) - 1 + wanted - width
            least = {i: self.least_width(columns[i]) for i in widths if columns[i].fits_content}
            slack = {i: widths[i] - least[i] for i in least if widths[i] > least[i]}
            if short > 0 and sum(slack.values()) < short and by_drop:
                shown.remove(by_drop.pop(0))
                continue
            while short > 0 and slack:
                widest = max(slack, key=lambda i: (widths[i], -i))
                widths[widest] -= 1
                slack[widest] -= 1
                if not slack[widest]:
                    del slack[widest]
                short -= 1
            break
        fixed = sum(widths.values()) + len(shown) - 1
        layout = [(i, widths[i] if i != flexible else max(1, width - fixed)) for i in shown]
        self._layout = (width, layout)
        return layout

    def _give_to_flexible(self, widths: dict[int, int], has: int, flexible: Column) -> None:
        """Shrink the mostly blank columns (see `fit_columns`; at most MOSTLY_BLANK of the rows with something) while the flexible one, which
        has `has` cells, is short of its longest cell; the sparsest gives first."""
        wanted = self._content_widths.get(flexible.label)
        full = wanted[0] if isinstance(wanted, tuple) else wanted
        lacking = (full or 0) - has
        sparse = sorted((i for i in widths if self._fill.get(self.columns[i].label, 1.0) <= MOSTLY_BLANK), key=lambda i: self._fill[self.columns[i].label])
        for i in sparse:
            if lacking <= 0:
                break
            column = self.columns[i]
            share = -(-self.natural_width(column) * self._fill[column.label] // 1)  # rounded up
            floor = max(column.min_width, len(column.label), int(share))  # its longest cells then cut: the detail pane has them
            give = max(0, min(lacking, widths[i] - floor))
            widths[i] -= give
            lacking -= give

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

    def _join(self, cells: list[Cell], layout: list[tuple[int, int]], width: int) -> Text:
        line = Text(no_wrap=True, end="")
        for n, (cell, (_, cell_width)) in enumerate(zip(cells, layout)):
            if isinstance(cell, Alternatives):
                cell = next((form for form in cell if form.cell_len <= cell_width), cell[-1])
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
