"""Each filter key filters by its own field: browse's p t k s, compare's p t, and x clears them all."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_app_support import app_test, copy_good, settle, until

from tracker.app import TrackerApp
from tracker.app.screens.compare import CompareScreen
from tracker.app.screens.pickers import PickerScreen
from tracker.app.widgets.panes import Bar
from tracker.app.widgets.virtual_table import VirtualTable

SIZE = (100, 32)


@pytest.fixture
def good(tmp_path: Path) -> Path:
    return copy_good(tmp_path)


async def _choose_first(pilot, key: str) -> str:
    """Press a filter key, check the picker it opens, choose the first value after 'any'."""
    await pilot.press(key)
    await until(pilot, lambda: isinstance(pilot.app.screen, PickerScreen))
    title = pilot.app.screen.title_text
    await pilot.press("down", "enter")
    await until(pilot, lambda: not isinstance(pilot.app.screen, PickerScreen))
    await settle(pilot)
    return title


@pytest.mark.parametrize(("key", "field"), [("p", "party"), ("t", "topic"), ("k", "kind"), ("s", "status")])
@app_test
async def test_each_browse_filter_key_filters_by_its_field(good: Path, key: str, field: str) -> None:
    app = TrackerApp(good)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert (await _choose_first(pilot, key)).startswith(f"Filter by {field}")
        chosen = getattr(app.screen.criteria, field)
        assert chosen
        rows = app.screen.query_one("#positions", VirtualTable).rows
        assert rows
        assert all(str(getattr(getattr(p, field), "value", getattr(p, field))) == chosen for p in rows)
        assert f"{field} any" not in app.screen.query_one("#filter-bar", Bar).plain


@app_test
async def test_compare_clears_the_party_and_the_topic_with_one_key(good: Path) -> None:
    app = TrackerApp(good)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        await until(pilot, lambda: screen.story is not None)
        summary = screen.query_one("#compare-summary", Bar)
        assert await _choose_first(pilot, "p") == "Filter by party"
        assert await _choose_first(pilot, "t") == "Filter by topic"
        assert "party " in summary.plain and "topic " in summary.plain
        await pilot.press("x")
        await settle(pilot)
        assert "party " not in summary.plain and "topic " not in summary.plain
        assert (screen.party, screen.topic) == ("", "")
