"""Snapshots of the main screens at a fixed size, from the bundled data (positions/).

They show what a user sees on the first start, so a curator's edit to the bundled data changes
them too: after an intended change (to the data or to the app), regenerate them with
`pytest tests/test_app_snapshots.py --snapshot-update` and look at the SVGs
(tests/__snapshots__/) before committing them.
"""

from __future__ import annotations

import pytest
from conftest import REPO

from tracker.app import TrackerApp
from tracker.app.widgets.virtual_table import VirtualTable

SIZE = (100, 30)
SMALLEST = (80, 24)  # the smallest terminal the app is made for
BUNDLED = REPO / "positions"


@pytest.fixture(autouse=True)
def _from_repo_root(monkeypatch: pytest.MonkeyPatch) -> None:
    # The panes show file paths relative to the working directory.
    monkeypatch.chdir(REPO)


async def loaded(pilot) -> None:
    for _ in range(10):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if not any(w.is_running for w in pilot.app.workers):
            break
    for search in pilot.app.screen.query("Input"):
        search.cursor_blink = False


def make_app() -> TrackerApp:
    return TrackerApp(BUNDLED)


def test_browse(snap_compare) -> None:
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=loaded)


def test_browse_at_80x24(snap_compare) -> None:
    # Every footer key, "q Quit" included, must fit at the smallest size.
    assert snap_compare(make_app(), terminal_size=SMALLEST, run_before=loaded)


def test_compare_at_80x24(snap_compare) -> None:
    async def compare(pilot) -> None:
        await loaded(pilot)
        await pilot.press("c")
        await loaded(pilot)

    assert snap_compare(make_app(), terminal_size=SMALLEST, run_before=compare)


def test_detail(snap_compare) -> None:
    async def select_contested(pilot) -> None:
        await loaded(pilot)
        table = pilot.app.screen.query_one("#positions", VirtualTable)
        table.move_to(lambda p: p.contested)
        await pilot.press("enter")  # into the detail pane
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=select_contested)


def test_compare(snap_compare) -> None:
    async def compare(pilot) -> None:
        await loaded(pilot)
        await pilot.press("c")
        await loaded(pilot)
        await pilot.press("down", "down")

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=compare)


def test_matrix(snap_compare) -> None:
    async def matrix(pilot) -> None:
        await loaded(pilot)
        await pilot.press("c")
        await loaded(pilot)
        await pilot.press("m", "right", "right", "right")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=matrix)


def test_help(snap_compare) -> None:
    async def help_screen(pilot) -> None:
        await loaded(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=help_screen)
