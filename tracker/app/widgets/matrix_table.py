"""The matrix view: topics as rows, each party's positions at both rounds as columns."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.console import Group
from rich.text import Text
from textual.widgets import DataTable

from tracker.app.render import Doc, kind_label, literal, short_summary, status_text
from tracker.diff import compare_position
from tracker.matrix import Matrix, MatrixCell, MatrixRow, Movement, Standing, Step
from tracker.model import Position

if TYPE_CHECKING:
    from tracker.loader import Dataset

RoundLabel = Callable[..., str]
"""round id (, short=True) -> its label, e.g. '2025-06-02 Istanbul' or '2 Jun'."""

MOVEMENT_SIGNS = {
    Movement.moved: ("~", "yellow"),
    Movement.new: ("+", "green"),
    Movement.dropped: ("−", "red"),
    Movement.held: ("=", ""),
    Movement.absent: ("", "dim"),
}
STEP_SIGNS = {Step.new: ("+", "green"), Step.returned: ("↩", "green"), Step.changed: ("~", "yellow"), Step.same: (" ", "")}
STANDING_STYLES = {
    Standing.agreed: "bold green",
    Standing.apart: "bold red",
    Standing.one_sided: "yellow",
    Standing.open: "cyan",
    Standing.silent: "dim",
}
MATRIX_CELL_WIDTH = 36
"""The widest a party's cell gets; narrower (down to MATRIX_CELL_MIN) so more parties fit."""
MATRIX_CELL_MIN = 20
MATRIX_CELL_LINES = 4
TOPIC_WIDTH, STANDING_WIDTH = 18, 9
FIXED_COLUMNS = 2  # the topic and where it stands stay in view when scrolling sideways


class MatrixTable(DataTable):
    """A DataTable of a Matrix: a handful of topic rows, so Textual's own table is quick here."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="cell", zebra_stripes=False)
        self.matrix: Matrix | None = None
        self._columns: list[tuple[str, str]] = []
        """(party, 'before' or 'after') of each column after the fixed ones."""
        self._shown_with: tuple[Dataset, RoundLabel] | None = None
        self._cell_width = MATRIX_CELL_WIDTH

    def show_matrix(self, dataset: Dataset, matrix: Matrix, label: RoundLabel) -> None:
        previous = self.cursor_coordinate
        self.matrix = matrix
        self._shown_with = (dataset, label)
        width = self._cell_width = self.cell_width(2 * len(matrix.parties))
        self.clear(columns=True)
        self.add_column(Text("Topic", style="bold"), width=TOPIC_WIDTH, key="topic")
        self.add_column(Text("Stands", style="bold"), width=STANDING_WIDTH, key="standing")
        self._columns = []
        for party in matrix.parties:
            for side, round_id in (("before", matrix.from_round), ("after", matrix.to_round)):
                heading = f"{dataset.party_name(party, short=True)} · {label(round_id, short=True)}"
                self.add_column(literal(heading, "bold", one_line=True), width=width)
                self._columns.append((party, side))
        for row in matrix.rows:
            cells: list[Text] = [
                literal(dataset.topic_title(row.topic), "bold", one_line=True),
                Text(row.standing.value, style=STANDING_STYLES[row.standing]),
            ]
            for cell in row.cells:
                cells.append(cell_text(cell.before, None, width))
                cells.append(cell_text(cell.after, cell, width))
            height = max((len(c.plain.splitlines()) for c in cells), default=1)
            self.add_row(*cells, height=max(1, height), key=row.topic)
        self.fixed_columns = FIXED_COLUMNS
        if matrix.rows:
            self.cursor_coordinate = self.validate_cursor_coordinate(previous)

    def cell_width(self, columns: int) -> int:
        """As wide as lets every party's two columns fit in view, within the bounds."""
        room = self.scrollable_content_region.width or self.app.size.width
        spare = room - TOPIC_WIDTH - STANDING_WIDTH - 2 * self.cell_padding * (columns + 2)
        return max(MATRIX_CELL_MIN, min(MATRIX_CELL_WIDTH, spare // max(columns, 1)))

    def on_resize(self) -> None:
        if self.matrix is not None and self._shown_with is not None:
            if self.cell_width(2 * len(self.matrix.parties)) != self._cell_width:
                self.show_matrix(self._shown_with[0], self.matrix, self._shown_with[1])

    def highlighted_detail(self, dataset: Dataset, label: RoundLabel) -> Group | None:
        """The detail pane's content for the highlighted cell: the topic, or one party's cell."""
        if self.matrix is None or not self.matrix.rows:
            return None
        row_index, column = self.cursor_coordinate
        row = self.matrix.rows[min(row_index, len(self.matrix.rows) - 1)]
        if column < FIXED_COLUMNS:
            return topic_summary(dataset, self.matrix, row, label)
        party, _ = self._columns[column - FIXED_COLUMNS]
        return cell_detail(dataset, self.matrix, row, row.cell(party), label)


def cell_text(positions: tuple[Position, ...], cell: MatrixCell | None, width: int = MATRIX_CELL_WIDTH) -> Text:
    """One line per position, the first few only; in the second round's column, with its step."""
    out = Text(no_wrap=True, overflow="ellipsis", end="")
    if cell is not None and cell.movement is Movement.dropped:
        return Text(f"− none on record now ({len(cell.dropped)} before)", style="red")
    limit = MATRIX_CELL_LINES if len(positions) <= MATRIX_CELL_LINES else MATRIX_CELL_LINES - 1
    for number, position in enumerate(positions[:limit]):
        sign, style = STEP_SIGNS[cell.steps[number]] if cell is not None else ("", "")
        line = f"{kind_label(position.kind)}: {position.summary}"
        if cell is not None:
            line = f"{sign} {line}"
        if number:
            out.append("\n")
        out.append_text(literal(short_summary(line, width), style))
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


def topic_summary(dataset: Dataset, matrix: Matrix, row: MatrixRow, label: RoundLabel) -> Group:
    doc = Doc()
    doc.line(literal(dataset.topic_title(row.topic), "bold"), "  ", (row.standing.value, STANDING_STYLES[row.standing]))
    doc.line(literal(STANDING_MEANING[row.standing], "dim"))
    since = label(matrix.from_round)
    for what, movement in (("Moved", Movement.moved), ("New on this topic", Movement.new), ("Not on record any more", Movement.dropped)):
        names = [dataset.party_name(c.party) for c in row.cells if c.movement is movement]
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
        doc.item(mark, *position_pieces(position), bullet_style=f"bold {mark_style}")
    doc.heading(f"At {label(matrix.to_round)}")
    if not cell.after:
        doc.line(("nothing stated", "dim"))
    for position, step in zip(cell.after, cell.steps, strict=True):
        sign, style = STEP_SIGNS[step]
        pieces = position_pieces(position)
        old = before.get(position.key)
        fields = [c.field for c in compare_position(old, position)] if old is not None else []
        if fields:
            what = "changed" if step is Step.changed else "sources updated"
            pieces.append(literal(f"\n{what}: {', '.join(fields)}", style or "dim"))
        doc.item(sign.strip() or "•", *pieces, bullet_style=f"bold {style}")
    doc.blank().line(("~ changed  + new  ↩ back after a gap  − not on record  • the same", "dim"))
    return doc.render()


def position_pieces(position: Position) -> list:
    return [(kind_label(position.kind), "italic"), ", ", status_text(position), ": ", literal(position.summary)]
