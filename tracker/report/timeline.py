"""The timeline as text: every round side by side for a topic or a party (built by
tracker.timeline; its Markdown, HTML and JSON forms are with those formats).

On a terminal it is a Rich table, one column per round. Piped or redirected, a table squeezed
into 80 columns reads badly and greps worse, so the same facts come as an indented list: one
line per position per round.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tracker.diff import PositionChange
from tracker.model import JOINT
from tracker.report import changes, words
from tracker.report.status_words import milestones, position_status
from tracker.report.between import OUTSIDE_TITLE, STAGE_MARK, tell_event
from tracker.report.styled import Styled
from tracker.report.text import META, PARTY, TOPIC, join_lines, styled
from tracker.timeline import Step, Timeline, TimelineRow

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, Group, RenderResult
    from rich.measure import Measurement
    from rich.table import Table

    from tracker.dataset import Dataset

STEP_STYLES = {Step.new: "green", Step.returned: "green", Step.changed: "yellow", Step.same: "dim", Step.dropped: "red", Step.absent: "dim"}


def _party(dataset: Dataset, party: str) -> str:
    return "Joint agreement" if party == JOINT else words.one_line(dataset.party_name(party))


def _cell_changes(dataset: Dataset, row: TimelineRow, index: int) -> str:
    cell = row.cells[index]
    previous = next((c.position for c in reversed(row.cells[:index]) if c.position is not None), None)
    if cell.step is not Step.changed or previous is None or cell.position is None:
        return ""
    return changes.compact_changes(dataset, PositionChange(previous, cell.position, cell.changes))


def timeline_text(dataset: Dataset, timeline: Timeline, title: str) -> Styled:
    """The list form: for each position, one line per round with what it was there."""
    lines = [styled((title, "bold"))]
    lines.append(styled((" → ".join(f"{words.round_place(dataset, r)} ({r})" for r in timeline.rounds), META)))
    if not timeline.rows:
        lines += [Styled(""), Styled("Nothing on record.")]
    dated = {r: words.round_dated(dataset, r) for r in timeline.rounds}
    width = max(map(len, dated.values()), default=0)
    step_width = max((len(words.step_word(c)) for row in timeline.rows for c in row.cells if c.position), default=10)
    topic = None
    for row in timeline.rows:
        if row.topic != topic:
            topic = row.topic
            lines += [Styled(""), styled((words.one_line(dataset.topic_title(topic)), TOPIC))]
        lines.append(styled("  ", (_party(dataset, row.party), PARTY), " · ", (words.visible(row.id), "bold"),
                           ": ", words.one_line(row.latest.summary)))  # fmt: skip
        for index, cell in enumerate(row.cells):
            date = dated[cell.round].ljust(width)
            step = words.step_word(cell)
            line = styled("    ", (date, META), "  ", (step.ljust(step_width) if cell.position else step, STEP_STYLES[cell.step]))
            if cell.position is not None:
                line.append(f"  {words.kind_label(cell.position.kind)}, {position_status(dataset, cell.position)}")
            changes = _cell_changes(dataset, row, index)
            if changes:
                line.append(f"  {changes}", META)
            lines.append(line)
        milestone = milestones(dataset, row.cells, row.stages)
        if milestone:
            lines.append(styled("    ", (milestone, "bold")))
        lines += [styled("    ", (STAGE_MARK, META), " ", tell_event(dataset, event).text) for event in row.stages]
    if timeline.events:
        lines += [Styled(""), styled((OUTSIDE_TITLE, TOPIC))]
        lines += [styled("  • ", tell_event(dataset, event).text) for event in timeline.events]
    return join_lines(lines)


class FoldedAtHyphens:
    """An id in a narrow column, broken only after its hyphens (`exchange-at-` / `least-1000`):
    Rich breaks lines at spaces, and an id has none, so it would cut it mid-word."""

    def __init__(self, text: str, style: str = "") -> None:
        self.text, self.style = text, style
        self.parts = re.findall(r"[^-]*-|[^-]+", text) or [""]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.text import Text

        line = ""
        for part in self.parts:
            if line and len(line) + len(part) > options.max_width:
                yield Text(line, style=self.style, overflow="fold")
                line = ""
            line += part
        yield Text(line, style=self.style, overflow="fold")  # a part longer than the column still folds

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        from rich.measure import Measurement

        return Measurement(max(len(part) for part in self.parts), len(self.text))


def timeline_table(dataset: Dataset, timeline: Timeline, title: str) -> Table:
    """The table form for a terminal: a column per round."""
    from rich import box
    from rich.console import Group, RenderableType
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, title_style="bold", box=box.SIMPLE_HEAD, show_lines=True, expand=True)
    table.add_column("Position", ratio=1, min_width=16, overflow="fold")
    for round_id in timeline.rounds:
        header = Text(words.round_place(dataset, round_id), style="bold")
        table.add_column(header, ratio=2, min_width=14)
    topics = {row.topic for row in timeline.rows}
    topic = None
    for row in timeline.rows:
        if len(topics) > 1 and row.topic != topic:
            topic = row.topic
            table.add_row(Text(words.one_line(dataset.topic_title(topic)), style=TOPIC), *[""] * len(timeline.rounds))
        label: list[RenderableType] = [Text(_party(dataset, row.party), style=PARTY), FoldedAtHyphens(words.visible(row.id), META)]
        milestone = milestones(dataset, row.cells, row.stages)
        if milestone:
            label.append(Text(milestone, style="italic"))
        label += [Text(f"{STAGE_MARK} {tell_event(dataset, event).text}", style="italic") for event in row.stages]
        cells = []
        for index, cell in enumerate(row.cells):
            word = words.step_word(cell)
            text = Text(word, style="dim" if word == words.RESOURCED else STEP_STYLES[cell.step])
            if cell.position is not None:
                text.append(f" · {words.kind_label(cell.position.kind)}, {position_status(dataset, cell.position)}")
                if cell.step in (Step.new, Step.returned, Step.changed):
                    text.append("\n" + words.one_line(cell.position.summary))
            changes = _cell_changes(dataset, row, index)
            if changes:
                text.append(f"\n{changes}", META)
            cells.append(text)
        table.add_row(Group(*label), *cells)
    if not timeline.rows:
        table.add_row("Nothing on record.", *[""] * len(timeline.rounds))
    return table


def timeline_for_reading(dataset: Dataset, timeline: Timeline, title: str) -> Styled | Table | Group:
    """The text format of the timeline: a table on a terminal (its events under no agreement
    listed after it), a plain list when piped."""
    from tracker.report.console import is_terminal

    if not is_terminal():
        return timeline_text(dataset, timeline, title)
    table = timeline_table(dataset, timeline, title)
    if not timeline.events:
        return table
    from rich.console import Group
    from rich.text import Text

    listed = [Text(f"• {tell_event(dataset, event).text}") for event in timeline.events]
    return Group(table, Text(OUTSIDE_TITLE, style=f"bold {TOPIC}"), *listed)
