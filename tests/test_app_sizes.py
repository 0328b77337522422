"""The app in a new user's hands at 80×24, 120×36 and 200×50: every part of every screen reached
and read from the keyboard, nothing cut that cannot be read whole (issue 28)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import GOOD_DATA
from test_app_support import add_position, app_test, copy_good, screen_text, settle, until
from textual.containers import VerticalScroll
from textual.widgets import Collapsible, Footer, Static
from textual.widgets._footer import FooterKey

from tracker.app import TrackerApp
from tracker.app.render import short_summary
from tracker.app.screens.compare import CompareScreen
from tracker.app.widgets.matrix_table import MatrixTable, topic_text
from tracker.app.widgets.virtual_table import MOSTLY_BLANK, VirtualTable
from tracker.loader import load_dataset
from tracker.matrix import build_matrix
from tracker.model import JOINT

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 36), id="120x36"), pytest.param((200, 50), id="200x50")]
NEW_ROUND, OLD_ROUND = "2025-06-02-istanbul", "2025-05-16-istanbul"
ISO_DATE = re.compile(r"(?<![\w/-])\d{4}-\d{2}-\d{2}(?![\w-])")
"""A date as the data writes it, not inside an id or a path (2025-06-02-istanbul/ukraine.yaml)."""


def footer_cut(app: TrackerApp) -> list[str]:
    """The footer keys not wholly on the screen or under the command palette's key."""
    keys = list(app.screen.query_one(Footer).query(FooterKey))
    assert keys, "no footer keys"
    palette = [k for k in keys if k.action.endswith("command_palette")]
    assert palette, "no command palette key"
    right = palette[0].region.x if palette else app.size.width
    return [f"{k.key_display} {k.description}" for k in keys if k not in palette and (k.region.right > right or k.region.width == 0)]


async def compared(pilot) -> CompareScreen:
    await settle(pilot)
    await pilot.press("c")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CompareScreen)
    await until(pilot, lambda: screen.story is not None)
    return screen


@pytest.mark.parametrize("size", SIZES)
@app_test
async def test_every_footer_key_fits(size: tuple[int, int]) -> None:
    app = TrackerApp(GOOD_DATA)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert footer_cut(app) == []
        await compared(pilot)
        assert footer_cut(app) == []  # "? Help q▏^p Commands" at 80 columns
        await pilot.press("m")
        await pilot.pause()
        assert footer_cut(app) == []


@pytest.mark.parametrize("size", SIZES)
@app_test
async def test_the_story_is_reached_and_scrolled_from_the_keyboard(size: tuple[int, int]) -> None:
    app = TrackerApp(GOOD_DATA)
    async with app.run_test(size=size) as pilot:
        screen = await compared(pilot)
        story = screen.query_one("#compare-story-scroll", VerticalScroll)
        # The tally is in the body, which wraps; the title is short enough for 80 columns.
        title = screen.query_one("#compare-story", Collapsible).title
        assert len(title) + 4 <= size[0]
        body = str(screen.query_one("#compare-story-text", Static).render())
        assert screen.story is not None and screen.story.tally.words() in " ".join(body.split())
        # The title's hint is the way there: one shift+tab from the list, which has the focus.
        assert "shift+tab reaches it" in str(title)
        assert app.focused is screen.query_one("#changes")
        await pilot.press("shift+tab")
        assert app.focused is story
        await pilot.press("tab")
        assert app.focused is screen.query_one("#changes")
        await pilot.press("shift+tab")
        assert app.focused is story
        if size[0] == 80:
            await until(pilot, lambda: story.max_scroll_y > 0)  # longer than its few lines there
        if story.max_scroll_y > 0:
            await pilot.press("end")
            await until(pilot, lambda: story.scroll_y == story.max_scroll_y)
            await pilot.press("home")
            await until(pilot, lambda: story.scroll_y == 0)
            await pilot.press("pagedown")
            await until(pilot, lambda: story.scroll_y > 0)


@pytest.mark.parametrize("size", SIZES)
@app_test
async def test_browse_gives_the_room_to_what_the_rows_hold(size: tuple[int, int]) -> None:
    app = TrackerApp(GOOD_DATA)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#positions", VirtualTable)
        layout = {table.columns[i].label: width for i, width in table.layout_columns(table.scrollable_content_region.width)}
        assert "Topic" in layout  # at 80 columns too
        longest = max(len(" ".join(p.summary.split())) for p in table.rows)
        if "Figures" in layout and layout["Summary"] < longest:
            # Some positions have no figure: while the summary is cut, the column keeps no more
            # than its longest figure's width times its share of rows with one.
            share = table._fill["Figures"]
            if share > MOSTLY_BLANK:
                return
            assert layout["Figures"] <= max(table.columns[4].min_width, -(-table.natural_width(table.columns[4]) * share // 1))


@pytest.mark.parametrize("size", [(120, 36), (200, 50)])
@app_test
async def test_browse_summary_gets_what_figures_do_not_need(tmp_path: Path, size: tuple[int, int]) -> None:
    """Long summaries, figures for a few positions only: the summary takes the Figures column's room."""
    root = copy_good(tmp_path)
    for number in range(8):
        summary = f"Statement {number}: " + "a long account of what the party said it wants from the talks, " * 2
        add_position(root, NEW_ROUND, "ukraine", {"id": f"long-{number}", "topic": "ceasefire", "kind": "demand", "summary": summary, "evidence": [{"source": "src-a"}]})
    app = TrackerApp(root)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#positions", VirtualTable)
        width = table.scrollable_content_region.width
        with_fill = dict((table.columns[i].label, w) for i, w in table.layout_columns(width))
        table.fit_columns(table._content_widths, {})  # as if every row had a figure
        without = dict((table.columns[i].label, w) for i, w in table.layout_columns(width))
        assert with_fill["Summary"] > without["Summary"] and with_fill["Figures"] < without["Figures"]


def crowded(tmp_path: Path) -> Path:
    """The good dataset with two more parties on the ceasefire: more than 80 columns hold."""
    root = copy_good(tmp_path)
    with (root / "parties.yaml").open("a", encoding="utf-8") as parties:
        parties.write("  - {id: usa, name: United States, short: US, role: mediator}\n")
    for party in ("turkey", "usa"):
        position = {"id": "offer", "topic": "ceasefire", "kind": "offer", "summary": "Talks in Geneva, then a summit.", "evidence": [{"source": "src-a"}]}
        add_position(root, NEW_ROUND, party, position)
    return root


@pytest.mark.parametrize("size", SIZES)
@app_test
async def test_matrix_every_party_within_reach(tmp_path: Path, size: tuple[int, int]) -> None:
    app = TrackerApp(crowded(tmp_path))
    async with app.run_test(size=size) as pilot:
        screen = await compared(pilot)
        await pilot.press("m")
        await settle(pilot)
        matrix = screen.query_one("#matrix", MatrixTable)
        assert matrix.shape is not None
        if size[0] >= 200:
            assert matrix.shape.two_rounds  # both rounds side by side where two parties fit
        hidden = matrix.parties_out_of_view()
        title = screen.query_one("#compare-bar").plain
        if hidden:
            assert f"← → {len(hidden)} more part" in title
            assert len(title.rstrip()) <= size[0]
        seen = set()
        for _ in range(len(matrix.columns)):
            seen |= {c.party for c in matrix.columns_shown} - set(matrix.parties_out_of_view())
            await pilot.press("right")
            await pilot.pause()
        assert seen == {p for p in matrix.matrix.parties}


def test_matrix_cells_cut_after_a_word_and_the_state_apart_from_the_topic() -> None:
    assert short_summary("+ Any ceasefire to include a complete halt", 18) == "+ Any ceasefire…"
    assert short_summary("Short", 18) == "Short"
    dataset = load_dataset(GOOD_DATA)
    row = next(r for r in build_matrix(dataset, OLD_ROUND, NEW_ROUND).rows if r.topic == "prisoners")
    text = topic_text(dataset, row, 24)
    assert text.plain == "Prisoners of war  agreed"
    assert {span.style for span in text.spans if text.plain[span.start : span.end] == "agreed"} != {
        span.style for span in text.spans if text.plain[span.start : span.end] == "Prisoners of war"
    }


@app_test
async def test_dates_as_the_command_line_writes_them() -> None:
    app = TrackerApp(GOOD_DATA)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        seen = [screen_text(app) + app.screen.query_one("#round-bar").plain]
        await pilot.press("f")
        await pilot.pause()
        seen.append(str(app.screen.query_one("DetailPane").plain) + str(app.screen.query_one(".dialog-title").render()))
        await pilot.press("escape")
        await compared(pilot)
        seen.append(screen_text(app))
        await pilot.press("m")
        await pilot.pause()
        seen.append(screen_text(app))
        text = "\n".join(seen)
        assert "2 June 2025" in text and "2 June" in app.screen.query_one("#compare-bar").plain
        assert ISO_DATE.findall(text) == []
    assert JOINT  # the joint column is among the parties above
