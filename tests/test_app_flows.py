"""Pilot tests: each flow of the app driven by key presses, asserting on what it shows."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest
import yaml
from textual.command import CommandList
from textual.coordinate import Coordinate
from conftest import copy_round_as
from test_app_support import (
    add_position,
    MARKUP_PARTY,
    MARKUP_QUOTE,
    MARKUP_SUMMARY,
    MARKUP_TOPIC,
    app_test,
    broken_dataset,
    copy_good,
    markup_dataset,
    palette_results,
    said,
    settle,
    screen_text,
    table_text,
    until,
)

from tracker.app import TrackerApp
from tracker.app.screens.browse import BrowseScreen
from tracker.app.change_list import CompareEntry, TopicHeading
from tracker.app.screens.compare import CompareScreen
from tracker.app.screens.confirm import ChoiceScreen
from tracker.app.screens.errors import ErrorsScreen
from tracker.app.screens.facts import RoundFactsScreen
from tracker.app.screens.help import HelpScreen
from tracker.app.screens.pickers import ANY, PickerScreen
from tracker.app.widgets.matrix_table import MatrixTable
from tracker.app.widgets.panes import DetailPane
from tracker.app.widgets.virtual_table import VirtualTable
from tracker.diff import Bucket

SIZE = (100, 32)
NEW_ROUND = "2025-06-02-istanbul"
OLD_ROUND = "2025-05-16-istanbul"


def positions_table(app: TrackerApp) -> VirtualTable:
    return app.screen.query_one("#positions", VirtualTable)


def detail(app: TrackerApp) -> str:
    return app.screen.query_one(DetailPane).plain


@pytest.fixture
def good(tmp_path: Path) -> Path:
    return copy_good(tmp_path)


@app_test
async def test_open_shows_latest_round(good: Path) -> None:
    app = TrackerApp(good)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)
        assert app.screen.round_id == NEW_ROUND
        table = positions_table(app)
        # The good dataset's second round: Ukraine 1, Russia 2, joint 2.
        assert table.row_count == 5
        text = table_text(table)
        assert "A full and unconditional ceasefire of at least 30 days." in text
        assert "Hand over the bodies of the fallen." in text
        # The first row is highlighted and shown in full, with where it comes from.
        shown = detail(app)
        assert table.highlighted_row.summary in shown
        assert "ukraine.yaml:2" in shown


@app_test
async def test_filter_by_party_and_clear(good: Path) -> None:
    app = TrackerApp(good)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        assert isinstance(app.screen, PickerScreen)
        # any, Ukraine, Russia, Joint: choose Russia.
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        table = positions_table(app)
        assert {p.party for p in table.rows} == {"russia"}
        assert table.row_count == 2
        assert "party RU" in app.screen.query_one("#filter-bar").plain
        await pilot.press("x")
        assert table.row_count == 5


@app_test
async def test_filter_counts_follow_the_other_filters(good: Path) -> None:
    app = TrackerApp(good)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        everything = dict(screen.filter_options("topic"))
        screen.set_filter(party="russia")
        await pilot.pause()
        with_russia = dict(screen.filter_options("topic"))
        # The same topics to choose from; each count is what choosing it would show.
        assert with_russia.keys() == everything.keys()
        for topic, label in with_russia.items():
            if topic == ANY:
                continue
            screen.set_filter(topic=topic)
            await pilot.pause()
            assert label.split()[-1] == str(positions_table(app).row_count), topic
        assert with_russia != everything


@app_test
async def test_filter_by_status(good: Path) -> None:
    app = TrackerApp(good)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.set_filter(status="implemented")
        await pilot.pause()
        rows = positions_table(app).rows
        assert [p.id for p in rows] == ["exchange-1000"]


@app_test
async def test_search_filters_live_and_escape_clears(good: Path) -> None:
    app = TrackerApp(good)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = positions_table(app)
        await pilot.press("slash")
        await pilot.press(*"mobilisation")
        await until(pilot, lambda: app.screen.criteria.query == "mobilisation")
        assert [p.id for p in table.rows] == ["ceasefire-preconditions"]
        assert "search mobilisation" in app.screen.query_one("#filter-bar").plain
        await pilot.press("escape")
        await pilot.pause()
        assert table.row_count == 5
        assert app.screen.criteria.query == ""


@app_test
async def test_search_finds_quotes_and_notes(tmp_path: Path) -> None:
    app = TrackerApp(markup_dataset(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"closing nothing", "enter")
        await until(pilot, lambda: app.screen.criteria.query == "closing nothing")
        assert [p.id for p in positions_table(app).rows] == ["markup-test"]
        app.screen.set_filter(query="[red]note")
        await pilot.pause()
        assert [p.id for p in positions_table(app).rows] == ["markup-test"]


@app_test
async def test_select_moves_detail(good: Path) -> None:
    app = TrackerApp(good)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = positions_table(app)
        await pilot.press("down")
        await pilot.pause()
        second = table.rows[1]
        assert table.highlighted_row is second
        assert app.selected_position is second
        assert second.summary in detail(app)
        await pilot.press("enter")
        assert isinstance(app.focused, DetailPane)


@app_test
async def test_detail_shows_contested_claims_and_sources(good: Path) -> None:
    app = TrackerApp(good)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = positions_table(app)
        assert table.move_to(lambda p: p.id == "remains-6000")
        await pilot.pause()
        shown = detail(app)
        assert "bodies: 6,000 bodies (Outlet B also gives 12,000)" in shown  # in words, not symbols
        assert "6,000: Outlet A, 2 June 2025" in shown  # dates in words, as the reports give them
        assert "12,000: Outlet B, 3 June 2025" in shown
        assert "agreed by" in shown and "Ukraine and Russia" in shown


@app_test
async def test_detail_shows_who_answered(tmp_path: Path) -> None:
    from test_app_support import add_position

    root = copy_good(tmp_path)
    add_position(
        root,
        NEW_ROUND,
        "russia",
        {
            "id": "refuses-30-day",
            "topic": "ceasefire",
            "kind": "rejection",
            "summary": "Refuses the 30-day ceasefire.",
            "responds_to": [{"position": "ceasefire-30-day", "party": "ukraine"}],
            "evidence": [{"source": "src-a"}],
        },
    )
    app = TrackerApp(root)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = positions_table(app)
        assert table.move_to(lambda p: p.id == "ceasefire-30-day")
        await pilot.pause()
        shown = detail(app)
        assert "Answered by" in shown and "Russia's rejection “Refuses the 30-day ceasefire”" in shown
        assert table.move_to(lambda p: p.id == "refuses-30-day")
        await pilot.pause()
        shown = detail(app)
        assert "Responds to" in shown and "Ukraine's demand “A full and unconditional" in shown


@app_test
async def test_switch_rounds(good: Path) -> None:
    app = TrackerApp(good)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("left_square_bracket")
        assert app.screen.round_id == OLD_ROUND
        ids = {p.id for p in positions_table(app).rows}
        assert ids == {"ceasefire-30-day", "ceasefire-preconditions", "exchange-1000", "leaders-meeting"}
        await pilot.press("r")
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.screen.round_id == NEW_ROUND


@app_test
async def test_round_facts(good: Path) -> None:
    with (good / "rounds" / NEW_ROUND / "round.yaml").open("a", encoding="utf-8") as round_file:
        round_file.write("delegations:\n  - {party: ukraine, head: Rustem Umerov}\n")
    app = TrackerApp(good)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await pilot.pause()
        shown = app.screen.query_one(DetailPane).plain
        assert "Ciragan Palace" in shown
        assert "Joint agreements (2)" in shown
        assert "Exchange 1,000 prisoners for 1,000." in shown
        # Who came, before how long each source says they met.
        assert shown.index("Delegations") < shown.index("Duration, as each source gives it")
        await pilot.press("escape")
        assert isinstance(app.screen, BrowseScreen)


@app_test
async def test_compare_defaults_to_latest_two_and_toggles_unchanged(good: Path) -> None:
    app = TrackerApp(good)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        assert (screen.from_round, screen.to_round) == (OLD_ROUND, NEW_ROUND)
        table = screen.query_one("#changes", VirtualTable)
        entries = [r for r in table.rows if isinstance(r, CompareEntry)]
        assert Bucket.unchanged not in {e.bucket for e in entries}
        assert {e.bucket for e in entries} >= {Bucket.added, Bucket.changed}
        assert all(isinstance(r, TopicHeading) or r.position.topic for r in table.rows)
        shown = table_text(table)
        assert "status: agreed → implemented" in shown
        before = len(entries)
        await pilot.press("u")
        await pilot.pause()
        entries = [r for r in table.rows if isinstance(r, CompareEntry)]
        unchanged = [e for e in entries if e.bucket is Bucket.unchanged]
        assert unchanged and len(entries) == before + len(unchanged)
        await pilot.press("u")
        await pilot.pause()
        assert Bucket.unchanged not in {r.bucket for r in table.rows if isinstance(r, CompareEntry)}


@app_test
async def test_compare_shows_field_changes(good: Path) -> None:
    app = TrackerApp(good)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        table = app.screen.query_one("#changes", VirtualTable)
        assert table.move_to(lambda r: isinstance(r, CompareEntry) and r.position.id == "exchange-1000")
        await pilot.pause()
        shown = detail(app)
        assert "status" in shown and "− agreed" in shown and "+ implemented" in shown
        # Evidence that changed names its source as browse does: outlet and date, not its id.
        assert table.move_to(lambda r: isinstance(r, CompareEntry) and r.position.id == "ceasefire-30-day")
        await pilot.pause()
        shown = detail(app)
        assert "evidence (in the record)" in shown and "quote dropped: Rustem Umerov" in shown
        assert "src-a" not in shown


@app_test
async def test_compare_marks_a_position_back_after_a_gap(good: Path) -> None:
    """Ukraine's leaders' meeting proposal: in May, not in June, back in a July round."""
    july = "2025-07-01-istanbul"
    copy_round_as(good, NEW_ROUND, july)
    may = yaml.safe_load((good / "rounds" / OLD_ROUND / "ukraine.yaml").read_text())
    add_position(good, july, "ukraine", next(p for p in may["positions"] if p["id"] == "leaders-meeting"))
    app = TrackerApp(good)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        table = app.screen.query_one("#changes", VirtualTable)
        [entry] = [r for r in table.rows if isinstance(r, CompareEntry) and r.bucket is Bucket.added]
        assert entry.position.id == "leaders-meeting" and entry.returned_from == OLD_ROUND
        assert "returned" in table_text(table)
        assert table.move_to(lambda r: r is entry)
        await pilot.pause()
        # In the words of every other face (words.returned_note), not its own.
        assert "added at 1 July 2025, Istanbul, back after a gap: last on record 16 May 2025, Istanbul" in detail(app)
        await pilot.press("m")  # the matrix marks it too
        await settle(pilot)
        matrix = app.screen.matrix
        [row] = [r for r in matrix.rows if r.topic == "political-process"]
        assert [s.value for s in row.cell("ukraine").steps] == ["returned"]


@app_test
async def test_a_start_notice_is_shown(good: Path) -> None:
    """`tracker` with no data here or above says the bundled dataset stands in (see commands/tui.py)."""
    app = TrackerApp(good, notice="No data directory here or above.")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert said(app) == ["No data directory here or above."]


@app_test
async def test_a_read_only_app_refuses_every_edit(good: Path) -> None:
    """The bundled dataset standing in for the user's is shown, never written."""
    before = sorted((p, p.read_bytes()) for p in good.rglob("*.yaml"))
    app = TrackerApp(good, read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key in ("e", "E", "n"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, BrowseScreen), key
        app.editing.new_round()
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)
        messages = said(app)
        assert len(messages) == 4 and all(m.startswith("This is the dataset bundled with tracker") for m in messages)
    assert sorted((p, p.read_bytes()) for p in good.rglob("*.yaml")) == before


@app_test
async def test_compare_starts_from_the_round_being_browsed(good: Path) -> None:
    """Browsing June of three rounds, c compares May with June, not the latest two."""
    july = "2025-07-01-istanbul"
    copy_round_as(good, NEW_ROUND, july)
    app = TrackerApp(good)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert (app.screen.from_round, app.screen.to_round) == (NEW_ROUND, july)
        await pilot.press("b", "left_square_bracket")
        await settle(pilot)
        assert app.screen.round_id == NEW_ROUND
        await pilot.press("c")
        await settle(pilot)
        assert (app.screen.from_round, app.screen.to_round) == (OLD_ROUND, NEW_ROUND)
        await pilot.press("2")  # chosen in compare: kept while the browsed round stays the same
        await pilot.pause()
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        chosen = (app.screen.from_round, app.screen.to_round)
        await pilot.press("b", "c")
        await settle(pilot)
        assert (app.screen.from_round, app.screen.to_round) == chosen


@app_test
async def test_warnings_are_shown_once_loaded(good: Path) -> None:
    path = good / "rounds" / NEW_ROUND / "russia.yaml"
    path.write_text(path.read_text().replace("kind: precondition", "kind: rejection", 1))
    app = TrackerApp(good)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        [note] = [n for n in app.said if n.severity == "warning"]
        assert note.title == "1 warning: tracker validate lists it"
        assert "a rejection names what it rejects" in str(note.message)


@app_test
async def test_compare_search(good: Path) -> None:
    app = TrackerApp(good)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        table = app.screen.query_one("#changes", VirtualTable)
        whole = app.screen.query_one("#compare-summary").plain
        assert "=1 unchanged (hidden)" in whole and "(0 moved in substance, 1 carried out, 1 reworded, 0 re-sourced)" in whole
        await pilot.press("slash", *"collect the dead")
        await pilot.pause()
        entries = [r for r in table.rows if isinstance(r, CompareEntry)]
        assert [e.position.id for e in entries] == ["local-ceasefire"]
        found = app.screen.query_one("#compare-summary").plain
        assert "search collect the dead" in found
        assert found.startswith("+1 added  −0 removed  ~0 changed  =0 unchanged  ")  # what it finds; nothing hidden
        assert "reworded" not in found  # the kinds of change are counted over what the search finds too
        await pilot.press("escape")
        await pilot.pause()
        assert len([r for r in table.rows if isinstance(r, CompareEntry)]) > 1


@app_test
async def test_a_failing_comparison_is_reported_not_fatal(good: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tracker.app.screens.compare as compare_module

    def broken(*args: object) -> None:
        raise ValueError("simulated")

    monkeypatch.setattr(compare_module, "compare", broken)
    app = TrackerApp(good)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, CompareScreen)
        assert any("simulated" in message for message in said(app))


@app_test
async def test_compare_switch_rounds(good: Path) -> None:
    app = TrackerApp(good)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        screen = app.screen
        await pilot.press("s")
        await settle(pilot)
        assert (screen.from_round, screen.to_round) == (NEW_ROUND, OLD_ROUND)
        # Swapped: what was added is now removed.
        assert screen.diff is not None and {p.id for p in screen.diff.removed} == {"local-ceasefire", "remains-6000"}
        await pilot.press("2")
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert screen.to_round == NEW_ROUND
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert (screen.from_round, screen.to_round) == (OLD_ROUND, NEW_ROUND)


async def open_matrix(pilot) -> MatrixTable:
    await settle(pilot)
    await pilot.press("c")
    await settle(pilot)
    await pilot.press("m")
    await pilot.pause()
    return pilot.app.screen.query_one("#matrix", MatrixTable)


def matrix_labels(matrix: MatrixTable) -> list[str]:
    return [str(getattr(c.label, "plain", c.label)) for c in matrix.columns.values()]


@app_test
async def test_matrix_view(good: Path) -> None:
    app = TrackerApp(good)
    async with app.run_test(size=SIZE) as pilot:
        matrix = await open_matrix(pilot)
        assert matrix.display and app.focused is matrix

        def labels() -> list[str]:
            return matrix_labels(matrix)

        # The agreements beside the topic; at 100 columns, each party at the second round only.
        assert labels() == ["Topic", "Joint · 2 June", "UA · 2 June", "RU · 2 June"]
        first_row = [getattr(c, "plain", str(c)) for c in matrix.get_row_at(0)]
        assert first_row[0] == "Ceasefire  apart"
        # Ukraine's demand was reworded and a second source gave a compatible figure: not a move.
        assert not first_row[2].startswith("~ ") and "unconditional" in first_row[2]
        agreed = [getattr(c, "plain", str(c)) for c in matrix.get_row_at(1)]
        assert agreed[0] == "Prisoners of war\nagreed" and "implemented: Exchange 1,000" in agreed[1]
        # Move onto Russia's column: the pane shows both rounds' positions.
        await pilot.press("right", "right", "right")
        await pilot.pause()
        shown = detail(app)
        assert "Russia · Ceasefire" in shown and "+ offer" in shown
        # Fewer parties, wider cells; a wider terminal, too: the columns use the room there is.
        def widest() -> int:
            return max(c.width for c in list(matrix.columns.values())[1:])

        all_parties = widest()
        app.screen.set_filter(party="russia")
        await settle(pilot)
        assert len(matrix.columns) == 3 and widest() > all_parties  # Russia at both rounds
        assert labels() == ["Topic", "RU · 16 May", "RU · 2 June"]
        app.screen.set_filter(party="")
        await settle(pilot)
        await pilot.resize_terminal(300, SIZE[1])
        await pilot.pause()
        assert widest() > all_parties
        assert labels() == ["Topic", "Joint · 2 June", "UA · 16 May", "UA · 2 June", "RU · 16 May", "RU · 2 June"]
        # Side by side, the matrix takes four fifths of the width; the list of changes, two thirds.
        await pilot.resize_terminal(160, SIZE[1])
        await pilot.pause()
        pane = app.screen.query_one("#compare-detail")
        assert matrix.size.width > 2.5 * pane.size.width
        await pilot.press("m")
        await pilot.pause()
        changes = app.screen.query_one("#changes", VirtualTable)
        assert changes.display and changes.size.width < 2.5 * pane.size.width


def test_matrix_layout_shows_both_rounds_only_when_they_fit() -> None:
    from tracker.app.widgets.matrix_table import MATRIX_CELL_MIN, TWO_ROUNDS_MIN, matrix_layout

    wide = matrix_layout(200, 25, parties=2, joint=True)
    assert wide.two_rounds and wide.cell_width >= TWO_ROUNDS_MIN and wide.joint_width > wide.cell_width
    narrow = matrix_layout(80, 25, parties=4, joint=True)
    assert not narrow.two_rounds and narrow.cell_width == MATRIX_CELL_MIN
    assert narrow.topic_width < 25  # the topic folds onto two lines rather than take the room


@app_test
async def test_matrix_rows_are_as_tall_as_the_cells_in_view(tmp_path: Path) -> None:
    """At 80 columns the parties' columns scroll sideways; a party out of view with many
    positions does not make every row tall."""
    root = copy_good(tmp_path)
    with (root / "parties.yaml").open("a", encoding="utf-8") as parties:
        parties.write("  - {id: usa, name: United States, short: US, role: mediator}\n")
    for party, count in (("turkey", 1), ("usa", 4)):
        for number in range(count):
            summary = f"Offer {number}: talks in Geneva, then a summit."
            position = {"id": f"offer-{number}", "topic": "ceasefire", "kind": "offer", "summary": summary, "evidence": [{"source": "src-a"}]}
            add_position(root, NEW_ROUND, party, position)
    app = TrackerApp(root)
    async with app.run_test(size=(80, 24)) as pilot:
        matrix = await open_matrix(pilot)
        labels = matrix_labels(matrix)
        assert labels[:2] == ["Topic", "Joint · 2 June"] and labels[-1] == "US · 2 June"
        usa = len(labels) - 1
        assert usa not in matrix.columns_in_view()

        def lines(column: int) -> int:
            return len(matrix.get_cell_at(Coordinate(0, column)).plain.splitlines())

        assert matrix.ordered_rows[0].height == max(lines(c) for c in matrix.columns_in_view()) < lines(usa)
        while usa not in matrix.columns_in_view():
            await pilot.press("right")
            await pilot.pause()
        await pilot.pause()
        assert matrix.ordered_rows[0].height == lines(usa)  # the United States' four offers
        assert matrix.cursor_coordinate.column == usa


@app_test
async def test_help_lists_every_binding(good: Path) -> None:
    app = TrackerApp(good)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = app.screen.query_one(DetailPane).plain
        for screen_class in (TrackerApp, BrowseScreen, CompareScreen, VirtualTable, PickerScreen, RoundFactsScreen, ErrorsScreen):
            for binding in screen_class.BINDINGS:
                assert binding.description in shown and binding.id in shown, binding
        await pilot.press("escape")
        assert isinstance(app.screen, BrowseScreen)


def test_every_binding_has_an_id() -> None:
    import importlib
    import pkgutil

    from textual.binding import Binding

    import tracker.app

    checked = 0
    for module_info in pkgutil.walk_packages(tracker.app.__path__, "tracker.app."):
        module = importlib.import_module(module_info.name)
        for value in vars(module).values():
            if isinstance(value, type) and value.__module__ == module.__name__:
                for binding in vars(value).get("BINDINGS", []):
                    assert isinstance(binding, Binding) and binding.id, (value, binding)
                    checked += 1
    assert checked >= 40


@app_test
async def test_keymap_remaps_by_id(good: Path) -> None:
    app = TrackerApp(good, keymap={"search": "ctrl+f"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f")
        assert app.focused is app.screen.query_one("#search")


@app_test
async def test_palette_runs_app_commands(good: Path) -> None:
    app = TrackerApp(good)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"filter by party russia")
        await palette_results(pilot, "filter by party: russia")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)
        assert {p.party for p in positions_table(app).rows} == {"russia"}
        await pilot.press("ctrl+p")
        await pilot.pause()
        app.screen.query_one("CommandInput").value = "matrix of the two latest"  # typed as the first was, one search
        await palette_results(pilot, "matrix of the two latest")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CompareScreen) and app.screen.matrix_view
        # Kind and status filter the browse table, from wherever the palette is opened.
        await pilot.press("ctrl+p")
        await pilot.pause()
        app.screen.query_one("CommandInput").value = "filter by kind precondition"  # typed as the first was, one search
        await palette_results(pilot, "filter by kind: precondition")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)
        rows = positions_table(app).rows
        assert rows and {p.kind.value for p in rows} == {"precondition"}
        assert {p.party for p in rows} == {"russia"}  # the party filter still holds


async def palette_offers(pilot, query: str) -> list[str]:
    """Type `query` into the open palette; the commands it lists once the search settles."""
    palette = pilot.app.screen
    search = palette.query_one("CommandInput")
    search.value = query
    listed: list[str] = []
    for _ in range(100):  # the palette gathers hits in batches of a quarter second
        await pilot.pause(0.05)
        options = palette.query_one(CommandList)
        now = [str(option.prompt).splitlines()[0] for option in options.options]
        if now and now == listed and not palette.query_one("CommandList").loading:
            return now
        listed = now
    return listed


@app_test
async def test_palette_finds_rounds_by_month_place_and_order(good: Path) -> None:
    copy_round_as(good, NEW_ROUND, "2025-07-23-istanbul")
    app = TrackerApp(good)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        # Opened, the palette lists the app's own commands before Textual's generic ones.
        opened = await palette_offers(pilot, "")
        assert opened[0] == "Reload data" and opened.index("Quit") > opened.index("Browse positions")
        assert (await palette_offers(pilot, "july"))[0] == "Switch round: 23 July 2025, Istanbul (third round)"
        assert (await palette_offers(pilot, "third"))[0] == "Switch round: 23 July 2025, Istanbul (third round)"
        assert (await palette_offers(pilot, "round may"))[0] == "Switch round: 16 May 2025, Istanbul (first round)"
        assert (await palette_offers(pilot, "istanbul"))[0].startswith("Switch round: ")
        await palette_offers(pilot, "switch round may")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen) and app.screen.round_id == "2025-05-16-istanbul"


@app_test
async def test_palette_help_lines_show_a_data_path_as_written(tmp_path: Path) -> None:
    """A help line names the data directory; a folder name that looks like markup shows whole."""
    data = copy_good(tmp_path / "[b]notes[/b] [/x" / "[red]drafts")
    app = TrackerApp(data)
    async with app.run_test(size=(160, 32)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"reload")
        await palette_results(pilot, "reload data")
        [reload] = [o for o in app.screen.query_one(CommandList).options if str(o.prompt).startswith("Reload data")]
        assert f"read {data} again" in str(reload.prompt)


@app_test
async def test_export_comparison_markdown(good: Path, tmp_path: Path) -> None:
    app = TrackerApp(good)
    target = tmp_path / "out" / "comparison.md"
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("w")
        await pilot.pause()
        prompt = app.screen.query_one("#prompt-input")
        prompt.value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        assert f"Saved {target}" in said(app)
    text = target.read_text(encoding="utf-8")
    # The same document as `tracker diff --format markdown`.
    from tracker.diff import compare_rounds
    from tracker.loader import load_dataset
    from tracker.report.comparison import of_diff
    from tracker.report.markdown import diff_markdown

    dataset = load_dataset(good)
    assert text == diff_markdown(of_diff(dataset, compare_rounds(dataset, OLD_ROUND, NEW_ROUND)))
    assert "Short local ceasefires to collect the dead." in text  # added


@app_test
async def test_export_asks_before_replacing_a_file(good: Path, tmp_path: Path) -> None:
    target = tmp_path / "comparison.md"
    target.write_text("my notes\n", encoding="utf-8")
    target.chmod(0o640)
    app = TrackerApp(good)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        for answer in ("k", "escape", "r"):
            await pilot.press("w")
            await pilot.pause()
            app.screen.query_one("#prompt-input").value = str(target)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, ChoiceScreen) and "already exists" in app.screen.title_text
            await pilot.press(answer)
            await pilot.pause()
            if answer != "r":
                assert target.read_text(encoding="utf-8") == "my notes\n"
    assert target.read_text(encoding="utf-8").startswith("#")
    assert target.stat().st_mode & 0o777 == 0o640  # a replaced file keeps its mode


@app_test
async def test_reload_keeps_round_and_selection(good: Path) -> None:
    app = TrackerApp(good)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("left_square_bracket", "down")
        chosen = app.selected_position
        assert chosen is not None
        app.reload_data()
        await settle(pilot)
        assert app.generation == 2
        assert app.screen.round_id == OLD_ROUND
        assert app.selected_position is not None and app.selected_position.key == chosen.key
        assert app.selected_position is not chosen  # a fresh object from the new load


@app_test
async def test_reveal_shows_a_position_through_filters(good: Path) -> None:
    app = TrackerApp(good)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.set_filter(party="russia", query="mobilisation")
        assert await app.editing.reveal(OLD_ROUND, ("ukraine", "leaders-meeting"))
        await pilot.pause()
        assert app.screen.round_id == OLD_ROUND and app.screen.criteria.is_empty
        assert app.selected_position is not None and app.selected_position.key == ("ukraine", "leaders-meeting")
        assert not await app.editing.reveal(OLD_ROUND, ("ukraine", "no-such-position"))


@app_test
async def test_invalid_data_shows_errors_in_app(tmp_path: Path) -> None:
    """A broken catalogue: every round leans on it, so there is nothing to show but the problems."""
    app = TrackerApp(broken_dataset(tmp_path, catalogue=True))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ErrorsScreen)
        shown = app.screen.query_one(DetailPane).plain
        assert "parties.yaml:2:51: error: parties[0].role:" in shown
        assert "partie" in shown
        await pilot.press("c")  # nothing to compare: stays on the errors
        assert isinstance(app.screen, ErrorsScreen)


@app_test
async def test_errors_clear_after_fix_and_reload(tmp_path: Path) -> None:
    root = broken_dataset(tmp_path, catalogue=True)
    app = TrackerApp(root)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ErrorsScreen)
        path = root / "parties.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("role: partie", "role: party"), encoding="utf-8")
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)
        assert positions_table(app).row_count == 5


@app_test
async def test_errors_screen_opens_the_first_problem_in_the_editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """E hands the broken file to $EDITOR (here a script that fixes it); the app then reloads."""
    root = broken_dataset(tmp_path, catalogue=True)
    script = tmp_path / "fix.py"
    script.write_text("import sys, pathlib\np = pathlib.Path(sys.argv[-1])\np.write_text(p.read_text().replace('role: partie', 'role: party'))\n")
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    monkeypatch.delenv("VISUAL", raising=False)
    app = TrackerApp(root)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ErrorsScreen)
        await pilot.press("E")
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)
        assert "role: partie" not in (root / "parties.yaml").read_text()


@app_test
async def test_no_new_round_while_the_files_have_problems(tmp_path: Path) -> None:
    """The data shown may be the last good load: a new round is not checked against it."""
    root = broken_dataset(tmp_path)
    app = TrackerApp(root)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.editing.new_round()
        await pilot.pause()
        assert "The data has problems: fix them first (ctrl+r reloads)" in said(app)
        assert sorted(p.name for p in (root / "rounds").iterdir()) == [OLD_ROUND, NEW_ROUND]


@app_test
async def test_markup_in_data_is_shown_literally(tmp_path: Path) -> None:
    app = TrackerApp(markup_dataset(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = positions_table(app)
        assert table.move_to(lambda p: p.id == "markup-test")
        await pilot.pause()
        shown = detail(app)
        assert MARKUP_SUMMARY.replace("\x1b", "\\x1b") in shown
        assert MARKUP_QUOTE in shown
        assert "[i]Someone" in shown and "[red]note[/red]" in shown
        assert MARKUP_PARTY.replace("\x1b", "\\x1b") in shown and MARKUP_TOPIC in shown
        assert "\x1b" not in screen_text(app)
        # The table row and the compare screen draw it too, without crashing.
        assert "[bold]Not bold[/bold]" in table_text(table)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("u", "m")
        await pilot.pause()
        assert "[bold]Not bold" in screen_text(app)
        # Names from the data in the palette, the pickers and the facts.
        await pilot.press("ctrl+p")
        await pilot.press(*"filter by")
        await palette_results(pilot, "filter by party")
        assert "[b]Ukr" in app.export_screenshot().replace("&#91;", "[")
        # A name that is not valid markup neither loses its brackets nor ends the list early.
        await pilot.press(*" cease")
        await palette_results(pilot, "filter by topic")
        shown = [str(option.prompt).splitlines()[0] for option in app.screen.query_one(CommandList).options]
        assert f"Filter by topic: {MARKUP_TOPIC}" in shown
        await pilot.press("escape")
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("escape", "f")
        await pilot.pause()
        assert "[red]Palace[/" in app.screen.query_one(DetailPane).plain
        await pilot.press("escape")
        # A screenshot renders every visible line: it would raise on bad markup.
        assert "Not&#160;bold" in app.export_screenshot()


@app_test
async def test_bars_follow_the_theme(good: Path) -> None:
    app = TrackerApp(good)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        bar = app.screen.query_one("#round-bar")
        before = bar.content.spans
        app.theme = "textual-light"
        await pilot.pause()
        assert bar.content.spans != before


@app_test
async def test_quit(good: Path) -> None:
    app = TrackerApp(good)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


def shown_columns(table: VirtualTable) -> dict[str, int]:
    """The columns the table draws at its width, with their widths."""
    return {table.columns[i].label: width for i, width in table.layout_columns(table.scrollable_content_region.width)}


@app_test
async def test_works_at_80x24(good: Path) -> None:
    app = TrackerApp(good)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = positions_table(app)
        assert table.size.height >= 6
        assert app.screen.query_one("#detail").size.height >= 6
        assert list(shown_columns(table)) == ["Party", "Topic", "Summary", "Status"]  # the kind and figures: in the detail pane
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("m")
        await pilot.pause()
        assert "Ceasefire" in app.export_screenshot()


@app_test
async def test_at_200_columns_topics_and_figures_show_whole(good: Path) -> None:
    app = TrackerApp(good)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        table = positions_table(app)
        layout = shown_columns(table)
        assert list(layout) == ["Party", "Topic", "Kind", "Summary", "Figures", "Status"]
        assert layout["Topic"] == len("Prisoners of war")  # the round's longest title, not a fixed 14
        figures = table_text(table).split("\n")
        assert "6,000 bodies (Outlet B also gives 12,000)" in "\n".join(figures)  # in words where there is room
        assert layout["Figures"] >= max(len(row.split(" | ")[4]) for row in figures)
        assert layout["Summary"] >= 44


def test_round_bar_keeps_the_current_round_in_view() -> None:
    from tracker.app.screens.browse import rounds_that_fit

    labels = [f" 2025-0{i}-01 Istanbul " for i in range(1, 10)]  # 21 characters each
    assert rounds_that_fit(labels, 8, 64) == [7, 8]
    assert rounds_that_fit(labels, 8, 63) == [8]  # 20 kept for the "‹n earlier" and "n later›" marks
    assert rounds_that_fit(labels, 4, 86) == [3, 4, 5]
    assert rounds_that_fit(labels, 0, 1000) == list(range(9))
    assert rounds_that_fit(labels[:2], 1, 44) == [0, 1]  # all fit: no room kept for the marks
    assert rounds_that_fit(labels, 3, 10) == [3]  # the current round even when nothing fits


@app_test
async def test_many_rounds_at_80_columns(tmp_path: Path) -> None:
    from test_app_support import large_dataset

    app = TrackerApp(large_dataset(tmp_path, 10, rounds=9))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        bar = app.screen.query_one("#round-bar").plain
        assert "1 September 2025" in bar and "‹" in bar and len(bar) <= 80
        await pilot.press(*["left_square_bracket"] * 8)
        bar = app.screen.query_one("#round-bar").plain
        assert "1 January 2025" in bar and "›" in bar and "‹" not in bar


def test_a_changed_list_shows_the_items_that_went_and_came(good: Path) -> None:
    """The compare pane words a field's change as the reports do: the conditions gained and lost
    one per line, the evidence as what came and went."""
    from rich.console import Console

    from tracker.app.render import change_doc
    from tracker.diff import PositionChange, compare_position
    from tracker.loader import load_dataset
    from tracker.model import Position

    dataset = load_dataset(good)
    base = {"id": "p", "topic": "ceasefire", "kind": "demand", "summary": "S.", "evidence": [{"source": "src-a"}]}
    old = Position.model_validate({**base, "conditions": ["first", "second"]})
    new = Position.model_validate({**base, "conditions": ["first", "third"], "evidence": [{"source": "src-a"}, {"source": "src-b"}]})
    change = PositionChange(old, new, compare_position(old, new))
    console = Console(width=80, record=True)
    for fc in change.changes:
        console.print(change_doc(dataset, change, fc).render())
    lines = [line.strip() for line in console.export_text().splitlines() if line.strip()]
    assert lines == ["conditions", "− second", "+ third", "evidence (in the record)", "~ 1 → 2 citations; new: Outlet B"]



@app_test
async def test_the_round_bar_counts_every_round_it_leaves_out(tmp_path: Path) -> None:
    """At every round of nine, the rounds shown and the '‹n earlier' and 'n later›' counts add up
    to nine: none left out uncounted, none counted twice."""
    from test_app_support import large_dataset

    app = TrackerApp(large_dataset(tmp_path, 10, rounds=9))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        seen = []
        for step in range(9):
            if step:
                await pilot.press("left_square_bracket")
                await settle(pilot)
            bar = app.screen.query_one("#round-bar").plain
            shown = len(re.findall(r"\b1 [A-Z][a-z]+ 2025\b", bar))
            earlier = re.search(r"‹(\d+) earlier", bar)
            later = re.search(r"(\d+) later›", bar)
            counts = (int(earlier.group(1)) if earlier else 0, shown, int(later.group(1)) if later else 0)
            assert sum(counts) == 9, (bar, counts)
            seen.append(counts)
        assert seen[0][2] == 0 and seen[-1][0] == 0 and shown < 9  # some left out: the marks were needed
        assert {1} <= {earlier for earlier, _, _ in seen} and {1} <= {later for _, _, later in seen}, seen

@app_test
async def test_the_detail_pane_tells_the_position_s_history(good: Path) -> None:
    app = TrackerApp(good)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = positions_table(app)
        assert table.move_to(lambda p: p.id == "ceasefire-30-day")
        await pilot.pause()
        shown = detail(app)
        assert "History" in shown
        assert "16 May 2025  first on record" in shown
        assert "▸ 2 June 2025  summary reworded; ceasefire length, evidence updated" in shown
        await pilot.press("left_square_bracket")  # May: a position not on record in June says so
        await settle(pilot)
        assert table.move_to(lambda p: p.id == "leaders-meeting")
        await pilot.pause()
        assert "2 June 2025  not on record" in detail(app)


@app_test
async def test_the_unchanged_key_says_whether_it_now_shows_or_hides_them(good: Path) -> None:
    app = TrackerApp(good)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CompareScreen) and not screen.show_unchanged
        await pilot.press("u")
        await settle(pilot)
        assert screen.show_unchanged and said(app)[-1] == "Unchanged positions shown"
        await pilot.press("u")
        await settle(pilot)
        assert not screen.show_unchanged and said(app)[-1] == "Unchanged positions hidden"


@app_test
async def test_a_filter_offers_only_what_some_position_of_the_round_has(good: Path) -> None:
    app = TrackerApp(good)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BrowseScreen) and screen.round_id == "2025-06-02-istanbul"
        # The political process is on record in May only: nothing in June to filter it by.
        assert list(dict(screen.filter_options("topic"))) == [ANY, "ceasefire", "prisoners", "remains"]
        assert list(dict(screen.filter_options("kind"))) == [ANY, "demand", "precondition", "offer", "agreement"]


@app_test
async def test_a_comparison_whose_round_is_gone_after_a_reload_compares_the_latest_two_in_order(good: Path) -> None:
    july = "2025-07-01-istanbul"
    copy_round_as(good, NEW_ROUND, july)
    app = TrackerApp(good)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CompareScreen) and (screen.from_round, screen.to_round) == (NEW_ROUND, july)
        shutil.rmtree(good / "rounds" / NEW_ROUND)
        app.reload_data()
        await settle(pilot)
        await until(pilot, lambda: NEW_ROUND not in app.dataset.rounds)
        assert app.screen is screen and (screen.from_round, screen.to_round) == (OLD_ROUND, july)
