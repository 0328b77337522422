"""Compare two rounds: added, removed and changed positions by topic, or the topic × party matrix."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Group
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, VerticalScroll
from textual.screen import Screen
from textual.widgets import Collapsible, ContentSwitcher, DataTable, Footer, Input, Static

from tracker.app.change_list import CompareEntry, EntryGroups, TopicHeading, compare_rows, counts_text, entry_key, group_entries
from tracker.app.render import (
    SIGNS,
    Doc,
    change_detail,
    changed_fields,
    kind_label,
    literal,
    position_detail,
    round_label,
)
from tracker.app.screens.confirm import Choice, ChoiceScreen
from tracker.app.screens.facts import RoundFactsScreen
from tracker.app.screens.pickers import ANY, PickerScreen, PromptScreen
from tracker.app.widgets.banner import ProblemsBanner
from tracker.app.widgets.matrix_table import MatrixTable
from tracker.app.widgets.panes import Bar, DetailPane, stale_mark, theme_style
from tracker.app.widgets.virtual_table import Column, VirtualTable
from tracker.report.between import gone_words
from tracker.report.markdown import NOVELTY_WORDS
from tracker.report.words import not_on_record_words, returned_note
from tracker.diff import Bucket, PositionChange, RoundDiff
from tracker.matrix import Matrix
from tracker.model import JOINT, Position
from tracker.problems import display_path
from tracker.report.comparison import Comparison, compare
from tracker.report.story import Story, brief_lines
from tracker.report.words import backwards, change_counts, changed_words

if TYPE_CHECKING:
    from tracker.app.data import ShownData
    from tracker.dataset import Dataset

COMPARE_COLUMNS = (
    Column("", 1),
    Column("Party", 5),
    Column("Kind", 12, drop_order=2),
    Column("Summary", 0, min_width=28),
    Column("What changed", 26, drop_order=1),
)

REPLACE, CANCEL = "replace", "cancel"


class CompareScreen(Screen[None]):
    AUTO_FOCUS = "#changes"
    BINDINGS = [
        Binding("slash", "search", "Search", show=False, tooltip="the list of changes, as you type", id="search"),
        Binding("escape", "clear_search", "Clear search", show=False, id="clear_search"),
        Binding("m", "toggle_matrix", "Matrix", tooltip="topics × parties at both rounds, or back to the changes", id="toggle_matrix"),
        Binding("u", "toggle_unchanged", "Unchanged", tooltip="show or hide the positions that did not change", id="toggle_unchanged"),
        Binding("1", "pick_round('from')", "From", show=False, tooltip="choose the first round", id="pick_from_round"),
        Binding("2", "pick_round('to')", "To", show=False, tooltip="choose the second round", id="pick_to_round"),
        Binding("left_square_bracket", "step_round('from', -1)", "From round earlier", show=False, id="from_round_earlier"),
        Binding("right_square_bracket", "step_round('from', 1)", "From round later", show=False, id="from_round_later"),
        Binding("left_curly_bracket", "step_round('to', -1)", "To round earlier", show=False, id="to_round_earlier"),
        Binding("right_curly_bracket", "step_round('to', 1)", "To round later", show=False, id="to_round_later"),
        Binding("s", "swap_rounds", "Swap", show=False, tooltip="swap the two rounds", id="swap_rounds"),
        Binding("p", "pick_filter('party')", "Party", show=False, tooltip="filter by party", id="filter_party"),
        Binding("t", "pick_filter('topic')", "Topic", show=False, tooltip="filter by topic", id="filter_topic"),
        Binding("x", "clear_filters", "Clear filters", show=False, id="clear_filters"),
        Binding("w", "export_markdown", "Export", tooltip="write this comparison to a Markdown file", id="export_markdown"),
        Binding("f", "round_facts", "Facts", show=False, tooltip="the second round's facts and joint agreements", id="round_facts"),
        Binding("h", "toggle_story", "Story", tooltip="show or hide the story of the comparison above the list", id="toggle_story"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.from_round: str | None = None
        self.to_round: str | None = None
        self.party = ""
        self.topic = ""
        self.show_unchanged = False
        self.matrix_view = False
        self.diff: RoundDiff | None = None
        self._groups: EntryGroups = []
        self.search_query = ""
        self.matrix: Matrix | None = None
        self.story: Story | None = None
        self.comparison: Comparison | None = None
        """What the reports print for these rounds and filters (tracker.report.comparison)."""
        self._generation = -1

    @property
    def tracker(self) -> ShownData:
        """The data the app shows (the app holds it, in this shape)."""
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Bar(id="compare-bar", classes="title-bar")
        yield ProblemsBanner()
        yield Bar(id="compare-summary")
        yield Input(placeholder="search the changes: summaries, quotes and notes — esc clears", id="compare-search", classes="hidden search", compact=True)
        with Collapsible(title="What moved  (shift+tab reaches it, page keys scroll it, h hides it)", collapsed=False, id="compare-story"):
            with VerticalScroll(id="compare-story-scroll"):
                yield Static(id="compare-story-text", markup=False)
        with Container(id="main"):
            with ContentSwitcher(initial="changes", id="compare-views"):
                yield VirtualTable(COMPARE_COLUMNS, self._row_cells, empty_text="No differences", id="changes")
                yield MatrixTable(id="matrix")
            yield DetailPane(id="compare-detail")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._update_title())
        self.sync_with_data()

    def on_screen_resume(self) -> None:
        self.sync_with_data()
        self.redraw_bars()

    def redraw_bars(self) -> None:
        self._update_title()

    # -- state ---------------------------------------------------------------------------------

    @property
    def selected_position(self) -> Position | None:
        row = self.query_one("#changes", VirtualTable).highlighted_row
        return row.position if isinstance(row, CompareEntry) else None

    def sync_with_data(self) -> None:
        app = self.tracker
        dataset = app.dataset
        if dataset is None or self._generation == app.generation:
            return
        self._generation = app.generation
        ids = dataset.round_ids()
        if self.from_round not in dataset.rounds or self.to_round not in dataset.rounds:
            latest = ids[-2:] if len(ids) >= 2 else ids * 2
            self.from_round, self.to_round = (latest[0], latest[1]) if latest else (None, None)
        self.recompute()

    def set_rounds(self, from_round: str, to_round: str) -> None:
        self.from_round, self.to_round = from_round, to_round
        self.recompute()

    def recompute(self) -> None:
        dataset = self.tracker.dataset
        if dataset is None or self.from_round is None or self.to_round is None:
            self.query_one("#compare-bar", Bar).set_text(Text(" Compare: no rounds in the data", style="bold"))
            return
        self._update_title()
        for view in self.query("#compare-views > *"):
            view.loading = True
        self._compute(dataset, self.from_round, self.to_round, self.party, self.topic)

    @work(thread=True, exclusive=True, group="compare", exit_on_error=False)
    def _compute(self, dataset: Dataset, from_round: str, to_round: str, party: str, topic: str) -> None:
        parties = (party,) if party else ()
        topics = (topic,) if topic else ()
        try:
            comparison = compare(dataset, from_round, to_round, parties, topics)
            groups = group_entries(dataset, comparison.entries, self.tracker.indexes)
            matrix = comparison.matrix()
        except Exception as exc:  # noqa: BLE001 - a bug of ours: say so in the app, keep it running
            message = f"Could not compare the rounds: {type(exc).__name__}: {exc}"
            self.app.call_from_thread(self._failed, message)
            return
        self.app.call_from_thread(self._show, dataset, comparison, groups, matrix)

    def _failed(self, message: str) -> None:
        for view in self.query("#compare-views > *"):
            view.loading = False
        self.notify(message, severity="error", markup=False, timeout=10)

    def _show(self, dataset: Dataset, comparison: Comparison, groups: EntryGroups, matrix: Matrix) -> None:
        if dataset is not self.tracker.dataset:
            return  # data reloaded meanwhile; a newer computation follows
        self.comparison = comparison
        self.diff, self.matrix, self._groups, self.story = comparison.diff, matrix, groups, comparison.story
        story = comparison.story
        self._show_story(story)
        for view in self.query("#compare-views > *"):
            view.loading = False
        self._fill_changes(keep_by_key=True)
        self._fill_matrix()
        self._update_title()

    # -- the story -----------------------------------------------------------------------------

    def _show_story(self, story: Story) -> None:
        """The brief above the list: its headline, its sentences and its tally (data shown as
        text, never as markup). The tally is in the body, which wraps and scrolls, not in the
        title, which a narrow window would cut. The panel scrolls, so it holds every item, in the
        brief's order and words, with no 'and N more' pointing elsewhere."""
        lines = brief_lines(story, limit=len(story.items) + len(story.outcomes) + 3)
        body = Text(end="")
        for number, line in enumerate(lines):
            last = number == len(lines) - 1  # the tally, as the brief ends
            if number:
                body.append("\n")
            body.append("• " if number and not last else "", style="dim")
            body.append(line, style="bold" if number == 0 else "")
        self.query_one("#compare-story-text", Static).update(body)

    def action_toggle_story(self) -> None:
        story = self.query_one("#compare-story", Collapsible)
        story.collapsed = not story.collapsed

    # -- the list of changes -------------------------------------------------------------------

    def _fill_changes(self, keep_by_key: bool = False) -> None:
        """Fill the list from the computed groups. The same entries keep the cursor by identity
        (cheap per keystroke); a new comparison keeps it by (party, id)."""
        table = self.query_one("#changes", VirtualTable)
        previous = table.highlighted_row
        rows = compare_rows(self._groups, self.show_unchanged, self.search_query)
        if keep_by_key:
            table.clear_cache()
            table.set_rows(rows, keep=lambda r: entry_key(r) if isinstance(r, CompareEntry) else ("topic", r.topic))
        else:
            table.set_rows(rows, cursor=next((i for i, row in enumerate(rows) if row is previous), 0))
        if not rows:
            if self.search_query.strip():
                message = "Nothing here matches the search. esc clears it."
            else:
                message = "No differences between these rounds." + ("" if self.show_unchanged else " u shows unchanged positions.")
            self.query_one("#compare-detail", DetailPane).show_message(message)
        elif isinstance(table.highlighted_row, TopicHeading) and len(rows) > 1 and table.cursor == 0:
            table.cursor = 1

    def _row_cells(self, row: TopicHeading | CompareEntry) -> Text | list[Text]:
        dataset = self.tracker.dataset
        assert dataset is not None
        if isinstance(row, TopicHeading):
            heading = Text("▌", end="")
            heading.append_text(literal(dataset.topic_title(row.topic), one_line=True))
            heading.append("   ")
            heading.append_text(counts_text(row.counts, not self.show_unchanged, brief=True))
            return heading
        sign, style = SIGNS[row.bucket.value]
        if row.change is not None and not row.change.substantive:
            style = "dim"  # only its evidence or notes changed: re-sourced, not moved
        what = {
            Bucket.added: Text(NOVELTY_WORDS.get(row.novelty, "new"), style="green"),  # type: ignore[arg-type]
            Bucket.removed: Text(not_on_record_words(dataset, self.to_round, row.position, short=True) if self.to_round else "not on record", style="red"),
            Bucket.unchanged: Text("unchanged", style="dim"),
        }.get(row.bucket) or literal(changed_fields(dataset, row.change), style, one_line=True)  # type: ignore[arg-type]
        return [
            Text(sign, style=f"bold {style}"),
            literal(dataset.party_name(row.position.party, short=True), "bold", one_line=True),
            Text(kind_label(row.position.kind), style="italic"),
            literal(row.position.summary, "dim" if row.bucket is Bucket.unchanged else "", one_line=True),
            what,
        ]

    @on(VirtualTable.Highlighted, "#changes")
    def _show_entry(self, event: VirtualTable.Highlighted) -> None:
        dataset = self.tracker.dataset
        row = event.row
        if dataset is None or row is None:
            return
        pane = self.query_one("#compare-detail", DetailPane)
        if isinstance(row, TopicHeading):
            topic = dataset.topics.get(row.topic)
            doc = Doc().line(literal(dataset.topic_title(row.topic), "bold"))
            if topic is not None:
                doc.line(literal(topic.scope, "dim"))
            pane.show(doc.blank().line(counts_text(row.counts, not self.show_unchanged)).render())
        elif row.change is not None:
            pane.show(change_detail(dataset, row.change, self.tracker.answered_by(row.change.new)))
        else:
            sign, style = SIGNS[row.bucket.value]
            label = {
                Bucket.added: f"added at {self._label(self.to_round)}"
                + (f", {returned_note(dataset, row.returned_from, row.position)}" if row.returned_from else ""),
                Bucket.removed: f"on record at {self._label(self.from_round)}, {gone_words(dataset, self.from_round, self.to_round, row.position)}",
                Bucket.unchanged: "the same at both rounds",
            }[row.bucket]
            pane.show(Group(Text(f"{sign} {label}\n", style=f"bold {style}"), position_detail(dataset, row.position, self.tracker.answered_by(row.position), self.tracker.history(row.position))))

    @on(VirtualTable.Selected, "#changes")
    def _focus_detail(self) -> None:
        self.query_one("#compare-detail", DetailPane).focus()

    # -- the matrix ----------------------------------------------------------------------------

    def _fill_matrix(self) -> None:
        dataset = self.tracker.dataset
        assert dataset is not None and self.matrix is not None
        self.query_one("#matrix", MatrixTable).show_matrix(dataset, self.matrix, self._label)
        self._show_matrix_cell()

    @on(MatrixTable.Scrolled, "#matrix")
    def _matrix_scrolled(self) -> None:
        self._update_title()

    @on(DataTable.CellHighlighted, "#matrix")
    def _matrix_highlighted(self) -> None:
        self._show_matrix_cell()

    def _show_matrix_cell(self) -> None:
        dataset = self.tracker.dataset
        if dataset is None or self.matrix is None or not self.matrix_view:
            return
        pane = self.query_one("#compare-detail", DetailPane)
        detail = self.query_one("#matrix", MatrixTable).highlighted_detail(dataset, self._label)
        if detail is None:
            pane.show_message("Nothing stated on any topic at these rounds.")
        else:
            pane.show(detail)

    # -- bars ----------------------------------------------------------------------------------

    def _label(self, round_id: str | None, short: bool = False) -> str:
        dataset = self.tracker.dataset
        return round_label(dataset, round_id, short) if dataset is not None else round_id or "?"

    def on_resize(self) -> None:
        self._update_title()  # the title bar picks the fullest form that fits

    def _update_title(self) -> None:
        dataset = self.tracker.dataset
        if dataset is None:
            return
        chip = theme_style(self)
        stale = stale_mark(self)

        hidden = len(self.query_one("#matrix", MatrixTable).parties_out_of_view()) if self.matrix_view else 0

        def title(short: bool, hint: bool) -> Text:
            bar = Text()
            bar.append(" tracker ", style=theme_style(self, "accent", "#000000"))
            bar.append("  Compare  ", style="bold")
            bar.append("1 ", style="dim")
            bar.append_text(literal(f" {self._label(self.from_round, short)} ", chip))
            bar.append("  →  ", style="bold")
            bar.append("2 ", style="dim")
            bar.append_text(literal(f" {self._label(self.to_round, short)} ", chip))
            view = "matrix view" if hint or not hidden else "matrix"
            bar.append(f"   {view}" if self.matrix_view else "   changes by topic", style="bold")
            if hidden:  # the parties the matrix scrolls to sideways, said so it is known they are there
                bar.append(f"   ← → {hidden} more part{'ies' if hidden > 1 else 'y'}", style="bold yellow")
            if hint and not stale:
                bar.append("   m switches", style="dim")
            bar.append_text(stale)
            return bar

        widget = self.query_one("#compare-bar", Bar)
        room = widget.size.width or self.app.size.width
        # The fullest title that fits: round labels shortened to their dates before the hint goes.
        variants = [title(False, True), title(True, True), title(False, False), title(True, False)]
        widget.set_class(bool(stale), "stale")
        widget.set_text(next((v for v in variants if v.cell_len <= room), variants[-1]))
        summary = Text()
        if self.diff is not None:
            counts = (len(self.diff.added), len(self.diff.removed), len(self.diff.changed), len(self.diff.unchanged))
            changes: Sequence[PositionChange] = self.diff.changed
            if self.search_query.strip():  # what the search finds, as the topic headings count it
                rows = compare_rows(self._groups, True, self.search_query)
                counts = tuple(sum(h.counts[i] for h in rows if isinstance(h, TopicHeading)) for i in range(4))  # type: ignore[assignment]
                changes = [row.change for row in rows if isinstance(row, CompareEntry) and row.change is not None and row.bucket is Bucket.changed]
            summary.append_text(counts_text(counts, not self.show_unchanged))
            if counts[2]:  # only substance is a move: the rest counted apart, as the tally does
                told = changed_words(*change_counts(changes))
                summary.append(told[told.index("(") :] + "  ", style="dim")
        for label, value in (("party", dataset.party_name(self.party, short=True) if self.party else ""), ("topic", dataset.topic_title(self.topic) if self.topic else "")):
            if value:
                summary.append(f"{label} ")
                summary.append_text(literal(value, theme_style(self, "secondary"), one_line=True))
                summary.append("  ")
        if self.search_query.strip():
            summary.append("search ")
            summary.append_text(literal(self.search_query.strip(), theme_style(self, "secondary"), one_line=True))
            summary.append("  ")
        if self.from_round == self.to_round:
            summary.append("same round twice: choose another with 1 or 2", style="bold yellow")
        elif self.diff is not None and backwards(dataset, self.diff):
            summary.append("later round first: read it backwards (s swaps)", style="bold yellow")
        self.query_one("#compare-summary", Bar).set_text(summary)

    # -- actions -------------------------------------------------------------------------------

    def action_toggle_matrix(self) -> None:
        self.matrix_view = not self.matrix_view
        view = "matrix" if self.matrix_view else "changes"
        self.query_one("#compare-views", ContentSwitcher).current = view
        self.query_one("#main").set_class(self.matrix_view, "matrix")
        self.query_one(f"#{view}").focus()
        if self.matrix_view:
            self._show_matrix_cell()
        else:
            table = self.query_one("#changes", VirtualTable)
            table.cursor = table.cursor  # re-announce the highlighted row to the detail pane
        self._update_title()

    def action_search(self) -> None:
        if self.matrix_view:
            self.action_toggle_matrix()
        search = self.query_one("#compare-search", Input)
        search.remove_class("hidden")
        search.focus()

    def action_clear_search(self) -> None:
        search = self.query_one("#compare-search", Input)
        had_query = bool(self.search_query)
        search.value = ""
        search.add_class("hidden")
        self.query_one("#changes", VirtualTable).focus()
        if had_query:
            self.search_query = ""
            self._fill_changes()
            self._update_title()

    @on(Input.Changed, "#compare-search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.search_query = event.value
        if self.diff is not None:
            self._fill_changes()
            self._update_title()

    @on(Input.Submitted, "#compare-search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        if not event.value:
            self.query_one("#compare-search", Input).add_class("hidden")
        self.query_one("#changes", VirtualTable).focus()

    def action_toggle_unchanged(self) -> None:
        self.show_unchanged = not self.show_unchanged
        if self.diff is not None:
            self._fill_changes()
            self._update_title()
        self.notify("Unchanged positions shown" if self.show_unchanged else "Unchanged positions hidden", timeout=2)

    def action_step_round(self, which: str, step: int) -> None:
        dataset = self.tracker.dataset
        if dataset is None or not dataset.rounds:
            return
        ids = dataset.round_ids()
        current = self.from_round if which == "from" else self.to_round
        index = max(0, min(len(ids) - 1, ids.index(current) + step)) if current in ids else 0
        if which == "from":
            self.set_rounds(ids[index], self.to_round or ids[-1])
        else:
            self.set_rounds(self.from_round or ids[0], ids[index])

    def action_pick_round(self, which: str) -> None:
        dataset = self.tracker.dataset
        if dataset is None:
            return
        options = [(rid, round_label(dataset, rid)) for rid, data in dataset.rounds.items()]
        current = self.from_round if which == "from" else self.to_round

        def chosen(value: str | None) -> None:
            if value and self.from_round and self.to_round:
                self.set_rounds(value, self.to_round) if which == "from" else self.set_rounds(self.from_round, value)

        title = "Compare from round" if which == "from" else "Compare to round"
        self.app.push_screen(PickerScreen(title, options, current), chosen)

    def action_swap_rounds(self) -> None:
        if self.from_round and self.to_round:
            self.set_rounds(self.to_round, self.from_round)

    def set_filter(self, party: str | None = None, topic: str | None = None) -> None:
        if party is not None:
            self.party = party
        if topic is not None:
            self.topic = topic
        self.recompute()

    def action_pick_filter(self, field: str) -> None:
        dataset = self.tracker.dataset
        if dataset is None:
            return
        if field == "party":
            options = [(p, dataset.party_name(p)) for p in [*dataset.parties, JOINT]]
        else:
            options = [(t, dataset.topic_title(t)) for t in dataset.topics]

        def chosen(value: str | None) -> None:
            if value is not None:
                self.set_filter(**{field: "" if value == ANY else value})

        current = (self.party if field == "party" else self.topic) or ANY
        self.app.push_screen(PickerScreen(f"Filter by {field}", [(ANY, "any"), *options], current), chosen)

    def action_clear_filters(self) -> None:
        self.set_filter(party="", topic="")

    def action_round_facts(self) -> None:
        dataset = self.tracker.dataset
        if dataset is not None and self.to_round in dataset.rounds:
            self.app.push_screen(RoundFactsScreen(dataset, self.to_round))

    def action_export_markdown(self) -> None:
        dataset = self.tracker.dataset
        if dataset is None or self.comparison is None or self.from_round is None or self.to_round is None:
            self.notify("Nothing to export yet", severity="warning")
            return
        from tracker.app.markdown_export import comparison_markdown, export_comparison

        narrowed = "".join(f"-{name}" for name in (self.party, self.topic) if name)
        default = f"comparison-{self.from_round}-to-{self.to_round}{narrowed}.md"  # a narrowed export is not the full one

        def export(path: str) -> None:
            assert self.comparison is not None
            export_comparison(self, path, comparison_markdown(self.comparison, self.show_unchanged))

        def chosen(path: str | None) -> None:
            if not path:
                return
            target = Path(path).expanduser()
            if not target.exists():
                export(path)
                return

            def answered(choice: str | None) -> None:
                if choice == REPLACE:
                    export(path)
                else:
                    self.notify("Nothing exported", markup=False)

            question = ChoiceScreen(
                f"{display_path(target)} already exists",
                [Choice(REPLACE, "Replace it with this comparison", "r"), Choice(CANCEL, "Keep it: export nothing", "k")],
                cancel=CANCEL,
                default=CANCEL,
            )
            self.app.push_screen(question, answered)

        self.app.push_screen(PromptScreen("Export this comparison as Markdown to", default), chosen)
