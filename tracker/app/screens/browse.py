"""Browse: one round's positions, filtered and searched, with the selected one in full."""

from __future__ import annotations

import bisect
import time
from collections import Counter
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input

from tracker.app.filtering import PositionFilter, narrows
from tracker.app.render import (
    figure_forms,
    kind_label,
    literal,
    position_detail,
    round_label,
    status_text,
)
from tracker.app.screens.facts import RoundFactsScreen
from tracker.app.screens.pickers import ANY, PickerScreen
from tracker.app.widgets.banner import ProblemsBanner
from tracker.app.widgets.panes import Bar, DetailPane, stale_mark, theme_style
from tracker.app.widgets.virtual_table import Alternatives, Column, VirtualTable
from tracker.model import JOINT, Kind, Position, Status
from tracker.report.words import plural

if TYPE_CHECKING:
    from tracker.app.data import ShownData
    from tracker.dataset import Dataset

# Sized from the round's content. Short of room, Topic and Figures shrink first (a figure then
# shows in symbols), then Figures and Kind go in that order; below 96 columns both leave the
# room to party, topic, summary and status, what a row is read by (they are in the detail pane).
# Figures, blank for most positions, gives its room to the summary before the summary is cut.
POSITION_COLUMNS = (
    Column("Party", 5, min_width=5, max_width=12),
    Column("Topic", 14, min_width=14, max_width=28),
    Column("Kind", 12, drop_order=2, min_table=96),
    Column("Summary", 0, min_width=44),
    Column("Figures", 14, min_width=12, max_width=44, drop_order=3, min_table=96),
    Column("Status", 11),
)

# A burst of keystrokes (a paste, a held key) filters at most once per interval; a single
# keystroke filters at once, so typing never waits on the timer.
SEARCH_INTERVAL = 0.025

FILTER_FIELDS = ("party", "topic", "kind", "status")


def rounds_that_fit(labels: list[str], current: int, room: int) -> list[int]:
    """Indices of the round labels to show: the current one, then its neighbours on both sides
    while they fit in `room` (a label takes its length and a space; 20 are kept for the
    '‹n earlier' and 'n later›' markers of the rounds left out)."""
    if not labels:
        return []
    if sum(len(label) + 1 for label in labels) <= room:  # all of them: no markers needed
        return list(range(len(labels)))
    first = last = current
    used = len(labels[current]) + 1
    growing = True
    while growing:
        growing = False
        for side in (last + 1, first - 1):
            if 0 <= side < len(labels) and used + len(labels[side]) + 1 + 20 <= room:
                used += len(labels[side]) + 1
                first, last = min(first, side), max(last, side)
                growing = True
    return list(range(first, last + 1))


class BrowseScreen(Screen[None]):
    AUTO_FOCUS = "#positions"
    BINDINGS = [
        Binding("slash", "search", "Search", tooltip="summaries, quotes and notes, as you type", id="search"),
        Binding("escape", "clear_search", "Clear search", show=False, id="clear_search"),
        Binding("r", "pick_round", "Round", show=False, tooltip="choose the round to show", id="pick_round"),
        Binding("left_square_bracket", "step_round(-1)", "Previous round", show=False, id="prev_round"),
        Binding("right_square_bracket", "step_round(1)", "Next round", show=False, id="next_round"),
        Binding("p", "pick_filter('party')", "Party", show=False, tooltip="filter by party", id="filter_party"),
        Binding("t", "pick_filter('topic')", "Topic", show=False, tooltip="filter by topic", id="filter_topic"),
        Binding("k", "pick_filter('kind')", "Kind", show=False, tooltip="filter by kind", id="filter_kind"),
        Binding("s", "pick_filter('status')", "Status", show=False, tooltip="filter by status", id="filter_status"),
        Binding("x", "clear_filters", "Clear filters", show=False, id="clear_filters"),
        Binding("f", "round_facts", "Facts", tooltip="the round's facts and joint agreements", id="round_facts"),
        Binding("e", "app.edit_position", "Edit", tooltip="the position's file, in the app; saved only if the data stays valid", id="edit"),
        Binding("E", "app.edit_position_externally", "Edit in $EDITOR", show=False, tooltip="the same check on save", id="edit_external"),
        Binding("n", "app.new_position", "New position", show=False, tooltip="a new position from a template, for the party and topic shown", id="new_position"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.round_id: str | None = None
        self.criteria = PositionFilter()
        self._generation = -1
        self._last_filter = 0.0
        self._search_timer: Timer | None = None
        # The last result, so typing on narrows it instead of searching every position again.
        self._last_result: tuple[str | None, int, PositionFilter, list[int]] | None = None
        self._fitted: tuple[str | None, int] | None = None

    @property
    def tracker(self) -> ShownData:
        """The data the app shows (the app holds it, in this shape)."""
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Bar(id="round-bar", classes="title-bar")
        yield ProblemsBanner()
        yield Bar(id="filter-bar")
        yield Input(placeholder="search summaries, quotes and notes — esc clears", id="search", classes="hidden", compact=True)
        with Container(id="main"):
            yield VirtualTable(POSITION_COLUMNS, self._position_cells, empty_text="No positions match", id="positions")
            yield DetailPane(id="detail")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#positions", VirtualTable).loading = self.tracker.dataset is None
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.redraw_bars())
        self.sync_with_data()

    def redraw_bars(self) -> None:
        """The bars' colours come from the theme: draw them again when it changes."""
        if self.tracker.dataset is not None:
            self._update_round_bar()
            index = self.tracker.indexes.get(self.round_id or "")
            self._update_filter_bar(self.query_one("#positions", VirtualTable).row_count, len(index) if index else 0)

    def on_screen_resume(self) -> None:
        self.sync_with_data()
        self.redraw_bars()

    # -- data ----------------------------------------------------------------------------------

    @property
    def selected_position(self) -> Position | None:
        return self.query_one("#positions", VirtualTable).highlighted_row

    def sync_with_data(self) -> None:
        """Show the app's current dataset, keeping the round, filters and selection if they still exist."""
        app = self.tracker
        if app.dataset is None or self._generation == app.generation:
            return
        self._generation = app.generation
        dataset = app.dataset
        if self.round_id not in dataset.rounds:
            self.round_id = dataset.latest()[0] if dataset.rounds else None
        table = self.query_one("#positions", VirtualTable)
        table.loading = False
        table.clear_cache()
        self.apply_filter()
        self._update_round_bar()

    def apply_filter(self) -> None:
        self._last_filter = time.monotonic()
        table = self.query_one("#positions", VirtualTable)
        index = self.tracker.indexes.get(self.round_id or "")
        if index is not None and self._fitted != (self.round_id, self._generation):
            self._fitted = (self.round_id, self._generation)
            filled = sum(1 for p in index.positions if p.quantities)
            table.fit_columns(self._content_widths(index.positions), {"Figures": filled / len(index.positions) if index.positions else 1.0})
        rows: list[Position] = []
        cursor = 0
        if index is not None:
            last = self._last_result
            within = None
            if last is not None and last[:2] == (self.round_id, self._generation) and narrows(last[2], self.criteria):
                within = last[3]
            indices = index.select_indices(self.criteria, within)
            self._last_result = (self.round_id, self._generation, self.criteria, indices)
            rows = [index.positions[i] for i in indices]
            previous = table.highlighted_row
            if previous is not None and (at := index.index_of.get(previous.key)) is not None:
                # indices ascend, so the highlighted position is found by bisection
                found = bisect.bisect_left(indices, at)
                cursor = found if found < len(indices) and indices[found] == at else 0
        table.set_rows(rows, cursor=cursor)
        self._update_filter_bar(len(rows), len(index) if index is not None else 0)
        if not rows:
            self.query_one("#detail", DetailPane).show_message(
                "No round in the data." if index is None else "No positions match. x clears the filters, esc the search."
            )

    def set_round(self, round_id: str) -> None:
        dataset = self.tracker.dataset
        if dataset is None or round_id not in dataset.rounds:
            return
        self.round_id = round_id
        self.apply_filter()
        self._update_round_bar()

    def reveal(self, round_id: str, key: tuple[str, str]) -> bool:
        """Highlight one position (party, id) of a round, clearing filters that hide it."""
        index = self.tracker.indexes.get(round_id)
        if index is None or key not in index.index_of:
            return False
        if round_id != self.round_id:
            self.round_id = round_id
            self._update_round_bar()
            self.apply_filter()
        table = self.query_one("#positions", VirtualTable)
        target = index.positions[index.index_of[key]]
        if not any(row is target for row in table.rows):
            self.query_one("#search", Input).value = ""
            self.query_one("#search", Input).add_class("hidden")
            self.criteria = PositionFilter()
            self.apply_filter()
        return table.move_to(lambda p: p is target)

    def set_filter(self, **changes: str) -> None:
        self.criteria = self.criteria.with_(**changes)
        self.apply_filter()

    # -- drawing -------------------------------------------------------------------------------

    def _content_widths(self, positions: list[Position]) -> dict[str, int | tuple[int, int]]:
        """What the round's longest party name, topic title and figures need (the figures in
        words and in symbols): once per round, over all its positions, so the columns do not
        move as a search narrows the rows."""
        dataset = self.tracker.dataset
        assert dataset is not None
        parties = {p.party for p in positions}
        topics = {p.topic for p in positions}
        figures = [figure_forms(dataset, p) for p in positions if p.quantities]
        return {
            "Summary": max((len(" ".join(p.summary.split())) for p in positions), default=0),
            "Party": max((len(dataset.party_name(p, short=True)) for p in parties), default=0),
            "Topic": max((len(dataset.topic_title(t)) for t in topics), default=0),
            "Figures": (max((len(f[0]) for f in figures), default=0), max((len(f[-1]) for f in figures), default=0)),
        }

    def _position_cells(self, position: Position) -> list[Text | Alternatives]:
        dataset = self.tracker.dataset
        assert dataset is not None
        figure_style = "yellow" if position.contested else ""
        return [
            literal(dataset.party_name(position.party, short=True), "bold", one_line=True),
            literal(dataset.topic_title(position.topic), one_line=True),
            Text(kind_label(position.kind), style="italic"),
            literal(position.summary, one_line=True),
            Alternatives(literal(form, figure_style, one_line=True) for form in figure_forms(dataset, position)),
            status_text(position, with_date=False),
        ]

    def _update_round_bar(self) -> None:
        dataset = self.tracker.dataset
        if dataset is None:
            return
        stale = stale_mark(self)
        # The fullest hint that leaves room for the round shown and the marks of the others.
        hints = [""] if stale else ["   [ ] previous/next  r choose", "   [ ] r"]
        bars = [self._round_bar(dataset, hint, stale) for hint in hints]
        bar = next((b for b in bars if b.cell_len <= self.size.width), bars[-1])
        widget = self.query_one("#round-bar", Bar)
        widget.set_class(bool(stale), "stale")
        widget.set_text(bar)

    def _round_bar(self, dataset: Dataset, hint: str, stale: Text) -> Text:
        bar = Text()
        bar.append(" tracker ", style=theme_style(self, "accent", "#000000"))
        bar.append("  ")
        chip = theme_style(self)
        ids = dataset.round_ids()
        labels = [f" {round_label(dataset, r)} " for r in ids]
        room = max(0, self.size.width - 2 - bar.cell_len - len(hint))
        shown = rounds_that_fit(labels, ids.index(self.round_id) if self.round_id in ids else 0, room)
        if shown and shown[0] > 0:
            bar.append(f"‹{shown[0]} earlier ", style="dim")
        for i in shown:
            bar.append_text(literal(labels[i], chip if ids[i] == self.round_id else "dim"))
            bar.append(" ")
        if shown and shown[-1] < len(ids) - 1:
            bar.append(f"{len(ids) - 1 - shown[-1]} later› ", style="dim")
        bar.append(hint, style="dim")
        bar.append_text(stale)
        return bar

    def on_resize(self) -> None:
        self._update_round_bar()

    def _update_filter_bar(self, shown: int, total: int) -> None:
        dataset = self.tracker.dataset
        assert dataset is not None
        c = self.criteria
        chip = theme_style(self, "secondary")
        values = {
            "party": dataset.party_name(c.party, short=True) if c.party else "",
            "topic": dataset.topic_title(c.topic) if c.topic else "",
            "kind": c.kind.replace("_", " "),
            "status": c.status,
        }
        bar = Text()
        for field, key in zip(FILTER_FIELDS, "ptks"):
            bar.append(f"{key} ", style="dim")
            bar.append(f"{field} ")
            bar.append_text(literal(values[field] or "any", chip if values[field] else "dim", one_line=True))
            bar.append("  ")
        if c.query.strip():
            bar.append("search ")
            bar.append_text(literal(c.query.strip(), chip, one_line=True))
            bar.append("  ")
        bar.append(f"{shown} of {total}", style="bold" if shown != total else "dim")
        self.query_one("#filter-bar", Bar).set_text(bar)

    @on(VirtualTable.Highlighted, "#positions")
    def _show_detail(self, event: VirtualTable.Highlighted) -> None:
        dataset = self.tracker.dataset
        if dataset is not None and event.row is not None:
            self.query_one("#detail", DetailPane).show(position_detail(dataset, event.row, self.tracker.answered_by(event.row), self.tracker.history(event.row)))

    @on(VirtualTable.Selected, "#positions")
    def _focus_detail(self) -> None:
        self.query_one("#detail", DetailPane).focus()

    # -- search --------------------------------------------------------------------------------

    def action_search(self) -> None:
        search = self.query_one("#search", Input)
        search.remove_class("hidden")
        search.focus()

    def action_clear_search(self) -> None:
        search = self.query_one("#search", Input)
        had_query = bool(self.criteria.query)
        search.value = ""
        search.add_class("hidden")
        self.query_one("#positions", VirtualTable).focus()
        if had_query:
            self._cancel_search_timer()
            self.set_filter(query="")

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self._cancel_search_timer()
        wait = SEARCH_INTERVAL - (time.monotonic() - self._last_filter)
        if wait <= 0:
            self.set_filter(query=event.value)
        else:
            self._search_timer = self.set_timer(wait, lambda: self.set_filter(query=self.query_one("#search", Input).value))

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        self._cancel_search_timer()
        if event.value != self.criteria.query:
            self.set_filter(query=event.value)
        if not event.value:
            self.query_one("#search", Input).add_class("hidden")
        self.query_one("#positions", VirtualTable).focus()

    def _cancel_search_timer(self) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
            self._search_timer = None

    # -- rounds and filters --------------------------------------------------------------------

    def action_step_round(self, step: int) -> None:
        dataset = self.tracker.dataset
        if dataset is None or not dataset.rounds or self.round_id is None:
            return
        ids = dataset.round_ids()
        index = max(0, min(len(ids) - 1, ids.index(self.round_id) + step))
        if ids[index] != self.round_id:
            self.set_round(ids[index])

    def action_pick_round(self) -> None:
        dataset = self.tracker.dataset
        if dataset is None:
            return
        options = [(rid, f"{round_label(dataset, rid)}  ({plural(len(data.positions), 'position')})") for rid, data in dataset.rounds.items()]

        def chosen(value: str | None) -> None:
            if value:
                self.set_round(value)

        self.app.push_screen(PickerScreen("Show round", options, self.round_id), chosen)

    def filter_options(self, field: str) -> list[tuple[str, str]]:
        """The choices for one filter: every value the round has, each with how many positions it
        would show together with the other filters and the search, as they stand."""
        dataset = self.tracker.dataset
        assert dataset is not None
        positions = dataset.rounds[self.round_id].positions if self.round_id in dataset.rounds else []
        index = self.tracker.indexes.get(self.round_id or "")
        matching = index.select(self.criteria.with_(**{field: ""})) if index is not None else positions
        value_of = {
            "party": lambda p: p.party,
            "topic": lambda p: p.topic,
            "kind": lambda p: p.kind.value,
            "status": lambda p: p.status.value,
        }[field]
        present = {value_of(p) for p in positions}
        counts = Counter(value_of(p) for p in matching)
        if field == "party":
            choices = [(p, dataset.party_name(p)) for p in [*dataset.parties, JOINT]]
        elif field == "topic":
            choices = [(t, dataset.topic_title(t)) for t in dataset.topics]
        elif field == "kind":
            choices = [(k.value, kind_label(k)) for k in Kind]
        else:
            choices = [(s.value, s.value) for s in Status]
        width = max((len(label) for _, label in choices), default=0)
        options = [(ANY, f"{'any':<{width}}  {len(matching):>4}")]
        options += [(value, f"{label:<{width}}  {counts[value]:>4}") for value, label in choices if value in present]
        return options

    def action_pick_filter(self, field: str) -> None:
        if self.tracker.dataset is None:
            return

        def chosen(value: str | None) -> None:
            if value is not None:
                self.set_filter(**{field: "" if value == ANY else value})

        current = getattr(self.criteria, field) or ANY
        title = f"Filter by {field}"
        if not self.criteria.with_(**{field: ""}).is_empty:
            title += " (counts with the other filters)"
        self.app.push_screen(PickerScreen(title, self.filter_options(field), current), chosen)

    def action_clear_filters(self) -> None:
        self.criteria = PositionFilter(query=self.criteria.query)
        self.apply_filter()

    def action_round_facts(self) -> None:
        dataset = self.tracker.dataset
        if dataset is not None and self.round_id in dataset.rounds:
            self.app.push_screen(RoundFactsScreen(dataset, self.round_id))
