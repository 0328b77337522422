"""The matrix view: topics as rows; the joint agreements, then each party's positions as columns."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.console import Group
from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable

from tracker.app.render import Doc, figures_line, kind_label, literal, short_summary, status_text, visible
from tracker.diff import ChangeClass, PositionChange, compare_position
from tracker.matrix import Matrix, MatrixCell, MatrixRow, Movement, Standing, Step
from tracker.model import JOINT, Position, Status

if TYPE_CHECKING:
    from tracker.dataset import Dataset

RoundLabel = Callable[..., str]
"""round id (, short=True) -> its label, e.g. '2 June 2025, Istanbul' or '2 June'."""

MOVEMENT_SIGNS = {
    Movement.moved: ("~", "yellow"),
    Movement.new: ("+", "green"),
    Movement.dropped: ("−", "red"),
    Movement.held: ("=", ""),
    Movement.absent: ("", "dim"),
}
STEP_SIGNS = {Step.new: ("+", "green"), Step.first_on_record: ("+", "green"), Step.returned: ("↩", "green"), Step.changed: ("~", "yellow"), Step.same: (" ", "")}
STANDING_STYLES = {
    Standing.agreed: "bold green",
    Standing.apart: "bold red",
    Standing.one_sided: "yellow",
    Standing.open: "cyan",
    Standing.silent: "dim",
}
MATRIX_CELL_WIDTH = 36
"""The widest a party's cell gets."""
MATRIX_CELL_MIN = 16
"""The narrowest: below it, the columns scroll sideways (the topic and the joint column stay)."""
TWO_ROUNDS_MIN = 22
"""Each party shows both rounds, side by side, when such columns get this much for every party,
or, the parties scrolling sideways, for the first two in view; else only the second round,
whose lines carry the marks of what moved (~ + ↩ −)."""
TWO_ROUNDS_IN_VIEW = 2
JOINT_SHARE = 1.5
"""The joint column, which holds what was agreed, is a little wider than a party's."""
MATRIX_CELL_LINES = 4
KIND_ROOM = 30
"""Cells narrower than this leave out the kind ('demand: '), which the detail pane gives."""
TOPIC_MIN, TOPIC_MAX = 12, 24


@dataclass(frozen=True, slots=True)
class MatrixLayout:
    topic_width: int
    joint_width: int
    cell_width: int
    two_rounds: bool


def matrix_layout(room: int, longest_topic: int, parties: int, joint: bool, padding: int = 1) -> MatrixLayout:
    """The widths of the matrix's columns in `room` cells: the topic, the joint agreements, then
    each party (`parties`, the joint column not counted) at both rounds when that fits, else at
    the second round only."""
    topic = max(TOPIC_MIN, min(longest_topic, TOPIC_MAX, max(TOPIC_MIN, room // 6)))
    for two_rounds in (True, False):
        per_party = 2 if two_rounds else 1
        columns = parties * per_party + joint
        spare = room - topic - 2 * padding * (columns + 1)
        share = spare / max(parties * per_party + (JOINT_SHARE if joint else 0), 1)
        if two_rounds and not parties:
            continue
        if two_rounds and share < TWO_ROUNDS_MIN:
            in_view = min(parties, TWO_ROUNDS_IN_VIEW)
            joint_width = int(TWO_ROUNDS_MIN * JOINT_SHARE) if joint else 0
            spare = room - topic - 2 * padding * (1 + joint + 2 * in_view) - joint_width
            cell = min(MATRIX_CELL_WIDTH, spare // (2 * in_view))
            if cell < TWO_ROUNDS_MIN:
                continue
            return MatrixLayout(topic, joint_width, cell, True)
        cell = max(MATRIX_CELL_MIN, min(MATRIX_CELL_WIDTH, int(share)))
        joint_width = max(MATRIX_CELL_MIN + 4, min(int(MATRIX_CELL_WIDTH * JOINT_SHARE), int(share * JOINT_SHARE))) if joint else 0
        return MatrixLayout(topic, joint_width, cell, two_rounds)
    raise AssertionError("unreachable")


@dataclass(frozen=True, slots=True)
class MatrixColumn:
    party: str
    side: str
    """'before' or 'after': the first or the second round."""


class MatrixTable(DataTable):
    """A DataTable of a Matrix: a handful of topic rows, so Textual's own table is quick here.

    The topic (with where it stands) and the joint agreements come first and stay in view when
    the parties' columns scroll sideways; a row is as tall as its tallest cell in view."""

    class Scrolled(Message):
        """The parties in view changed (the matrix was drawn again or scrolled sideways)."""

        def __init__(self, table: MatrixTable) -> None:
            super().__init__()
            self.table = table

        @property
        def control(self) -> MatrixTable:
            return self.table

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="cell", zebra_stripes=False)
        self.matrix: Matrix | None = None
        self.columns_shown: list[MatrixColumn] = []
        """The party and round of each column after the topic's."""
        self._shown_with: tuple[Dataset, RoundLabel] | None = None
        self.shape: MatrixLayout | None = None
        self._cells: list[list[Text]] = []
        self._heights_from: tuple[int, ...] = ()
        """The columns in view when the row heights were last set."""
        self._shown_height = 0

    def show_matrix(self, dataset: Dataset, matrix: Matrix, label: RoundLabel) -> None:
        previous = self.cursor_coordinate
        self.matrix = matrix
        self._shown_with = (dataset, label)
        layout = self.shape = self.layout_for(dataset, matrix)
        self.clear(columns=True)
        self.add_column(Text("Topic", style="bold"), width=layout.topic_width, key="topic")
        self.columns_shown = []
        parties = [p for p in matrix.parties if p != JOINT]
        if JOINT in matrix.parties:
            self.columns_shown.append(MatrixColumn(JOINT, "after"))
        for party in parties:
            if layout.two_rounds:
                self.columns_shown.append(MatrixColumn(party, "before"))
            self.columns_shown.append(MatrixColumn(party, "after"))
        for column in self.columns_shown:
            party = dataset.party_name(column.party, short=True)
            round_id = matrix.from_round if column.side == "before" else matrix.to_round
            heading = f"{party} · {label(round_id, short=True)}"
            width = layout.joint_width if column.party == JOINT else layout.cell_width
            self.add_column(literal(heading, "bold", one_line=True), width=width)
        self.fixed_columns = 1 + (JOINT in matrix.parties)
        self._heights_from = self.columns_in_view()
        # Two lines for each position when the rows still fit the height so, else one.
        room = (self.scrollable_content_region.height or self.app.size.height) - 1
        for lines_each in (2, 1):
            self._cells = [self._row_cells(dataset, row, lines_each) for row in matrix.rows]
            if sum(self._row_height(cells) for cells in self._cells) <= room:
                break
        self._add_rows()
        if matrix.rows:
            self.cursor_coordinate = self.validate_cursor_coordinate(previous)
        self.post_message(self.Scrolled(self))

    def _row_cells(self, dataset: Dataset, row: MatrixRow, lines_each: int) -> list[Text]:
        assert self.shape is not None
        cells: list[Text] = [topic_text(dataset, row, self.shape.topic_width)]
        for column in self.columns_shown:
            cell = row.cell(column.party)
            width = self.shape.joint_width if column.party == JOINT else self.shape.cell_width
            if column.side == "before":
                cells.append(cell_text(cell.before, None, width, lines_each=lines_each))
            else:
                cells.append(cell_text(cell.after, cell, width, joint=column.party == JOINT, lines_each=lines_each))
        return cells

    def _row_height(self, cells: list[Text]) -> int:
        in_view = set(self._heights_from)
        return max(1, max((len(c.plain.splitlines()) for i, c in enumerate(cells) if i in in_view), default=1))

    def _add_rows(self) -> None:
        assert self.matrix is not None
        for row, cells in zip(self.matrix.rows, self._cells):
            self.add_row(*cells, height=self._row_height(cells), key=row.topic)

    def layout_for(self, dataset: Dataset, matrix: Matrix) -> MatrixLayout:
        room = self.scrollable_content_region.width or self.app.size.width
        longest = max((len(dataset.topic_title(r.topic)) for r in matrix.rows), default=TOPIC_MIN)
        parties = sum(p != JOINT for p in matrix.parties)
        return matrix_layout(room, longest, parties, JOINT in matrix.parties, self.cell_padding)

    def columns_in_view(self) -> tuple[int, ...]:
        """The indices of the columns at least partly in view at the current sideways scroll."""
        widths = [column.get_render_width(self) for column in self.ordered_columns]
        if not widths:
            widths = [self.shape.topic_width + 2 * self.cell_padding] if self.shape else []
        fixed = sum(widths[: self.fixed_columns])
        room = self.scrollable_content_region.width or self.app.size.width
        left, right = self.scroll_x + fixed, self.scroll_x + room
        shown, x = [], 0
        for index, width in enumerate(widths):
            if index < self.fixed_columns or (x < right and x + width > left):
                shown.append(index)
            x += width
        return tuple(shown)

    def parties_out_of_view(self) -> list[str]:
        """The parties none of whose columns is wholly in view at the current sideways scroll,
        in column order: what ← and → bring into view."""
        widths = [column.get_render_width(self) for column in self.ordered_columns]
        fixed = sum(widths[: self.fixed_columns])
        room = self.scrollable_content_region.width or self.app.size.width
        left, right = self.scroll_x + fixed, self.scroll_x + room
        whole: dict[str, bool] = {}
        x = sum(widths[: self.fixed_columns])
        for index, column in enumerate(self.columns_shown, start=1):
            if index < self.fixed_columns:
                continue
            width = widths[index] if index < len(widths) else 0
            whole[column.party] = whole.get(column.party, False) or (x >= left and x + width <= right)
            x += width
        return [party for party, seen in whole.items() if not seen]

    def watch_scroll_x(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_x(old_value, new_value)
        self.post_message(self.Scrolled(self))
        if self.matrix is not None and self.columns_in_view() != self._heights_from:
            self.call_after_refresh(self._refit_heights)

    def _refit_heights(self) -> None:
        """Rows as tall as their cells in view: scrolling sideways sets them again."""
        in_view = self.columns_in_view()
        if self.matrix is None or in_view == self._heights_from:
            return
        self._heights_from = in_view
        cursor, scroll = self.cursor_coordinate, (self.scroll_x, self.scroll_y)
        self.clear()
        self._add_rows()
        self.cursor_coordinate = self.validate_cursor_coordinate(cursor)
        self.scroll_to(*scroll, animate=False, immediate=True)

    def on_resize(self) -> None:
        if self.matrix is not None and self._shown_with is not None:
            height = self.scrollable_content_region.height
            if self.layout_for(self._shown_with[0], self.matrix) != self.shape or height != self._shown_height:
                self._shown_height = height
                self.show_matrix(self._shown_with[0], self.matrix, self._shown_with[1])

    def highlighted_detail(self, dataset: Dataset, label: RoundLabel) -> Group | None:
        """The detail pane's content for the highlighted cell: the topic, or one party's cell."""
        if self.matrix is None or not self.matrix.rows:
            return None
        row_index, column = self.cursor_coordinate
        row = self.matrix.rows[min(row_index, len(self.matrix.rows) - 1)]
        if column == 0 or column > len(self.columns_shown):
            return topic_summary(dataset, self.matrix, row, label)
        party = self.columns_shown[column - 1].party
        return cell_detail(dataset, self.matrix, row, row.cell(party), label)


def topic_text(dataset: Dataset, row: MatrixRow, width: int) -> Text:
    """The topic's title, folded at spaces onto two lines at most, and where it stands: after
    the title when it fits there, else on a line of its own."""
    lines = textwrap.wrap(visible(dataset.topic_title(row.topic)), width) or [""]
    if len(lines) > 2:
        lines = [lines[0], short_summary(" ".join(lines[1:]), width)]
    standing = row.standing.value
    out = Text(end="")
    for number, line in enumerate(lines):
        if number:
            out.append("\n")
        out.append_text(literal(short_summary(line, width), "bold"))
    out.append("  " if len(lines[-1]) + 2 + len(standing) <= width else "\n")  # apart from the name, in its own style
    out.append(standing, style=STANDING_STYLES[row.standing])
    return out


def cell_text(
    positions: tuple[Position, ...], cell: MatrixCell | None, width: int = MATRIX_CELL_WIDTH, joint: bool = False, lines_each: int = 1
) -> Text:
    """A line or two per position, the first few only; in the second round's column, with its
    step. A joint agreement says its status, a party's position its kind when there is room."""
    out = Text(no_wrap=True, overflow="ellipsis", end="")
    if cell is not None and cell.movement is Movement.dropped:
        return literal(short_summary(f"− {len(cell.dropped)} not on record now", width), "red", one_line=True)
    limit = MATRIX_CELL_LINES if len(positions) <= MATRIX_CELL_LINES else MATRIX_CELL_LINES - 1
    for number, position in enumerate(positions[:limit]):
        sign, style = STEP_SIGNS[cell.steps[number]] if cell is not None else ("", "")
        if joint:  # agreements: their status, unless simply agreed
            line = position.summary if position.status is Status.agreed else f"{position.status.value}: {position.summary}"
        elif width >= KIND_ROOM:
            line = f"{kind_label(position.kind)}: {position.summary}"
        else:
            line = position.summary
        if cell is not None:
            line = f"{sign} {line}"
        if number:
            out.append("\n")
        out.append_text(literal("\n".join(folded(line, width, lines_each, indent="  " if cell is not None else "")), style))
    if len(positions) > limit:
        more = f"+{len(positions) - limit} more"
        if cell is not None and cell.dropped:
            more += f", −{len(cell.dropped)} not on record"
        out.append(f"\n  {more}", style="dim")
    elif cell is not None and cell.dropped:
        out.append(f"\n− {len(cell.dropped)} not on record", style="red")
    if not positions and not (cell is not None and cell.dropped):
        out.append("·", style="dim")
    return out


def folded(text: str, width: int, lines: int, indent: str = "") -> list[str]:
    """`text` on at most `lines` lines of `width`, folded at spaces, the last cut with an ellipsis."""
    flat = " ".join(visible(text).split())
    if lines <= 1 or len(flat) <= width:
        return [short_summary(flat, width)]
    wrapped = textwrap.wrap(flat, width, subsequent_indent=indent)
    if len(wrapped) > lines:
        rest = " ".join(line.strip() for line in wrapped[lines - 1 :])
        wrapped = [*wrapped[: lines - 1], indent + short_summary(rest, width - len(indent))]
    return wrapped


def topic_summary(dataset: Dataset, matrix: Matrix, row: MatrixRow, label: RoundLabel) -> Group:
    doc = Doc()
    doc.line(literal(dataset.topic_title(row.topic), "bold"), "  ", (row.standing.value, STANDING_STYLES[row.standing]))
    doc.line(literal(STANDING_MEANING[row.standing], "dim"))
    since = label(matrix.from_round)
    # The moves are the story's (MatrixCell.moved); what is only on record or not is said apart.
    for what, cells in (
        ("Moved in substance", [c for c in row.cells if c.moved]),
        ("On record on this topic for the first time", [c for c in row.cells if c.movement is Movement.new and not c.moved]),
        ("Not on record any more", [c for c in row.cells if c.movement is Movement.dropped and not c.moved]),
    ):
        names = [dataset.party_name(c.party) for c in cells]
        if names:
            doc.line(literal(f"{what} since {since}: {', '.join(names)}", "dim"))
    if not row.movers:
        doc.line(literal("Nobody moved", "dim"))
    for cell in row.cells:
        if cell.after:
            doc.blank().line(literal(dataset.party_name(cell.party), "bold"))
            for position in cell.after:
                doc.item("•", literal(position.summary), "  ", status_text(position, with_date=False))
    return doc.render()


STANDING_MEANING = {
    Standing.agreed: "agreed: a joint agreement on this topic is in force (the parties may still differ on other points of it)",
    Standing.apart: "apart: two or more parties state positions and no joint agreement is in force",
    Standing.one_sided: "one-sided: only one party states a position",
    Standing.open: "open: joint agreements are on record but none agreed or carried out",
    Standing.silent: "silent: nobody states anything at the second round",
}


def cell_detail(dataset: Dataset, matrix: Matrix, row: MatrixRow, cell: MatrixCell, label: RoundLabel) -> Group:
    """One party on one topic at both rounds: what it dropped, added and changed."""
    sign, style = MOVEMENT_SIGNS[cell.movement]
    doc = Doc().line(
        literal(f"{dataset.party_name(cell.party)} · {dataset.topic_title(row.topic)}", "bold"),
        (f"  {sign} {cell.movement.value}", f"bold {style}"),
    )
    before = {p.key: p for p in cell.before}
    dropped = {p.key for p in cell.dropped}
    doc.heading(f"At {label(matrix.from_round)}")
    if not cell.before:
        doc.line(("nothing stated", "dim"))
    for position in cell.before:
        mark, mark_style = ("−", "red") if position.key in dropped else ("•", "")
        doc.item(mark, *position_pieces(dataset, position), bullet_style=f"bold {mark_style}")
    doc.heading(f"At {label(matrix.to_round)}")
    if not cell.after:
        doc.line(("nothing stated", "dim"))
    for position, step in zip(cell.after, cell.steps, strict=True):
        sign, style = STEP_SIGNS[step]
        pieces = position_pieces(dataset, position)
        old = before.get(position.key)
        changes = compare_position(old, position) if old is not None else ()
        if changes:
            cls = PositionChange(old, position, changes).change_class  # type: ignore[arg-type]
            what = {ChangeClass.substance: "changed", ChangeClass.wording: "reworded, not moved"}.get(cls, "re-sourced, not moved")
            pieces.append(literal(f"\n{what}: {', '.join(c.field for c in changes)}", style or "dim"))
        doc.item(sign.strip() or "•", *pieces, bullet_style=f"bold {style}")
    doc.blank().line(("~ changed  + new  ↩ back after a gap  − not on record  • the same", "dim"))
    return doc.render()


def position_pieces(dataset: Dataset, position: Position) -> list:
    pieces = [(kind_label(position.kind), "italic"), ", ", status_text(position), ": ", literal(position.summary)]
    if position.quantities:
        pieces.append(literal("\n" + figures_line(dataset, position), "yellow" if position.contested else "dim"))
    return pieces
